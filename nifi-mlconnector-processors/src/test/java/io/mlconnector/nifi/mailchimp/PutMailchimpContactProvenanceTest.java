package io.mlconnector.nifi.mailchimp;

import io.mlconnector.nifi.mailchimp.contact.SubscriberHash;
import io.mlconnector.sandbox.core.Fault;
import io.mlconnector.sandbox.mailchimp.MailchimpSimulator;
import org.apache.nifi.provenance.ProvenanceEventRecord;
import org.apache.nifi.provenance.ProvenanceEventType;
import org.apache.nifi.util.MockFlowFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static io.mlconnector.nifi.mailchimp.MailchimpSandbox.employee;
import static io.mlconnector.nifi.mailchimp.PutMailchimpContact.REL_FAILURE;
import static io.mlconnector.nifi.mailchimp.PutMailchimpContact.REL_RETRY;
import static io.mlconnector.nifi.mailchimp.PutMailchimpContact.REL_SUCCESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The audit trail in provenance: every record the processor settles is its own event, found by the source ID alone
 * the way NiFi's provenance search finds it (a lower-cased wildcard match on Details).
 */
@Timeout(60)
class PutMailchimpContactProvenanceTest {

    private static final String FIRST = "ngozi.ivanova.1@example.org";
    private static final String MOVED = "moved.KU0000001@newdomain.example.com";
    private static final Fault THROTTLED = Fault.status(429, "application/problem+json",
            "{\"title\":\"Too Many Requests\",\"detail\":\"You have exceeded the limit of 10 simultaneous connections.\"}");

    private MailchimpSandbox sandbox;
    private final List<ProvenanceEventRecord> events = new ArrayList<>();

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void eachStepOfOnePersonIsItsOwnEventFoundBySourceIdAlone() {
        // Max Retries 0: a throttled call is not retried by the service, so its records go round the retry loop.
        sandbox = new MailchimpSandbox(MailchimpSimulator.builder(), 10, 0);

        syncAndCollect(List.of(employee("KU0000001", FIRST, "A"), employee("KU0000002", "ivan.khan.2@example.org", "A")));
        syncAndCollect(List.of(employee("KU0000001", MOVED, "A")));
        final Map<String, Object> renamed = employee("KU0000001", MOVED, "A");
        renamed.put("LAST_NAME", "Okafor");
        sandbox.simulator.faults().failWithProbability(1.0, THROTTLED, 1);
        syncAndCollect(List.of(renamed));
        sandbox.simulator.faults().clear();
        // What RetryFlowFile does in the shipped flow: count the round in mailchimp.retries, send the FlowFile back.
        final MockFlowFile retry = sandbox.runner.getFlowFilesForRelationship(REL_RETRY).getFirst();
        sandbox.runner.clearTransferState();
        sandbox.runner.enqueue(retry.toByteArray(), Map.of("mailchimp.retries", "1"));
        sandbox.runner.run();
        collect();
        syncAndCollect(List.of(employee("KU0000001", MOVED, "I")));

        final List<ProvenanceEventRecord> trail = search("KU0000001");
        assertEquals(List.of(
                "SEND KU0000001 action=created status=subscribed",
                "SEND KU0000001 action=updated status=subscribed reason=Email address changed; contact moved to the new address",
                "REMOTE_INVOCATION KU0000001 action=failed reason=Mailchimp still unavailable after retries",
                "SEND KU0000001 action=updated status=subscribed retry=1",
                "SEND KU0000001 action=unsubscribed status=unsubscribed reason=Terminated"),
                trail.stream().map(PutMailchimpContactProvenanceTest::summary).toList());
        for (int i = 1; i < trail.size(); i++) {
            assertTrue(trail.get(i).getEventTime() >= trail.get(i - 1).getEventTime(), "in the order they happened");
        }
        final String members = sandbox.simulator.baseUrl() + "/lists/" + sandbox.audienceId + "/members/";
        assertEquals(members + SubscriberHash.of(FIRST), trail.getFirst().getTransitUri());
        assertEquals(members + SubscriberHash.of(MOVED), trail.get(1).getTransitUri());
        assertTrue(trail.get(2).getTransitUri().startsWith(members + SubscriberHash.of(MOVED) + "#"), trail.get(2).getTransitUri());
        assertEquals(1, search("KU0000002").size(), "the other person's trail is theirs");
        for (final ProvenanceEventRecord event : events) {
            final String text = (event.getDetails() + " " + event.getTransitUri()).toLowerCase(Locale.ROOT);
            assertFalse(text.contains("ngozi") || text.contains("moved.") || text.contains("ivan.khan"), text);
        }
    }

    @Test
    void emailAddressAppearsOnlyWhenAllowed() {
        sandbox = new MailchimpSandbox();
        sandbox.runner.setProperty(PutMailchimpContact.EMAIL_IN_PROVENANCE, "true");

        syncAndCollect(List.of(employee("KU0000001", FIRST, "A")));

        assertEquals(List.of("EMPLID=KU0000001 email=" + FIRST + " action=created status=subscribed"),
                search("KU0000001").stream().map(ProvenanceEventRecord::getDetails).toList());
        assertEquals(1, search(FIRST).size(), "findable by email address too");
    }

    @Test
    void rejectionsQuotingTheAddressKeepItOutOfProvenance() {
        sandbox = new MailchimpSandbox();
        sandbox.simulator.settings().fakeEmailDomains(Set.of("fake.test"));

        syncAndCollect(List.of(employee("KU0000003", "someone@fake.test", "A"), employee("KU0000004", "", "A")));

        final List<ProvenanceEventRecord> rejected = search("KU0000003");
        assertEquals(1, rejected.size());
        assertEquals(ProvenanceEventType.REMOTE_INVOCATION, rejected.getFirst().getEventType());
        assertTrue(rejected.getFirst().getDetails().contains("[email address] looks fake"), rejected.getFirst().getDetails());
        assertTrue(sandbox.audit(REL_FAILURE).toString().contains("someone@fake.test"), "the content keeps the address");
        events.forEach(e -> assertFalse(e.getDetails() != null && e.getDetails().contains("someone@fake.test"), e.getDetails()));
        assertEquals("EMPLID=KU0000004 action=failed reason=Missing email address (/EMAIL_ADDR)",
                search("KU0000004").getFirst().getDetails());
    }

    @Test
    void recordsSettledWithoutAWriteEachKeepTheirOwnEvent() {
        sandbox = new MailchimpSandbox();

        syncAndCollect(List.of(employee("KU0000005", null, "A"), employee("KU0000006", null, "A"),
                employee("KU0000007", "left@example.com", "I"), employee("KU0000008", "left@example.com", "I")));

        for (final String id : List.of("KU0000005", "KU0000006", "KU0000007", "KU0000008")) {
            final List<ProvenanceEventRecord> found = search(id);
            assertEquals(1, found.size(), id);
            assertEquals(ProvenanceEventType.REMOTE_INVOCATION, found.getFirst().getEventType(), id);
        }
        assertTrue(search("KU0000007").getFirst().getDetails().contains("action=skipped reason=Terminated person is not in the audience"));
        // A real NiFi session keeps one of several events equal in type, FlowFile, transit URI and relationship (it
        // ignores details; nifi-mock does not): two records without an address, or with the same one, must differ.
        assertEquals(4, events.stream().filter(e -> e.getEventType() == ProvenanceEventType.REMOTE_INVOCATION)
                .map(ProvenanceEventRecord::getTransitUri).distinct().count());
    }

    @Test
    void recordsWithoutSourceIdAreFoundByTheirSubscriberHash() {
        sandbox = new MailchimpSandbox();

        syncAndCollect(List.of(employee(null, FIRST, "A")));

        final List<ProvenanceEventRecord> found = events.stream()
                .filter(e -> e.getTransitUri() != null && e.getTransitUri().endsWith("/members/" + SubscriberHash.of(FIRST))).toList();
        assertEquals(1, found.size());
        assertEquals("action=created status=subscribed", found.getFirst().getDetails());
    }

    @Test
    void everyRecordOfEveryFlowFileOfOneTriggerHasOneEventOnItsOwnIncomingFlowFile() {
        sandbox = new MailchimpSandbox();
        sandbox.runner.setProperty(PutMailchimpContact.BATCH_SIZE, "1");
        // The first FlowFile's records are written while the second one is read: the events still follow their own.
        final List<MockFlowFile> inputs = List.of(
                sandbox.enqueue(List.of(employee("KU0000011", "a@example.com", "A"), employee("KU0000012", "b@example.com", "A"))),
                sandbox.enqueue(List.of(employee("KU0000013", "c@example.com", "A"), employee("KU0000014", "d@example.com", "A"))));

        sandbox.runner.run();
        collect();

        assertEquals(2, sandbox.runner.getFlowFilesForRelationship(REL_SUCCESS).size(), "one trigger took both FlowFiles");
        for (final String id : List.of("KU0000011", "KU0000012", "KU0000013", "KU0000014")) {
            final List<ProvenanceEventRecord> found = search(id);
            assertEquals(1, found.size(), id);
            final MockFlowFile own = inputs.stream().filter(f -> f.getContent().contains(id)).findFirst().orElseThrow();
            assertEquals(own.getAttribute("uuid"), found.getFirst().getFlowFileUuid(), id);
        }
    }

    @Test
    void writtenAndUnwrittenRecordsOfOneFlowFileShowTheSameFlowFile() {
        // In a search for people, a SEND and a REMOTE_INVOCATION of one FlowFile must look related: same FlowFile, same
        // size, the content that held the record. On the outgoing FlowFile a forced SEND would show it empty (0 bytes).
        sandbox = new MailchimpSandbox();
        final MockFlowFile input = sandbox.enqueue(List.of(employee("KU0000021", "written@example.com", "A"), employee("KU0000022", null, "A")));

        sandbox.runner.run();
        collect();

        final ProvenanceEventRecord written = search("KU0000021").getFirst();
        final ProvenanceEventRecord failed = search("KU0000022").getFirst();
        assertEquals(ProvenanceEventType.SEND, written.getEventType());
        assertEquals(ProvenanceEventType.REMOTE_INVOCATION, failed.getEventType());
        for (final ProvenanceEventRecord event : List.of(written, failed)) {
            assertEquals(input.getAttribute("uuid"), event.getFlowFileUuid(), event.toString());
            assertEquals(input.getSize(), event.getFileSize(), "the whole FlowFile that held the record: " + event);
        }
        assertTrue(input.getSize() > 0);
        assertTrue(failed.getTransitUri().endsWith("#2"), "the record's position in that FlowFile: " + failed.getTransitUri());
    }

    @Test
    void unchangedRecordsAreCountedInTheSummaryAndGetEventsOfTheirOwnOnlyWhenAsked() {
        sandbox = new MailchimpSandbox();
        final List<Map<String, Object>> people = List.of(employee("KU0000011", "a@example.com", "A"),
                employee("KU0000012", "b@example.com", "A"), employee("KU0000013", "c@example.com", "A"));
        syncAndCollect(people);
        events.clear();

        syncAndCollect(people);

        assertEquals(List.of(), search("KU00000"), "no event per unchanged record by default");
        final ProvenanceEventRecord summary = events.stream().filter(e -> e.getEventType() == ProvenanceEventType.SEND).findFirst().orElseThrow();
        assertTrue(summary.getDetails().contains("unchanged=3"), summary.getDetails());
        events.clear();

        sandbox.runner.setProperty(PutMailchimpContact.UNCHANGED_RECORD_EVENTS, "true");
        syncAndCollect(people);

        for (final String id : List.of("KU0000011", "KU0000012", "KU0000013")) {
            final List<ProvenanceEventRecord> found = search(id);
            assertEquals(1, found.size(), id);
            assertEquals(ProvenanceEventType.REMOTE_INVOCATION, found.getFirst().getEventType(), id);
            assertTrue(found.getFirst().getDetails().contains("action=unchanged"), found.getFirst().getDetails());
        }
    }

    private void syncAndCollect(final List<Map<String, Object>> records) {
        sandbox.sync(records);
        collect();
    }

    private void collect() {
        events.addAll(sandbox.runner.getProvenanceEvents());
        sandbox.runner.clearProvenanceEvents();
    }

    /** What NiFi's Data Provenance search on an indexed Details field does with {@code *value*}: lower-cased contains. */
    private List<ProvenanceEventRecord> search(final String value) {
        final String needle = value.toLowerCase(Locale.ROOT);
        return events.stream().filter(e -> e.getDetails() != null && e.getDetails().toLowerCase(Locale.ROOT).contains(needle)).toList();
    }

    /** Type, source ID, and the details after it, with the free text of a transient failure cut after its lead. */
    private static String summary(final ProvenanceEventRecord event) {
        final String details = event.getDetails().replaceFirst("^EMPLID=", "").replaceFirst("(after retries):.*", "$1");
        return event.getEventType() + " " + details;
    }
}
