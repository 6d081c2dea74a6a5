package io.mlconnector.nifi.mailchimp;

import io.mlconnector.nifi.mailchimp.contact.TerminationAction;
import io.mlconnector.sandbox.core.Fault;
import io.mlconnector.sandbox.mailchimp.MailchimpSimulator;
import io.mlconnector.sandbox.mailchimp.MailchimpSwitches;
import io.mlconnector.sandbox.mailchimp.Member;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.mlconnector.nifi.mailchimp.MailchimpSandbox.employee;
import static io.mlconnector.nifi.mailchimp.PutMailchimpContact.REL_FAILURE;
import static io.mlconnector.nifi.mailchimp.PutMailchimpContact.REL_RETRY;
import static io.mlconnector.nifi.mailchimp.PutMailchimpContact.REL_SUCCESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * People, not rows, against the Mailchimp simulator: a person with several jobs stays subscribed until the last one
 * ends (in one FlowFile, across polls, in a replay); a shared address whose holder leaves is handed over, never
 * archived silently; a holder's own update is never skipped for another person's record; an email swap says so.
 */
@Timeout(60)
class PutMailchimpContactPeopleTest {

    private static final String NOV_1 = "2026-11-01T09:00:00Z";
    private static final String NOV_10 = "2026-11-10T09:00:00Z";
    private static final String NOV_20 = "2026-11-20T17:00:00Z";

    private final MailchimpSandbox sandbox = new MailchimpSandbox();

    @AfterEach
    void stop() {
        sandbox.close();
    }

    /** A JOB row of {@code emplid} as GetPeopleSoftRecords emits it with the shipped query: one row per employment record. */
    private static Map<String, Object> job(final String emplid, final int emplRcd, final String email, final String hrStatus,
                                           final String version) {
        final Map<String, Object> row = employee(emplid, email, hrStatus);
        row.put("EMPL_RCD", emplRcd);
        row.put("LASTUPDDTTM", version);
        return row;
    }

    private void jobs(final TerminationAction action) {
        sandbox.runner.setProperty(PutMailchimpContact.EMPLOYMENT_RECORD_FIELD, "/EMPL_RCD");
        sandbox.runner.setProperty(PutMailchimpContact.TERMINATION_ACTION, action.getValue());
    }

    private List<Object> actions() {
        final List<Object> actions = new ArrayList<>();
        sandbox.audit(REL_SUCCESS).forEach(r -> actions.add(r.get("mailchimp_action")));
        sandbox.audit(REL_FAILURE).forEach(r -> actions.add("failure:" + r.get("mailchimp_action")));
        return actions;
    }

    private Member member(final String email) {
        return sandbox.audience().member(email).orElseThrow();
    }

    @Test
    void twoJobsOneEndingInTheSameFlowFileStaysSubscribed() {
        jobs(TerminationAction.ARCHIVE);
        sandbox.sync(List.of(job("E1", 0, "pat@example.com", "A", NOV_1), job("E1", 1, "pat@example.com", "A", NOV_1)));
        sandbox.sync(List.of(job("E1", 0, "pat@example.com", "A", NOV_1), job("E1", 1, "pat@example.com", "I", NOV_20)));

        assertEquals("subscribed", sandbox.statusOf("pat@example.com"));
        assertEquals("0:A:" + NOV_1 + ";1:I:" + NOV_20, member("pat@example.com").mergeFields().get("SYNCJOBS"));
        assertEquals(List.of("updated", "skipped"), actions());
        assertEquals("Active employment records: 0", sandbox.audit(REL_SUCCESS).getFirst().get("mailchimp_reason"));
        assertTrue(String.valueOf(sandbox.audit(REL_SUCCESS).getLast().get("mailchimp_reason")).startsWith("Decided with this person's first record"));
    }

    @Test
    void anUpdateDecidedAgainAfterARefusalKeepsEveryJobOfThePerson() {
        jobs(TerminationAction.ARCHIVE);
        sandbox.sync(List.of(job("E1", 0, "pat@example.com", "A", NOV_1)));
        MailchimpSwitches.apply(sandbox.simulator.settings(), "batch-missing-status=refused");
        // The update goes in a batch without a status, is refused, and is decided again before it goes alone.
        sandbox.sync(List.of(job("E1", 0, "pat@example.com", "A", NOV_10), job("E1", 1, "pat@example.com", "A", NOV_10)));
        assertEquals("0:A:" + NOV_10 + ";1:A:" + NOV_10, member("pat@example.com").mergeFields().get("SYNCJOBS"));

        sandbox.sync(List.of(job("E1", 1, "pat@example.com", "I", NOV_20)));
        assertEquals("subscribed", sandbox.statusOf("pat@example.com"), "job 0 goes on: never archived");
    }

    @Test
    void aPersonsJobsRetriedTogetherWhenTheirDecidingWriteIsNot() {
        try (MailchimpSandbox flaky = new MailchimpSandbox(MailchimpSimulator.builder(), 10, 0)) {
            flaky.runner.setProperty(PutMailchimpContact.EMPLOYMENT_RECORD_FIELD, "/EMPL_RCD");
            flaky.sync(List.of(job("E1", 0, "pat@example.com", "A", NOV_1), job("E1", 1, "pat@example.com", "A", NOV_1)));
            final Map<String, Object> renamed = job("E1", 0, "pat@example.com", "A", NOV_10);
            renamed.put("LAST_NAME", "Renamed");
            final List<Map<String, Object>> poll = List.of(job("E1", 1, "pat@example.com", "I", NOV_1.replace("01T", "05T")), renamed);
            final String batch = "/3.0/lists/" + flaky.audienceId;
            flaky.simulator.faults().failNthMatching(1, r -> r.method().equals("POST") && r.path().equals(batch),
                    Fault.status(503, "text/plain", "down"));
            flaky.sync(poll);
            assertEquals(2, flaky.audit(REL_RETRY).size(), "the ended job's record goes round with the record that carries it");
            assertTrue(String.valueOf(flaky.audit(REL_RETRY).getLast().get("mailchimp_reason")).startsWith("Not applied: this person's jobs"));

            final List<Map<String, Object>> retried = flaky.audit(REL_RETRY);
            flaky.sync(retried);
            assertEquals("0:A:" + NOV_10 + ";1:I:2026-11-05T09:00:00Z",
                    flaky.audience().member("pat@example.com").orElseThrow().mergeFields().get("SYNCJOBS"));
            assertEquals("Renamed", flaky.audience().member("pat@example.com").orElseThrow().mergeFields().get("LNAME"));
        }
    }

    @Test
    void oneJobEndingInALaterPollStaysSubscribedAndAReplayChangesNothing() {
        jobs(TerminationAction.UNSUBSCRIBE);
        final List<Map<String, Object>> both = List.of(job("E1", 0, "pat@example.com", "A", NOV_1),
                job("E1", 1, "pat@example.com", "A", NOV_10));
        final List<Map<String, Object>> secondEnds = List.of(job("E1", 1, "pat@example.com", "I", NOV_20));
        sandbox.sync(both);
        final long writesBefore = sandbox.requests(e -> !e.method().equals("GET"));

        sandbox.sync(secondEnds);
        assertEquals("subscribed", sandbox.statusOf("pat@example.com"), "never unsubscribed while job 0 goes on");
        assertEquals(List.of("updated"), actions());
        assertEquals("Employment record 1 ended; still active in employment record(s) 0, so the contact stays subscribed",
                sandbox.auditOf("E1").get("mailchimp_reason"));
        assertEquals(1, sandbox.requests(e -> !e.method().equals("GET")) - writesBefore, "one PATCH of SYNCJOBS");
        assertEquals(NOV_10, member("pat@example.com").mergeFields().get("SRCVERSION"), "the ended job's version is not the person's");

        sandbox.sync(secondEnds);
        assertEquals(List.of("unchanged"), actions(), "a replay of the poll");
        sandbox.sync(both);
        assertEquals(List.of("unchanged", "skipped"), actions(), "a replay of the older poll: job 1's row is older than its end");
        assertEquals("subscribed", sandbox.statusOf("pat@example.com"));
        assertEquals("0:A:" + NOV_1 + ";1:I:" + NOV_20, member("pat@example.com").mergeFields().get("SYNCJOBS"));
        assertEquals(1, sandbox.requests(e -> !e.method().equals("GET")) - writesBefore, "the replays wrote nothing");
    }

    @Test
    void bothJobsEndingArchives() {
        jobs(TerminationAction.ARCHIVE);
        sandbox.sync(List.of(job("E1", 0, "pat@example.com", "A", NOV_1), job("E1", 1, "pat@example.com", "A", NOV_1)));
        sandbox.sync(List.of(job("E1", 1, "pat@example.com", "I", NOV_10)));
        sandbox.sync(List.of(job("E1", 0, "pat@example.com", "I", NOV_20)));

        assertEquals("archived", sandbox.statusOf("pat@example.com"));
        assertEquals("Terminated (every employment record ended: 0, 1)", sandbox.auditOf("E1").get("mailchimp_reason"));
        sandbox.sync(List.of(job("E1", 0, "pat@example.com", "A", NOV_1), job("E1", 1, "pat@example.com", "A", NOV_1)));
        assertEquals("archived", sandbox.statusOf("pat@example.com"), "a replay of the first poll rehires nobody");
    }

    @Test
    void peopleWithOneJobCostNoExtraCallOrField() {
        final List<Map<String, Object>> people = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            people.add(job("E" + i, 0, "p" + i + "@example.com", "A", NOV_1));
        }
        sandbox.sync(people);
        sandbox.audience().clear();
        sandbox.simulator.journal().clear();
        sandbox.sync(people);
        final long withoutJobs = sandbox.requests(e -> true);
        sandbox.audience().clear();
        sandbox.simulator.journal().clear();

        jobs(TerminationAction.UNSUBSCRIBE);
        sandbox.sync(people);
        assertEquals(withoutJobs + 1, sandbox.requests(e -> true), "SYNCJOBS created, nothing else");
        assertEquals(1, sandbox.batchCalls());
        assertEquals("", String.valueOf(member("p7@example.com").mergeFields().getOrDefault("SYNCJOBS", "")),
                "employment record 0 alone is not written");
        sandbox.simulator.journal().clear();
        sandbox.sync(people);
        assertEquals(List.of("unchanged"), actions().stream().distinct().toList());
        assertEquals(0, sandbox.requests(e -> !e.method().equals("GET")), "a replay writes nothing");
    }

    @Test
    void theHolderOfASharedAddressLeavingHandsTheContactOver() {
        sandbox.runner.setProperty(PutMailchimpContact.TERMINATION_ACTION, TerminationAction.ARCHIVE.getValue());
        sandbox.sync(List.of(employee("E1", "desk@example.com", "A")));
        sandbox.sync(List.of(employee("E2", "desk@example.com", "A")));
        assertTrue(String.valueOf(sandbox.auditOf("E2").get("mailchimp_reason"))
                .startsWith("The address belongs to the contact with source ID E1; this person is noted there"));
        assertEquals(1, sandbox.audit(REL_FAILURE).size(), "still a conflict for a person to resolve");
        assertEquals("E2", member("desk@example.com").mergeFields().get("SYNCSHARED"));

        sandbox.sync(List.of(employee("E1", "desk@example.com", "I")));
        assertEquals("subscribed", sandbox.statusOf("desk@example.com"), "not archived while E2 is active there");
        assertEquals(List.of("updated"), actions());
        assertTrue(String.valueOf(sandbox.auditOf("E1").get("mailchimp_reason"))
                .contains("the address is shared with source ID E2, still active: the contact passes to them"));
        assertEquals("E2", member("desk@example.com").mergeFields().get("EMPLID"));

        sandbox.sync(List.of(employee("E2", "desk@example.com", "A")));
        assertEquals(List.of("updated"), actions(), "E2's next record updates the contact as their own");
        assertEquals("FirstE2", member("desk@example.com").mergeFields().get("FNAME"));
        assertNull(emptyToNull(member("desk@example.com").mergeFields().get("SYNCSHARED")));
    }

    @Test
    void aSharedAddressWithBothPeopleInOneFlowFileIsHandedOverNotArchived() {
        sandbox.runner.setProperty(PutMailchimpContact.TERMINATION_ACTION, TerminationAction.ARCHIVE.getValue());
        sandbox.sync(List.of(employee("E1", "desk@example.com", "A")));
        sandbox.sync(List.of(employee("E1", "desk@example.com", "I"), employee("E2", "desk@example.com", "A")));
        assertEquals("subscribed", sandbox.statusOf("desk@example.com"));
        assertEquals(List.of("updated", "updated"), actions(), "handed over to E2, whose own record then updates it");
        assertEquals("E2", member("desk@example.com").mergeFields().get("EMPLID"));
        assertEquals("FirstE2", member("desk@example.com").mergeFields().get("FNAME"));
    }

    @Test
    void theHoldersOwnUpdateIsNeverSkippedForAnotherPersonsNewerRecord() {
        sandbox.sync(List.of(employee("E1", "desk@example.com", "A")));
        final Map<String, Object> holder = employee("E1", "desk@example.com", "A");
        holder.put("LAST_NAME", "Renamed");
        holder.put("LASTUPDDTTM", NOV_1);
        final Map<String, Object> other = employee("E2", "desk@example.com", "A");
        other.put("LASTUPDDTTM", NOV_20);
        sandbox.sync(List.of(holder, other));
        assertEquals("Renamed", member("desk@example.com").mergeFields().get("LNAME"));
        assertEquals("updated", sandbox.auditOf("E1").get("mailchimp_action"));
        assertEquals("failed", sandbox.auditOf("E2").get("mailchimp_action"));
    }

    @Test
    void anEmailSwapInOneFlowFileSaysSoForBoth() {
        sandbox.sync(List.of(employee("E1", "one@example.com", "A"), employee("E2", "two@example.com", "A")));
        sandbox.sync(List.of(employee("E1", "two@example.com", "A"), employee("E2", "one@example.com", "A")));
        assertEquals(2, sandbox.audit(REL_FAILURE).size());
        sandbox.audit(REL_FAILURE).forEach(r -> assertTrue(String.valueOf(r.get("mailchimp_reason")).startsWith("Email swap: "), r.toString()));
        assertEquals("E1", member("one@example.com").mergeFields().get("EMPLID"), "neither moved");
    }

    private static Object emptyToNull(final Object value) {
        return value == null || value.toString().isEmpty() ? null : value;
    }
}
