package io.mlconnector.nifi.mailchimp;

import io.mlconnector.nifi.mailchimp.contact.TerminationAction;
import io.mlconnector.sandbox.core.Fault;
import io.mlconnector.sandbox.mailchimp.MailchimpSimulator;
import io.mlconnector.sandbox.mailchimp.Member;
import io.mlconnector.sandbox.mailchimp.RequestHold;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.provenance.ProvenanceEventRecord;
import org.apache.nifi.provenance.ProvenanceEventType;
import org.apache.nifi.util.MockComponentLog;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.MockProcessContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static io.mlconnector.nifi.mailchimp.MailchimpSandbox.employee;
import static io.mlconnector.nifi.mailchimp.PutMailchimpContact.REL_FAILURE;
import static io.mlconnector.nifi.mailchimp.PutMailchimpContact.REL_RETRY;
import static io.mlconnector.nifi.mailchimp.PutMailchimpContact.REL_SUCCESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Batching, duplicates, invalid records, partial failures, throttling, replays, merge fields and verification. */
@Timeout(120)
class PutMailchimpContactTest {

    private MailchimpSandbox sandbox;

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private static List<Map<String, Object>> newEmployees(final int count) {
        return IntStream.range(0, count).mapToObj(i -> employee("E" + i, "person" + i + "@example.com", "A")).toList();
    }

    @Test
    void tenThousandNewContactsGoInBatchCalls() {
        sandbox = new MailchimpSandbox();

        sandbox.sync(newEmployees(10_000));

        sandbox.runner.assertAllFlowFilesTransferred(REL_SUCCESS, 1);
        final MockFlowFile success = sandbox.runner.getFlowFilesForRelationship(REL_SUCCESS).getFirst();
        success.assertAttributeEquals("record.count", "10000");
        success.assertAttributeEquals("mailchimp.created.count", "10000");
        success.assertAttributeEquals("mailchimp.failed.count", "0");
        success.assertAttributeEquals("mailchimp.audience.id", sandbox.audienceId);
        assertEquals(10_000, sandbox.audience().members().size());
        assertEquals(20, sandbox.batchCalls());
        assertEquals(0, sandbox.requests(e -> e.path().contains("/members") && !e.method().equals("GET")));

        final String audienceUri = sandbox.simulator.baseUrl() + "/lists/" + sandbox.audienceId;
        final List<ProvenanceEventRecord> sends = sandbox.runner.getProvenanceEvents().stream()
                .filter(e -> e.getEventType() == ProvenanceEventType.SEND).toList();
        final ProvenanceEventRecord summary = sends.stream().filter(e -> e.getTransitUri().equals(audienceUri)).findFirst().orElseThrow();
        assertEquals("created=10000, updated=0, unchanged=0, unsubscribed=0, archived=0, skipped=0, failed=0, throttled=0, retries=0",
                summary.getDetails());
        assertEquals(10_001, sends.size(), "one SEND per contact created, and the FlowFile's summary");
    }

    @Test
    void duplicatesWithinAFlowFileAreCollapsedLastWinsPerPerson() {
        sandbox = new MailchimpSandbox();
        final Map<String, Object> first = employee("E1", "a@example.com", "A");
        final Map<String, Object> second = employee("E1", "a@example.com", "A");
        second.put("FIRST_NAME", "Second");
        final Map<String, Object> sameAddressOtherCase = employee("E3", "B@Example.com", "A");

        sandbox.sync(List.of(first, employee("E2", "b@example.com", "A"), second, sameAddressOtherCase));

        final List<Map<String, Object>> audit = sandbox.audit(REL_SUCCESS);
        assertEquals(List.of("skipped", "created", "created"), audit.stream().map(r -> r.get("mailchimp_action")).toList());
        assertTrue(String.valueOf(audit.getFirst().get("mailchimp_reason")).startsWith("Superseded by another record"));
        assertEquals("Second", sandbox.audience().member("a@example.com").orElseThrow().mergeFields().get("FNAME"));
        // Another person's record at the same address does not supersede the holder's: it meets the contact of E2.
        assertEquals("E2", sandbox.audience().member("b@example.com").orElseThrow().mergeFields().get("EMPLID"));
        assertTrue(String.valueOf(sandbox.audit(REL_FAILURE).getFirst().get("mailchimp_reason"))
                .startsWith("The address belongs to the contact with source ID E2; this person is noted there as sharing it"));
        assertEquals(2, sandbox.audience().members().size());
        sandbox.runner.getFlowFilesForRelationship(REL_SUCCESS).getFirst().assertAttributeEquals("mailchimp.skipped.count", "1");
    }

    @Test
    void missingAndMalformedEmailsFailWithoutACall() {
        sandbox = new MailchimpSandbox();
        final Map<String, Object> missing = employee("E4", null, "A");
        missing.remove("EMAIL_ADDR");

        sandbox.sync(List.of(employee("E1", "ok@example.com", "A"), employee("E2", "not-an-email", "A"),
                employee("E3", "  ", "A"), missing));

        final List<Map<String, Object>> failed = sandbox.audit(REL_FAILURE);
        assertEquals(List.of("E2", "E3", "E4"), failed.stream().map(r -> r.get("mailchimp_source_id")).toList());
        assertTrue(failed.stream().allMatch(r -> "failed".equals(r.get("mailchimp_action"))));
        assertTrue(String.valueOf(failed.get(0).get("mailchimp_reason")).startsWith("Malformed email address"));
        assertTrue(String.valueOf(failed.get(1).get("mailchimp_reason")).startsWith("Missing email address"));
        assertTrue(String.valueOf(failed.get(2).get("mailchimp_reason")).startsWith("Missing email address"));
        sandbox.runner.getFlowFilesForRelationship(REL_FAILURE).getFirst().assertAttributeEquals("mailchimp.failed.count", "3");
        assertEquals(List.of("created"), sandbox.audit(REL_SUCCESS).stream().map(r -> r.get("mailchimp_action")).toList());
        assertEquals(0, sandbox.requests(e -> e.body() != null && e.body().contains("not-an-email")));
    }

    @Test
    void partialBatchFailureRoutesExactlyTheFailedRecords() {
        sandbox = new MailchimpSandbox();
        sandbox.simulator.settings().fakeEmailDomains(Set.of("fake.test"));
        final List<Map<String, Object>> records = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            records.add(employee("E" + i, "person" + i + (i % 7 == 3 ? "@fake.test" : "@example.com"), "A"));
        }

        sandbox.sync(records);

        assertEquals(1, sandbox.batchCalls());
        final List<Map<String, Object>> failed = sandbox.audit(REL_FAILURE);
        assertEquals(List.of("E3", "E10", "E17"), failed.stream().map(r -> r.get("EMPLID")).toList());
        assertTrue(String.valueOf(failed.getFirst().get("mailchimp_reason")).contains("looks fake or invalid"));
        assertEquals(17, sandbox.audit(REL_SUCCESS).size());
        assertEquals(17, sandbox.audience().members().size());
    }

    @Test
    void replayingAFlowFileChangesNothing() {
        sandbox = new MailchimpSandbox();
        sandbox.runner.setProperty(PutMailchimpContact.TERMINATION_ACTION, TerminationAction.ARCHIVE.getValue());
        sandbox.sync(List.of(employee("E1", "one@example.com", "A"), employee("E2", "two@example.com", "A"),
                employee("E3", "three@example.com", "A")));
        final List<Map<String, Object>> changes = List.of(employee("E1", "one@example.com", "I"),
                employee("E2", "two.new@example.com", "A"), employee("E4", "four@example.com", "A"),
                employee("E5", "five@example.com", "I"));
        sandbox.sync(changes);
        final List<String> before = snapshot();
        final byte[] audit = sandbox.runner.getFlowFilesForRelationship(REL_SUCCESS).getFirst().toByteArray();

        sandbox.sync(changes);
        sandbox.sync(changes);
        sandbox.runner.clearTransferState();
        sandbox.runner.enqueue(audit);
        sandbox.runner.run();

        assertEquals(before, snapshot());
        assertEquals(List.of("skipped", "unchanged", "unchanged", "skipped"),
                sandbox.audit(REL_SUCCESS).stream().map(r -> r.get("mailchimp_action")).toList());
    }

    private List<String> snapshot() {
        return sandbox.audience().members().stream()
                .sorted(Comparator.comparing(Member::email))
                .map(m -> m.email() + " " + m.status() + " " + new java.util.TreeMap<>(m.mergeFields()))
                .toList();
    }

    @Test
    void throttlingStormAtTheConnectionGateLosesNoRecord() throws Exception {
        sandbox = new MailchimpSandbox(MailchimpSimulator.builder().maxConnections(10), 10, 1);
        sandbox.runner.setProperty(PutMailchimpContact.BATCH_SIZE, "20");
        final List<Map<String, Object>> records = newEmployees(1_200);
        // Another integration sharing the key holds all 10 of Mailchimp's connections while the processor runs.
        final RequestHold hold = sandbox.simulator.holdRequests();
        final HttpClient other = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        final HttpRequest ping = HttpRequest.newBuilder(URI.create(sandbox.simulator.baseUrl() + "/ping"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("other:" + sandbox.simulator.apiKey()).getBytes()))
                .build();
        final List<CompletableFuture<HttpResponse<Void>>> held = IntStream.range(0, 10)
                .mapToObj(i -> other.sendAsync(ping, HttpResponse.BodyHandlers.discarding())).toList();
        hold.awaitHeld(10);

        sandbox.sync(records);
        hold.release();
        for (final CompletableFuture<HttpResponse<Void>> request : held) {
            assertEquals(200, request.get().statusCode());
        }

        assertTrue(sandbox.requests(e -> e.status() == 429) >= 2, "the first call and its retry were throttled");
        sandbox.runner.assertAllFlowFilesTransferred(REL_RETRY, 1);
        final MockFlowFile retry = sandbox.runner.getFlowFilesForRelationship(REL_RETRY).getFirst();
        assertTrue(retry.isPenalized());
        retry.assertAttributeEquals("mailchimp.failed.count", String.valueOf(records.size()));
        assertTrue(sandbox.audit(REL_RETRY).stream().allMatch(r -> "failed".equals(r.get("mailchimp_action"))
                && String.valueOf(r.get("mailchimp_reason")).contains("still unavailable after retries")));

        // Once the storm is over, the retry FlowFile completes the audience.
        sandbox.sync(sandbox.audit(REL_RETRY));
        sandbox.runner.assertAllFlowFilesTransferred(REL_SUCCESS, 1);
        assertEquals(records.size(), sandbox.audience().members().size());
    }

    @Test
    void batchStillThrottledAfterRetriesGoesToRetryAlone() {
        // One request at a time, so the requests come in a known order: 5 to prepare the audience (archived members
        // included), then the batches.
        sandbox = new MailchimpSandbox(MailchimpSimulator.builder(), 1, 1);
        sandbox.runner.setProperty(PutMailchimpContact.BATCH_SIZE, "20");
        final List<Map<String, Object>> records = newEmployees(100);
        sandbox.simulator.faults().failNth(8, Fault.status(429, "application/problem+json", "{\"title\":\"Too Many Requests\"}"))
                .failNth(9, Fault.status(429, "application/problem+json", "{\"title\":\"Too Many Requests\"}"));

        sandbox.sync(records);

        assertEquals(List.of("E40", "E41", "E42", "E43", "E44", "E45", "E46", "E47", "E48", "E49", "E50", "E51", "E52",
                        "E53", "E54", "E55", "E56", "E57", "E58", "E59"),
                sandbox.audit(REL_RETRY).stream().map(r -> r.get("EMPLID")).toList());
        assertEquals(80, sandbox.audit(REL_SUCCESS).size());
        assertTrue(sandbox.runner.getFlowFilesForRelationship(REL_FAILURE).isEmpty());
        assertEquals(80, sandbox.audience().members().size());
    }

    @Test
    void audienceUnavailableSendsEveryRecordToRetry() {
        sandbox = new MailchimpSandbox(MailchimpSimulator.builder(), 10, 0);
        sandbox.simulator.faults().failWithProbability(1.0, Fault.status(503, "text/html", "<html>down</html>"), 1);

        sandbox.sync(newEmployees(3));

        sandbox.runner.assertAllFlowFilesTransferred(REL_RETRY, 1);
        assertTrue(sandbox.runner.getFlowFilesForRelationship(REL_RETRY).getFirst().isPenalized());
        assertEquals(3, sandbox.audit(REL_RETRY).size());
        assertTrue(((MockProcessContext) sandbox.runner.getProcessContext()).isYieldCalled());
    }

    @Test
    void missingMergeFieldsAreCreatedOnce() {
        sandbox = new MailchimpSandbox();
        sandbox.runner.setProperty("DEPT", "/DESCR");
        final Map<String, Object> record = employee("E1", "pat@example.com", "A");
        record.put("DESCR", "Finance");

        sandbox.sync(List.of(record));
        sandbox.sync(List.of(record));

        assertEquals(3, sandbox.requests(e -> e.method().equals("POST") && e.path().endsWith("/merge-fields")));
        assertTrue(sandbox.audience().mergeFields().stream().anyMatch(f -> f.tag().equals("DEPT") && f.type().equals("text")));
        assertEquals("Finance", sandbox.audience().member("pat@example.com").orElseThrow().mergeFields().get("DEPT"));
    }

    @Test
    void mergeFieldCreatedConcurrentlyElsewhereIsUsed() {
        sandbox = new MailchimpSandbox();
        // Another cluster node created EMPLID just after this one read the fields: it reads the list without it.
        sandbox.audience().addMergeField("EMPLID", "text", false);
        sandbox.simulator.faults().failNth(1, Fault.status(200, "application/json", "{\"merge_fields\":["
                + "{\"tag\":\"FNAME\",\"type\":\"text\",\"required\":false},"
                + "{\"tag\":\"LNAME\",\"type\":\"text\",\"required\":false}],\"total_items\":2}"));

        sandbox.sync(newEmployees(3));

        sandbox.runner.assertAllFlowFilesTransferred(REL_SUCCESS, 1);
        assertEquals(3, sandbox.audience().members().size());
        assertEquals(1, sandbox.requests(e -> e.method().equals("POST") && e.path().endsWith("/merge-fields") && e.status() == 400));
    }

    @Test
    void sourceIdsAreFoundAcrossMemberPages() {
        sandbox = new MailchimpSandbox();
        // Members can hold EMPLID values only once the audience has the field (the first pages are read meanwhile).
        sandbox.audience().addMergeField("EMPLID", "text", false);
        for (int i = 0; i < 2_500; i++) {
            sandbox.audience().seedMember("person" + i + "@example.com", "subscribed", Map.of("EMPLID", "E" + i));
        }

        sandbox.sync(List.of(employee("E7", "seven@example.com", "A"), employee("E2499", "last@example.com", "A")));

        assertEquals(3, sandbox.requests(e -> e.method().equals("GET") && e.path().endsWith("/members") && !e.query().contains("status=")));
        assertEquals(1, sandbox.requests(e -> e.method().equals("GET") && e.path().endsWith("/members")
                && e.query().contains("status=archived")), "the archived members, once");
        assertEquals(List.of("updated", "updated"), sandbox.audit(REL_SUCCESS).stream().map(r -> r.get("mailchimp_action")).toList());
        assertEquals("E7", sandbox.audience().member("seven@example.com").orElseThrow().mergeFields().get("EMPLID"));
        assertTrue(sandbox.audience().member("person7@example.com").isEmpty());
        assertTrue(sandbox.audience().member("person2499@example.com").isEmpty());
        assertEquals(2_500, sandbox.audience().members().size());
    }

    @Test
    void mergeTagsAreValidated() {
        sandbox = new MailchimpSandbox();
        sandbox.runner.setProperty("DEPARTMENT_NAME", "/DESCR");
        sandbox.runner.assertNotValid();
        sandbox.runner.removeProperty("DEPARTMENT_NAME");
        sandbox.runner.setProperty("DEPT", "not a [record path");
        sandbox.runner.assertNotValid();
        sandbox.runner.removeProperty("DEPT");
        sandbox.runner.setProperty(PutMailchimpContact.SOURCE_VERSION_MERGE_FIELD, "FNAME");
        sandbox.runner.assertNotValid();
        sandbox.runner.setProperty(PutMailchimpContact.SOURCE_VERSION_MERGE_FIELD, "EMPLID");
        sandbox.runner.assertNotValid();
        sandbox.runner.setProperty(PutMailchimpContact.SOURCE_VERSION_MERGE_FIELD, "PSVERSION");
        sandbox.runner.assertValid();
    }

    @Test
    void newContactsGetTheTags() {
        sandbox = new MailchimpSandbox();
        sandbox.runner.setProperty(PutMailchimpContact.TAGS, "Employee, ${source}");
        sandbox.audience().seedMember("old@example.com", "subscribed", Map.of());
        sandbox.runner.enqueue(("[" + MailchimpSandbox.JSON.valueToTree(employee("E1", "new@example.com", "A")) + ","
                + MailchimpSandbox.JSON.valueToTree(employee("E2", "old@example.com", "A")) + "]").getBytes(java.nio.charset.StandardCharsets.UTF_8),
                Map.of("source", "PeopleSoft"));
        sandbox.runner.run();

        assertEquals(Set.of("Employee", "PeopleSoft"), Set.copyOf(sandbox.audience().member("new@example.com").orElseThrow().tags()));
        assertTrue(sandbox.audience().member("old@example.com").orElseThrow().tags().isEmpty());
    }

    @Test
    void requiredUnmappedMergeFieldFailsEveryRecordClearly() {
        sandbox = new MailchimpSandbox();
        sandbox.audience().addMergeField("BIRTHDAY", "text", true);

        sandbox.sync(newEmployees(2));

        sandbox.runner.assertAllFlowFilesTransferred(REL_FAILURE, 1);
        final List<Map<String, Object>> failed = sandbox.audit(REL_FAILURE);
        assertEquals(2, failed.size());
        assertTrue(String.valueOf(failed.getFirst().get("mailchimp_reason")).contains("requires merge field(s) BIRTHDAY"));
        assertEquals(0, sandbox.batchCalls());
    }

    @Test
    void mergeFieldLimitFailsEveryRecordClearly() {
        sandbox = new MailchimpSandbox();
        sandbox.audience().setMergeFieldLimit(sandbox.audience().mergeFields().size());

        sandbox.sync(newEmployees(2));

        final List<Map<String, Object>> failed = sandbox.audit(REL_FAILURE);
        assertEquals(2, failed.size());
        assertTrue(String.valueOf(failed.getFirst().get("mailchimp_reason")).contains("Merge field EMPLID cannot be created"));
    }

    @Test
    void errorsEchoingTheKeyNeverShowItInRecordsAttributesOrLogs() {
        sandbox = new MailchimpSandbox();
        final String key = sandbox.simulator.apiKey();
        final String credentials = Base64.getEncoder().encodeToString(("mlconnector:" + key).getBytes());
        // A gateway that answers with the request's Authorization header: first the audience check, then a batch.
        final Fault echo = Fault.status(400, "application/problem+json", "{\"title\":\"Bad Request\",\"detail\":\"Authorization: Basic "
                + credentials + " (key " + key + ")\",\"errors\":[{\"field\":\"" + key + "\",\"message\":\"" + credentials + "\"}]}");
        sandbox.simulator.faults().failNth(1, echo);
        sandbox.sync(newEmployees(2));
        final List<MockFlowFile> outputs = new ArrayList<>(sandbox.runner.getFlowFilesForRelationship(REL_FAILURE));
        sandbox.simulator.faults().failNth(5, echo);
        sandbox.sync(newEmployees(2));
        outputs.addAll(sandbox.runner.getFlowFilesForRelationship(REL_FAILURE));

        assertEquals(2, outputs.size());
        final List<String> seen = new ArrayList<>();
        outputs.forEach(flowFile -> {
            seen.add(flowFile.getContent());
            seen.add(flowFile.getAttributes().toString());
        });
        assertTrue(seen.getFirst().contains("Authorization: Basic ****"), seen.getFirst());
        final MockComponentLog log = sandbox.runner.getLogger();
        Stream.of(log.getDebugMessages(), log.getInfoMessages(), log.getWarnMessages(), log.getErrorMessages())
                .flatMap(List::stream)
                .forEach(message -> seen.add(message.getMsg() + Arrays.toString(message.getArgs())));
        assertFalse(log.getErrorMessages().isEmpty(), "the audience check failure is logged");
        sandbox.runner.getProvenanceEvents().forEach(event -> seen.add(String.valueOf(event.getDetails())));
        for (final String text : seen) {
            assertFalse(text.contains(key) || text.contains(credentials), text);
        }
    }

    @Test
    void verificationChecksAudienceAndMergeFields() {
        sandbox = new MailchimpSandbox();
        sandbox.runner.setProperty("DEPT", "/DESCR");
        final PutMailchimpContact processor = (PutMailchimpContact) sandbox.runner.getProcessor();

        List<ConfigVerificationResult> results = processor.verify(sandbox.runner.getProcessContext(), sandbox.runner.getLogger(), Map.of());
        assertEquals(List.of(ConfigVerificationResult.Outcome.SUCCESSFUL, ConfigVerificationResult.Outcome.SUCCESSFUL),
                results.stream().map(ConfigVerificationResult::getOutcome).toList());
        assertTrue(results.get(1).getExplanation().contains("DEPT, EMPLID, SRCVERSION will be created"),
                results.get(1).getExplanation());

        sandbox.runner.setProperty(PutMailchimpContact.AUDIENCE_ID, "${list}");
        results = processor.verify(sandbox.runner.getProcessContext(), sandbox.runner.getLogger(), Map.of("list", "0000000000"));
        assertEquals(ConfigVerificationResult.Outcome.FAILED, results.getFirst().getOutcome());
        assertEquals(ConfigVerificationResult.Outcome.SKIPPED, results.get(1).getOutcome());
        assertFalse(results.getFirst().getExplanation().contains(sandbox.simulator.apiKey()));
    }
}
