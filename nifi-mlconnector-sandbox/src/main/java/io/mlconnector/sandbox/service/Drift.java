package io.mlconnector.sandbox.service;

import io.mlconnector.sandbox.mailchimp.Audience;
import io.mlconnector.sandbox.mailchimp.Member;
import io.mlconnector.sandbox.peoplesoft.Employee;
import io.mlconnector.sandbox.peoplesoft.HrData;

import java.util.List;
import java.util.Map;

/**
 * Drift an incremental sync cannot see, for a reconciliation pass to find: someone leaves the query's population
 * without a change row, a marketer edits a merge field or archives a contact in Mailchimp by hand, and a contact holds
 * an EMPLID PeopleSoft does not have (an orphan). Each is listed with the HR changes; one that names nobody picks an
 * employee with a contact, never one changed before.
 */
public final class Drift {

    static final String SOURCE_ID_TAG = "EMPLID";

    private final HrData hr;
    private final Audience employees;
    private final HrChanges changes;
    private int orphans;

    Drift(final HrData hr, final Audience employees, final HrChanges changes) {
        this.hr = hr;
        this.employees = employees;
        this.changes = changes;
    }

    /**
     * The demo's round: someone leaves the population, a hand edit, an orphan; all three a pass fixes. (A contact archived
     * by hand is not in it: a pass reports it and, by the consent rule, never restores it.)
     */
    public List<HrChanges.Change> applyRound() {
        return List.of(removeFromPopulation(null), editByHand(null, null, null), addOrphan(null, null));
    }

    /** The employee's rows leave PeopleSoft without a change row: their contact becomes an orphan. */
    public HrChanges.Change removeFromPopulation(final String emplid) {
        final Employee employee = withContact(emplid);
        hr.purge(employee.emplid());
        return changes.record("left population", employee.emplid(), employee.nameDisplay() + ": rows purged, no change row");
    }

    /** A marketer overwrites a merge field the flow owns (FNAME by default) in Mailchimp. */
    public HrChanges.Change editByHand(final String emplid, final String field, final String value) {
        final Employee employee = withContact(emplid);
        final String tag = field == null ? "FNAME" : field;
        final String text = value == null ? "Edited by hand" : value;
        employees.editByHand(employee.email(), Map.of(tag, text));
        return changes.record("edited by hand", employee.emplid(), tag + " set to '" + text + "' in Mailchimp");
    }

    /** A marketer archives the contact of an active employee in Mailchimp. */
    public HrChanges.Change archiveByHand(final String emplid) {
        final Employee employee = withContact(emplid);
        employees.archiveByHand(employee.email());
        return changes.record("archived by hand", employee.emplid(), "<" + employee.email() + "> archived in Mailchimp");
    }

    /** A subscribed contact with an EMPLID PeopleSoft does not have (by default a new one, e.g. XX000001). */
    public HrChanges.Change addOrphan(final String emplid, final String email) {
        final String id = emplid == null ? String.format("XX%06d", ++orphans) : emplid;
        if (hr.employee(id).isPresent()) {
            throw new IllegalArgumentException("PeopleSoft has employee " + id + ": not an orphan");
        }
        final String address = email == null ? "orphan." + id.toLowerCase() + "@example.com" : email;
        employees.seedMember(address, "subscribed", Map.of(SOURCE_ID_TAG, id, "FNAME", "Orphan", "LNAME", id));
        return changes.record("orphan", id, "<" + address + "> subscribed with an EMPLID PeopleSoft does not have");
    }

    /** The named employee, or the first active one with a subscribed contact not changed before. */
    private Employee withContact(final String emplid) {
        return changes.employee(emplid, e -> e.isActive() && e.email() != null
                && employees.member(e.email()).map(Member::status).filter("subscribed"::equals).isPresent(), "employee with a subscribed contact");
    }
}
