package io.mlconnector.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped flow keeps a dry run's report where the guide says: the audit FlowFiles of both Put processors wait in
 * the queue "Dry run reports", their counts as attributes, while a real run leaves that queue (and every other) empty.
 */
class DryRunReportTest {

    private static final String REPORTS = "Dry run reports — List queue to read them, then Empty queue";

    @Test
    @Timeout(120)
    void aDryRunsReportsWaitInTheirQueueAndARealRunsDoNot() throws Exception {
        final FlowDefinition flow = FlowDefinition.shipped();
        try (Sandbox sandbox = Sandbox.start(200, 20, 3)) {
            final Map<String, String> dryRun = new LinkedHashMap<>(sandbox.parameterBindings());
            dryRun.put(Demo.DRY_RUN_PARAMETER, "true");
            try (FlowRunner preview = FlowRunner.create(flow, ComponentCatalog.fromClasspath(), dryRun, step -> { })) {
                final FlowRunner.RunResult result = preview.runOnce();
                final Map<String, List<FlowRunner.Queued>> queued = preview.queued();
                assertEquals(List.of(REPORTS), List.copyOf(queued.keySet()), "only the reports wait");
                final int outputs = result.outputs("Put Employees into Mailchimp", "success").size()
                        + result.outputs("Put Customer Contacts into Mailchimp", "success").size();
                assertEquals(outputs, queued.get(REPORTS).size(), "every audit FlowFile of both Put processors");
                long wouldCreate = 0;
                for (final FlowRunner.Queued report : queued.get(REPORTS)) {
                    assertTrue(report.attributes().containsKey("mailchimp.dry_run.creates"), report.attributes()::toString);
                    wouldCreate += Long.parseLong(report.attributes().get("mailchimp.would_create.count"));
                }
                assertTrue(wouldCreate > 0, "the report counts the contacts the real run would create");
                assertEquals(0, sandbox.mailchimp().audience(sandbox.employeeAudience()).members().size(), "nothing was written");
            }
            try (FlowRunner real = FlowRunner.create(flow, ComponentCatalog.fromClasspath(), sandbox.parameterBindings(), step -> { })) {
                assertFalse(real.runOnce().outputs("Put Employees into Mailchimp", "success").isEmpty());
                assertEquals(Map.of(), real.queued(), "a real run keeps nothing: no production queue fills");
            }
        }
    }
}
