package io.mlconnector.nifi.mailchimp.reconcile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlconnector.nifi.mailchimp.contact.SyncAction;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report of one reconciliation pass in one audience: what the pass's records found and corrected (over every node
 * that synced them), and its orphans and what was done to them. Written as JSON for a person or a notification, its
 * main figures also as attributes (for RouteOnAttribute) and as counters.
 */
public final class ReconciliationReport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final EndOfPass pass;
    private final String audienceId;
    private final PassTally tally;
    private final long tallied;
    private final boolean dryRun;
    private String notDecided;
    private OrphanPolicy policy;
    private int limitPercent;
    private Orphans.Search search;
    private List<Orphans.Orphan> orphans = List.of();

    /** @param tallied the pass's records settled in every audience (the pass's end waits until it reaches the record count) */
    public ReconciliationReport(final EndOfPass pass, final String audienceId, final PassTally tally, final long tallied, final boolean dryRun) {
        this.pass = pass;
        this.audienceId = audienceId;
        this.tally = tally;
        this.tallied = tallied;
        this.dryRun = dryRun;
    }

    /** Absence was not decided, and why. */
    public ReconciliationReport orphansNotDecided(final String why) {
        this.notDecided = why;
        return this;
    }

    public ReconciliationReport orphans(final OrphanPolicy orphanPolicy, final int limit, final Orphans.Search found,
                                        final List<Orphans.Orphan> handled) {
        this.policy = orphanPolicy;
        this.limitPercent = limit;
        this.search = found;
        this.orphans = List.copyOf(handled);
        return this;
    }

    /** Orphans by what became of them: archived, unsubscribed, skipped, failed (would_* in a dry run). */
    public Map<SyncAction, Long> orphanActions() {
        final Map<SyncAction, Long> actions = new EnumMap<>(SyncAction.class);
        orphans.stream().filter(Orphans.Orphan::absent).forEach(orphan -> actions.merge(orphan.outcome().action(), 1L, Long::sum));
        return actions;
    }

    /** The orphans found: those the index showed absent, less those the member read showed were not. */
    private long found() {
        return search.absent() - orphans.stream().filter(orphan -> !orphan.absent()).count();
    }

    public byte[] json() {
        final ObjectNode report = JSON.createObjectNode();
        report.put("pass_id", pass.passId()).put("audience_id", audienceId).put("dry_run", dryRun)
                .put("pass_started", pass.started().toString()).put("window_end", pass.windowEnd().toString())
                .put("whole_population", pass.wholePopulation());
        final ObjectNode records = report.putObject("records");
        records.put("read", pass.recordCount()).put("settled", tallied)
                .put("settled_in_this_audience", tally.settled()).put("all_settled", tallied >= pass.recordCount());
        records.put("unchanged", tally.count(DriftKind.UNCHANGED));
        final ObjectNode corrected = records.putObject("corrected");
        corrected.put("total", tally.corrected());
        DriftKind.CORRECTIONS.forEach(kind -> corrected.put(kind.key(), tally.count(kind)));
        final ObjectNode fields = corrected.putObject("fields_overwritten");
        tally.fieldsOverwritten().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> fields.put(e.getKey(), e.getValue()));
        records.put(DriftKind.SKIPPED_BY_CONSENT.key(), tally.count(DriftKind.SKIPPED_BY_CONSENT))
                .put(DriftKind.SKIPPED.key(), tally.count(DriftKind.SKIPPED)).put(DriftKind.FAILED.key(), tally.count(DriftKind.FAILED));
        final ObjectNode orphanNode = report.putObject("orphans");
        if (notDecided != null) {
            orphanNode.put("decided", false).put("why", notDecided);
        } else if (search != null) {
            orphanNode.put("decided", true).put("policy", policy.value()).put("found", found())
                    .put("contacts_with_source_id", search.population()).put("limit_percent", limitPercent)
                    .put("limit_exceeded", search.overLimit());
            orphanActions().forEach((action, count) -> orphanNode.put(action.value(), count));
            final ArrayNode listed = orphanNode.putArray("listed");
            orphans.stream().limit(Orphans.LISTED).forEach(orphan -> listed.addObject()
                    .put("source_id", orphan.member().sourceId()).put("action", orphan.outcome().action().value())
                    .put("status", orphan.outcome().status()).put("reason", orphan.outcome().reason()));
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(report);
        } catch (final java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The report's figures as FlowFile attributes, {@code reconciliation.<figure>.count}. */
    public Map<String, String> attributes() {
        final Map<String, String> attributes = new LinkedHashMap<>();
        figures().forEach((name, value) -> attributes.put("reconciliation." + name + ".count", String.valueOf(value)));
        attributes.put("reconciliation.all.settled", String.valueOf(tallied >= pass.recordCount()));
        return attributes;
    }

    /** The report's figures as counters: {@code Reconciliation <figure>}. */
    public Map<String, Long> counters() {
        final Map<String, Long> counters = new LinkedHashMap<>();
        figures().forEach((name, value) -> counters.put("Reconciliation " + name.replace('.', ' ').replace('_', ' '), value));
        return counters;
    }

    private Map<String, Long> figures() {
        final Map<String, Long> figures = new LinkedHashMap<>();
        figures.put("records.read", pass.recordCount());
        figures.put("unchanged", tally.count(DriftKind.UNCHANGED));
        figures.put("corrected", tally.corrected());
        DriftKind.CORRECTIONS.forEach(kind -> figures.put("corrected." + kind.key(), tally.count(kind)));
        figures.put(DriftKind.SKIPPED_BY_CONSENT.key(), tally.count(DriftKind.SKIPPED_BY_CONSENT));
        figures.put(DriftKind.FAILED.key(), tally.count(DriftKind.FAILED));
        if (search != null) {
            figures.put("orphans", found());
            orphanActions().forEach((action, count) -> figures.put("orphans." + action.value(), count));
        }
        return figures;
    }
}
