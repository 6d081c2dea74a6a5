package io.mlconnector.nifi.mailchimp.sync;

import io.mlconnector.nifi.mailchimp.MailchimpTraffic;
import io.mlconnector.nifi.mailchimp.MailchimpTransientException;
import io.mlconnector.nifi.mailchimp.audience.AudienceCatalog;
import io.mlconnector.nifi.mailchimp.audience.AudienceClient;
import io.mlconnector.nifi.mailchimp.audience.AudienceException;
import io.mlconnector.nifi.mailchimp.audience.MemberIndex;
import io.mlconnector.nifi.mailchimp.audience.MergeFieldCheck;
import io.mlconnector.nifi.mailchimp.reconcile.EndOfPass;
import io.mlconnector.nifi.mailchimp.segment.AudienceSegments;
import io.mlconnector.nifi.mailchimp.segment.SegmentClient;
import org.apache.nifi.components.state.StateManager;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.processor.FlowFileFilter;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.schema.access.SchemaNotFoundException;
import org.apache.nifi.serialization.MalformedRecordException;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The sync engine of a PutMailchimpContact, from scheduling to stop: it owns the audiences' member indexes (an
 * {@link AudienceCatalog}), their tags and groups, and the threads that make the calls (as many as the connection
 * service allows at once). Each trigger reads one way: FlowFiles in, records planned ({@code SyncPlanner}), decided
 * and applied or previewed ({@link PlanExecutor}), their outcomes written as audit records in order
 * ({@link PendingOutcomes}), then each FlowFile's outputs transferred.
 */
public final class MailchimpSync {

    /** The attribute a preview's outputs carry: what the real run would create in Mailchimp. */
    public static final String DRY_RUN_CREATES_ATTRIBUTE = "mailchimp.dry_run.creates";

    private final SyncSettings settings;
    private final Map<Outcome.Route, Relationship> routes;
    private final Relationship failure;
    private final ComponentLog logger;
    private final AudienceCatalog audiences;
    private final FlowFileSync reading;
    private final Map<String, AudienceSegments> segments = new ConcurrentHashMap<>();
    private final StatuslessUpdates statusless = new StatuslessUpdates();
    private final ExecutorService executor;
    /** Prepares audiences while the trigger reads; not the calls' threads, whose page reads a preparation waits for. */
    private final ExecutorService preparer = Executors.newCachedThreadPool(
            Thread.ofPlatform().daemon().name("PutMailchimpContact-prepare-", 0).factory());
    private final Reconciliation reconciliation;

    /**
     * @param routes  the relationship of each route
     * @param failure where a FlowFile whose records cannot be read or written goes whole
     * @param passes  how the end of a reconciliation pass is handled
     * @param state   the processor's state, where the tallies of reconciliation passes are kept
     */
    public MailchimpSync(final SyncSettings settings, final Map<Outcome.Route, Relationship> routes, final Relationship failure,
                         final ComponentLog logger, final PassSettings passes, final StateManager state) {
        this.settings = settings;
        this.routes = Map.copyOf(routes);
        this.failure = failure;
        this.logger = logger;
        this.audiences = new AudienceCatalog(settings.sourceIdMergeField(), settings.mapper().versionMergeField(),
                settings.mapper().content());
        this.reading = new FlowFileSync(settings.readerFactory(), settings.mapper(), settings.planner(), logger);
        this.executor = Executors.newFixedThreadPool(settings.concurrency(),
                Thread.ofPlatform().daemon().name("PutMailchimpContact-", 0).factory());
        this.reconciliation = new Reconciliation(passes, settings, audiences, executor, state, logger);
    }

    /**
     * Syncs FlowFiles of the session's queue and finishes each: up to {@code maxFlowFiles}, and no more once
     * {@code maxRecords} records were read.
     *
     * @return whether the processor should yield: Mailchimp is unavailable, or only FlowFiles waiting for their retry
     *         time are queued
     */
    public boolean trigger(final ProcessSession session, final int maxFlowFiles, final long maxRecords) {
        return new Trigger(session).run(maxFlowFiles, maxRecords);
    }

    /** Stops the calls' threads, waiting up to 30 seconds for the calls in flight. */
    public void stop() throws InterruptedException {
        preparer.shutdownNow();
        executor.shutdownNow();
        executor.awaitTermination(30, TimeUnit.SECONDS);
    }

    /**
     * One trigger: its FlowFiles share the connection budget, the pending records and the open batches (the partial
     * batches of consecutive FlowFiles for the same audience and tags fill each other); audiences are prepared once,
     * while the first FlowFile for them is read.
     */
    private final class Trigger implements PendingOutcomes.BatchFlusher {

        private final ProcessSession session;
        private final PendingOutcomes pending = new PendingOutcomes(settings.pendingLimit(), this);
        private final Map<String, CompletableFuture<AudienceState>> prepared = new HashMap<>();
        /** The executors of a real run, by audience and tags: shared by the trigger's FlowFiles. */
        private final Map<List<String>, PlanExecutor> executors = new HashMap<>();
        private final Instant now = Instant.now();
        private final Reconciliation.Tallies tallies = reconciliation.new Tallies();
        /** Every FlowFile's executor (a reconciliation pass wraps the shared one): someone waiting may wait on any. */
        private final Set<PlanExecutor> flowFileExecutors = new LinkedHashSet<>();
        private boolean unavailable;
        private int taken;
        private long records;
        private int waiting;

        private Trigger(final ProcessSession session) {
            this.session = session;
        }

        private boolean run(final int maxFlowFiles, final long maxRecords) {
            // Once Mailchimp is unavailable, the FlowFiles still queued wait for the next trigger rather than a retry round.
            for (FlowFile input; taken < maxFlowFiles && records < maxRecords && !unavailable && (input = next()) != null; ) {
                sync(input);
                pending.takeEnded().forEach(this::finish);
            }
            flowFileExecutors.forEach(PlanExecutor::flush);
            pending.drain();
            pending.takeEnded().forEach(this::finish);
            tallies.storeAfterCommit(session);
            return unavailable || taken == 0 && waiting > 0;
        }

        /**
         * The next FlowFile whose retry time has come, or the end of a pass whose records are synced; the others stay
         * in the queue ({@link RetryLater}). A FlowFile for whose pass the audience is read anew starts a trigger.
         */
        private FlowFile next() {
            final List<FlowFile> next = session.get(flowFile -> {
                if (RetryLater.holds(flowFile, now) || reconciliation.holds(flowFile, tallies, now)) {
                    waiting++;
                    return FlowFileFilter.FlowFileFilterResult.REJECT_AND_CONTINUE;
                }
                if (taken > 0 && reconciliation.readsAnew(flowFile, settings.audienceId().apply(flowFile).trim())) {
                    return FlowFileFilter.FlowFileFilterResult.REJECT_AND_TERMINATE;
                }
                taken++;
                return FlowFileFilter.FlowFileFilterResult.ACCEPT_AND_TERMINATE;
            });
            return next.isEmpty() ? null : next.getFirst();
        }

        @Override
        public void sendBatchContaining(final CompletableFuture<Outcome> outcome) {
            flowFileExecutors.forEach(executor -> executor.sendBatchContaining(outcome));
        }

        private void sync(final FlowFile input) {
            final AudienceClient client = new AudienceClient(settings.service(), settings.audienceId().apply(input).trim());
            if (EndOfPass.isEnd(input)) {
                end(input, client);
                return;
            }
            final RecordOutputs outputs = new RecordOutputs(session, input, settings.writerFactory(), logger,
                    new RecordProvenance(settings.mapper(), settings.sourceIdMergeField(), settings.emailInProvenance(),
                            settings.unchangedEvents(), client.transitUri(), input), settings.retryLater(), settings.mode());
            // Once per audience and trigger: refreshing while this trigger's writes are in flight would read them back.
            // Prepared while the first pass reads, so neither waits for the other.
            final CompletableFuture<AudienceState> preparing = preparing(input, client);
            final FlowFileSync.FirstPass first;
            try {
                first = reading.findDuplicates(session, input);
            } catch (final IOException | MalformedRecordException | SchemaNotFoundException | RuntimeException e) {
                routeWholeToFailure(input, outputs, e);
                return;
            }
            final AudienceState audience = preparing.join();
            unavailable |= audience instanceof AudienceState.Unavailable gone && gone.forNow();
            final Set<String> wouldCreate = ConcurrentHashMap.newKeySet();
            final MemberIndex index = audience instanceof AudienceState.Ready ready ? ready.index() : null;
            if (audience instanceof AudienceState.Ready ready) {
                wouldCreate.addAll(ready.wouldCreate());
            }
            final PassRecords pass = reconciliation.records(input);
            final PlanExecutor executor = reconciliation.executor(executor(client, input, index, wouldCreate), pass, client);
            flowFileExecutors.add(executor);
            records += reading.queue(session, new FlowFileRun(input, client, audience, executor, outputs, settings.mode(),
                    wouldCreate, pass), first, pending);
        }

        /** A real run's executor is shared by the FlowFiles for the same audience and tags; a preview's is the FlowFile's own. */
        private PlanExecutor executor(final AudienceClient client, final FlowFile input, final MemberIndex index,
                                      final Set<String> wouldCreate) {
            if (settings.mode() == RunMode.PREVIEW) {
                return new PreviewExecutor(client, audiences, tagSync(client, index), wouldCreate);
            }
            final List<String> tags = settings.tags().apply(input);
            final List<String> key = new ArrayList<>(tags.size() + 1);
            key.add(client.audienceId());
            key.addAll(tags);
            return executors.computeIfAbsent(key, k -> new SyncExecutor(client, audiences, index, executor, settings.batchSize(),
                    tags, tagSync(client, index), settings.planner(), statusless));
        }

        /**
         * The audience for this trigger, prepared once, on the preparer's thread; read anew first (and at once) for a
         * pass this node has not read it for.
         */
        private CompletableFuture<AudienceState> preparing(final FlowFile input, final AudienceClient client) {
            final String audienceId = client.audienceId();
            if (!prepared.containsKey(audienceId) && reconciliation.readsAnew(input, audienceId)) {
                audiences.forget(audienceId);
                final AudienceState state = prepare(client);
                if (state instanceof AudienceState.Ready) {
                    reconciliation.readFor(input, audienceId);
                }
                prepared.put(audienceId, CompletableFuture.completedFuture(state));
            }
            return prepared.computeIfAbsent(audienceId, id -> CompletableFuture.supplyAsync(() -> prepare(client), preparer));
        }

        /** The end of a reconciliation pass: decided once its audience is ready; it waits while Mailchimp is unavailable. */
        private void end(final FlowFile input, final AudienceClient client) {
            final AudienceState audience = preparing(input, client).join();
            try {
                final EndOfPass pass = EndOfPass.of(input);
                switch (audience) {
                    case AudienceState.Ready ready -> reconciliation.end(session, input, pass, client, ready.index(), tallies);
                    case AudienceState.Unavailable gone when gone.forNow() -> {
                        unavailable = true;
                        session.transfer(session.penalize(input));
                    }
                    case AudienceState.Unavailable gone -> session.transfer(session.putAttribute(input, "mailchimp.error",
                            gone.outcome().reason()), failure);
                }
            } catch (final IOException | IllegalArgumentException e) {
                logger.error("Cannot end reconciliation pass {}: {}; routing its end FlowFile to failure", input, e.getMessage());
                session.transfer(session.putAttribute(input, "mailchimp.error", String.valueOf(e.getMessage())), failure);
            }
        }

        private void finish(final FlowFileRun run) {
            if (run.failure() == null) {
                try {
                    if (settings.mode() == RunMode.PREVIEW) {
                        run.outputs().putAttribute(DRY_RUN_CREATES_ATTRIBUTE, String.join("; ", run.wouldCreate()));
                    }
                    final MailchimpTraffic traffic = settings.service().takeTraffic();
                    traffic.counters().forEach((counter, delta) -> session.adjustCounter(counter, delta, false));
                    traffic.figures().forEach(run.outputs()::putFigure);
                    run.outputs().transfer(routes, run.client().audienceId(), run.client().transitUri().toString(),
                            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - run.started()));
                    session.remove(run.input());
                    if (run.pass() != null) {
                        tallies.add(run.pass(), run.client().audienceId());
                    }
                    return;
                } catch (final IOException | RuntimeException e) {
                    run.fail(e);
                }
            }
            routeWholeToFailure(run.input(), run.outputs(), run.failure());
        }

        private void routeWholeToFailure(final FlowFile input, final RecordOutputs outputs, final Exception e) {
            logger.error("Cannot sync {}: records unreadable or unwritable; routing the FlowFile to failure", input, e);
            outputs.discard();
            session.transfer(session.putAttribute(input, "mailchimp.error", String.valueOf(e.getMessage())), failure);
        }
    }

    private TagAndGroupSync tagSync(final AudienceClient client, final MemberIndex index) {
        final String audienceId = client.audienceId();
        return new TagAndGroupSync(new SegmentClient(settings.service(), audienceId),
                segments.computeIfAbsent(audienceId, id -> new AudienceSegments(settings.interestCategory())),
                settings.segmentFields(), settings.interestCategory(), settings.createMissingInterestGroups(), settings.mode(), index);
    }

    /** The audience's member index for this trigger, or the outcome every record gets when the audience is unusable. */
    private AudienceState prepare(final AudienceClient client) {
        try {
            return switch (settings.mode()) {
                case APPLY -> new AudienceState.Ready(audiences.prepare(client, settings.mapper().writtenTags(),
                        settings.createMissingMergeFields(), executor), Set.of());
                case PREVIEW -> preparePreview(client);
            };
        } catch (final AudienceException e) {
            logger.error("Audience {} cannot take contacts: {}", client.audienceId(), e.getMessage());
            return new AudienceState.Unavailable(Outcome.rejected(e));
        } catch (final RuntimeException e) {
            logger.error("Audience {} cannot take contacts: {}", client.audienceId(), e.getMessage());
            return new AudienceState.Unavailable(Outcome.failure(null, e.getMessage()));
        } catch (final MailchimpTransientException e) {
            logger.warn("Audience {} unavailable: {}", client.audienceId(), e.getMessage());
            return new AudienceState.Unavailable(Outcome.unavailable(e));
        }
    }

    /**
     * The member index without creating anything: the merge fields the real run would create are reported, and the
     * index is read with the present ones only.
     */
    private AudienceState preparePreview(final AudienceClient client) throws AudienceException, MailchimpTransientException {
        final MergeFieldCheck check = MergeFieldCheck.of(client.mergeFields(), settings.mapper().writtenTags());
        final String problem = check.problem(client.audienceId(), settings.createMissingMergeFields());
        if (problem != null) {
            throw new AudienceException(problem);
        }
        final Set<String> present = settings.mapper().writtenTags();
        check.missing().forEach(present::remove);
        return new AudienceState.Ready(audiences.prepare(client, present, false, executor),
                Set.copyOf(check.missing().stream().map(tag -> "merge field " + tag).toList()));
    }
}
