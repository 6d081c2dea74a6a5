package io.mlconnector.nifi.mailchimp;

import io.mlconnector.nifi.mailchimp.contact.TerminationAction;
import io.mlconnector.sandbox.mailchimp.Member;
import org.apache.nifi.util.MockFlowFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.mlconnector.nifi.mailchimp.MailchimpSandbox.employee;
import static io.mlconnector.nifi.mailchimp.PutMailchimpContact.REL_SUCCESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Newer wins: replays and late records never undo a newer version, in any order; records Mailchimp already holds
 * cost no call.
 */
@Timeout(60)
class PutMailchimpContactOrderTest {

    private static final String NOV_1 = "2026-11-01T08:00:00-07:00";
    private static final String NOV_2 = "2026-11-02T09:00:00-08:00";
    private static final String NOV_20 = "2026-11-20T09:00:00-08:00";
    private static final String NOV_25 = "2026-11-25T09:00:00-08:00";

    /** An employee record with its PeopleSoft version and a first name that tells the versions apart. */
    private static Map<String, Object> version(final String email, final String hrStatus, final String lastUpdated) {
        final Map<String, Object> record = employee("E1", email, hrStatus);
        record.put("FIRST_NAME", "Pat " + lastUpdated.substring(5, 10));
        record.put("LASTUPDDTTM", lastUpdated);
        return record;
    }

    /** Syncs the FlowFiles in order to an audience where E1 was synced on 1 Nov; returns the audience and the last audit. */
    private static Result syncInOrder(final TerminationAction action, final List<List<Map<String, Object>>> flowFiles) {
        try (MailchimpSandbox sandbox = new MailchimpSandbox()) {
            sandbox.runner.setProperty(PutMailchimpContact.TERMINATION_ACTION, action.getValue());
            sandbox.sync(List.of(version("old@example.com", "A", NOV_1)));
            for (final List<Map<String, Object>> flowFile : flowFiles) {
                sandbox.sync(flowFile);
            }
            return new Result(snapshot(sandbox), sandbox.audit(REL_SUCCESS));
        }
    }

    private record Result(List<String> audience, List<Map<String, Object>> lastAudit) {
        String lastAction() {
            return String.valueOf(lastAudit.getLast().get("mailchimp_action"));
        }

        String lastReason() {
            return String.valueOf(lastAudit.getLast().get("mailchimp_reason"));
        }
    }

    private static List<String> snapshot(final MailchimpSandbox sandbox) {
        return sandbox.audience().members().stream()
                .sorted(Comparator.comparing(Member::email))
                .map(m -> m.email() + " " + m.status() + " " + new TreeMap<>(m.mergeFields()) + " " + m.tags())
                .toList();
    }

    /**
     * Syncs the older FlowFile then the newer, the same and a replay of the older, and the newer then the older: all
     * leave the audience the in-order sync leaves, whose one contact starts with {@code expected}.
     */
    private static void assertNewerWins(final TerminationAction action, final Map<String, Object> older,
                                        final Map<String, Object> newer, final String expected, final String newest) {
        final Result inOrder = syncInOrder(action, List.of(List.of(older), List.of(newer)));
        final Result replayed = syncInOrder(action, List.of(List.of(older), List.of(newer), List.of(older)));
        final Result reversed = syncInOrder(action, List.of(List.of(newer), List.of(older)));

        assertEquals(1, inOrder.audience().size(), inOrder.audience().toString());
        assertTrue(inOrder.audience().getFirst().startsWith(expected), inOrder.audience().getFirst());
        assertTrue(inOrder.audience().getFirst().contains("SRCVERSION=" + newest), inOrder.audience().getFirst());
        assertEquals(inOrder.audience(), replayed.audience(), action.getValue());
        assertEquals("skipped", replayed.lastAction());
        assertTrue(replayed.lastReason().startsWith("Older than the version in Mailchimp, " + newest), replayed.lastReason());
        assertEquals(inOrder.audience(), reversed.audience(), action.getValue());
    }

    @Test
    void replayAfterAnEmailChangeLeavesTheNewAddress() {
        assertNewerWins(TerminationAction.ARCHIVE, version("old@example.com", "A", NOV_2), version("new@example.com", "A", NOV_20),
                "new@example.com subscribed {EMPLID=E1, FNAME=Pat 11-20", "2026-11-20T17:00:00Z");
    }

    @Test
    void replayAfterATerminationLeavesTheContactArchivedOrUnsubscribed() {
        assertNewerWins(TerminationAction.ARCHIVE, version("old@example.com", "A", NOV_2), version("old@example.com", "I", NOV_20),
                "old@example.com archived {EMPLID=E1, FNAME=Pat 11-20", "2026-11-20T17:00:00Z");
        assertNewerWins(TerminationAction.UNSUBSCRIBE, version("old@example.com", "A", NOV_2), version("old@example.com", "I", NOV_20),
                "old@example.com unsubscribed {EMPLID=E1, FNAME=Pat 11-20", "2026-11-20T17:00:00Z");
    }

    @Test
    void replayOfTheTerminationAfterARehireLeavesTheContactRestored() {
        assertNewerWins(TerminationAction.ARCHIVE, version("old@example.com", "I", NOV_20), version("old@example.com", "A", NOV_25),
                "old@example.com subscribed {EMPLID=E1, FNAME=Pat 11-25", "2026-11-25T17:00:00Z");
    }

    @Test
    void replayOfAnOlderFieldValueLeavesTheNewerOne() {
        assertNewerWins(TerminationAction.ARCHIVE, version("old@example.com", "A", NOV_2), version("old@example.com", "A", NOV_20),
                "old@example.com subscribed {EMPLID=E1, FNAME=Pat 11-20", "2026-11-20T17:00:00Z");
    }

    @Test
    void withinOneFlowFileTheNewestVersionWinsWhereverItStands() {
        final Map<String, Object> nov2 = version("old@example.com", "A", NOV_2);
        final Map<String, Object> nov20 = version("new@example.com", "A", NOV_20);

        final Result newestLast = syncInOrder(TerminationAction.ARCHIVE, List.of(List.of(nov2, nov20)));
        final Result newestFirst = syncInOrder(TerminationAction.ARCHIVE, List.of(List.of(nov20, nov2)));

        assertTrue(newestLast.audience().getFirst().startsWith("new@example.com subscribed {EMPLID=E1, FNAME=Pat 11-20"),
                newestLast.audience().toString());
        assertEquals(newestLast.audience(), newestFirst.audience());
        assertTrue(newestFirst.lastReason().startsWith("Superseded by another record"), newestFirst.lastReason());
    }

    @Test
    void versionsCompareWhateverFormTheyComeIn() {
        try (MailchimpSandbox sandbox = new MailchimpSandbox()) {
            sandbox.sync(List.of(version("pat@example.com", "A", NOV_20)));
            final Map<String, Object> sameAsMillis = version("pat@example.com", "A", NOV_20);
            sameAsMillis.put("LASTUPDDTTM", 1_795_194_000_000L);
            final Map<String, Object> olderInPeopleSoftFormat = version("pat@example.com", "A", NOV_20);
            olderInPeopleSoftFormat.put("FIRST_NAME", "Older");
            olderInPeopleSoftFormat.put("LASTUPDDTTM", "2026-11-20-16.59.59.000000");
            final Map<String, Object> malformed = version("pat@example.com", "A", NOV_20);
            malformed.put("EMPLID", "E2");
            malformed.put("EMAIL_ADDR", "other@example.com");
            malformed.put("LASTUPDDTTM", "yesterday");

            sandbox.sync(List.of(sameAsMillis));
            assertEquals("unchanged", sandbox.auditOf("E1").get("mailchimp_action"));
            sandbox.sync(List.of(olderInPeopleSoftFormat, malformed));

            assertEquals("skipped", sandbox.auditOf("E1").get("mailchimp_action"));
            assertEquals("Pat 11-20", sandbox.audience().member("pat@example.com").orElseThrow().mergeFields().get("FNAME"));
            assertEquals("failed", sandbox.auditOf("E2").get("mailchimp_action"));
            assertTrue(String.valueOf(sandbox.auditOf("E2").get("mailchimp_reason")).startsWith("Malformed source version (/LASTUPDDTTM)"));
            assertEquals(1, sandbox.batchCalls());
        }
    }

    @Test
    void replayedFlowFileOfSyncedRecordsCostsNoCall() {
        try (MailchimpSandbox sandbox = new MailchimpSandbox()) {
            final List<Map<String, Object>> records = new ArrayList<>();
            for (int i = 0; i < 600; i++) {
                final Map<String, Object> record = employee("E" + i, "person" + i + "@example.com", "A");
                record.put("LASTUPDDTTM", NOV_20);
                records.add(record);
            }
            sandbox.syncAndKeepRunning(records);
            final long batches = sandbox.batchCalls();

            // Once from the index the writes left, once from the pages of a fresh start.
            sandbox.syncAndKeepRunning(records);
            final MockFlowFile fromWrites = sandbox.runner.getFlowFilesForRelationship(REL_SUCCESS).getFirst();
            sandbox.sync(records);
            final MockFlowFile fromPages = sandbox.runner.getFlowFilesForRelationship(REL_SUCCESS).getFirst();

            assertEquals(2, batches);
            assertEquals(batches, sandbox.batchCalls());
            assertEquals(0, sandbox.requests(e -> !e.method().equals("GET") && e.path().contains("/members")));
            for (final MockFlowFile replay : List.of(fromWrites, fromPages)) {
                replay.assertAttributeEquals("mailchimp.unchanged.count", "600");
                replay.assertAttributeEquals("mailchimp.updated.count", "0");
            }
        }
    }

    @Test
    void aChangedValueOrANewerVersionIsSent() {
        try (MailchimpSandbox sandbox = new MailchimpSandbox()) {
            sandbox.sync(List.of(version("pat@example.com", "A", NOV_2), employee("E2", "sam@example.com", "A")));
            final Map<String, Object> renamed = employee("E2", "sam@example.com", "A");
            renamed.put("LAST_NAME", "Renamed");

            sandbox.sync(List.of(version("pat@example.com", "A", NOV_20), renamed));

            assertEquals(2, sandbox.batchCalls());
            assertEquals(List.of("updated", "updated"),
                    sandbox.audit(REL_SUCCESS).stream().map(r -> r.get("mailchimp_action")).toList());
            assertEquals("2026-11-20T17:00:00Z", sandbox.audience().member("pat@example.com").orElseThrow().mergeFields().get("SRCVERSION"));
        }
    }

    /** Regression (found by the fault matrix): a deleted merge field stayed deleted, its values lost, until a restart. */
    @Test
    void aMergeFieldDeletedByAMarketerIsCreatedAgainAndRefilledByTheNextRecords() {
        try (MailchimpSandbox sandbox = new MailchimpSandbox()) {
            final List<Map<String, Object>> records = List.of(version("pat@example.com", "A", NOV_20),
                    employee("E2", "sam@example.com", "A"));
            sandbox.syncAndKeepRunning(records);
            sandbox.audience().deleteMergeField("FNAME");

            sandbox.syncAndKeepRunning(records);

            assertTrue(sandbox.audience().mergeFields().stream().anyMatch(f -> f.tag().equals("FNAME")));
            assertEquals("Pat 11-20", sandbox.audience().member("pat@example.com").orElseThrow().mergeFields().get("FNAME"));
            assertEquals(List.of("updated", "updated"),
                    sandbox.audit(REL_SUCCESS).stream().map(r -> r.get("mailchimp_action")).toList(),
                    "the values are written again, not taken for unchanged");
        }
    }
}
