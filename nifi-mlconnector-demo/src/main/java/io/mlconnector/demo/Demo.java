package io.mlconnector.demo;

import io.mlconnector.sandbox.peoplesoft.HrData;
import io.mlconnector.sandbox.service.AudienceCheck;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo scenario: check the shipped flow definition, preview the initial load with a dry run, run it against the
 * sandbox (the initial load), make a round of HR changes in PeopleSoft, run it again (only the changes move), make
 * drift the increments cannot see and run the weekly reconciliation pass, then check that Mailchimp matches PeopleSoft.
 */
public final class Demo {

    static final String DRY_RUN_PARAMETER = "Mailchimp Dry Run";
    static final String ORPHAN_POLICY_PARAMETER = "Employee Orphan Policy";
    static final String RECONCILE_EMPLOYEES = "Reconcile Employees from PeopleSoft";

    private final DemoConsole console;

    public Demo(final DemoConsole console) {
        this.console = console;
    }

    /** Runs the scenario; true when every audience matches PeopleSoft at the end. */
    public boolean run(final Sandbox sandbox) throws InterruptedException {
        final long start = System.nanoTime();
        final FlowDefinition flow = FlowDefinition.shipped();
        final ComponentCatalog catalog = ComponentCatalog.fromClasspath();

        console.heading("nifi-mlconnector demo: PeopleSoft to Mailchimp");
        final List<String> problems = FlowValidator.validate(flow, catalog, BuildInfo.load());
        console.flow(flow, problems);
        if (!problems.isEmpty()) {
            return false;
        }
        final HrData hr = sandbox.peopleSoft().hr();
        console.sandbox(sandbox, hr.employeeCount(), hr.customers().size());

        final ProvenanceTrail trail = new ProvenanceTrail(sandbox.changes().followed());
        console.heading("Run 0: dry run before the initial load (parameter Mailchimp Dry Run = true)");
        final Map<String, String> dryRun = new LinkedHashMap<>(sandbox.parameterBindings());
        dryRun.put(DRY_RUN_PARAMETER, "true");
        final long requestsBefore = sandbox.mailchimp().journal().count(e -> true);
        // Its own runner: the Get processors' state stays untouched, so the real run reads the same records.
        try (FlowRunner preview = FlowRunner.create(flow, catalog, dryRun, console::step)) {
            final FlowRunner.RunResult result = preview.runOnce();
            console.preview(flow, sandbox, result, sandbox.mailchimp().journal().entries().stream()
                    .skip(requestsBefore).map(e -> e.method()).toList());
        }

        // The employees' orphans are archived: an operator's choice; the flow ships Report Only.
        final Map<String, String> bindings = new LinkedHashMap<>(sandbox.parameterBindings());
        bindings.put(ORPHAN_POLICY_PARAMETER, "Archive");
        try (FlowRunner runner = FlowRunner.create(flow, catalog, bindings, console::step)) {
            console.heading("Run 1: initial load (what the first scheduled run does)");
            final FlowRunner.RunResult first = runner.runOnce();
            console.report(flow, sandbox, first, runner);
            trail.add(first);
            console.trail(trail);

            console.heading("HR changes in PeopleSoft");
            console.changes(sandbox.changes().applyRound(), Sandbox.SETTLE);
            Sandbox.letChangesSettle();

            console.heading("Run 2: the next scheduled run moves only the changes");
            final FlowRunner.RunResult second = runner.runOnce();
            console.report(flow, sandbox, second, runner);
            trail.add(second);
            console.trail(trail);
            console.onlyChanges(SyncReport.of(flow, second));

            console.heading("Drift the increments cannot see");
            console.changes(sandbox.service().drift().applyRound(), Sandbox.SETTLE);
            Sandbox.letChangesSettle();

            console.heading("Run 3: the weekly reconciliation pass (" + RECONCILE_EMPLOYEES + ", enabled; Employee Orphan Policy = Archive)");
            final FlowRunner.RunResult third = runner.enable(RECONCILE_EMPLOYEES).runOnce();
            console.reconciliation(third.outputs(Benchmark.PUT, "reconciliation report"));
        }

        console.heading("Check: does Mailchimp match PeopleSoft?");
        final List<AudienceCheck.Result> results = sandbox.checkAudiences(flow, bindings);
        final boolean matches = results.stream().allMatch(AudienceCheck.Result::matches);
        console.check(results, matches, Duration.ofNanos(System.nanoTime() - start));
        return matches;
    }
}
