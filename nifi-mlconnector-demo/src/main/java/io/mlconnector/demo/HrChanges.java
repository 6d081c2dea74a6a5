package io.mlconnector.demo;

import io.mlconnector.sandbox.peoplesoft.Customer;
import io.mlconnector.sandbox.peoplesoft.Employee;
import io.mlconnector.sandbox.peoplesoft.HrData;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * A round of changes made in PeopleSoft through the simulator's API, as HR and sales would make them: a hire, an email
 * change, a termination and a rehire, plus a new customer and an inactivated one. Targets are picked
 * deterministically from the seeded data.
 */
public final class HrChanges {

    /** One change: what kind, whom (EMPLID or SETID/CUST_ID), and a readable detail. */
    public record Change(String kind, String key, String detail) {
        @Override
        public String toString() {
            return String.format("%-12s %-12s %s", kind, key, detail);
        }
    }

    private HrChanges() {
    }

    /** The EMPLIDs of the two people the round follows: the first changes email address, the second leaves. */
    public static List<String> followed(final HrData hr) {
        return activeWithEmail(hr).stream().map(Employee::emplid).toList();
    }

    private static List<Employee> activeWithEmail(final HrData hr) {
        return hr.employeeStream().filter(Employee::isActive).filter(e -> e.email() != null).limit(2).toList();
    }

    public static List<Change> applyRound(final HrData hr) {
        final LocalDate today = hr.today();
        final List<Employee> active = activeWithEmail(hr);
        final Employee movesEmail = active.get(0);
        final Employee leaves = active.get(1);
        final Employee returns = hr.employeeStream().filter(e -> !e.isActive())
                .filter(e -> e.effdt() != null && !e.effdt().isAfter(today)).findFirst()
                .orElseThrow(() -> new IllegalStateException("The seeded data has no terminated employee to rehire"));
        final Customer closes = hr.customers().stream().filter(c -> "A".equals(c.custStatus()))
                .filter(c -> c.primaryContact().isPresent()).findFirst().orElseThrow();

        final List<Change> changes = new ArrayList<>();
        final String hired = hr.hire("Grace", "Hopper", "grace.hopper@newhire.example.com");
        changes.add(new Change("hire", hired, "Grace Hopper <grace.hopper@newhire.example.com>"));

        final String newEmail = "moved." + movesEmail.emplid() + "@newdomain.example.com";
        hr.changeEmail(movesEmail.emplid(), newEmail);
        changes.add(new Change("email change", movesEmail.emplid(), "<" + movesEmail.email() + "> -> <" + newEmail + ">"));

        hr.terminate(leaves.emplid(), today);
        changes.add(new Change("termination", leaves.emplid(), leaves.nameDisplay() + ", effective " + today));

        hr.rehire(returns.emplid(), today);
        changes.add(new Change("rehire", returns.emplid(), returns.nameDisplay() + ", left " + returns.terminationDt()
                + ", back " + today));

        final String custId = hr.addCustomer("Analytical Engines Ltd", "Ada", "Byron", "ada.byron@engines.example.com");
        changes.add(new Change("new customer", "SHARE/" + custId, "Analytical Engines Ltd, contact Ada Byron"));

        hr.inactivateCustomer(closes.setid(), closes.custId());
        changes.add(new Change("inactivated", closes.setid() + "/" + closes.custId(), closes.name1()));
        return List.copyOf(changes);
    }
}
