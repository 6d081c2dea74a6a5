package io.mlconnector.demo.reliability;

import org.junit.jupiter.api.Tag;

import java.util.List;

/**
 * The fault matrix rows that do not hold yet, each with its reason ({@link FaultMatrixTest.Scenario#pendingEngine()}):
 * their fix lies in the sync engine. Excluded from bin/test by the root pom's {@code tests.excluded}; run them with
 * {@code -Dtests.excluded=none -Dtest=FaultMatrixPendingTest}.
 */
@Tag("pending-engine")
class FaultMatrixPendingTest extends FaultMatrixTest {

    static List<Scenario> scenarios() {
        return allScenarios().stream().filter(s -> s.pendingEngine() != null).toList();
    }

    /** Hides the published table's writer: docs/reliability.md lists these rows as pending, not as measured. */
    static void publish() {
        // Nothing to publish.
    }
}
