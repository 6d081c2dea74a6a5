package io.mlconnector.nifi.peoplesoft;

import io.mlconnector.sandbox.core.Fault;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.provenance.ProvenanceEventRecord;
import org.apache.nifi.util.LogMessage;
import org.apache.nifi.util.MockComponentLog;
import org.apache.nifi.util.MockFlowFile;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs GetPeopleSoftRecords through success, server errors that echo the request, a refused password and verification
 * with a canary password, and checks that neither it nor its Basic form reaches the processor's or the service's
 * log messages (bulletins are made from them), FlowFile attributes, provenance (transit URI and details), state or
 * verification results.
 */
class GetPeopleSoftRecordsSecretsTest {

    private static final String PASSWORD = "Canary-Ps-Pw-4b7e19d2";
    private static final String BASIC = Base64.getEncoder().encodeToString(("PS:" + PASSWORD).getBytes(StandardCharsets.UTF_8));

    private final List<String> seen = new ArrayList<>();

    @Test
    void passwordNeverShows() throws Exception {
        try (PeopleSoftHarness harness = new PeopleSoftHarness(Instant.parse("2025-03-04T18:00:00Z"),
                builder -> builder.user("PS", PASSWORD).employees(20, 7))) {
            runAndSee(harness);
            verifyAndSee(harness);
            harness.clock.advance(Duration.ofHours(1));
            harness.simulator.hr().hire("Ada", "Lovelace", "ada@example.com");
            harness.clock.advance(Duration.ofMinutes(1));
            runAndSee(harness);

            harness.clock.advance(Duration.ofHours(1));
            harness.simulator.faults().failNth(1, Fault.status(500, "text/plain", "echo: Authorization: Basic " + BASIC + " " + PASSWORD));
            runAndSee(harness);
            harness.simulator.faults().failNth(1, Fault.status(502, "text/html", "<html>" + PASSWORD + "</html>"));
            runAndSee(harness);
            harness.simulator.faults().failNth(1, Fault.malformedBody());
            runAndSee(harness);
            harness.simulator.settings().changePassword("PS", "changed-elsewhere");
            runAndSee(harness);
            verifyAndSee(harness);

            seeLog(harness.runner.getLogger());
            seeLog(harness.runner.getControllerServiceLogger("peoplesoft"));
        }
        assertTrue(seen.stream().anyMatch(text -> text.contains("refused")), "the refused password was logged: " + seen);
        assertTrue(seen.stream().anyMatch(text -> text.contains("HTTP 500")), "the server error was logged");
        for (final String text : seen) {
            assertFalse(text.contains(PASSWORD) || text.contains(BASIC), () -> "secret leaked into: " + text.replace(PASSWORD, "<CANARY>"));
        }
    }

    private void runAndSee(final PeopleSoftHarness harness) throws Exception {
        harness.run();
        for (final MockFlowFile flowFile : harness.flowFiles()) {
            seen.add(flowFile.getAttributes().toString());
        }
        for (final ProvenanceEventRecord event : harness.runner.getProvenanceEvents()) {
            seen.add(event.getTransitUri() + " " + event.getDetails() + " " + event.getAttributes());
        }
        seen.add(harness.state().toString());
    }

    private void verifyAndSee(final PeopleSoftHarness harness) {
        final GetPeopleSoftRecords processor = (GetPeopleSoftRecords) harness.runner.getProcessor();
        for (final ConfigVerificationResult result : processor.verify(harness.runner.getProcessContext(), harness.runner.getLogger(), Map.of())) {
            seen.add(result.getVerificationStepName() + ": " + result.getOutcome() + ": " + result.getExplanation());
        }
    }

    private void seeLog(final MockComponentLog log) {
        Stream.of(log.getTraceMessages(), log.getDebugMessages(), log.getInfoMessages(), log.getWarnMessages(), log.getErrorMessages())
                .flatMap(List::stream)
                .map(GetPeopleSoftRecordsSecretsTest::render)
                .forEach(seen::add);
    }

    private static String render(final LogMessage message) {
        final StringBuilder text = new StringBuilder(message.getMsg()).append(' ').append(Arrays.deepToString(message.getArgs()));
        for (Throwable cause = message.getThrowable(); cause != null; cause = cause.getCause()) {
            text.append('\n').append(cause);
        }
        return text.toString();
    }
}
