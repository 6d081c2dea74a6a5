package io.mlconnector.nifi.mailchimp.sync;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlconnector.nifi.mailchimp.MailchimpTransientException;
import io.mlconnector.nifi.mailchimp.audience.AudienceClient;
import io.mlconnector.nifi.mailchimp.audience.AudienceException;
import io.mlconnector.nifi.mailchimp.contact.KnownMember;
import io.mlconnector.nifi.mailchimp.contact.MemberStatus;
import io.mlconnector.nifi.mailchimp.contact.Plan;
import io.mlconnector.nifi.mailchimp.contact.SyncAction;
import io.mlconnector.nifi.mailchimp.contact.SyncPlanner;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A dry run: the outcome each plan would have, from the member index and GETs only, with {@code would_*} actions
 * instead of writes. Skips and failures are the real run's, with its reasons; missing interest groups fail as they
 * would (or, when they would be created, are reported with the tags and merge fields a real run would create).
 * A restore reads the member for the archive marker, as the real run does. What it cannot see: an address that joins
 * the audience between the dry run and the real run (the real run then re-reads it and retries), and refusals
 * Mailchimp gives only on a write (a value a typed merge field rejects, an address Mailchimp deems fake).
 */
public final class DryRun implements PlanExecutor {

    private final AudienceClient client;
    private final SegmentSync segments;
    private final boolean createsInterests;
    private final Set<String> wouldCreate;

    /**
     * @param segments         built not to create anything
     * @param createsInterests whether the real run would create missing interest groups
     * @param wouldCreate      collects what the real run would create in Mailchimp (thread-safe)
     */
    public DryRun(final AudienceClient client, final SegmentSync segments, final boolean createsInterests,
                  final Set<String> wouldCreate) {
        this.client = client;
        this.segments = segments;
        this.createsInterests = createsInterests;
        this.wouldCreate = wouldCreate;
    }

    /** Settles the plan at once, on the calling thread: a dry run holds nothing for a batch. */
    @Override
    public CompletableFuture<Outcome> submit(final Plan plan) {
        final List<Plan> plans = List.of(plan);
        final Outcome[] outcomes = new Outcome[1];
        final Set<String> missingGroups = segments.resolveInterests(plans, outcomes);
        if (createsInterests) {
            missingGroups.forEach(group -> wouldCreate.add("interest group " + group));
        } else {
            segments.failMissingInterests(plans, outcomes, missingGroups);
        }
        if (outcomes[0] == null) {
            outcomes[0] = predict(plan);
        }
        try {
            segments.missingTags(plans, outcomes).forEach(tag -> wouldCreate.add("tag " + tag));
        } catch (final AudienceException | MailchimpTransientException e) {
            wouldCreate.add("tags unknown (" + e.getMessage() + ")");
        }
        return CompletableFuture.completedFuture(outcomes[0]);
    }

    private Outcome predict(final Plan plan) {
        final KnownMember target = plan.target();
        final String status = target == null ? null : target.status().apiValue();
        return switch (plan.operation()) {
            case SKIP -> Outcome.success(SyncAction.SKIPPED, status, plan.reason());
            case UNCHANGED -> Outcome.success(SyncAction.UNCHANGED, status, plan.reason());
            case FAIL -> Outcome.failure(status, plan.reason());
            case UPSERT -> target == null
                    ? Outcome.success(SyncAction.WOULD_CREATE, plan.sendStatus().apiValue(), plan.reason())
                    : Outcome.success(SyncAction.WOULD_UPDATE, status, plan.reason());
            case CHANGE_EMAIL -> Outcome.success(SyncAction.WOULD_UPDATE, status, plan.reason());
            case MERGE_ADDRESSES -> target.status() == MemberStatus.SUBSCRIBED || target.status() == MemberStatus.TRANSACTIONAL
                    ? Outcome.success(SyncAction.WOULD_UPDATE, status, plan.reason())
                    : Outcome.success(SyncAction.SKIPPED, status, SyncPlanner.consentReason(target.status()) + "; previous address archived");
            case UNSUBSCRIBE -> Outcome.success(SyncAction.WOULD_UNSUBSCRIBE, MemberStatus.UNSUBSCRIBED.apiValue(), plan.reason());
            case ARCHIVE -> Outcome.success(SyncAction.WOULD_ARCHIVE, MemberStatus.ARCHIVED.apiValue(), plan.reason());
            case RESTORE -> predictRestore(plan);
            case REMEMBER -> throw new IllegalArgumentException("This processor's planner remembers nothing: " + plan.reason());
        };
    }

    /** As {@link MemberCalls}' restore decides, from the member as Mailchimp has it now. */
    private Outcome predictRestore(final Plan plan) {
        final KnownMember archived = plan.target();
        final JsonNode member;
        try {
            member = client.member(archived.subscriberHash());
        } catch (final AudienceException e) {
            return Outcome.failure(archived.status().apiValue(), e.getMessage());
        } catch (final MailchimpTransientException e) {
            return Outcome.retry("Mailchimp still unavailable after retries: " + e.getMessage());
        }
        if (member == null) {
            return Outcome.success(SyncAction.SKIPPED, null, MemberCalls.NO_LONGER_IN_AUDIENCE);
        }
        final MemberStatus now = MemberStatus.parse(member.path("status").asText(null));
        if (now != MemberStatus.ARCHIVED) {
            return Outcome.success(SyncAction.WOULD_UPDATE, now.apiValue(), "Contact is " + now.apiValue()
                    + " in Mailchimp (changed since the member index was read); the real run retries with its current status");
        }
        final MemberStatus had = ArchiveMarker.read(member);
        if (had == null) {
            return Outcome.success(SyncAction.SKIPPED, now.apiValue(), MemberCalls.NOT_ARCHIVED_BY_SYNC);
        }
        final MemberStatus status = had == MemberStatus.TRANSACTIONAL ? had : plan.sendStatus();
        final boolean sameAddress = archived.subscriberHash().equals(plan.contact().subscriberHash());
        return Outcome.success(sameAddress ? SyncAction.WOULD_UPDATE : SyncAction.WOULD_CREATE, status.apiValue(), plan.reason());
    }
}
