package io.mlconnector.sandbox.service;

import io.mlconnector.sandbox.peoplesoft.Customer;
import io.mlconnector.sandbox.peoplesoft.Employee;
import io.mlconnector.sandbox.peoplesoft.HrData;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Changes made in PeopleSoft through the simulator's API, as HR and sales would make them: a hire, an email change, a
 * department change, a termination (effective today or later), a rehire, a second concurrent job and the end of one job,
 * a new customer and an inactivated one. The demo, the tests and the sandbox's admin API all change PeopleSoft through
 * here. A change that names no person picks one deterministically
 * from the seeded data, never one changed before; the most recent changes are kept for listing.
 */
public final class HrChanges {

    /** How many changes {@link #recent()} keeps. */
    static final int KEPT = 100;

    /** One change: when, what kind, whom (EMPLID or SETID/CUST_ID), and a readable detail. */
    public record Change(Instant at, String kind, String key, String detail) {
        @Override
        public String toString() {
            return String.format("%-12s %-12s %s", kind, key, detail);
        }
    }

    private final HrData hr;
    private final Deque<Change> recent = new ArrayDeque<>();

    public HrChanges(final HrData hr) {
        this.hr = hr;
    }

    /** The demo's round on a fresh sandbox: one change of each kind. */
    public List<Change> applyRound() {
        final LocalDate today = hr.today();
        return List.of(
                hire("Grace", "Hopper", "grace.hopper@newhire.example.com"),
                changeEmail(null, null),
                terminate(null, today),
                rehire(null, today),
                addCustomer("Analytical Engines Ltd", "Ada", "Byron", "ada.byron@engines.example.com"),
                inactivateCustomer(null, null));
    }

    /** The EMPLIDs of the two people the next round picks: the first changes email address, the second leaves. */
    public List<String> followed() {
        return hr.employeeStream().filter(e -> e.isActive() && e.email() != null).filter(e -> untouched(e.emplid()))
                .limit(2).map(Employee::emplid).toList();
    }

    public Change hire(final String firstName, final String lastName, final String email) {
        final String emplid = hr.hire(required(firstName, "first_name"), required(lastName, "last_name"), required(email, "email"));
        return record("hire", emplid, firstName + " " + lastName + " <" + email + ">, effective " + hr.today());
    }

    /** Changes the email of {@code emplid} (or of an active employee) to {@code email} (or a new address). */
    public Change changeEmail(final String emplid, final String email) {
        final Employee employee = employee(emplid, e -> e.isActive() && e.email() != null, "an active employee with an email");
        final String newEmail = email == null ? "moved." + employee.emplid() + "@newdomain.example.com" : email;
        hr.changeEmail(employee.emplid(), newEmail);
        return record("email change", employee.emplid(), "<" + employee.email() + "> -> <" + newEmail + ">");
    }

    /**
     * Moves {@code emplid} (or an active employee) to the department named {@code department} (its DEPTID or its name;
     * when null, the next department of the seeded list), effective today.
     */
    public Change changeDepartment(final String emplid, final String department) {
        final Employee employee = employee(emplid, Employee::isActive, "an active employee");
        final String deptid = department == null ? hr.nextDepartment(employee.deptid()) : deptid(department);
        hr.updateDepartment(employee.emplid(), deptid);
        return record("department", employee.emplid(), employee.nameDisplay() + ", " + employee.deptName() + " -> "
                + hr.departments().get(deptid) + ", effective " + hr.today());
    }

    /** Terminates {@code emplid} (or an active employee) effective {@code effective} (today when null; may be later). */
    public Change terminate(final String emplid, final LocalDate effective) {
        final Employee employee = employee(emplid, e -> e.isActive() && e.email() != null, "an active employee with an email");
        final LocalDate date = effective == null ? hr.today() : effective;
        hr.terminate(employee.emplid(), date);
        return record("termination", employee.emplid(), employee.nameDisplay() + ", effective " + date
                + (date.isAfter(hr.today()) ? " (future-dated: still active until then)" : ""));
    }

    /** Rehires {@code emplid} (or a terminated employee) effective {@code effective} (today when null). */
    public Change rehire(final String emplid, final LocalDate effective) {
        final LocalDate date = effective == null ? hr.today() : effective;
        final Employee employee = employee(emplid, e -> !e.isActive() && e.effdt() != null && !e.effdt().isAfter(date),
                "a terminated employee");
        hr.rehire(employee.emplid(), date);
        return record("rehire", employee.emplid(), employee.nameDisplay() + ", left " + employee.terminationDt() + ", back " + date);
    }

    /**
     * Gives {@code emplid} (or an active employee) a further concurrent job, the next EMPL_RCD, in {@code deptid} (or
     * another department than their main job's), effective {@code effective} (today when null).
     */
    public Change addJob(final String emplid, final String deptid, final LocalDate effective) {
        final Employee employee = employee(emplid, e -> e.isActive() && e.email() != null, "an active employee with an email");
        final LocalDate date = effective == null ? hr.today() : effective;
        final String department = deptid != null ? deptid : hr.nextDepartment(employee.deptid());
        final int emplRcd = hr.addJob(employee.emplid(), department, hr.jobCodes().keySet().iterator().next(), date);
        return record("second job", employee.emplid(), employee.nameDisplay() + ", EMPL_RCD " + emplRcd + " in "
                + hr.departments().get(department) + ", effective " + date);
    }

    /**
     * Ends job {@code emplRcd} of {@code emplid} (by default their last active one) effective {@code effective} (today
     * when null; may be later); their other jobs go on.
     */
    public Change endJob(final String emplid, final Integer emplRcd, final LocalDate effective) {
        final Employee employee = named(required(emplid, "emplid"));
        final LocalDate date = effective == null ? hr.today() : effective;
        final int ending = emplRcd != null ? emplRcd : hr.jobs(employee.emplid()).stream().filter(Employee::isActive)
                .mapToInt(Employee::emplRcd).max().orElseThrow(() -> new IllegalStateException("Employee " + emplid + " has no active job"));
        hr.endJob(employee.emplid(), ending, date);
        final List<Integer> goingOn = hr.jobs(employee.emplid()).stream().filter(Employee::isActive).map(Employee::emplRcd)
                .filter(rcd -> rcd != ending).toList();
        return record("job end", employee.emplid(), employee.nameDisplay() + ", EMPL_RCD " + ending + " ends, effective " + date
                + (goingOn.isEmpty() ? " (no other job: the person leaves)" : "; still employed in EMPL_RCD " + goingOn));
    }

    public Change addCustomer(final String name, final String firstName, final String lastName, final String email) {
        final String custId = hr.addCustomer(required(name, "name"), firstName, lastName, required(email, "email"));
        return record("new customer", "SHARE/" + custId, name + ", contact " + Objects.toString(firstName, "") + " "
                + Objects.toString(lastName, "") + " <" + email + ">");
    }

    /** Inactivates {@code setid/custId} (or an active customer with a primary contact). */
    public Change inactivateCustomer(final String setid, final String custId) {
        final Customer customer;
        if (custId == null) {
            customer = hr.customers().stream().filter(c -> "A".equals(c.custStatus()) && c.primaryContact().isPresent())
                    .filter(c -> untouched(c.setid() + "/" + c.custId())).findFirst()
                    .orElseThrow(() -> new NoSuchElementException("No active customer left to inactivate"));
        } else {
            final String set = setid == null ? "SHARE" : setid;
            customer = hr.customer(set, custId).orElseThrow(() -> new NoSuchElementException("No customer " + set + "/" + custId));
        }
        hr.inactivateCustomer(customer.setid(), customer.custId());
        return record("inactivated", customer.setid() + "/" + customer.custId(), customer.name1());
    }

    /** The most recent changes, oldest first. */
    public synchronized List<Change> recent() {
        return List.copyOf(recent);
    }

    /** Forgets the changes listed (after the data was reset). */
    synchronized void forget() {
        recent.clear();
    }

    Employee employee(final String emplid, final Predicate<Employee> eligible, final String wanted) {
        if (emplid != null) {
            return named(emplid);
        }
        final Optional<Employee> picked = hr.employeeStream().filter(eligible).filter(e -> untouched(e.emplid())).findFirst();
        return picked.orElseThrow(() -> new NoSuchElementException("Found no " + wanted + " not changed already"));
    }

    private Employee named(final String emplid) {
        return hr.employee(emplid).orElseThrow(() -> new NoSuchElementException("No employee " + emplid + " in effect today"));
    }

    private synchronized boolean untouched(final String key) {
        return recent.stream().noneMatch(c -> c.key().equals(key));
    }

    synchronized Change record(final String kind, final String key, final String detail) {
        final Change change = new Change(Instant.now(), kind, key, detail);
        recent.addLast(change);
        if (recent.size() > KEPT) {
            recent.removeFirst();
        }
        return change;
    }

    private String deptid(final String department) {
        if (hr.departments().containsKey(department)) {
            return department;
        }
        return hr.departments().entrySet().stream().filter(d -> d.getValue().equalsIgnoreCase(department)).map(Map.Entry::getKey)
                .findFirst().orElseThrow(() -> new IllegalArgumentException("Unknown department " + department + "; known: "
                        + String.join(", ", hr.departments().values())));
    }

    private static String required(final String value, final String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value;
    }
}
