package io.mlconnector.demo;

import org.apache.nifi.util.MockFlowFile;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What FlowRunner does in place of NiFi's framework: funnels, queues that lead nowhere, penalized and held FlowFiles. */
class FlowRunnerTest {

    @Test
    void retryLoopThroughRetryFlowFileRunsItsRoundsAndEndsWhereTheFlowBoundsIt() throws IOException {
        TestProcessors.FlakyUpsert.ATTEMPTS.clear();
        try (FlowRunner runner = runner("/flows/retry-flow.json")) {
            final FlowRunner.RunResult result = runner.runOnce();

            assertEquals(List.of(), result.errors());
            // Maximum Retries 2: "1" succeeds on its second attempt; "9" is tried three times, then given up on.
            assertEquals(Map.of("0", 1, "1", 2, "9", 3, "x", 1), TestProcessors.FlakyUpsert.ATTEMPTS);
            assertEquals(List.of("0", "1"), contents(result.outputs("Flaky", "success")).stream().sorted().toList());
            assertEquals(List.of("1", "9", "9", "9"), contents(result.outputs("Flaky", "retry")).stream().sorted().toList(),
                    "every attempt's outputs are kept");
            assertEquals(List.of("1", "2"), retries(result.outputs("Retry", "retry"), "9"), "the loop counts in flowfile.retries");
            final Map<String, List<FlowRunner.Queued>> queued = runner.queued();
            assertEquals(Set.of("Failed — review", "Retries exceeded — review"), queued.keySet());
            assertEquals(List.of("x"), contents(queued.get("Failed — review")));
            assertEquals(List.of("9"), contents(queued.get("Retries exceeded — review")));
        }
    }

    /** As NiFi does: a FlowFile the processor's FlowFileFilter rejects stays queued, in place, until a later trigger takes it. */
    @Test
    void aFlowFileHeldByTheProcessorsFilterStaysQueuedUntilItIsTaken() throws IOException {
        TestProcessors.HoldUntilReleased.RELEASED.set(false);
        TestProcessors.HoldUntilReleased.TAKEN.clear();
        try (FlowRunner runner = runner("/flows/hold-flow.json")) {
            final FlowRunner.RunResult first = runner.runOnce();

            assertEquals(List.of(), first.errors());
            assertEquals(List.of("a", "b"), TestProcessors.HoldUntilReleased.TAKEN, "the FlowFile after the held one is taken");
            assertEquals(List.of("held"), contents(runner.queued().get("Lines")));

            assertEquals(List.of(), runner.runOnce().errors());
            assertEquals(List.of("held", "held"), contents(runner.queued().get("Lines")), "the next run's line joins the one still held");

            TestProcessors.HoldUntilReleased.RELEASED.set(true);
            assertEquals(List.of(), runner.runOnce().errors());
            assertEquals(List.of("a", "b", "a", "b", "held", "held", "a", "held", "b"), TestProcessors.HoldUntilReleased.TAKEN,
                    "once released, in queue order: the held ones first");
            assertEquals(Map.of(), runner.queued());
        }
    }

    private FlowRunner runner(final String flowResource) throws IOException {
        try (InputStream in = getClass().getResourceAsStream(flowResource)) {
            return FlowRunner.create(FlowDefinition.read(in), ComponentCatalog.fromClasspath(), Map.of(), step -> { });
        }
    }

    private static List<String> retries(final List<MockFlowFile> flowFiles, final String content) {
        return flowFiles.stream().filter(f -> new String(f.toByteArray(), StandardCharsets.UTF_8).equals(content))
                .map(f -> f.getAttribute("flowfile.retries")).toList();
    }

    private static List<String> contents(final List<?> flowFiles) {
        return flowFiles.stream().map(f -> f instanceof MockFlowFile m ? m.toByteArray() : ((FlowRunner.Queued) f).content())
                .map(b -> new String(b, StandardCharsets.UTF_8)).collect(Collectors.toList());
    }
}
