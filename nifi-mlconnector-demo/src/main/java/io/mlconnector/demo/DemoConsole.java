package io.mlconnector.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlconnector.sandbox.service.AudienceCheck;
import io.mlconnector.sandbox.service.HrChanges;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.provenance.ProvenanceEventType;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Everything the demo prints: progress while the flow runs, sync reports, audit samples and the final check. */
public final class DemoConsole {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final PrintStream out;

    public DemoConsole(final PrintStream out) {
        this.out = out;
    }

    void heading(final String title) {
        out.println();
        out.println("== " + title + " " + "=".repeat(Math.max(3, 100 - title.length())));
    }

    void flow(final FlowDefinition flow, final List<String> problems) {
        out.printf("Flow        templates/PeopleSoft_to_Mailchimp.json: %d processors, %d controller services, %d parameters: %s%n",
                flow.processors().size(), flow.controllerServices().size(), flow.parameters().size(),
                problems.isEmpty() ? "checked, no problems" : problems.size() + " problems");
        problems.forEach(p -> out.println("            " + p));
    }

    void sandbox(final Sandbox sandbox, final int employees, final int customers) {
        out.printf(Locale.ROOT, "PeopleSoft  %s  (simulator: %,d employees, %,d customers; user %s may call only %s)%n",
                sandbox.peopleSoft().targetLocation(), employees, customers, sandbox.peopleSoft().username(),
                String.join(", ", Sandbox.GRANTED_OPERATIONS));
        out.printf("Mailchimp   %s  (simulator: audiences Employees %s, Customer contacts %s)%n",
                sandbox.mailchimp().baseUrl(), sandbox.employeeAudience(), sandbox.customerAudience());
    }

    /** One processor invocation, printed as it happens. */
    void step(final FlowRunner.Step step) {
        final StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-38s", step.processor()));
        if (step.inputs().isEmpty()) {
            line.append(String.format(Locale.ROOT, "%15s", "poll -> "));
        } else {
            final long inputRecords = step.inputs().stream().map(a -> a.get("record.count"))
                    .mapToLong(c -> c == null ? 0 : Long.parseLong(c)).sum();
            line.append(inputRecords == 0 ? step.inputs().size() + " FlowFile(s)" : String.format(Locale.ROOT, "%,7d records", inputRecords));
            line.append(" -> ");
        }
        if (step.error() != null) {
            line.append("ERROR ").append(step.error());
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
        out.println(line.toString().stripTrailing());
    }

    void report(final FlowDefinition flow, final Sandbox sandbox, final FlowRunner.RunResult result, final FlowRunner runner) {
        out.println();
        out.printf("  %-38s %8s %8s %8s %9s %8s %8s %8s %7s %8s%n", "Sync report per audience", "read", "created", "updated",
                "unchanged", "unsubscr", "archived", "skipped", "failed", "time");
        final List<SyncReport> reports = SyncReport.of(flow, result);
        for (final SyncReport report : reports) {
            out.printf(Locale.ROOT, "  %-38s %,8d %,8d %,8d %,9d %,8d %,8d %,8d %,7d %8s%n", audience(flow, sandbox, report), report.read(),
                    report.count("created"), report.count("updated"), report.count("unchanged"),
                    report.count("unsubscribed"), report.count("archived"),
                    report.count("skipped"), report.count("failed"), seconds(report.took()));
        }
        reports.stream().filter(r -> r.retried() > 0).forEach(r -> out.printf(Locale.ROOT,
                "  %s: %,d record(s) sent round the retry loop (Mailchimp still throttling after the service's retries)%n",
                r.destination(), r.retried()));
        result.errors().forEach(e -> out.println("  error: " + e));
        runner.queued().forEach((queue, flowFiles) -> out.printf("  waiting in '%s': %d FlowFile(s)%n", queue, flowFiles.size()));
        out.println();
        out.println("  Audit records (a sample; every record carries these fields):");
        for (final SyncReport report : reports) {
            for (final JsonNode record : report.sample(3)) {
                out.printf(Locale.ROOT, "    %-12s %-42s %-12s %-12s %s%n", text(record, "mailchimp_source_id"),
                        text(record, "EMAIL_ADDR"), text(record, "mailchimp_action"), text(record, "mailchimp_status"),
                        text(record, "mailchimp_reason"));
            }
        }
        out.println();
        out.println("  Provenance per FlowFile (the first of each processor: the Get's RECEIVE, the Put's SEND with the counts):");
        result.provenance().forEach((processor, events) -> events.stream()
                .filter(e -> e.getEventType() == ProvenanceEventType.SEND || e.getEventType() == ProvenanceEventType.RECEIVE)
                .filter(e -> !e.getTransitUri().contains("/members/"))
                .findFirst().ifPresent(e -> out.printf("    %-38s %-7s %s%n%-51s%s%n", processor, e.getEventType(),
                        e.getTransitUri().replaceFirst("\\?.*", "?…"), "", e.getDetails() == null ? "" : e.getDetails())));
    }

    /** A dry run's report: what the real run would do to each audience, and proof that it only read Mailchimp. */
    void preview(final FlowDefinition flow, final Sandbox sandbox, final FlowRunner.RunResult result, final List<String> methods) {
        out.println();
        out.printf("  %-38s %8s %8s %8s %9s %8s %8s %8s %7s%n", "Dry run report per audience", "read", "w.create", "w.update",
                "unchanged", "w.unsub", "w.archiv", "skipped", "failed");
        for (final SyncReport report : SyncReport.of(flow, result)) {
            out.printf(Locale.ROOT, "  %-38s %,8d %,8d %,8d %,9d %,8d %,8d %,8d %,7d%n", audience(flow, sandbox, report), report.read(),
                    report.count("would_create"), report.count("would_update"), report.count("unchanged"),
                    report.count("would_unsubscribe"), report.count("would_archive"), report.count("skipped"), report.count("failed"));
            result.outputs(report.destination(), "success").stream().map(f -> f.getAttribute("mailchimp.dry_run.creates"))
                    .filter(c -> c != null && !c.isEmpty()).findFirst()
                    .ifPresent(creates -> out.printf("    would create: %s%n", abbreviate(creates, 150)));
        }
        final long writes = methods.stream().filter(m -> !m.equals("GET")).count();
        out.printf(Locale.ROOT, "  Mailchimp requests during the dry run: %,d, of which %,d change%s something.%n",
                methods.size(), writes, writes == 1 ? "s" : "");
    }

    /** The audience a report's Put processor writes to: its name and id. */
    private static String audience(final FlowDefinition flow, final Sandbox sandbox, final SyncReport report) {
        final String id = FlowDefinition.resolve(flow.processorNamed(report.destination()).getProperties().get("Audience ID"),
                flow.parameterValues(sandbox.parameterBindings()));
        return sandbox.mailchimp().audience(id).name() + " (" + id + ")";
    }

    private static String abbreviate(final String text, final int length) {
        return text.length() <= length ? text : text.substring(0, length) + "…";
    }

    /** Every per-record event recorded for each followed person so far, as a provenance search on Details finds them. */
    void trail(final ProvenanceTrail trail) {
        out.println();
        out.printf("  Audit trail in provenance (Data Provenance, Details = %s; events of every run so far):%n",
                String.join(" / ", trail.trails().keySet().stream().map(id -> "*" + id + "*").toList()));
        trail.trails().forEach((id, events) -> events.forEach(event -> {
            out.printf(Locale.ROOT, "    %-10s %s  %-17s %-20s %s%n", id, TIME.format(Instant.ofEpochMilli(event.getEventTime())),
                    event.getEventType(), event.getTransitUri().replaceFirst(".*/(members/[0-9a-f]{8})[0-9a-f]*", "$1…"),
                    event.getDetails().replaceFirst("^\\S+=" + Pattern.quote(id) + " ", ""));
        }));
    }

    void changes(final List<HrChanges.Change> changes, final Duration settle) {
        changes.forEach(c -> out.println("  " + c));
        out.printf("  (waiting %s: a poll window ends at a whole second, Window Lag behind now)%n", seconds(settle));
    }

    /** The reconciliation reports: what the pass found and did, per audience. */
    void reconciliation(final List<MockFlowFile> reports) {
        for (final MockFlowFile report : reports) {
            final JsonNode json = SyncReport.records(report.toByteArray()).getFirst();
            final JsonNode records = json.path("records");
            final JsonNode corrected = records.path("corrected");
            final JsonNode orphans = json.path("orphans");
            out.printf(Locale.ROOT, "  Report (queue Employee reconciliation reports): %,d records read, %,d unchanged, %,d corrected "
                            + "(missing contact %d, field value %d %s, status %d, tags %d, email %d), %d skipped by consent%n",
                    records.path("read").asLong(), records.path("unchanged").asLong(), corrected.path("total").asLong(),
                    corrected.path("missing_contact").asLong(), corrected.path("field_value").asLong(), corrected.path("fields_overwritten"),
                    corrected.path("status").asLong(), corrected.path("tags").asLong(), corrected.path("email_address").asLong(),
                    records.path("skipped_by_consent").asLong());
            out.printf(Locale.ROOT, "  Orphans (Orphan Policy %s): %d found, %d archived%n", orphans.path("policy").asText(),
                    orphans.path("found").asLong(), orphans.path("archived").asLong());
            orphans.path("listed").forEach(o -> out.printf("      %-10s %-9s %s%n", o.path("source_id").asText(), o.path("action").asText(),
                    o.path("reason").asText()));
        }
    }

    void onlyChanges(final List<SyncReport> reports) {
        out.printf(Locale.ROOT, "  Only the changes moved: %s.%n", String.join("; ", reports.stream()
                .map(r -> String.format(Locale.ROOT, "%s read %,d record(s)", r.source(), r.read())).toList()));
    }

    void check(final List<AudienceCheck.Result> results, final boolean matches, final Duration took) {
        for (final AudienceCheck.Result result : results) {
            out.printf(Locale.ROOT, "  %-18s %,7d people in PeopleSoft; Mailchimp contacts %s: %s%n", result.audience(), result.rows(),
                    result.contactsByStatus().entrySet().stream().map(e -> String.format(Locale.ROOT, "%,d %s", e.getValue(), e.getKey()))
                            .toList(), result.matches() ? "matches" : "DIFFERS");
            result.differences().stream().limit(10).forEach(d -> out.println("      " + d));
        }
        out.println();
        out.printf("%s (%s in all)%n", matches ? "Mailchimp matches PeopleSoft." : "Mailchimp does NOT match PeopleSoft.", seconds(took));
    }

    private static String text(final JsonNode record, final String field) {
        final JsonNode value = record.path(field);
        return value.isMissingNode() || value.isNull() || value.asText().isEmpty() ? "-" : value.asText();
    }

    private static String seconds(final Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }
}
