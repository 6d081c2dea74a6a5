package io.mlconnector.nifi.mailchimp;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlconnector.nifi.mailchimp.reconcile.OrphanPolicy;
import io.mlconnector.sandbox.mailchimp.Audience;
import io.mlconnector.sandbox.mailchimp.Member;
import org.apache.nifi.components.state.Scope;
import org.apache.nifi.provenance.ProvenanceEventRecord;
import org.apache.nifi.provenance.ProvenanceEventType;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.mlconnector.nifi.mailchimp.PutMailchimpContact.REL_RECONCILIATION_REPORT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Put's part in a reconciliation pass: the pass's records (FlowFiles carrying {@code reconciliation.pass.id}) are
 * synced and counted, the end FlowFile (as GetPeopleSoftRecords writes it on {@code pass complete}) waits for them,
 * then the orphans are handled by the Orphan Policy and the report goes out.
 */
@Timeout(60)
class PutMailchimpContactReconciliationTest {

    private static final String PASS = "11111111-2222-3333-4444-555555555555";
    private static final String LASTUPD = "2026-01-05T10:00:00Z";

    private final MailchimpSandbox sandbox = new MailchimpSandbox();
    private final TestRunner runner = sandbox.runner;
    private boolean running;

    @AfterEach
    void close() {
        sandbox.close();
    }

    private Audience audience() {
        return sandbox.audience();
    }

    private static Map<String, Object> employee(final String emplid, final String hrStatus) {
        final Map<String, Object> record = MailchimpSandbox.employee(emplid, emplid.toLowerCase() + "@example.com", hrStatus);
        record.put("LASTUPDDTTM", LASTUPD);
        return record;
    }

    /** A contact as an earlier sync left it: the mapped fields, the source ID and version. */
    private void contact(final String emplid, final String status) {
        // Members hold values only of fields the audience has (the processor's first read runs with their creation).
        for (final String tag : List.of("FNAME", "LNAME", "EMPLID", "SRCVERSION")) {
            if (audience().mergeFields().stream().noneMatch(field -> field.tag().equals(tag))) {
                audience().addMergeField(tag, "text", false);
            }
        }
        audience().seedMember(emplid.toLowerCase() + "@example.com", status, Map.of("FNAME", "First" + emplid, "LNAME", "Last" + emplid,
                "EMPLID", emplid, "SRCVERSION", LASTUPD));
    }

    private void enqueuePass(final List<Map<String, Object>> records) {
        try {
            runner.enqueue(MailchimpSandbox.JSON.writeValueAsBytes(records), Map.of("reconciliation.pass.id", PASS));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void enqueueEnd(final List<String> emplids, final long recordCount, final boolean wholePopulation) {
        enqueueEnd(emplids, recordCount, wholePopulation, sandbox.audienceId);
    }

    private void enqueueEnd(final List<String> emplids, final long recordCount, final boolean wholePopulation, final String audience) {
        final List<Map<String, Object>> keys = emplids.stream().map(id -> Map.<String, Object>of("EMPLID", id)).toList();
        final Map<String, String> attributes = new HashMap<>();
        attributes.put("reconciliation.pass.id", PASS);
        attributes.put("reconciliation.pass.complete", "true");
        attributes.put("reconciliation.pass.record.count", String.valueOf(recordCount));
        attributes.put("reconciliation.pass.whole.population", String.valueOf(wholePopulation));
        attributes.put("reconciliation.pass.started", Instant.now().minusSeconds(600).toString());
        attributes.put("peoplesoft.window.end", Instant.now().minusSeconds(300).toString());
        attributes.put("audience", audience);
        try {
            runner.enqueue(MailchimpSandbox.JSON.writeValueAsBytes(keys), attributes);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Triggers as NiFi would, keeping the processor scheduled between triggers (its member index lives on). */
    private void trigger(final int times) {
        runner.run(times, false, !running);
        running = true;
    }

    private JsonNode report() {
        final List<MockFlowFile> reports = runner.getFlowFilesForRelationship(REL_RECONCILIATION_REPORT);
        assertEquals(1, reports.size(), "one report");
        try {
            return MailchimpSandbox.JSON.readTree(reports.getFirst().toByteArray());
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String status(final String emplid) {
        return audience().member(emplid.toLowerCase() + "@example.com").map(Member::status).orElse(null);
    }

    /** Writes to members: merge fields the mapping needs may be created. */
    private long writes() {
        return sandbox.requests(e -> !e.method().equals("GET") && e.path().contains("/members"));
    }

    /** The audience of the orphan tests: two people PeopleSoft has, orphans in each status, and a contact of nobody's. */
    private void orphansOfEveryStatus(final OrphanPolicy policy) {
        runner.setProperty(PutMailchimpContact.ORPHAN_POLICY, policy.value());
        runner.setProperty(PutMailchimpContact.ORPHAN_LIMIT, "100");
        contact("KU01", "subscribed");
        contact("KU02", "subscribed");
        contact("GONE1", "subscribed");
        contact("GONE2", "unsubscribed");
        contact("GONE3", "pending");
        contact("GONE4", "cleaned");
        audience().seedMember("newsletter@example.com", "subscribed", Map.of("FNAME", "Signup"));
        enqueuePass(List.of(employee("KU01", "A"), employee("KU02", "A")));
        enqueueEnd(List.of("KU01", "KU02"), 2, true);
        trigger(2);
        assertEquals("subscribed", status("KU01"));
        assertEquals("unsubscribed", status("GONE2"), "an orphan who unsubscribed stays so");
        assertEquals("cleaned", status("GONE4"));
        assertEquals("subscribed", audience().member("newsletter@example.com").orElseThrow().status(), "no source ID: not an orphan");
    }

    @Test
    void archivePolicyArchivesActiveOrphansWithTheTerminationTagAndKeepsConsent() {
        orphansOfEveryStatus(OrphanPolicy.ARCHIVE);
        assertEquals("archived", status("GONE1"));
        assertTrue(audience().member("gone1@example.com").orElseThrow().tags().contains("Archived at termination while subscribed"));
        assertEquals("pending", status("GONE3"), "pending contacts are never archived");
        final JsonNode orphans = report().path("orphans");
        assertEquals(4, orphans.path("found").asInt());
        assertEquals(1, orphans.path("archived").asInt());
        assertEquals(3, orphans.path("skipped").asInt());
        final ProvenanceEventRecord event = runner.getProvenanceEvents().stream()
                .filter(e -> e.getDetails() != null && e.getDetails().startsWith("EMPLID=GONE1 ")).findFirst().orElseThrow();
        assertEquals(ProvenanceEventType.SEND, event.getEventType());
        assertTrue(event.getDetails().contains("action=archived"), event.getDetails());
    }

    @Test
    void unsubscribePolicyUnsubscribesSubscribedAndPendingOrphans() {
        orphansOfEveryStatus(OrphanPolicy.UNSUBSCRIBE);
        assertEquals("unsubscribed", status("GONE1"));
        assertEquals("unsubscribed", status("GONE3"));
        final JsonNode orphans = report().path("orphans");
        assertEquals(2, orphans.path("unsubscribed").asInt());
        assertEquals(2, orphans.path("skipped").asInt());
    }

    @Test
    void reportOnlyChangesNothingAndNamesEveryOrphan() {
        orphansOfEveryStatus(OrphanPolicy.REPORT_ONLY);
        assertEquals("subscribed", status("GONE1"));
        assertEquals("pending", status("GONE3"));
        assertEquals(0, writes(), "no write at all: both records were unchanged");
        final JsonNode orphans = report().path("orphans");
        assertEquals("Report Only", orphans.path("policy").asText());
        assertEquals(4, orphans.path("found").asInt());
        assertEquals(List.of("GONE1", "GONE2", "GONE3", "GONE4"), sourceIds(orphans.path("listed")));
        assertEquals(2, report().path("records").path("unchanged").asInt());
        final List<String> events = runner.getProvenanceEvents().stream().map(ProvenanceEventRecord::getDetails)
                .filter(d -> d != null && d.startsWith("EMPLID=GONE")).toList();
        assertEquals(4, events.size(), events.toString());
    }

    private static List<String> sourceIds(final JsonNode listed) {
        final List<String> ids = new ArrayList<>();
        listed.forEach(o -> ids.add(o.path("source_id").asText()));
        return ids.stream().sorted().collect(Collectors.toList());
    }

    @Test
    void aContactThatChangedAfterThePassReadIsNoOrphan() {
        runner.setProperty(PutMailchimpContact.ORPHAN_POLICY, OrphanPolicy.ARCHIVE.value());
        runner.setProperty(PutMailchimpContact.ORPHAN_LIMIT, "100");
        contact("KU01", "subscribed");
        // Hired after the pass read PeopleSoft: its source version is after the pass's window.
        audience().seedMember("new1@example.com", "subscribed", Map.of("EMPLID", "NEW1", "SRCVERSION", Instant.now().toString()));
        // Without a version, changed in Mailchimp after the pass started.
        audience().seedMember("new2@example.com", "subscribed", Map.of("EMPLID", "NEW2"));
        enqueuePass(List.of(employee("KU01", "A")));
        enqueueEnd(List.of("KU01"), 1, true);
        trigger(2);
        assertEquals("subscribed", audience().member("new1@example.com").orElseThrow().status());
        assertEquals("subscribed", audience().member("new2@example.com").orElseThrow().status());
        assertEquals(0, report().path("orphans").path("found").asInt(), report().toPrettyString());
        assertEquals(0, writes());
    }

    @Test
    void aShrunkenSourceOnlyReports() {
        runner.setProperty(PutMailchimpContact.ORPHAN_POLICY, OrphanPolicy.ARCHIVE.value());
        for (int i = 0; i < 20; i++) {
            contact("KU" + i, "subscribed");
        }
        enqueuePass(List.of(employee("KU0", "A")));
        enqueueEnd(List.of("KU0"), 1, true);
        trigger(2);
        assertEquals("subscribed", status("KU7"));
        final JsonNode orphans = report().path("orphans");
        assertTrue(orphans.path("limit_exceeded").asBoolean());
        assertEquals(19, orphans.path("found").asInt());
        assertEquals(0, writes());
        assertTrue(runner.getLogger().getWarnMessages().stream().anyMatch(m -> m.getMsg().contains("Orphan Limit")));
    }

    @Test
    void onlyACompleteWholePassDecidesAbsence() {
        runner.setProperty(PutMailchimpContact.ORPHAN_POLICY, OrphanPolicy.ARCHIVE.value());
        runner.setProperty(PutMailchimpContact.ORPHAN_LIMIT, "100");
        contact("KU01", "subscribed");
        contact("GONE1", "subscribed");
        // An interrupted pass sends nothing at all; records of a pass without its end are synced and nobody is archived.
        enqueuePass(List.of(employee("KU01", "A")));
        trigger(1);
        assertEquals("subscribed", status("GONE1"));
        assertTrue(runner.getFlowFilesForRelationship(REL_RECONCILIATION_REPORT).isEmpty());
        // A pass from a later Initial Window Start holds only what changed since: absence from it means nothing.
        enqueueEnd(List.of("KU01"), 1, false);
        trigger(1);
        assertEquals("subscribed", status("GONE1"));
        assertFalse(report().path("orphans").path("decided").asBoolean());
    }

    @Test
    void eachDriftKindIsCorrectedOrReportedAndCounted() {
        runner.setProperty(PutMailchimpContact.ORPHAN_POLICY, OrphanPolicy.ARCHIVE.value());
        runner.setProperty(PutMailchimpContact.ORPHAN_LIMIT, "100");
        final List<String> people = List.of("KU01", "KU02", "KU03", "KU04", "KU05");
        people.forEach(id -> contact(id, "subscribed"));
        contact("GONE1", "subscribed");
        // The index is read once, as the increments left it; then people change Mailchimp by hand.
        sandbox.enqueue(List.of(employee("KU01", "A")));
        trigger(1);
        audience().editByHand("ku02@example.com", Map.of("FNAME", "Bobby"));
        audience().archiveByHand("ku03@example.com");
        audience().forget("ku05@example.com");
        runner.clearTransferState();
        runner.clearProvenanceEvents();
        sandbox.simulator.journal().clear();
        enqueuePass(List.of(employee("KU01", "A"), employee("KU02", "A"), employee("KU03", "A"), employee("KU04", "I"),
                employee("KU05", "A"), employee("KU06", "A")));
        enqueueEnd(List.of("KU01", "KU02", "KU03", "KU04", "KU05", "KU06"), 6, true);
        trigger(2);

        assertEquals("FirstKU02", audience().member("ku02@example.com").orElseThrow().mergeFields().get("FNAME"), "hand edit overwritten");
        assertEquals("archived", status("KU03"), "archived by hand: never restored (maybe after an opt-out)");
        assertEquals("unsubscribed", status("KU04"), "a termination the increments missed");
        assertEquals("subscribed", status("KU06"), "a missing contact is created");
        assertEquals("archived", status("GONE1"));
        final JsonNode records = report().path("records");
        assertEquals(6, records.path("read").asInt(), report().toPrettyString());
        assertEquals(6, records.path("settled").asInt());
        assertEquals(1, records.path("unchanged").asInt());
        final JsonNode corrected = records.path("corrected");
        assertEquals(3, corrected.path("total").asInt());
        assertEquals(1, corrected.path("missing_contact").asInt());
        assertEquals(1, corrected.path("field_value").asInt());
        assertEquals(1, corrected.path("status").asInt());
        assertEquals(1, corrected.path("fields_overwritten").path("FNAME").asInt());
        assertEquals(2, records.path("skipped_by_consent").asInt(), "archived by hand, and permanently deleted");
        assertEquals(1, report().path("orphans").path("archived").asInt());
        assertTrue(String.valueOf(sandbox.auditOf("KU02").get("mailchimp_reason")).contains("FNAME was 'Bobby'"),
                String.valueOf(sandbox.auditOf("KU02")));
        assertTrue(runner.getProvenanceEvents().stream().map(ProvenanceEventRecord::getDetails)
                .anyMatch(d -> d != null && d.startsWith("EMPLID=KU02 action=updated") && d.contains("FNAME was 'Bobby'")));
        final MockFlowFile flowFile = runner.getFlowFilesForRelationship(REL_RECONCILIATION_REPORT).getFirst();
        flowFile.assertAttributeEquals("reconciliation.corrected.count", "3");
        flowFile.assertAttributeEquals("reconciliation.orphans.count", "1");
        assertEquals(3, runner.getCounterValue("Reconciliation corrected"));
    }

    /**
     * A pass's corrections wait for their member's read before they join a batch; the unchanged records read after them
     * must not leave them waiting until the pending limit sends each alone: they share a batch, as an increment's do.
     */
    @Test
    void correctionsShareABatchWhileTheUnchangedRecordsAfterThemAreRead() {
        runner.setProperty(PutMailchimpContact.BATCH_SIZE, "20");
        final List<String> people = new ArrayList<>();
        for (int i = 0; i < 1_200; i++) {
            people.add(String.format("KU%04d", i));
        }
        people.forEach(id -> contact(id, "subscribed"));
        sandbox.enqueue(List.of(employee("KU0000", "A")));
        trigger(1);
        // Twelve people in a row, early in the pass's second FlowFile: at most 400 records (2 x 20 x 10) await their outcome.
        final List<String> edited = people.subList(700, 712);
        edited.forEach(id -> audience().editByHand(id.toLowerCase() + "@example.com", Map.of("FNAME", "Edited")));
        runner.clearTransferState();
        sandbox.simulator.journal().clear();
        enqueuePass(people.subList(0, 600).stream().map(id -> employee(id, "A")).toList());
        enqueuePass(people.subList(600, 1_200).stream().map(id -> employee(id, "A")).toList());
        enqueueEnd(people, people.size(), true);
        trigger(2);

        assertEquals(edited.size(), report().path("records").path("corrected").path("total").asInt(), report().toPrettyString());
        assertEquals(1, sandbox.batchCalls(), "the twelve corrections in one batch, not one call each: " + sandbox.simulator.journal().entries().stream()
                .filter(e -> e.method().equals("POST")).map(e -> e.path() + " " + (e.body().split("\"email_address\"", -1).length - 1)).toList());
        edited.forEach(id -> assertEquals("First" + id, audience().member(id.toLowerCase() + "@example.com").orElseThrow().mergeFields().get("FNAME")));
    }

    @Test
    void theEndWaitsForThePassRecordsThenForTheWaitOnly() {
        contact("KU01", "subscribed");
        enqueueEnd(List.of("KU01", "KU02"), 2, true);
        enqueuePass(List.of(employee("KU01", "A")));
        trigger(3);
        assertTrue(runner.getFlowFilesForRelationship(REL_RECONCILIATION_REPORT).isEmpty(), "one of two records synced: the end waits");
        assertEquals(1, runner.getQueueSize().getObjectCount());
        runner.setProperty(PutMailchimpContact.RECONCILIATION_WAIT, "0 sec");
        running = false;
        trigger(1);
        final JsonNode records = report().path("records");
        assertEquals(1, records.path("settled").asInt());
        assertFalse(records.path("all_settled").asBoolean());
    }

    @Test
    void theReportCountsTheRecordsEveryNodeSynced() throws IOException {
        final TestRunner otherNode = MailchimpSandbox.putRunner(sandbox.simulator, sandbox.audienceId, new StandardMailchimpConnectionService(),
                Map.of());
        try {
            contact("KU01", "subscribed");
            enqueuePass(List.of(employee("KU01", "A")));
            trigger(1);
            // The other node syncs the pass's other records; both share the cluster state, as ZooKeeper holds it for them.
            share(runner, otherNode);
            otherNode.enqueue(MailchimpSandbox.JSON.writeValueAsBytes(List.of(employee("KU02", "A"), employee("KU03", "A"))),
                    Map.of("reconciliation.pass.id", PASS));
            otherNode.run();
            share(otherNode, runner);
            enqueueEnd(List.of("KU01", "KU02", "KU03"), 3, true);
            trigger(1);
            final JsonNode records = report().path("records");
            assertEquals(3, records.path("settled").asInt());
            assertEquals(2, records.path("corrected").path("missing_contact").asInt());
            assertEquals(1, records.path("unchanged").asInt());
        } finally {
            otherNode.shutdown();
        }
    }

    private static void share(final TestRunner from, final TestRunner to) throws IOException {
        to.getStateManager().setState(from.getStateManager().getState(Scope.CLUSTER).toMap(), Scope.CLUSTER);
    }

    @Test
    void aDryRunDecidesTheOrphansAndChangesNothing() {
        runner.setProperty(PutMailchimpContact.DRY_RUN, "true");
        // A dry run reads only the merge fields the audience has: as after a first real run, it has them all.
        List.of("EMPLID", "SRCVERSION").forEach(tag -> audience().addMergeField(tag, "text", false));
        runner.setProperty(PutMailchimpContact.ORPHAN_POLICY, OrphanPolicy.ARCHIVE.value());
        runner.setProperty(PutMailchimpContact.ORPHAN_LIMIT, "100");
        contact("KU01", "subscribed");
        contact("GONE1", "subscribed");
        enqueuePass(List.of(employee("KU01", "A")));
        enqueueEnd(List.of("KU01"), 1, true);
        trigger(2);
        assertEquals("subscribed", status("GONE1"));
        assertEquals(0, writes());
        final JsonNode report = report();
        assertTrue(report.path("dry_run").asBoolean());
        assertEquals(1, report.path("orphans").path("would_archive").asInt(), report.toPrettyString());
        assertTrue(runner.getProvenanceEvents().stream().noneMatch(e -> e.getDetails() != null && e.getDetails().startsWith("EMPLID=GONE1")));
    }

    @Test
    void eachAudienceGetsItsOwnOrphansAndReport() throws IOException {
        final String managers = sandbox.simulator.createAudience("Managers");
        runner.setProperty(PutMailchimpContact.AUDIENCE_ID, "${audience}");
        runner.setProperty(PutMailchimpContact.ORPHAN_POLICY, OrphanPolicy.ARCHIVE.value());
        runner.setProperty(PutMailchimpContact.ORPHAN_LIMIT, "100");
        contact("KU01", "subscribed");
        contact("GONE1", "subscribed");
        final Audience other = sandbox.simulator.audience(managers);
        other.seedMember("ku02@example.com", "subscribed", Map.of("FNAME", "FirstKU02", "LNAME", "LastKU02", "EMPLID", "KU02",
                "SRCVERSION", LASTUPD));
        other.seedMember("gone2@example.com", "subscribed", Map.of("EMPLID", "GONE2", "SRCVERSION", LASTUPD));
        // One pass feeds both audiences: its records are routed to one or the other, its end is cloned to each.
        runner.enqueue(MailchimpSandbox.JSON.writeValueAsBytes(List.of(employee("KU01", "A"))),
                Map.of("reconciliation.pass.id", PASS, "audience", sandbox.audienceId));
        runner.enqueue(MailchimpSandbox.JSON.writeValueAsBytes(List.of(employee("KU02", "A"))),
                Map.of("reconciliation.pass.id", PASS, "audience", managers));
        trigger(2);
        enqueueEnd(List.of("KU01", "KU02"), 2, true, sandbox.audienceId);
        enqueueEnd(List.of("KU01", "KU02"), 2, true, managers);
        trigger(2);
        final List<MockFlowFile> reports = runner.getFlowFilesForRelationship(REL_RECONCILIATION_REPORT);
        assertEquals(2, reports.size());
        assertEquals("archived", status("GONE1"));
        assertEquals("archived", other.member("gone2@example.com").orElseThrow().status());
        assertEquals("subscribed", other.member("ku02@example.com").orElseThrow().status());
        for (final MockFlowFile flowFile : reports) {
            final JsonNode report = MailchimpSandbox.JSON.readTree(flowFile.toByteArray());
            assertEquals(2, report.path("records").path("settled").asInt(), report.toPrettyString());
            assertEquals(1, report.path("records").path("settled_in_this_audience").asInt());
            assertEquals(1, report.path("orphans").path("archived").asInt());
        }
    }
}
