package io.mlconnector.demo.reliability;

import io.mlconnector.demo.Sandbox;
import io.mlconnector.sandbox.report.ReliabilityReport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Crash at every call: for the initial load and for an incremental run, the NiFi JVM dies right after HTTP call k
 * (k = 1 to the run's total, over PeopleSoft and Mailchimp), the call having taken effect; the flow restarts with
 * what NiFi keeps (queued FlowFiles, committed state), runs to quiet, and the invariant must hold, with parity after
 * replaying the review queues. Every k, not a sample. The counts are published in docs/reliability.md.
 */
class CrashAtEveryCallTest {

    private static final int EMPLOYEES = 24;
    private static final int CUSTOMERS = 4;
    private static final long SEED = 17;
    /** Long enough that a call the crash holds back stays blocked until the simulators close: a dead JVM sends nothing more. */
    private static final String READ_TIMEOUT = "10 min";
    private static final List<String> ROWS = new ArrayList<>();

    /** How a run is reached before the one that crashes. */
    @FunctionalInterface
    private interface Before {
        void apply(FlowUnderFaults flow) throws Exception;
    }

    @Test
    @Timeout(300)
    void initialLoad() throws Exception {
        crashAtEveryCall("initial load", flow -> { });
    }

    @Test
    @Timeout(300)
    void incrementalRun() throws Exception {
        crashAtEveryCall("incremental run (hire, email change, termination, rehire, new and inactivated customer)", flow -> {
            flow.runToQuiet();
            flow.sandbox.changes().applyRound();
            Sandbox.letChangesSettle();
        });
    }

    private static void crashAtEveryCall(final String run, final Before before) throws Exception {
        final int total = count(before);
        int crashed = 0;
        long leaks = 0;
        long duplicates = 0;
        long lost = 0;
        int converged = 0;
        for (int k = 1; k <= total; k++) {
            try (FlowUnderFaults flow = new FlowUnderFaults(Sandbox.start(EMPLOYEES, CUSTOMERS, SEED), Map.of(), READ_TIMEOUT)) {
                before.apply(flow);
                final CrashPoint crash = observe(flow, new CrashPoint(k));
                final boolean died = flow.runThroughCrash(crash);
                crashed += died ? 1 : 0;
                final FlowUnderFaults.Verdict verdict = flow.verdict();
                final int point = k;
                assertTrue(verdict.holds(), () -> run + ", crash at call " + point + " of " + total + ": " + verdict);
                flow.replayReviewQueues();
                assertTrue(flow.atParity(), () -> run + ", crash at call " + point + ": no parity after replay: "
                        + flow.sandbox.checkAudiences(flow.flow) + ", queued " + flow.runner.queued().keySet());
                converged++;
                leaks += flow.leaks();
                duplicates += verdict.duplicates();
                lost += verdict.lost();
            }
        }
        assertTrue(crashed >= total - 1, "nearly every crash point is reached (the last calls may differ with retries): " + crashed + " of " + total);
        synchronized (ROWS) {
            ROWS.add(String.format("| %s | %d | %d | %d | %d | %d | %d |", run, total, crashed, duplicates, lost, leaks, converged));
        }
    }

    /** The calls a clean run makes: the crash points. */
    private static int count(final Before before) throws Exception {
        try (FlowUnderFaults flow = new FlowUnderFaults(Sandbox.start(EMPLOYEES, CUSTOMERS, SEED), Map.of(), READ_TIMEOUT)) {
            before.apply(flow);
            final CrashPoint counter = observe(flow, new CrashPoint(0));
            flow.runToQuiet();
            return counter.calls();
        }
    }

    private static CrashPoint observe(final FlowUnderFaults flow, final CrashPoint crash) {
        flow.sandbox.peopleSoft().faults().observe(crash);
        flow.sandbox.mailchimp().faults().observe(crash);
        return crash;
    }

    @AfterAll
    static void publish() throws IOException {
        final List<String> rows = new ArrayList<>(ROWS);
        rows.sort(null);
        ReliabilityReport.writeSection("crash", String.join("\n",
                "`CrashAtEveryCallTest` (demo module): " + EMPLOYEES + " employees and " + CUSTOMERS + " customers, the same small"
                        + " flow as the matrix. For each k from 1 to the number of HTTP calls a clean run makes (PeopleSoft and"
                        + " Mailchimp together), the simulator applies call k and never answers it; the runner abandons the"
                        + " processor where it stands (its outputs and uncommitted state die with it), builds new runners from the"
                        + " queues and committed state, runs to quiet, checks the invariant, replays the review queues and checks parity.",
                "",
                "| Run | Crash points (calls) | Crashed | Duplicates | Lost | Leaked | Replay converged |",
                "|---|---:|---:|---:|---:|---:|---:|",
                String.join("\n", rows)));
    }
}
