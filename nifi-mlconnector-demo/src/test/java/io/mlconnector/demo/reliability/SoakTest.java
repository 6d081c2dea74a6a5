package io.mlconnector.demo.reliability;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlconnector.sandbox.service.AudienceCheck;
import io.mlconnector.demo.ComponentCatalog;
import io.mlconnector.demo.FlowDefinition;
import io.mlconnector.demo.FlowRunner;
import io.mlconnector.demo.Sandbox;
import io.mlconnector.sandbox.core.Fault;
import io.mlconnector.sandbox.core.Faults;
import io.mlconnector.sandbox.report.ReliabilityReport;
import org.apache.nifi.util.MockFlowFile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The soak (bin/soak, never in the build): {@code -Dsoak.records} employees (1,000,000 by default) through the shipped
 * flow as shipped, with 1 % of Mailchimp calls failing (429, 503, connection reset), in a JVM whose heap bin/soak
 * bounds (SOAK_HEAP: the final check holds all rows and contacts at once, about 3 GB for a million); then the review queues are replayed and both audiences must match PeopleSoft. The result goes to
 * docs/reliability.md.
 */
@Tag("soak")
class SoakTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void recordsThroughTheFlowWithOnePercentFaultsEndInParity() throws Exception {
        final int employees = Integer.getInteger("soak.records", 1_000_000);
        final int customers = 1_000;
        final FlowDefinition flow = FlowDefinition.shipped();
        final Map<String, Long> actions = new ConcurrentHashMap<>();
        final AtomicLong faults = new AtomicLong();
        final HeapWatch heap = new HeapWatch();
        final Instant started = Instant.now();
        try (Sandbox sandbox = Sandbox.start(employees, customers, 41);
             FlowRunner runner = FlowRunner.create(flow, ComponentCatalog.fromClasspath(), sandbox.parameterBindings(),
                     step -> countActions(step, actions)).discardingOutputs()) {
            final Faults mailchimp = sandbox.mailchimp().faults();
            mailchimp.failWithProbability(0.004, Fault.status(429, "application/problem+json", "{\"title\":\"Too Many Requests\",\"status\":429}"), 1)
                    .failWithProbability(0.003, Fault.status(503, "text/html", "<html>unavailable</html>"), 2)
                    .failWithProbability(0.003, Fault.connectionReset(), 3)
                    .observe((request, status) -> {
                        if (status == 429 || status == 503 || status == 0) {
                            faults.incrementAndGet();
                        }
                    });
            runner.runOnce();
            mailchimp.clear();
            final int review = runner.queued().values().stream().mapToInt(List::size).sum();
            runner.queued().keySet().forEach(queue -> runner.replay(queue, FlowUnderFaults.putFor(queue)));
            runner.runOnce();
            final Duration took = Duration.between(started, Instant.now());
            heap.stop(); // the check below holds every row and contact at once: it is not the flow's footprint
            final List<AudienceCheck.Result> parity = sandbox.checkAudiences(flow);
            final boolean converged = parity.stream().allMatch(AudienceCheck.Result::matches) && runner.queued().isEmpty();
            ReliabilityReport.writeSection("soak", String.format(
                    "Last run of `bin/soak` (%s): %,d employees and %,d customers through the shipped flow as shipped (Batch Size 500,"
                            + " 5,000 records per FlowFile, 10 connections), %,d Mailchimp calls failed (1 %% drawn: 429, 503,"
                            + " connection reset), %,d FlowFiles on review replayed; actions %s; %s; sync and replay in %d s; heap at"
                            + " most %,d MB used during them, of %,d MB (-Xmx; shared by the flow, both simulators holding every"
                            + " contact, and the test harness; the final check, which holds every row and contact at once, needs more)."
                            + " Parity after the replay: **%s**.",
                    java.time.LocalDate.now(), employees, customers, faults.get(), review, new java.util.TreeMap<>(actions),
                    parity, took.toSeconds(), heap.maxUsed() >> 20, Runtime.getRuntime().maxMemory() >> 20, converged ? "yes" : "no"));
            assertEquals(List.of(), parity.stream().filter(r -> !r.matches()).map(Object::toString).toList());
            assertTrue(runner.queued().isEmpty(), () -> "still queued: " + runner.queued().keySet());
        }
    }

    /** Counts the actions of the records each Put invocation settled, streaming (the runner keeps no outputs). */
    private static void countActions(final FlowRunner.Step step, final Map<String, Long> actions) {
        if (!step.processor().startsWith("Put ")) {
            return;
        }
        for (final String relationship : List.of("success", "failure")) {
            for (final MockFlowFile flowFile : step.outputs().getOrDefault(relationship, List.of())) {
                try (JsonParser parser = JSON.getFactory().createParser(flowFile.toByteArray())) {
                    for (JsonToken token; (token = parser.nextToken()) != null; ) {
                        if (token == JsonToken.FIELD_NAME && "mailchimp_action".equals(parser.currentName())) {
                            parser.nextToken();
                            actions.merge(parser.getText(), 1L, Long::sum);
                        }
                    }
                } catch (final IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    /** Samples the used heap every 100 ms. */
    private static final class HeapWatch {
        private final AtomicLong max = new AtomicLong();
        private final Thread thread = Thread.ofPlatform().daemon().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                final Runtime runtime = Runtime.getRuntime();
                max.accumulateAndGet(runtime.totalMemory() - runtime.freeMemory(), Math::max);
                try {
                    Thread.sleep(100);
                } catch (final InterruptedException e) {
                    return;
                }
            }
        });

        long maxUsed() {
            return max.get();
        }

        void stop() {
            thread.interrupt();
        }
    }
}
