package io.mlconnector.demo;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.nifi.provenance.ProvenanceEventType;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one-command demo ({@code bin/demo}): starts the PeopleSoft and Mailchimp simulators in this JVM, runs the shipped
 * flow definition against them with the real processors and services, prints a sync report per audience, applies a
 * round of HR changes and runs again, then checks that Mailchimp matches PeopleSoft.
 *
 * <pre>bin/demo [--employees N] [--customers N] [--seed N]</pre>
 */
public final class DemoMain {

    private static final PrintStream OUT = System.out;

    private DemoMain() {
    }

    public static void main(final String[] args) throws Exception {
        final Map<String, Integer> options = Options.parse(args, Map.of("employees", 20_000, "customers", 2_000, "seed", 7));
        final long start = System.nanoTime();
        final FlowDefinition flow = FlowDefinition.shipped();
        final ComponentCatalog catalog = ComponentCatalog.fromClasspath();

        heading("nifi-mlconnector demo: PeopleSoft to Mailchimp");
        final List<String> problems = FlowValidator.validate(flow, catalog, BuildInfo.load());
        OUT.printf("Flow        templates/PeopleSoft_to_Mailchimp.json: %d processors, %d controller services, %d parameters: %s%n",
                flow.processors().size(), flow.controllerServices().size(), flow.parameters().size(),
                problems.isEmpty() ? "checked, no problems" : problems.size() + " problems");
        problems.forEach(p -> OUT.println("            " + p));
        if (!problems.isEmpty()) {
            System.exit(1);
        }

        try (Sandbox sandbox = Sandbox.start(options.get("employees"), options.get("customers"), options.get("seed"))) {
            OUT.printf("PeopleSoft  %s  (simulator: %,d employees, %,d customers; user %s may call only %s)%n",
                    sandbox.peopleSoft().targetLocation(), options.get("employees"), options.get("customers"),
                    sandbox.peopleSoft().username(), String.join(", ", Sandbox.GRANTED_OPERATIONS));
            OUT.printf("Mailchimp   %s  (simulator: audiences Employees %s, Customer contacts %s)%n",
                    sandbox.mailchimp().baseUrl(), sandbox.employeeAudience(), sandbox.customerAudience());

            try (FlowRunner runner = FlowRunner.create(flow, catalog, sandbox.parameterBindings(), DemoMain::progress)) {
                heading("Run 1: initial load (what the first scheduled run does)");
                report(flow, sandbox, runner.runOnce(), runner);

                heading("HR changes in PeopleSoft");
                HrChanges.applyRound(sandbox.peopleSoft().hr()).forEach(c -> OUT.println("  " + c));
                OUT.printf("  (waiting %s: a poll window ends at a whole second, Window Lag behind now)%n", seconds(Sandbox.SETTLE));
                Sandbox.letChangesSettle();

                heading("Run 2: the next scheduled run moves only the changes");
                final FlowRunner.RunResult second = runner.runOnce();
                report(flow, sandbox, second, runner);
                OUT.printf(Locale.ROOT, "  Only the changes moved: %s.%n", String.join("; ", SyncReport.of(flow, second).stream()
                        .map(r -> String.format(Locale.ROOT, "%s read %,d record(s)", r.source(), r.read())).toList()));
            }

            heading("Check: does Mailchimp match PeopleSoft?");
            final List<AudienceCheck.Result> results = sandbox.checkAudiences(flow);
            results.forEach(DemoMain::printCheck);
            final boolean matches = results.stream().allMatch(AudienceCheck.Result::matches);
            OUT.println();
            OUT.printf("%s (%s in all)%n", matches ? "Mailchimp matches PeopleSoft." : "Mailchimp does NOT match PeopleSoft.",
                    seconds(Duration.ofNanos(System.nanoTime() - start)));
            System.exit(matches ? 0 : 1);
        }
    }

    private static void progress(final FlowRunner.Step step) {
        final StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-38s", step.processor()));
        final String inputRecords = step.inputAttributes().get("record.count");
        if (step.inputAttributes().isEmpty()) {
            line.append(String.format(Locale.ROOT, "%15s", "poll -> "));
        } else {
            line.append(inputRecords == null ? "FlowFile" : String.format(Locale.ROOT, "%,7d records", Long.parseLong(inputRecords)));
            line.append(" -> ");
        }
        if (step.error() != null) {
            line.append("ERROR ").append(step.error());
        } else if (step.retried()) {
            line.append("retry ").append(step.attempt()).append(" (NiFi would penalize it first)");
        } else if (step.outputs().isEmpty()) {
            line.append("nothing new");
        } else {
            step.outputs().forEach((relationship, flowFiles) -> {
                final long records = flowFiles.stream().map(f -> f.getAttribute("record.count"))
                        .mapToLong(c -> c == null ? 0 : Long.parseLong(c)).sum();
                line.append(String.format(Locale.ROOT, "%s %d FlowFile%s", relationship, flowFiles.size(), flowFiles.size() == 1 ? "" : "s"));
                if (records > 0) {
                    line.append(String.format(Locale.ROOT, " (%,d records)", records));
                }
                line.append("  ");
            });
        }
        line.append(String.format(Locale.ROOT, "  %s", seconds(step.took())));
        OUT.println(line.toString().stripTrailing());
    }

    private static void report(final FlowDefinition flow, final Sandbox sandbox, final FlowRunner.RunResult result,
                               final FlowRunner runner) {
        OUT.println();
        OUT.printf("  %-38s %8s %8s %8s %8s %8s %8s %7s %8s%n", "Sync report per audience", "read", "created", "updated",
                "unsubscr", "archived", "skipped", "failed", "time");
        final Map<String, String> parameterValues = flow.parameterValues(sandbox.parameterBindings());
        final List<SyncReport> reports = SyncReport.of(flow, result);
        for (final SyncReport report : reports) {
            final String audience = FlowDefinition.resolve(flow.processorNamed(report.destination()).getProperties().get("Audience ID"),
                    parameterValues);
            OUT.printf(Locale.ROOT, "  %-38s %,8d %,8d %,8d %,8d %,8d %,8d %,7d %8s%n",
                    sandbox.mailchimp().audience(audience).name() + " (" + audience + ")", report.read(),
                    report.count("created"), report.count("updated"), report.count("unsubscribed"), report.count("archived"),
                    report.count("skipped"), report.count("failed"), seconds(report.took()));
        }
        result.errors().forEach(e -> OUT.println("  error: " + e));
        runner.queued().forEach((queue, flowFiles) ->
                OUT.printf("  waiting in '%s': %d FlowFile(s)%n", queue, flowFiles.size()));
        OUT.println();
        OUT.println("  Audit records (a sample; every record carries these fields):");
        for (final SyncReport report : reports) {
            for (final JsonNode record : report.sample(3)) {
                OUT.printf(Locale.ROOT, "    %-12s %-42s %-12s %-12s %s%n", text(record, "mailchimp_source_id"),
                        text(record, "EMAIL_ADDR"), text(record, "mailchimp_action"), text(record, "mailchimp_status"),
                        text(record, "mailchimp_reason"));
            }
        }
        OUT.println();
        OUT.println("  Provenance (first event of each processor; NiFi keeps one per FlowFile):");
        result.provenance().forEach((processor, events) -> events.stream()
                .filter(e -> e.getEventType() == ProvenanceEventType.SEND || e.getEventType() == ProvenanceEventType.RECEIVE)
                .findFirst().ifPresent(e -> OUT.printf("    %-38s %-7s %s%n%-51s%s%n", processor, e.getEventType(),
                        e.getTransitUri().replaceFirst("\\?.*", "?…"), "", e.getDetails() == null ? "" : e.getDetails())));
    }

    private static void printCheck(final AudienceCheck.Result result) {
        OUT.printf(Locale.ROOT, "  %-18s %,7d people in PeopleSoft; Mailchimp contacts %s: %s%n", result.audience(), result.rows(),
                result.contactsByStatus().entrySet().stream().map(e -> String.format(Locale.ROOT, "%,d %s", e.getValue(), e.getKey()))
                        .toList(), result.matches() ? "matches" : "DIFFERS");
        result.differences().stream().limit(10).forEach(d -> OUT.println("      " + d));
    }

    private static String text(final JsonNode record, final String field) {
        final JsonNode value = record.path(field);
        return value.isMissingNode() || value.isNull() || value.asText().isEmpty() ? "-" : value.asText();
    }

    private static void heading(final String title) {
        OUT.println();
        OUT.println("== " + title + " " + "=".repeat(Math.max(3, 100 - title.length())));
    }

    private static String seconds(final Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    /** {@code --name N} options with defaults. */
    private static final class Options {
        static Map<String, Integer> parse(final String[] args, final Map<String, Integer> defaults) {
            final Map<String, Integer> options = new HashMap<>(defaults);
            // bin/demo hands its options over as one string through Maven: split it again.
            final List<String> words = Arrays.stream(args).flatMap(a -> Arrays.stream(a.strip().split("\\s+")))
                    .filter(w -> !w.isEmpty()).toList();
            for (int i = 0; i < words.size(); i++) {
                final String name = words.get(i).replaceFirst("^--", "");
                if (!defaults.containsKey(name) || i + 1 >= words.size() || !words.get(i + 1).matches("\\d+")) {
                    System.err.println("usage: bin/demo [--employees N] [--customers N] [--seed N]");
                    System.exit(2);
                }
                options.put(name, Integer.parseInt(words.get(++i)));
            }
            return options;
        }
    }
}
