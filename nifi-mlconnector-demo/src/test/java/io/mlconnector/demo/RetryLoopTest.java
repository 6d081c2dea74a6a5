package io.mlconnector.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlconnector.sandbox.core.Fault;
import io.mlconnector.sandbox.core.JournalEntry;
import io.mlconnector.sandbox.peoplesoft.Employee;
import io.mlconnector.sandbox.peoplesoft.HrData;
import io.mlconnector.sandbox.service.PeopleSoftRows;
import org.apache.nifi.provenance.ProvenanceEventType;
import org.apache.nifi.util.MockFlowFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped flow's retry loop (PutMailchimpContact retry -> RetryFlowFile -> back) when Mailchimp throttles beyond
 * the connection service's retries: every attempt keeps the records it settled, with their audit and SEND event; only
 * the throttled records go round; after Mailchimp Retries Before Review rounds they wait in the review queue.
 * Deterministic: one request at a time (so the Nth request is a known one) and no service-level retries (so a 429
 * is final for its attempt at once, with no backoff).
 */
class RetryLoopTest {

    private static final String PUT = "Put Employees into Mailchimp";
    private static final String LOOP = "Retry Throttled Employee Records";
    private static final String GAVE_UP = "Employee records still throttled after the retries — review and replay";
    private static final Fault THROTTLED = Fault.status(429, "application/problem+json", "{\"title\":\"Too Many Requests\"}");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    @Timeout(120)
    void throttledRecordsGoRoundTheLoopWhileSettledOnesKeepTheirAudit() throws IOException, InterruptedException {
        final FlowDefinition flow = FlowDefinition.shipped();
        flow.controllerServices().values().stream().filter(s -> s.getName().equals("Mailchimp")).findFirst().orElseThrow()
                .getProperties().put("Max Retries", "0");
        flow.processorNamed(PUT).getProperties().put("Batch Size", "20");
        try (Sandbox sandbox = Sandbox.start(100, 5, 7)) {
            final Map<String, String> bindings = new LinkedHashMap<>(sandbox.parameterBindings());
            bindings.put("Mailchimp Max Concurrent Requests", "1");
            try (FlowRunner runner = FlowRunner.create(flow, ComponentCatalog.fromClasspath(), bindings, step -> { })) {
                // The second batch call is throttled (found by path: the audience is prepared with concurrent requests).
                final String batchPath = "/3.0/lists/" + sandbox.employeeAudience();
                sandbox.mailchimp().faults().failNthMatching(2, r -> r.method().equals("POST") && r.path().equals(batchPath), THROTTLED);
                final FlowRunner.RunResult first = runner.runOnce();

                assertEquals(List.of(), first.errors());
                final List<JournalEntry> throttled = sandbox.mailchimp().journal().entries().stream().filter(e -> e.status() == 429).toList();
                assertEquals(1, throttled.size());
                assertEquals("POST /3.0/lists/" + sandbox.employeeAudience(), throttled.getFirst().method() + " " + throttled.getFirst().path());

                final int rows = PeopleSoftRows.employees(sandbox.peopleSoft().hr()).size();
                final List<FlowRunner.Step> puts = steps(first, PUT);
                assertEquals(2, puts.size(), "the first attempt, then the throttled batch once more");
                final List<JsonNode> retried = records(puts.get(0).outputs().get("retry"));
                assertEquals(JSON.readTree(throttled.getFirst().body()).path("members").size(), retried.size(),
                        "exactly the throttled batch's records");
                assertEquals(rows - retried.size(), records(puts.get(0).outputs().get("success")).size(), "settled in the first attempt");
                assertTrue(records(puts.get(0).outputs().get("success")).stream().noneMatch(r -> action(r).equals("failed")));
                assertTrue(retried.stream().allMatch(r -> action(r).equals("failed") && reason(r).contains("still unavailable")));
                assertEquals(List.of("1"), first.outputs(LOOP, "retry").stream().map(f -> f.getAttribute("mailchimp.retries")).toList());
                assertTrue(first.outputs(LOOP, "retry").getFirst().isPenalized(), "Penalize Retries");
                assertEquals(emplids(retried), emplids(records(puts.get(1).outputs().get("success"))),
                        "exactly the throttled records are sent again, and settle");
                assertTrue(records(puts.get(1).outputs().get("success")).stream().noneMatch(r -> action(r).equals("failed")));
                assertEquals(3, first.provenance().get(PUT).stream().filter(e -> e.getEventType() == ProvenanceEventType.SEND)
                                .filter(e -> !e.getTransitUri().contains("/members/")).count(),
                        "a summary SEND per output of each attempt: success and retry of the first, success of the second");
                assertEquals(rows + retried.size(), first.provenance().get(PUT).stream().filter(e -> e.getTransitUri() != null
                        && e.getTransitUri().contains("/members/")).count(), "an event per record of each attempt");
                assertEquals(Map.of(), runner.queued());
                sandbox.checkAudiences(flow).forEach(r -> assertTrue(r.matches(), r::toString));
                final SyncReport report = report(flow, first);
                assertEquals(rows, report.read());
                assertEquals(rows, report.written(), "each record counted once, where it settled");
                assertEquals(0, report.count("failed"));
                assertEquals(retried.size(), report.retried());
                assertEquals(rows + retried.size(), report.audit().size(), "every attempt's audit records");

                // Mailchimp throttles everything: the changed record goes round the loop 5 times, then waits for review.
                final HrData hr = sandbox.peopleSoft().hr();
                final Employee employee = hr.employeeStream().filter(Employee::isActive).findFirst().orElseThrow();
                hr.changeEmail(employee.emplid(), "moved." + employee.email());
                Sandbox.letChangesSettle();
                sandbox.mailchimp().faults().failWithProbability(1.0, THROTTLED, 1);
                final FlowRunner.RunResult second;
                try {
                    second = runner.runOnce();
                } finally {
                    sandbox.mailchimp().faults().clear();
                }

                assertEquals(List.of(), second.errors());
                assertEquals(6, steps(second, PUT).size(), "the attempt and 5 retries");
                steps(second, PUT).forEach(step -> assertEquals(List.of("retry"), List.copyOf(step.outputs().keySet())));
                assertEquals(IntStream.rangeClosed(1, 5).mapToObj(String::valueOf).toList(),
                        second.outputs(LOOP, "retry").stream().map(f -> f.getAttribute("mailchimp.retries")).toList());
                assertEquals(1, second.outputs(LOOP, "retries_exceeded").size());
                final Map<String, List<FlowRunner.Queued>> queued = runner.queued();
                assertEquals(List.of(GAVE_UP), List.copyOf(queued.keySet()));
                assertEquals(1, queued.get(GAVE_UP).size());
                final FlowRunner.Queued waiting = queued.get(GAVE_UP).getFirst();
                assertFalse(waiting.attributes().containsKey("mailchimp.retries"), "a replay starts a fresh count");
                final JsonNode record = JSON.readTree(waiting.content()).get(0);
                assertEquals(employee.emplid(), record.path("EMPLID").asText());
                assertEquals("failed", action(record));
                assertTrue(reason(record).contains("still unavailable"), record::toString);
                final SyncReport gaveUp = report(flow, second);
                assertEquals(1, gaveUp.read());
                assertEquals(1, gaveUp.count("failed"));
                assertEquals(6, gaveUp.retried());
                assertTrue(sandbox.mailchimp().audience(sandbox.employeeAudience()).member(employee.email()).isPresent(),
                        "the contact keeps its last good state");
            }
        }
    }

    private static List<FlowRunner.Step> steps(final FlowRunner.RunResult result, final String processor) {
        return result.steps().stream().filter(s -> s.processor().equals(processor)).toList();
    }

    private static SyncReport report(final FlowDefinition flow, final FlowRunner.RunResult result) {
        return SyncReport.of(flow, result).stream().filter(r -> r.destination().equals(PUT)).findFirst().orElseThrow();
    }

    private static List<JsonNode> records(final List<MockFlowFile> flowFiles) {
        final List<JsonNode> records = new ArrayList<>();
        for (final MockFlowFile flowFile : flowFiles) {
            try {
                JSON.readTree(flowFile.toByteArray()).forEach(records::add);
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return records;
    }

    private static List<String> emplids(final List<JsonNode> records) {
        return records.stream().map(r -> r.path("EMPLID").asText()).sorted().toList();
    }

    private static String action(final JsonNode record) {
        return record.path("mailchimp_action").asText();
    }

    private static String reason(final JsonNode record) {
        return record.path("mailchimp_reason").asText();
    }
}
