package io.mlconnector.demo;

import org.apache.nifi.util.MockFlowFile;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What FlowRunner does in place of NiFi's framework: connection-level retry, funnels, queues that lead nowhere. */
class FlowRunnerTest {

    @Test
    void retriedRelationshipReprocessesTheInputUpToRetryCountThenRoutesIt() throws IOException {
        TestProcessors.FlakyUpsert.ATTEMPTS.clear();
        final FlowDefinition flow;
        try (InputStream in = getClass().getResourceAsStream("/flows/retry-flow.json")) {
            flow = FlowDefinition.read(in);
        }
        final List<FlowRunner.Step> steps = new ArrayList<>();
        try (FlowRunner runner = FlowRunner.create(flow, ComponentCatalog.fromClasspath(), Map.of(), steps::add)) {
            final FlowRunner.RunResult result = runner.runOnce();

            assertEquals(List.of(), result.errors());
            // retryCount 2: "1" succeeds on its second attempt; "9" is tried three times, then routed to retry.
            assertEquals(Map.of("0", 1, "1", 2, "9", 3, "x", 1), TestProcessors.FlakyUpsert.ATTEMPTS);
            assertEquals(3, steps.stream().filter(FlowRunner.Step::retried).count());
            assertEquals(Set.of("0", "1"), contents(result.outputs("Flaky", "success")));
            assertEquals(Set.of("9"), contents(result.outputs("Flaky", "retry")), "outputs of retried attempts are discarded");
            final Map<String, List<FlowRunner.Queued>> queued = runner.queued();
            assertEquals(Set.of("Failed — review"), queued.keySet());
            assertEquals(Set.of("9", "x"), queued.get("Failed — review").stream()
                    .map(q -> new String(q.content(), StandardCharsets.UTF_8)).collect(Collectors.toSet()));
        }
    }

    private static Set<String> contents(final List<MockFlowFile> flowFiles) {
        return flowFiles.stream().map(f -> new String(f.toByteArray(), StandardCharsets.UTF_8)).collect(Collectors.toSet());
    }
}
