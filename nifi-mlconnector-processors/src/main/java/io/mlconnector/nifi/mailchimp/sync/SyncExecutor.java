package io.mlconnector.nifi.mailchimp.sync;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlconnector.nifi.mailchimp.MailchimpTransientException;
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

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

/**
 * Carries out the decisions of one FlowFile's plans in a real run, as they come: upserts join an open batch subscribe
 * call that is sent as soon as it holds Batch Size members (and at {@link #flush()}), terminations, rehires and email
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

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

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
    public CompletableFuture<Outcome> submit(final Plan plan) {
        if (Decisions.readsMember(plan)) {
            return memberCall(plan);
        }
        return switch (Decisions.decide(plan)) {
            case Decision.Settle settle -> CompletableFuture.completedFuture(operations.learn(settle));
            case Write write when write.kind() == Write.Kind.UPSERT && write.target() == null -> creates.add(plan);
            case Write write when write.kind() == Write.Kind.UPSERT && !statusless.refusedIn(client.audienceId()) -> updates.add(plan);
            case Write write -> memberCall(plan);
        };
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
    public void abandon(final String reason) {
        creates.abandon(reason);
        updates.abandon(reason);
    }

    /** The upserts waiting for a batch of one kind (create or update). */
    private final class OpenBatch {
        private final boolean create;
        private List<Plan> plans = new ArrayList<>();
        private List<CompletableFuture<Outcome>> outcomes = new ArrayList<>();

        private OpenBatch(final boolean create) {
            this.create = create;
        }

        private CompletableFuture<Outcome> add(final Plan plan) {
            final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
            plans.add(plan);
            outcomes.add(outcome);
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
            }
        }

        private void sendIfHolding(final CompletableFuture<Outcome> outcome) {
            if (outcomes.contains(outcome)) {
                send();
            }
        }

        private void abandon(final String reason) {
            outcomes.forEach(outcome -> outcome.complete(Outcome.failure(null, reason)));
            plans = new ArrayList<>();
            outcomes = new ArrayList<>();
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
            } catch (final MailchimpTransientException e) {
                records.settleRest(Outcome.unavailable(e));
            } catch (final AudienceException e) {
                records.settleRest(Outcome.rejected(e));
            } catch (final RuntimeException e) {
                records.settleRest(Outcome.failure(null, e.getMessage()));
            }
            for (int i = 0; i < outcomes.size(); i++) {
                outcomes.get(i).complete(records.outcome(i));
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
        final ArrayNode members = JSON.arrayNode();
        for (int i = 0; i < records.size(); i++) {
            if (records.isSettled(i)) {
                continue;
            }
            final Plan plan = records.plan(i);
            final ObjectNode member = members.addObject().put("email_address", plan.contact().emailAddress());
            if (create) {
                member.put("status", plan.sendStatus().apiValue());
            }
            member.set("merge_fields", SingleMemberOperations.mergeFields(plan.contact()));
            if (create && !tags.isEmpty()) {
                tags.forEach(member.putArray("tags")::add);
            }
            segments.decorate(member, plan.contact(), create);
        }
        if (members.isEmpty()) {
            return;
        }
        final BatchResult result = client.batchSubscribe(members, !create);
        for (int i = 0; i < records.size(); i++) {
            if (!records.isSettled(i)) {
                records.settle(i, upsertOutcome(records.plan(i), result, create));
            }
        }
        segments.afterWrites(records);
    }

    /** One record's outcome from the batch's answer; a decision taken again ends as its call does (retry, refusal). */
    private Outcome upsertOutcome(final Plan plan, final BatchResult result, final boolean create) {
        try {
            return answered(plan, result, create);
        } catch (final MailchimpTransientException e) {
            return Outcome.unavailable(e);
        } catch (final AudienceException e) {
            return Outcome.rejected(e);
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
