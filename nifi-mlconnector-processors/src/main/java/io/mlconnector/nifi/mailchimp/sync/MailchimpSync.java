package io.mlconnector.nifi.mailchimp.sync;

import io.mlconnector.nifi.mailchimp.MailchimpTraffic;
import io.mlconnector.nifi.mailchimp.MailchimpTransientException;
import io.mlconnector.nifi.mailchimp.audience.AudienceCatalog;
import io.mlconnector.nifi.mailchimp.audience.AudienceClient;
import io.mlconnector.nifi.mailchimp.audience.AudienceException;
import io.mlconnector.nifi.mailchimp.audience.MemberIndex;
import io.mlconnector.nifi.mailchimp.audience.MergeFieldCheck;
import io.mlconnector.nifi.mailchimp.contact.DuplicateFilter;
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
import java.util.HashMap;
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
     * Syncs up to {@code limit} FlowFiles of the session's queue and finishes each.
     *
     * @return whether the processor should yield: Mailchimp is unavailable, or only FlowFiles waiting for their retry
     *         time are queued
     */
    public boolean trigger(final ProcessSession session, final int limit) {
        return new Trigger(session).run(limit);
    }

    /** Stops the calls' threads, waiting up to 30 seconds for the calls in flight. */
    public void stop() throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(30, TimeUnit.SECONDS);
    }

    /** One trigger: its FlowFiles share the connection budget and the pending records; audiences are prepared once. */
    private final class Trigger implements PendingOutcomes.BatchFlusher {

        private final ProcessSession session;
        private final PendingOutcomes pending = new PendingOutcomes(settings.pendingLimit(), this);
        private final Map<String, AudienceState> prepared = new HashMap<>();
        private final Instant now = Instant.now();
        private final Reconciliation.Tallies tallies = reconciliation.new Tallies();
        /** The executor of the FlowFile being read, while it is read. */
        private PlanExecutor current;
        private boolean unavailable;
        private int taken;
        private int waiting;

        private Trigger(final ProcessSession session) {
            this.session = session;
        }

        private boolean run(final int limit) {
            // Once Mailchimp is unavailable, the FlowFiles still queued wait for the next trigger rather than a retry round.
            for (FlowFile input; taken < limit && !unavailable && (input = next()) != null; ) {
                sync(input);
                pending.takeEnded().forEach(this::finish);
            }
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

        /** Only the FlowFile being read holds calls still being filled: the earlier ones were flushed at their end. */
        @Override
        public void sendBatchContaining(final CompletableFuture<Outcome> outcome) {
            if (current != null) {
                current.sendBatchContaining(outcome);
            }
        }

        private void sync(final FlowFile input) {
            final AudienceClient client = new AudienceClient(settings.service(), settings.audienceId().apply(input).trim());
            if (EndOfPass.isEnd(input)) {
                end(input, client);
                return;
            }
            final RecordOutputs outputs = new RecordOutputs(session, input, settings.writerFactory(), logger,
                    new RecordProvenance(settings.mapper(), settings.sourceIdMergeField(), settings.emailInProvenance(),
                            client.transitUri(), input), settings.retryLater(), settings.mode());
            final DuplicateFilter duplicates;
            try {
                duplicates = reading.findDuplicates(session, input);
            } catch (final IOException | MalformedRecordException | SchemaNotFoundException | RuntimeException e) {
                routeWholeToFailure(input, outputs, e);
                return;
            }
            // Once per audience and trigger: refreshing while this trigger's writes are in flight would read them back.
            final AudienceState audience = prepared(input, client);
            unavailable |= audience instanceof AudienceState.Unavailable gone && gone.forNow();
            final Set<String> wouldCreate = ConcurrentHashMap.newKeySet();
            final MemberIndex index = audience instanceof AudienceState.Ready ready ? ready.index() : null;
            if (audience instanceof AudienceState.Ready ready) {
                wouldCreate.addAll(ready.wouldCreate());
            }
            final PassRecords pass = reconciliation.records(input);
            current = reconciliation.executor(executor(client, input, index, wouldCreate), pass, client);
            reading.queue(session, new FlowFileRun(input, client, audience, current, outputs, settings.mode(), wouldCreate, pass),
                    duplicates, pending);
            current = null;
        }

        /** The audience for this trigger, prepared once; read anew first for a pass this node has not read it for. */
        private AudienceState prepared(final FlowFile input, final AudienceClient client) {
            final String audienceId = client.audienceId();
            if (!prepared.containsKey(audienceId) && reconciliation.readsAnew(input, audienceId)) {
                audiences.forget(audienceId);
                final AudienceState state = prepare(client);
                if (state instanceof AudienceState.Ready) {
                    reconciliation.readFor(input, audienceId);
                }
                prepared.put(audienceId, state);
            }
            return prepared.computeIfAbsent(audienceId, id -> prepare(client));
        }

        /** The end of a reconciliation pass: decided once its audience is ready; it waits while Mailchimp is unavailable. */
        private void end(final FlowFile input, final AudienceClient client) {
            final AudienceState audience = prepared(input, client);
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

    /** The FlowFile's executor, by run mode: a real run's calls, or a preview. */
    private PlanExecutor executor(final AudienceClient client, final FlowFile input, final MemberIndex index,
                                  final Set<String> wouldCreate) {
        final String audienceId = client.audienceId();
        final TagAndGroupSync tagSync = new TagAndGroupSync(new SegmentClient(settings.service(), audienceId),
                segments.computeIfAbsent(audienceId, id -> new AudienceSegments(settings.interestCategory())),
                settings.segmentFields(), settings.interestCategory(), settings.createMissingInterestGroups(), settings.mode(), index);
        return switch (settings.mode()) {
            case APPLY -> new SyncExecutor(client, audiences, index, executor, settings.batchSize(), settings.tags().apply(input), tagSync,
                    settings.planner(), statusless);
            case PREVIEW -> new PreviewExecutor(client, audiences, tagSync, wouldCreate);
        };
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
