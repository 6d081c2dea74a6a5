package io.mlconnector.nifi.mailchimp;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlconnector.sandbox.core.JournalEntry;
import io.mlconnector.sandbox.mailchimp.Audience;
import io.mlconnector.sandbox.mailchimp.MailchimpSimulator;
import io.mlconnector.sandbox.mailchimp.MailchimpSwitches;
import org.apache.nifi.json.JsonRecordSetWriter;
import org.apache.nifi.json.JsonTreeReader;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A PutMailchimpContact wired to a real StandardMailchimpConnectionService, JsonTreeReader and JsonRecordSetWriter,
 * pointed at a Mailchimp simulator on loopback with one audience.
 */
public final class MailchimpSandbox implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    public final MailchimpSimulator simulator;
    public final String audienceId;
    public final TestRunner runner;
    private boolean running;
    /** The system property naming the simulator switches every sandbox starts with. */
    static final String SWITCHES = "mailchimp.switches";

    MailchimpSandbox() {
        this(MailchimpSimulator.builder(), 10, 5);
    }

    /**
     * @param builder the simulator, set as the system property {@value #SWITCHES} says (comma-separated {@code name=value}
     *                switches): so the suites run under any setting of Mailchimp's open answers
     */
    public MailchimpSandbox(final MailchimpSimulator.Builder builder, final int maxConcurrentRequests, final int maxRetries) {
        simulator = builder.start();
        for (final String assignment : System.getProperty(SWITCHES, "").split(",")) {
            if (!assignment.isBlank()) {
                MailchimpSwitches.apply(simulator.settings(), assignment.strip());
            }
        }
        audienceId = simulator.createAudience("Employees");
        runner = putRunner(simulator, audienceId, new StandardMailchimpConnectionService(
                new RetryBackoff(Duration.ofMillis(5), Duration.ofMillis(50), Thread::sleep)), Map.of(
                "Max Concurrent Requests", String.valueOf(maxConcurrentRequests),
                "Max Retries", String.valueOf(maxRetries)));
    }

    /**
     * A PutMailchimpContact syncing FIRST_NAME and LAST_NAME to the audience through {@code service} (pointed at the
     * simulator, with these other properties), a JsonTreeReader and a JsonRecordSetWriter.
     */
    static TestRunner putRunner(final MailchimpSimulator simulator, final String audienceId, final StandardMailchimpConnectionService service,
                                final Map<String, String> serviceProperties) {
        final TestRunner runner = TestRunners.newTestRunner(PutMailchimpContact.class);
        try {
            final Map<String, String> properties = new HashMap<>(serviceProperties);
            properties.put("API Key", simulator.apiKey());
            properties.put("API Base URL", simulator.baseUrl());
            runner.addControllerService("mailchimp", service, properties);
            runner.enableControllerService(service);
            final JsonTreeReader reader = new JsonTreeReader();
            runner.addControllerService("reader", reader);
            runner.enableControllerService(reader);
            final JsonRecordSetWriter writer = new JsonRecordSetWriter();
            runner.addControllerService("writer", writer);
            runner.enableControllerService(writer);
        } catch (final InitializationException e) {
            throw new IllegalStateException(e);
        }
        runner.setProperty(PutMailchimpContact.MAILCHIMP_CONNECTION_SERVICE, "mailchimp");
        runner.setProperty(PutMailchimpContact.AUDIENCE_ID, audienceId);
        runner.setProperty(PutMailchimpContact.RECORD_READER, "reader");
        runner.setProperty(PutMailchimpContact.RECORD_WRITER, "writer");
        runner.setProperty("FNAME", "/FIRST_NAME");
        runner.setProperty("LNAME", "/LAST_NAME");
        return runner;
    }

    public Audience audience() {
        return simulator.audience(audienceId);
    }

    /** An employee record as GetPeopleSoftRecords emits it (the fields the sync reads). */
    static Map<String, Object> employee(final String emplid, final String email, final String hrStatus) {
        final Map<String, Object> record = new java.util.LinkedHashMap<>();
        record.put("EMPLID", emplid);
        record.put("FIRST_NAME", "First" + emplid);
        record.put("LAST_NAME", "Last" + emplid);
        record.put("EMAIL_ADDR", email);
        record.put("HR_STATUS", hrStatus);
        return record;
    }

    MockFlowFile enqueue(final List<Map<String, Object>> records) {
        try {
            return runner.enqueue(JSON.writeValueAsBytes(records));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Clears earlier results, enqueues the records as one JSON FlowFile and runs the processor once, then stops it. */
    void sync(final List<Map<String, Object>> records) {
        run(records, true);
    }

    /** As {@link #sync} but leaves the processor running, so the next run refreshes its member index, not rebuilds it. */
    void syncAndKeepRunning(final List<Map<String, Object>> records) {
        run(records, false);
    }

    private void run(final List<Map<String, Object>> records, final boolean stop) {
        runner.clearTransferState();
        enqueue(records);
        runner.run(1, stop, !running);
        running = !stop;
    }

    List<Map<String, Object>> audit(final Relationship relationship) {
        final List<Map<String, Object>> records = new ArrayList<>();
        for (final MockFlowFile flowFile : runner.getFlowFilesForRelationship(relationship)) {
            records.addAll(read(flowFile));
        }
        return records;
    }

    static List<Map<String, Object>> read(final MockFlowFile flowFile) {
        try {
            return JSON.readValue(flowFile.toByteArray(), new TypeReference<>() { });
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The audit record of the record with this source ID, in any route. */
    Map<String, Object> auditOf(final String emplid) {
        final List<Map<String, Object>> all = new ArrayList<>();
        all.addAll(audit(PutMailchimpContact.REL_SUCCESS));
        all.addAll(audit(PutMailchimpContact.REL_FAILURE));
        all.addAll(audit(PutMailchimpContact.REL_RETRY));
        return all.stream().filter(r -> emplid.equals(r.get("EMPLID"))).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no audit record for " + emplid));
    }

    String statusOf(final String email) {
        return audience().member(email).map(m -> m.status()).orElse(null);
    }

    long requests(final Predicate<JournalEntry> predicate) {
        return simulator.journal().count(predicate);
    }

    /** Batch subscribe calls: {@code POST /3.0/lists/{id}}. */
    long batchCalls() {
        return requests(e -> e.method().equals("POST") && e.path().endsWith("/lists/" + audienceId));
    }

    /** The enabled connection service the processor uses, for specs of the engine below the processor. */
    public MailchimpConnectionService service() {
        return (MailchimpConnectionService) runner.getControllerService("mailchimp");
    }

    @Override
    public void close() {
        runner.shutdown();
        simulator.close();
    }
}
