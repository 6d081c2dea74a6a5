package io.mlconnector.nifi.mailchimp.sync;

import io.mlconnector.nifi.mailchimp.MailchimpTransientException;
import io.mlconnector.nifi.mailchimp.audience.AudienceCatalog;
import io.mlconnector.nifi.mailchimp.audience.AudienceClient;
import io.mlconnector.nifi.mailchimp.audience.AudienceException;
import io.mlconnector.nifi.mailchimp.audience.MemberWrite;
import io.mlconnector.nifi.mailchimp.contact.KnownMember;
import io.mlconnector.nifi.mailchimp.contact.Plan;
import io.mlconnector.nifi.mailchimp.contact.SharedAddress;

import org.apache.nifi.flowfile.FlowFile;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A preview (Dry Run): each plan is decided by the real run's {@link Decisions}, after the same reads (a GET where the
 * real run's PATCH before an archive also reads), and its decision reported instead of applied: the outcome a write
 * has when Mailchimp accepts it, which the outputs report as {@code would_*}. The interest groups and tags the real run
 * would create are collected. What it cannot see: an address that joins the audience between the preview and the real
 * run, and refusals Mailchimp gives only on a write (a value a typed merge field rejects, an address it deems fake, an
 * address that signed up to many lists).
 */
final class PreviewExecutor implements PlanExecutor, Decisions.MemberReader {

    private final AudienceClient client;
    private final AudienceCatalog audiences;
    private final TagAndGroupSync segments;
    private final Set<String> wouldCreate;

    /**
     * @param segments    built for {@link RunMode#PREVIEW}: creates nothing
     * @param wouldCreate collects what the real run would create in Mailchimp
     */
    PreviewExecutor(final AudienceClient client, final AudienceCatalog audiences, final TagAndGroupSync segments,
                    final Set<String> wouldCreate) {
        this.client = client;
        this.audiences = audiences;
        this.segments = segments;
        this.wouldCreate = wouldCreate;
    }

    /** Settles the plan at once, on the calling thread: a preview holds nothing for a batch. */
    @Override
    public CompletableFuture<Outcome> submit(final Plan plan, final FlowFile input) {
        final CallRecords records = new CallRecords(List.of(plan));
        segments.prepare(records).forEach(group -> wouldCreate.add("interest group " + group));
        if (!records.isSettled(0)) {
            records.settle(0, decided(plan));
        }
        if (plan.operation() == Plan.Operation.REMEMBER && plan.memory().fields().containsKey(SharedAddress.MERGE_FIELD)
                && !audiences.hasMergeField(client.audienceId(), SharedAddress.MERGE_FIELD)) {
            wouldCreate.add("merge field " + SharedAddress.MERGE_FIELD);
        }
        try {
            segments.missingTags(plan, records.outcome(0)).forEach(tag -> wouldCreate.add("tag " + tag));
        } catch (final AudienceException | MailchimpTransientException e) {
            wouldCreate.add("tags unknown (" + e.getMessage() + ")");
        }
        return CompletableFuture.completedFuture(records.outcome(0));
    }

    private Outcome decided(final Plan plan) {
        try {
            return switch (Decisions.decide(plan, this, audiences)) {
                case Decision.Settle settle -> settle.outcome();
                case Decision.Write write -> write.expected();
            };
        } catch (final MailchimpTransientException | AudienceException e) {
            return Outcome.failed(e);
        }
    }

    @Override
    public MemberWrite current(final Plan plan, final KnownMember target) throws MailchimpTransientException, AudienceException {
        return Decisions.get(client, target);
    }

    @Override
    public void sendBatchContaining(final CompletableFuture<Outcome> outcome) {
        // Nothing is held: every outcome is settled on submit.
    }

    @Override
    public void flush() {
        // Nothing is held.
    }

    @Override
    public void abandon(final FlowFile input, final String reason) {
        // Nothing is held.
    }
}
