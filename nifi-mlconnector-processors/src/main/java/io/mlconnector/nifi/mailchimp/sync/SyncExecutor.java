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

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

/**
 * Carries out the plans of one FlowFile as they come: upserts join an open batch subscribe call that is sent as soon
 * as it holds Batch Size members (and at {@link #flush()}), terminations, rehires and email changes are sent at once
 * as {@link MemberCalls}. Every call goes to the processor's executor, whose threads are the connection budget: the
 * next call starts as soon as one finishes, whatever FlowFile it belongs to. Keeps the member index current from the
 * answers. Tags and interests ({@link SegmentSync}) go with each call, on its thread: the tags of a batch's updates
 * move just before the batch is sent, those of a member call just after it.
 * <p>
 * The index may be stale (a signup form, a marketer or an unsubscribe link acted since it was read), so no batch
 * sends a status Mailchimp would apply to a contact whose real status we do not know: new contacts go in batches
 * without {@code update_existing} (an address that exists after all is refused, re-read and retried), existing ones
 * in batches with {@code update_existing} but without {@code status}.
 */
public final class SyncExecutor implements PlanExecutor {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final AudienceClient client;
    private final AudienceCatalog audiences;
    private final MemberIndex index;
    private final MemberCalls memberCalls;
    private final ExecutorService executor;
    private final int batchSize;
    private final List<String> tags;
    private final SegmentSync segments;
    private final OpenBatch creates = new OpenBatch(true);
    private final OpenBatch updates = new OpenBatch(false);

    public SyncExecutor(final AudienceClient client, final AudienceCatalog audiences, final MemberIndex index,
                        final ExecutorService executor, final int batchSize, final List<String> tags,
                        final SegmentSync segments) {
        this.segments = segments;
        this.client = client;
        this.audiences = audiences;
        this.index = index;
        this.executor = executor;
        this.batchSize = batchSize;
        this.tags = List.copyOf(tags);
        this.memberCalls = new MemberCalls(client, audiences, index, this.tags, segments);
    }

    /**
     * The plan's outcome: settled at once when it needs no call, otherwise when its call answers. An upsert's call
     * goes out when its batch is full or at {@link #flush()}.
     */
    @Override
    public CompletableFuture<Outcome> submit(final Plan plan) {
        return switch (plan.operation()) {
            case SKIP -> CompletableFuture.completedFuture(Outcome.success(SyncAction.SKIPPED, statusOf(plan.target()), plan.reason()));
            case UNCHANGED -> CompletableFuture.completedFuture(Outcome.success(SyncAction.UNCHANGED, statusOf(plan.target()), plan.reason()));
            case FAIL -> CompletableFuture.completedFuture(Outcome.failure(statusOf(plan.target()), plan.reason()));
            case UPSERT -> (plan.target() == null ? creates : updates).add(plan);
            default -> {
                final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
                send(List.of(outcome), settled -> memberCall(plan, settled));
                yield outcome;
            }
        };
    }

    @Override
    public void flush() {
        creates.send();
        updates.send();
    }

    @Override
    public void sendHolding(final CompletableFuture<Outcome> outcome) {
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
                final List<Plan> batch = plans;
                SyncExecutor.this.send(outcomes, settled -> upsert(batch, create, settled));
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

    /** Fills in the outcomes of its records, in order; those it leaves unset get the outcome of what it throws. */
    private interface Call {
        void run(Outcome[] settled) throws MailchimpTransientException, AudienceException;
    }

    /** Runs a call on the executor and settles its records' outcomes, whatever it throws. */
    private void send(final List<CompletableFuture<Outcome>> outcomes, final Call call) {
        final Runnable task = () -> {
            final Outcome[] settled = new Outcome[outcomes.size()];
            Outcome thrown = null;
            try {
                call.run(settled);
            } catch (final MailchimpTransientException e) {
                thrown = Outcome.unavailable(e);
            } catch (final AudienceException e) {
                thrown = Outcome.rejected(e);
            } catch (final RuntimeException e) {
                thrown = Outcome.failure(null, e.getMessage());
            }
            for (int i = 0; i < outcomes.size(); i++) {
                outcomes.get(i).complete(settled[i] == null ? thrown : settled[i]);
            }
        };
        try {
            executor.execute(task);
        } catch (final RejectedExecutionException e) {
            outcomes.forEach(outcome -> outcome.complete(Outcome.retry("The processor is stopping; not sent")));
        }
    }

    /** A termination, rehire or email change, with its interests and then its tags. */
    private void memberCall(final Plan plan, final Outcome[] settled) throws MailchimpTransientException, AudienceException {
        final List<Plan> plans = List.of(plan);
        segments.prepare(plans, settled);
        if (settled[0] == null) {
            settled[0] = memberCalls.run(plan);
        }
        segments.afterWrites(plans, settled);
    }

    /**
     * One batch subscribe call. The tags of the contacts it updates move first: a record whose tags cannot move is
     * settled (retry or failure) and left out of the batch, so its SYNCTAGS stays as Mailchimp's tags are.
     */
    private void upsert(final List<Plan> plans, final boolean create, final Outcome[] settled)
            throws MailchimpTransientException, AudienceException {
        segments.prepare(plans, settled);
        segments.moveTagsOfUpdates(plans, settled);
        final ArrayNode members = JSON.arrayNode();
        for (int i = 0; i < plans.size(); i++) {
            if (settled[i] != null) {
                continue;
            }
            final Plan plan = plans.get(i);
            final ObjectNode member = members.addObject().put("email_address", plan.contact().emailAddress());
            if (create) {
                member.put("status", plan.sendStatus().apiValue());
            }
            member.set("merge_fields", MemberCalls.mergeFields(plan.contact()));
            if (create && !tags.isEmpty()) {
                tags.forEach(member.putArray("tags")::add);
            }
            segments.decorate(member, plan.contact(), create);
        }
        if (members.isEmpty()) {
            return;
        }
        final BatchResult result = client.batchSubscribe(members, !create);
        for (int i = 0; i < plans.size(); i++) {
            if (settled[i] == null) {
                settled[i] = upsertOutcome(plans.get(i), result);
            }
        }
        segments.afterWrites(plans, settled);
    }

    private Outcome upsertOutcome(final Plan plan, final BatchResult result) {
        final Contact contact = plan.contact();
        final BatchResult.Written written = result.written(contact.subscriberHash());
        if (written != null) {
            final MemberStatus status = MemberStatus.parse(written.status());
            index.put(KnownMember.written(contact, status, plan.target()));
            audiences.wrote(client.audienceId(), contact.subscriberHash(), written.lastChanged());
            if (status != plan.sendStatus()) {
                return Outcome.success(SyncAction.UPDATED, written.status(), "Status is " + written.status()
                        + " in Mailchimp (changed since the member index was read) and was left unchanged");
            }
            return Outcome.success(written.created() ? SyncAction.CREATED : SyncAction.UPDATED, written.status(), plan.reason());
        }
        final Refusal refused = result.refused(contact.subscriberHash());
        if (refused == null) {
            return Outcome.failure(statusOf(plan.target()), "Mailchimp did not report this contact in the batch response");
        }
        if (refused.kind() == Refusal.Kind.EXISTS) {
            return memberCalls.appeared(contact);
        }
        if (refused.kind() == Refusal.Kind.PERMANENTLY_DELETED) {
            index.remove(contact.subscriberHash());
        }
        return Outcome.refused(refused, statusOf(plan.target()));
    }

    private static String statusOf(final KnownMember member) {
        return member == null ? null : member.status().apiValue();
    }
}
