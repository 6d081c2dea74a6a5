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
import io.mlconnector.nifi.mailchimp.contact.Contact;
import io.mlconnector.nifi.mailchimp.contact.KnownMember;
import io.mlconnector.nifi.mailchimp.contact.MemberStatus;
import io.mlconnector.nifi.mailchimp.contact.Plan;
import io.mlconnector.nifi.mailchimp.contact.SyncAction;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Carries out the plans of a window of records: upserts in batch subscribe calls of up to Batch Size members,
 * terminations, rehires and email changes as {@link MemberCalls}, all submitted at once to the executor (the connection
 * service bounds how many run simultaneously). Keeps the member index current from the answers.
 * <p>
 * The index may be stale (a signup form, a marketer or an unsubscribe link acted since it was read), so no batch
 * sends a status Mailchimp would apply to a contact whose real status we do not know: new contacts go in batches
 * without {@code update_existing} (an address that exists after all is refused, re-read and retried), existing ones
 * in batches with {@code update_existing} but without {@code status}.
 */
public final class SyncExecutor implements PlanExecutor {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String CONTACT_EXISTS = "ERROR_CONTACT_EXISTS";

    private final AudienceClient client;
    private final MemberIndex index;
    private final MemberCalls memberCalls;
    private final ExecutorService executor;
    private final int batchSize;
    private final List<String> tags;
    private final SegmentSync segments;

    public SyncExecutor(final AudienceClient client, final AudienceCatalog audiences, final MemberIndex index,
                        final ExecutorService executor, final int batchSize, final List<String> tags,
                        final SegmentSync segments) {
        this.segments = segments;
        this.client = client;
        this.index = index;
        this.executor = executor;
        this.batchSize = batchSize;
        this.tags = List.copyOf(tags);
        this.memberCalls = new MemberCalls(client, audiences, index, this.tags, segments);
    }

    @Override
    public Outcome[] execute(final List<Plan> plans) {
        final Outcome[] outcomes = new Outcome[plans.size()];
        final List<Future<?>> tasks = new ArrayList<>();
        final List<List<Integer>> taskPlans = new ArrayList<>();
        final List<Integer> creates = new ArrayList<>();
        final List<Integer> updates = new ArrayList<>();
        segments.prepare(plans, outcomes);
        segments.moveTagsOfUpdates(plans, outcomes);
        for (int i = 0; i < plans.size(); i++) {
            final Plan plan = plans.get(i);
            if (outcomes[i] != null) {
                continue;
            }
            switch (plan.operation()) {
                case SKIP -> outcomes[i] = Outcome.success(SyncAction.SKIPPED, statusOf(plan.target()), plan.reason());
                case UNCHANGED -> outcomes[i] = Outcome.success(SyncAction.UNCHANGED, statusOf(plan.target()), plan.reason());
                case FAIL -> outcomes[i] = Outcome.failure(statusOf(plan.target()), plan.reason());
                case UPSERT -> {
                    final boolean create = plan.target() == null;
                    final List<Integer> batch = create ? creates : updates;
                    batch.add(i);
                    if (batch.size() == batchSize) {
                        submitBatch(plans, List.copyOf(batch), create, outcomes, tasks, taskPlans);
                        batch.clear();
                    }
                }
                default -> {
                    final int position = i;
                    tasks.add(executor.submit(() -> guarded(() -> outcomes[position] = memberCalls.run(plan))));
                    taskPlans.add(List.of(position));
                }
            }
        }
        if (!creates.isEmpty()) {
            submitBatch(plans, creates, true, outcomes, tasks, taskPlans);
        }
        if (!updates.isEmpty()) {
            submitBatch(plans, updates, false, outcomes, tasks, taskPlans);
        }
        for (int t = 0; t < tasks.size(); t++) {
            try {
                AudienceCatalog.await(tasks.get(t));
            } catch (final MailchimpTransientException e) {
                for (final int position : taskPlans.get(t)) {
                    outcomes[position] = Outcome.retry("Mailchimp still unavailable after retries: " + e.getMessage());
                }
            } catch (final AudienceException | RuntimeException e) {
                for (final int position : taskPlans.get(t)) {
                    outcomes[position] = Outcome.failure(null, e.getMessage());
                }
            }
        }
        segments.moveTagsOfMemberCalls(plans, outcomes);
        return outcomes;
    }

    private interface Call {
        void run() throws MailchimpTransientException, AudienceException;
    }

    private static Void guarded(final Call call) throws MailchimpTransientException, AudienceException {
        call.run();
        return null;
    }

    private void submitBatch(final List<Plan> plans, final List<Integer> positions, final boolean create,
                             final Outcome[] outcomes, final List<Future<?>> tasks, final List<List<Integer>> taskPlans) {
        tasks.add(executor.submit(() -> guarded(() -> upsert(plans, positions, create, outcomes))));
        taskPlans.add(positions);
    }

    private void upsert(final List<Plan> plans, final List<Integer> positions, final boolean create, final Outcome[] outcomes)
            throws MailchimpTransientException, AudienceException {
        final ArrayNode members = JSON.arrayNode();
        for (final int position : positions) {
            final Plan plan = plans.get(position);
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
        final BatchResult result = client.batchSubscribe(members, !create);
        for (final int position : positions) {
            outcomes[position] = upsertOutcome(plans.get(position), result);
        }
    }

    private Outcome upsertOutcome(final Plan plan, final BatchResult result) {
        final Contact contact = plan.contact();
        final BatchResult.Written written = result.written(contact.subscriberHash());
        if (written != null) {
            final MemberStatus status = MemberStatus.parse(written.status());
            index.put(KnownMember.written(contact, status, plan.target()));
            if (status != plan.sendStatus()) {
                return Outcome.success(SyncAction.UPDATED, written.status(), "Status is " + written.status()
                        + " in Mailchimp (changed since the member index was read) and was left unchanged");
            }
            return Outcome.success(written.created() ? SyncAction.CREATED : SyncAction.UPDATED, written.status(), plan.reason());
        }
        final BatchResult.Refused refused = result.refused(contact.subscriberHash());
        if (refused == null) {
            return Outcome.failure(statusOf(plan.target()), "Mailchimp did not report this contact in the batch response");
        }
        if (CONTACT_EXISTS.equals(refused.errorCode())) {
            return memberCalls.appeared(contact);
        }
        if (Refusals.isPermanentlyDeleted(refused.error())) {
            index.remove(contact.subscriberHash());
        }
        return Refusals.of(refused.describe(), statusOf(plan.target()));
    }

    private static String statusOf(final KnownMember member) {
        return member == null ? null : member.status().apiValue();
    }
}
