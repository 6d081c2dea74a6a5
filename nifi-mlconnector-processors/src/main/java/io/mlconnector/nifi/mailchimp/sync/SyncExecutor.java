package io.mlconnector.nifi.mailchimp.sync;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlconnector.nifi.mailchimp.MailchimpResponse;
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
import io.mlconnector.nifi.mailchimp.contact.SyncPlanner;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Carries out the plans of a window of records: upserts in batch subscribe calls of up to Batch Size members,
 * terminations and email changes as single-member calls, all submitted at once to the executor (the connection
 * service bounds how many run simultaneously). Keeps the member index current from the answers.
 */
public final class SyncExecutor {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final AudienceClient client;
    private final MemberIndex index;
    private final ExecutorService executor;
    private final int batchSize;
    private final List<String> tags;

    public SyncExecutor(final AudienceClient client, final MemberIndex index, final ExecutorService executor,
                        final int batchSize, final List<String> tags) {
        this.client = client;
        this.index = index;
        this.executor = executor;
        this.batchSize = batchSize;
        this.tags = List.copyOf(tags);
    }

    /** The outcome of each plan, in the plans' order. */
    public Outcome[] execute(final List<Plan> plans) {
        final Outcome[] outcomes = new Outcome[plans.size()];
        final List<Future<?>> tasks = new ArrayList<>();
        final List<List<Integer>> taskPlans = new ArrayList<>();
        List<Integer> batch = new ArrayList<>();
        for (int i = 0; i < plans.size(); i++) {
            final Plan plan = plans.get(i);
            switch (plan.operation()) {
                case SKIP -> outcomes[i] = Outcome.success(SyncAction.SKIPPED, statusOf(plan.target()), plan.reason());
                case FAIL -> outcomes[i] = Outcome.failure(statusOf(plan.target()), plan.reason());
                case UPSERT -> {
                    batch.add(i);
                    if (batch.size() == batchSize) {
                        submitBatch(plans, batch, outcomes, tasks, taskPlans);
                        batch = new ArrayList<>();
                    }
                }
                default -> {
                    final int position = i;
                    tasks.add(executor.submit(() -> guarded(() -> outcomes[position] = single(plan))));
                    taskPlans.add(List.of(position));
                }
            }
        }
        if (!batch.isEmpty()) {
            submitBatch(plans, batch, outcomes, tasks, taskPlans);
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
        return outcomes;
    }

    private interface Call {
        void run() throws MailchimpTransientException, AudienceException;
    }

    private static Void guarded(final Call call) throws MailchimpTransientException, AudienceException {
        call.run();
        return null;
    }

    private void submitBatch(final List<Plan> plans, final List<Integer> positions, final Outcome[] outcomes,
                             final List<Future<?>> tasks, final List<List<Integer>> taskPlans) {
        tasks.add(executor.submit(() -> guarded(() -> upsert(plans, positions, outcomes))));
        taskPlans.add(positions);
    }

    private void upsert(final List<Plan> plans, final List<Integer> positions, final Outcome[] outcomes)
            throws MailchimpTransientException, AudienceException {
        final ArrayNode members = JSON.arrayNode();
        for (final int position : positions) {
            final Plan plan = plans.get(position);
            final ObjectNode member = members.addObject()
                    .put("email_address", plan.contact().emailAddress())
                    .put("status", plan.sendStatus().apiValue());
            member.set("merge_fields", mergeFields(plan.contact()));
            if (plan.target() == null && !tags.isEmpty()) {
                tags.forEach(member.putArray("tags")::add);
            }
        }
        final BatchResult result = client.batchSubscribe(members);
        for (final int position : positions) {
            outcomes[position] = upsertOutcome(plans.get(position), result);
        }
    }

    private Outcome upsertOutcome(final Plan plan, final BatchResult result) {
        final Contact contact = plan.contact();
        final BatchResult.Written written = result.written(contact.subscriberHash());
        if (written != null) {
            final MemberStatus status = MemberStatus.parse(written.status());
            index.put(new KnownMember(contact.subscriberHash(), status, contact.sourceId()));
            if (status != plan.sendStatus()) {
                return Outcome.success(SyncAction.SKIPPED, written.status(), SyncPlanner.consentReason(status));
            }
            return Outcome.success(written.created() ? SyncAction.CREATED : SyncAction.UPDATED, written.status(), plan.reason());
        }
        final BatchResult.Refused refused = result.refused(contact.subscriberHash());
        if (refused == null) {
            return Outcome.failure(statusOf(plan.target()), "Mailchimp did not report this contact in the batch response");
        }
        if (Refusals.isPermanentlyDeleted(refused.error())) {
            index.remove(contact.subscriberHash());
        }
        return Refusals.of(refused.describe(), statusOf(plan.target()));
    }

    private Outcome single(final Plan plan) throws MailchimpTransientException {
        return switch (plan.operation()) {
            case UNSUBSCRIBE -> unsubscribe(plan);
            case ARCHIVE -> archive(plan.target(), SyncAction.ARCHIVED, plan.reason());
            case CHANGE_EMAIL -> changeEmail(plan);
            case MERGE_ADDRESSES -> mergeAddresses(plan);
            default -> throw new IllegalArgumentException("Not a single-member operation: " + plan.operation());
        };
    }

    private Outcome unsubscribe(final Plan plan) throws MailchimpTransientException {
        final KnownMember target = plan.target();
        final MailchimpResponse response = client.patchMember(target.subscriberHash(),
                JSON.objectNode().put("status", MemberStatus.UNSUBSCRIBED.apiValue()));
        if (response.isSuccess()) {
            return written(target, response, SyncAction.UNSUBSCRIBED, plan.reason());
        }
        return refusal(target, response);
    }

    private Outcome archive(final KnownMember target, final SyncAction action, final String reason) throws MailchimpTransientException {
        final MailchimpResponse response = client.archiveMember(target.subscriberHash());
        if (response.isSuccess()) {
            index.put(new KnownMember(target.subscriberHash(), MemberStatus.ARCHIVED, target.sourceId()));
            return Outcome.success(action, MemberStatus.ARCHIVED.apiValue(), reason);
        }
        if (response.statusCode() == 405) {
            return Outcome.success(SyncAction.SKIPPED, target.status().apiValue(),
                    "Mailchimp does not allow archiving this contact: " + describe(response));
        }
        return refusal(target, response);
    }

    private Outcome changeEmail(final Plan plan) throws MailchimpTransientException {
        final KnownMember previous = plan.target();
        final ObjectNode body = JSON.objectNode().put("email_address", plan.contact().emailAddress());
        body.set("merge_fields", mergeFields(plan.contact()));
        final MailchimpResponse response = client.patchMember(previous.subscriberHash(), body);
        if (!response.isSuccess()) {
            return refusal(previous, response);
        }
        index.remove(previous.subscriberHash());
        return written(new KnownMember(plan.contact().subscriberHash(), previous.status(), plan.contact().sourceId()),
                response, SyncAction.UPDATED, plan.reason());
    }

    private Outcome mergeAddresses(final Plan plan) throws MailchimpTransientException {
        final KnownMember previous = plan.previous();
        final Outcome archived = archive(previous, SyncAction.ARCHIVED, plan.reason());
        if (archived.route() != Outcome.Route.SUCCESS) {
            return archived;
        }
        final KnownMember target = plan.target();
        if (target.status() != MemberStatus.SUBSCRIBED && target.status() != MemberStatus.TRANSACTIONAL) {
            return Outcome.success(SyncAction.SKIPPED, target.status().apiValue(),
                    SyncPlanner.consentReason(target.status()) + "; previous address archived");
        }
        final ObjectNode body = JSON.objectNode();
        body.set("merge_fields", mergeFields(plan.contact()));
        final MailchimpResponse response = client.patchMember(target.subscriberHash(), body);
        if (!response.isSuccess()) {
            return refusal(target, response);
        }
        return written(new KnownMember(target.subscriberHash(), target.status(), plan.contact().sourceId()),
                response, SyncAction.UPDATED, plan.reason());
    }

    private Outcome written(final KnownMember member, final MailchimpResponse response, final SyncAction action, final String reason) {
        final MemberStatus status = MemberStatus.parse(response.body().path("status").asText(null));
        final MemberStatus known = status == MemberStatus.UNKNOWN ? member.status() : status;
        index.put(new KnownMember(member.subscriberHash(), known, member.sourceId()));
        return Outcome.success(action, known.apiValue(), reason);
    }

    private Outcome refusal(final KnownMember target, final MailchimpResponse response) {
        if (response.statusCode() == 404) {
            index.remove(target.subscriberHash());
            return Outcome.success(SyncAction.SKIPPED, null, "Contact is no longer in the audience");
        }
        if (Refusals.isPermanentlyDeleted(response.title() + " " + response.detail())) {
            index.remove(target.subscriberHash());
        }
        return Refusals.of(describe(response), target.status().apiValue());
    }

    private static String describe(final MailchimpResponse response) {
        final StringBuilder text = new StringBuilder("HTTP ").append(response.statusCode()).append(' ').append(response.title());
        if (!response.detail().isEmpty()) {
            text.append(" - ").append(response.detail());
        }
        response.body().path("errors").forEach(e -> text.append(" (").append(e.path("field").asText())
                .append(": ").append(e.path("message").asText()).append(')'));
        return text.toString();
    }

    private static ObjectNode mergeFields(final Contact contact) {
        final ObjectNode fields = JSON.objectNode();
        contact.mergeFields().forEach(fields::put);
        return fields;
    }

    private static String statusOf(final KnownMember member) {
        return member == null ? null : member.status().apiValue();
    }
}
