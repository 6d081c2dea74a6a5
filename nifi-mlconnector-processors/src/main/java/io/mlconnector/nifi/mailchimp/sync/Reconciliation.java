package io.mlconnector.nifi.mailchimp.sync;

import io.mlconnector.nifi.mailchimp.audience.AudienceCatalog;
import io.mlconnector.nifi.mailchimp.audience.AudienceClient;
import io.mlconnector.nifi.mailchimp.audience.MemberIndex;
import io.mlconnector.nifi.mailchimp.reconcile.EndOfPass;
import io.mlconnector.nifi.mailchimp.reconcile.Orphans;
import io.mlconnector.nifi.mailchimp.reconcile.PassTallies;
import io.mlconnector.nifi.mailchimp.reconcile.PassTally;
import io.mlconnector.nifi.mailchimp.reconcile.ReconciliationReport;
import io.mlconnector.nifi.mailchimp.reconcile.SourceIds;
import io.mlconnector.nifi.peoplesoft.write.PassWriter;
import org.apache.nifi.components.state.Scope;
import org.apache.nifi.components.state.StateManager;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.flowfile.attributes.CoreAttributes;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.provenance.ProvenanceReporter;

import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;

/**
 * A PutMailchimpContact's part in reconciliation passes. The records of a pass are synced as any, but each node reads
 * the audience anew (every page, archived members included) before its first FlowFile of the pass, so that hand edits,
 * archives and deletions since the index was built are seen; each record is counted by what it found (a tally, added to
 * the cluster state once the session committed, whichever node synced it). The pass's end waits in the queue until the
 * tallies reach the pass's record count (or the Reconciliation Wait passed), then its orphans are found in the member
 * index and handled by the Orphan Policy, and the report goes out with provenance events for the orphans and counters.
 */
final class Reconciliation {

    /** How many passes a node remembers having read the audience anew for. */
    private static final int REMEMBERED_PASSES = 64;

    private final PassSettings settings;
    private final SyncSettings sync;
    private final AudienceCatalog audiences;
    private final ExecutorService executor;
    private final StateManager state;
    private final ComponentLog logger;
    private final Orphans orphans;
    private final Set<String> readAnew = new LinkedHashSet<>();

    Reconciliation(final PassSettings settings, final SyncSettings sync, final AudienceCatalog audiences, final ExecutorService executor,
                   final StateManager state, final ComponentLog logger) {
        this.settings = settings;
        this.sync = sync;
        this.audiences = audiences;
        this.executor = executor;
        this.state = state;
        this.logger = logger;
        this.orphans = new Orphans(settings.orphanPolicy(), sync.mode(), sync.sourceIdMergeField());
    }

    /** Whether this node has not yet read the audience anew for the pass the FlowFile belongs to (records or end). */
    synchronized boolean readsAnew(final FlowFile flowFile, final String audienceId) {
        final String pass = passOf(flowFile);
        return pass != null && !readAnew.contains(pass + "/" + audienceId);
    }

    /** Notes that the audience was read anew for the FlowFile's pass. */
    synchronized void readFor(final FlowFile flowFile, final String audienceId) {
        final String pass = passOf(flowFile);
        if (pass != null && readAnew.add(pass + "/" + audienceId) && readAnew.size() > REMEMBERED_PASSES) {
            readAnew.remove(readAnew.iterator().next());
        }
    }

    /** The tally of a FlowFile of a pass's records, or {@code null} for an incremental one. */
    PassRecords records(final FlowFile input) {
        final String pass = EndOfPass.passOf(input);
        return pass == null ? null : new PassRecords(pass, sync.segmentFields().mergeTags());
    }

    /** The executor of a FlowFile of a pass: its own, with outcomes tallied and updates explained. */
    PlanExecutor executor(final PlanExecutor own, final PassRecords records, final AudienceClient client) {
        final String version = sync.mapper().versionMergeField();
        return records == null ? own : new PassExecutor(own, records, client, executor, version == null ? Set.of() : Set.of(version));
    }

    /** One trigger's tallies, stored once its session committed, and the cluster state it reads them against. */
    final class Tallies {
        private final Map<String, Map<String, PassTally>> added = new HashMap<>();
        private Map<String, String> stored;

        void add(final PassRecords records, final String audienceId) {
            added.computeIfAbsent(records.passId(), id -> new HashMap<>()).computeIfAbsent(audienceId, id -> new PassTally()).add(records.tally());
        }

        /** Stores this trigger's tallies once the session committed. */
        void storeAfterCommit(final ProcessSession session) {
            if (!added.isEmpty()) {
                session.commitAsync(() -> PassTallies.store(state, added, Instant.now(), logger));
            }
        }

        /** The pass's records settled so far, in state and in this trigger. */
        long settled(final String passId) {
            return PassTallies.settled(stored(), passId) + added.getOrDefault(passId, Map.of()).values().stream().mapToLong(PassTally::settled).sum();
        }

        PassTally tally(final String passId, final String audienceId) {
            final PassTally tally = PassTallies.of(stored(), passId, audienceId);
            final PassTally here = added.getOrDefault(passId, Map.of()).get(audienceId);
            if (here != null) {
                tally.add(here);
            }
            return tally;
        }

        private Map<String, String> stored() {
            if (stored == null) {
                try {
                    stored = state.getState(Scope.CLUSTER).toMap();
                } catch (final IOException e) {
                    logger.warn("The reconciliation tallies cannot be read: {}; a pass's end waits", e.getMessage());
                    stored = Map.of();
                }
            }
            return stored;
        }
    }

    /** Whether a pass's end is to wait: its records are not all settled yet, and the Reconciliation Wait has not passed. */
    boolean holds(final FlowFile flowFile, final Tallies tallies, final Instant now) {
        if (!EndOfPass.isEnd(flowFile)) {
            return false;
        }
        final Long queued = flowFile.getLastQueueDate();
        // Since it joined the queue; a FlowFile copy may not know when (the entry into the flow is earlier, never later).
        final Instant since = Instant.ofEpochMilli(Math.max(queued == null ? 0 : queued, flowFile.getEntryDate()));
        if (!now.isBefore(since.plus(settings.endWait()))) {
            return false;
        }
        final String count = flowFile.getAttribute(PassWriter.PASS_RECORD_COUNT);
        try {
            return count != null && tallies.settled(passOf(flowFile)) < Long.parseLong(count.trim());
        } catch (final NumberFormatException e) {
            return false;
        }
    }

    /**
     * Ends a pass in one audience: finds and handles its orphans, writes the report to the report relationship, reports
     * provenance events for the orphans on the end FlowFile and adjusts the counters. The end FlowFile is then removed.
     *
     * @param index the audience's member index, read anew for this pass
     */
    void end(final ProcessSession session, final FlowFile input, final EndOfPass pass, final AudienceClient client, final MemberIndex index,
             final Tallies tallies) throws IOException {
        final String audienceId = client.audienceId();
        final long settled = tallies.settled(pass.passId());
        final ReconciliationReport report = new ReconciliationReport(pass, audienceId, tallies.tally(pass.passId(), audienceId), settled,
                sync.mode() == RunMode.PREVIEW);
        List<Orphans.Orphan> handled = List.of();
        if (!pass.wholePopulation()) {
            report.orphansNotDecided("The pass did not read the whole population (its Initial Window Start is set): absence from it means nothing");
        } else {
            final Orphans.Search search = orphans.search(index, SourceIds.read(session, input, sync.readerFactory(), sync.mapper(), logger),
                    pass, settings.orphanLimit());
            if (search.overLimit()) {
                logger.warn("Reconciliation pass {} finds {} orphans in audience {} that Orphan Policy {} would change, more than the Orphan Limit"
                        + " of {} % of its {} contacts with a source ID: none changed, only reported. A query whose criteria or permissions"
                        + " changed by mistake looks like this; if the people did leave, raise the limit for one pass.", pass.passId(),
                        search.actionable(), audienceId, settings.orphanPolicy().value(), settings.orphanLimit(), search.population());
            }
            handled = orphans.handle(search, pass, client, audiences, index, executor);
            report.orphans(settings.orphanPolicy(), settings.orphanLimit(), search, handled);
        }
        if (settled < pass.recordCount()) {
            logger.warn("Reconciliation pass {} ends after the Reconciliation Wait with {} of its {} records synced; the report counts those",
                    pass.passId(), settled, pass.recordCount());
        }
        if (sync.mode().sends()) {
            reportOrphans(session.getProvenanceReporter(), input, client, handled);
        }
        FlowFile out = session.create(input);
        final byte[] json = report.json();
        out = session.write(out, stream -> stream.write(json));
        final Map<String, String> attributes = new HashMap<>(report.attributes());
        attributes.put(CoreAttributes.MIME_TYPE.key(), "application/json");
        attributes.put(CoreAttributes.FILENAME.key(), "reconciliation-" + audienceId + "-" + pass.passId() + ".json");
        attributes.put(RecordOutputs.AUDIENCE_ID_ATTRIBUTE, audienceId);
        out = session.putAllAttributes(out, attributes);
        session.transfer(out, settings.report());
        report.counters().forEach((counter, value) -> session.adjustCounter(counter, value, false));
        session.remove(input);
        logger.info("Reconciliation pass {} in audience {}: {} records, {} corrected, {} orphans", pass.passId(), audienceId,
                pass.recordCount(), report.attributes().get("reconciliation.corrected.count"), report.attributes().get("reconciliation.orphans.count"));
    }

    /**
     * One event per orphan, found by source ID like the records' events: a SEND for a change, otherwise a
     * REMOTE_INVOCATION. A dry run records none, as for records.
     */
    private void reportOrphans(final ProvenanceReporter reporter, final FlowFile input, final AudienceClient client, final List<Orphans.Orphan> handled) {
        final RecordProvenance provenance = new RecordProvenance(sync.mapper(), sync.sourceIdMergeField(), false, sync.unchangedEvents(),
                client.transitUri(), input);
        for (final Orphans.Orphan orphan : handled) {
            provenance.report(reporter, orphan.member().sourceId(), orphan.member().subscriberHash(), orphan.outcome());
        }
    }

    private static String passOf(final FlowFile flowFile) {
        return flowFile.getAttribute(PassWriter.PASS_ID);
    }
}
