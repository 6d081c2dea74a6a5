package io.mlconnector.nifi.mailchimp.sync;

import com.fasterxml.jackson.core.JsonGenerator;
import io.mlconnector.nifi.mailchimp.MailchimpTransientException;
import io.mlconnector.nifi.mailchimp.StreamedJson;
import io.mlconnector.nifi.mailchimp.audience.AudienceCatalog;
import io.mlconnector.nifi.mailchimp.audience.AudienceClient;
import io.mlconnector.nifi.mailchimp.audience.AudienceException;
import io.mlconnector.nifi.mailchimp.audience.BatchResult;
import io.mlconnector.nifi.mailchimp.audience.MemberIndex;
import io.mlconnector.nifi.mailchimp.audience.Refusal;
import io.mlconnector.nifi.mailchimp.contact.Contact;
import io.mlconnector.nifi.mailchimp.contact.KnownMember;
import io.mlconnector.nifi.mailchimp.contact.MemberStatus;
import io.mlconnector.nifi.mailchimp.contact.Plan;
import io.mlconnector.nifi.mailchimp.contact.SyncAction;
import io.mlconnector.nifi.mailchimp.contact.SyncPlanner;
import io.mlconnector.nifi.mailchimp.sync.Decision.Write;
import org.apache.nifi.flowfile.FlowFile;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

/**
 * Carries out the decisions of a trigger's plans for one audience and set of tags in a real run, as they come, whatever
 * FlowFile they belong to: upserts join an open batch subscribe call that is sent as soon as it holds Batch Size
 * members (or when someone waits for one of them, and at {@link #flush()}), so a FlowFile's last partial batch is
 * filled by the next FlowFile's records rather than sent half empty; terminations, rehires and email
 * changes are sent at once as {@link SingleMemberOperations}. Every call goes to the processor's executor, whose
 * threads are the connection budget: the next call starts as soon as one finishes, whatever FlowFile it belongs to.
 * Keeps the member index current from the answers. Tags and interests ({@link TagAndGroupSync}) go with each call, on
 * its thread: the tags of a batch's updates move just before the batch is sent, those of a member call just after it.
 * <p>
 * The index may be stale (a signup form, a marketer or an unsubscribe link acted since it was read), so no batch
 * sends a status Mailchimp would apply to a contact whose real status we do not know: new contacts go in batches
 * without {@code update_existing} (an address that exists after all is refused, re-read and retried), existing ones
 * in batches with {@code update_existing} but without {@code status}. An update whose item is refused for the want of
 * a status, or answered archived, is decided again alone ({@link SingleMemberOperations#updateAlone}); once an
 * audience's account is seen to refuse every such item ({@link StatuslessUpdates}), its updates go alone at once.
 */
final class SyncExecutor implements PlanExecutor {

    private final AudienceClient client;
    private final AudienceCatalog audiences;
    private final MemberIndex index;
    private final SingleMemberOperations operations;
    private final ExecutorService executor;
    private final int batchSize;
    private final List<String> tags;
    private final TagAndGroupSync segments;
    private final StatuslessUpdates statusless;
    private final OpenBatch creates = new OpenBatch(true);
    private final OpenBatch updates = new OpenBatch(false);

    SyncExecutor(final AudienceClient client, final AudienceCatalog audiences, final MemberIndex index, final ExecutorService executor,
                 final int batchSize, final List<String> tags, final TagAndGroupSync segments, final SyncPlanner planner,
                 final StatuslessUpdates statusless) {
        this.segments = segments;
        this.statusless = statusless;
        this.client = client;
        this.audiences = audiences;
        this.index = index;
        this.executor = executor;
        this.batchSize = batchSize;
        this.tags = List.copyOf(tags);
        this.operations = new SingleMemberOperations(client, audiences, index, this.tags, segments, planner, statusless);
    }

    /**
     * The plan's outcome: settled at once when it needs no call, otherwise when its call answers. An upsert's call
     * goes out when its batch is full or at {@link #flush()}.
     */
    @Override
    public CompletableFuture<Outcome> submit(final Plan plan, final FlowFile input) {
        if (batchesTermination(plan)) {
            return updates.add(plan, input);
        }
        if (Decisions.readsMember(plan)) {
            return memberCall(plan);
        }
        return switch (Decisions.decide(plan)) {
            case Decision.Settle settle -> CompletableFuture.completedFuture(operations.learn(settle));
            case Write write when write.kind() == Write.Kind.UPSERT && write.target() == null -> creates.add(plan, input);
            case Write write when write.kind() == Write.Kind.UPSERT && !statusless.refusedIn(client.audienceId()) -> updates.add(plan, input);
            case Write write -> memberCall(plan);
        };
    }

    /**
     * A termination that archives the contact at the record's own address travels in a batch of updates: its merge
     * fields, source version included, are written there (a batch item cannot carry tags for an existing member
     * without replacing all of them, O16), the answer gives the member's status now, the archive markers of the
     * batch's terminations are set in one call per status, and only the archive is a call of its own. A termination
     * without a source version reads the member instead of writing it, as a member call, as do all where the account
     * refuses batch items without a status.
     */
    private boolean batchesTermination(final Plan plan) {
        return plan.operation() == Plan.Operation.ARCHIVE && plan.contact().version() != null && !statusless.refusedIn(client.audienceId())
                && plan.target().status().receivesUpdates() && plan.target().subscriberHash().equals(plan.contact().subscriberHash());
    }

    @Override
    public void flush() {
        creates.send();
        updates.send();
    }

    @Override
    public void sendBatchContaining(final CompletableFuture<Outcome> outcome) {
        creates.sendIfHolding(outcome);
        updates.sendIfHolding(outcome);
    }

    @Override
    public void abandon(final FlowFile input, final String reason) {
        creates.abandon(input, reason);
        updates.abandon(input, reason);
    }

    /** The upserts waiting for a batch of one kind (create or update), with the FlowFile each comes from. */
    private final class OpenBatch {
        private final boolean create;
        private List<Plan> plans = new ArrayList<>();
        private List<CompletableFuture<Outcome>> outcomes = new ArrayList<>();
        private List<FlowFile> inputs = new ArrayList<>();

        private OpenBatch(final boolean create) {
            this.create = create;
        }

        private CompletableFuture<Outcome> add(final Plan plan, final FlowFile input) {
            final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
            plans.add(plan);
            outcomes.add(outcome);
            inputs.add(input);
            if (plans.size() == batchSize) {
                send();
            }
            return outcome;
        }

        private void send() {
            if (!plans.isEmpty()) {
                SyncExecutor.this.send(plans, outcomes, records -> upsert(records, create));
                plans = new ArrayList<>();
                outcomes = new ArrayList<>();
                inputs = new ArrayList<>();
            }
        }

        private void sendIfHolding(final CompletableFuture<Outcome> outcome) {
            if (outcomes.contains(outcome)) {
                send();
            }
        }

        private void abandon(final FlowFile input, final String reason) {
            for (int i = plans.size() - 1; i >= 0; i--) {
                if (inputs.get(i) == input) {
                    plans.remove(i);
                    inputs.remove(i);
                    outcomes.remove(i).complete(Outcome.failure(null, reason));
                }
            }
        }
    }

    /** Settles the records of one call; those it leaves unsettled get the outcome of what it throws. */
    private interface Call {
        void run(CallRecords records) throws MailchimpTransientException, AudienceException;
    }

    private CompletableFuture<Outcome> memberCall(final Plan plan) {
        final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        send(List.of(plan), List.of(outcome), this::memberCall);
        return outcome;
    }

    /** Runs a call on the executor and completes its records' outcomes, whatever it throws. */
    private void send(final List<Plan> plans, final List<CompletableFuture<Outcome>> outcomes, final Call call) {
        final Runnable task = () -> {
            final CallRecords records = new CallRecords(plans);
            try {
                call.run(records);
                records.settleRest(Outcome.failure(null, "Not settled by its call"));
            } catch (final MailchimpTransientException | AudienceException e) {
                records.settleRest(Outcome.failed(e));
            } catch (final RuntimeException e) {
                records.settleRest(Outcome.failure(null, e.getMessage()));
            }
            for (int i = 0; i < outcomes.size(); i++) {
                final CallRecords.FollowUp next = records.followUpOf(i);
                if (next == null) {
                    outcomes.get(i).complete(records.outcome(i));
                } else {
                    send(List.of(records.plan(i)), List.of(outcomes.get(i)), followed -> followed.settle(0, next.run()));
                }
            }
        };
        try {
            executor.execute(task);
        } catch (final RejectedExecutionException e) {
            outcomes.forEach(outcome -> outcome.complete(Outcome.retry("The processor is stopping; not sent")));
        }
    }

    /** A termination, rehire, email change or an update sent alone, with its interests and its tags (an update's first). */
    private void memberCall(final CallRecords records) throws MailchimpTransientException, AudienceException {
        segments.prepare(records);
        segments.moveTagsOfUpdates(records);
        if (!records.isSettled(0)) {
            records.settle(0, operations.run(records.plan(0)));
        }
        segments.afterWrites(records);
    }

    /**
     * One batch subscribe call. The tags of the contacts it updates move first: a record whose tags cannot move is
     * settled (retry or failure) and left out of the batch, so its SYNCTAGS stays as Mailchimp's tags are.
     */
    private void upsert(final CallRecords records, final boolean create) throws MailchimpTransientException, AudienceException {
        segments.prepare(records);
        segments.moveTagsOfUpdates(records);
        final List<Plan> sent = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            if (!records.isSettled(i)) {
                sent.add(records.plan(i));
            }
        }
        if (sent.isEmpty()) {
            return;
        }
        final StreamedJson members = out -> writeMembers(out, sent, create);
        final BatchResult result = client.batchSubscribe(members, !create);
        final Map<String, List<Integer>> toArchive = new TreeMap<>();
        for (int i = 0; i < records.size(); i++) {
            if (records.isSettled(i)) {
                continue;
            }
            if (records.plan(i).operation() == Plan.Operation.ARCHIVE) {
                terminationWritten(records, i, result, toArchive);
            } else {
                records.settle(i, upsertOutcome(records.plan(i), result, create));
            }
        }
        archive(records, toArchive);
        segments.afterWrites(records);
    }

    /** The batch's items: a new contact with its status and tags, a termination with its merge fields alone. */
    private void writeMembers(final JsonGenerator out, final List<Plan> plans, final boolean create) throws IOException {
        out.writeStartArray();
        for (final Plan plan : plans) {
            out.writeStartObject();
            out.writeStringField("email_address", plan.contact().emailAddress());
            if (create) {
                out.writeStringField("status", plan.sendStatus().apiValue());
            }
            out.writeObjectFieldStart("merge_fields");
            for (final Map.Entry<String, String> field : plan.contact().mergeFields().entrySet()) {
                out.writeStringField(field.getKey(), field.getValue());
            }
            out.writeEndObject();
            if (plan.operation() != Plan.Operation.ARCHIVE) {
                segments.decorate(out, plan.contact(), create ? tags : null);
            }
            out.writeEndObject();
        }
        out.writeEndArray();
    }

    /**
     * A termination's batch item answered: decided from the member's status now, it is settled (not archived), left to
     * be marked and archived, or left to the member calls when the batch did not write it as it is.
     */
    private void terminationWritten(final CallRecords records, final int i, final BatchResult result,
                                    final Map<String, List<Integer>> toArchive) {
        final Plan plan = records.plan(i);
        final BatchResult.Written written = result.written(plan.contact().subscriberHash());
        if (written == null) {
            records.followUp(i, () -> operations.run(plan));
            return;
        }
        if (written.created()) {
            // Archived (or gone) after the index was read, and restored by the item (O3): archived again, unmarked.
            records.followUp(i, () -> operations.archiveAgain(plan.target()));
            return;
        }
        final KnownMember now = KnownMember.written(plan.contact(), MemberStatus.parse(written.status()), plan.target());
        index.put(now);
        audiences.wrote(client.audienceId(), now.subscriberHash(), written.lastChanged());
        switch (Decisions.archive(plan, now)) {
            case Decision.Settle settle -> records.settle(i, operations.learn(settle));
            case Write write -> {
                toArchive.computeIfAbsent(ArchiveMarker.tag(write.status()), marker -> new ArrayList<>()).add(i);
                records.followUp(i, () -> operations.archiveMarked(write));
            }
        }
    }

    /** Sets the archive markers, one call per marker (the follow-ups archive); a record whose marker failed is not archived. */
    private void archive(final CallRecords records, final Map<String, List<Integer>> toArchive) {
        toArchive.forEach((marker, positions) -> segments.addTag(records, marker, positions).forEach((position, e) ->
                records.settle(position, markerFailed(records.plan(position), e))));
    }

    private static Outcome markerFailed(final Plan plan, final Exception e) {
        final String reason = "Not archived: its archive marker could not be set: " + e.getMessage();
        return Outcome.followUpFailed(e, Decisions.statusOf(plan.target()), reason);
    }

    /** One record's outcome from the batch's answer; a decision taken again ends as its call does (retry, refusal). */
    private Outcome upsertOutcome(final Plan plan, final BatchResult result, final boolean create) {
        try {
            return answered(plan, result, create);
        } catch (final MailchimpTransientException | AudienceException e) {
            return Outcome.failed(e);
        }
    }

    private Outcome answered(final Plan plan, final BatchResult result, final boolean create)
            throws MailchimpTransientException, AudienceException {
        final Contact contact = plan.contact();
        final BatchResult.Written written = result.written(contact.subscriberHash());
        if (written != null) {
            final MemberStatus status = MemberStatus.parse(written.status());
            index.put(KnownMember.written(contact, status, plan.target()));
            audiences.wrote(client.audienceId(), contact.subscriberHash(), written.lastChanged());
            if (status != plan.sendStatus()) {
                final Outcome kept = Outcome.success(SyncAction.UPDATED, written.status(), "Status is " + written.status()
                        + " in Mailchimp (changed since the member index was read) and was left unchanged");
                return status == MemberStatus.ARCHIVED ? operations.archivedMeanwhile(plan, kept) : kept;
            }
            return Outcome.success(written.created() ? SyncAction.CREATED : SyncAction.UPDATED, written.status(), plan.reason());
        }
        final Refusal refused = result.refused(contact.subscriberHash());
        if (refused == null) {
            return Outcome.failure(Decisions.statusOf(plan.target()), "Mailchimp did not report this contact in the batch response");
        }
        if (refused.kind() == Refusal.Kind.EXISTS) {
            return operations.appeared(contact);
        }
        if (refused.kind() == Refusal.Kind.STATUS_NEEDED) {
            // New contacts are sent with their status: a refusal naming it is theirs to fix, not a stale member.
            return create ? Outcome.refused(new Refusal(Refusal.Kind.INVALID, refused.message()), null) : operations.updateAlone(plan);
        }
        if (refused.kind() == Refusal.Kind.PERMANENTLY_DELETED) {
            index.remove(contact.subscriberHash());
        }
        return Outcome.refused(refused, Decisions.statusOf(plan.target()));
    }
}
