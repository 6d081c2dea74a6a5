package io.mlconnector.nifi.mailchimp.sync;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlconnector.nifi.mailchimp.MailchimpTransientException;
import io.mlconnector.nifi.mailchimp.audience.AudienceCatalog;
import io.mlconnector.nifi.mailchimp.audience.AudienceClient;
import io.mlconnector.nifi.mailchimp.audience.AudienceException;
import io.mlconnector.nifi.mailchimp.audience.MemberWrite;
import io.mlconnector.nifi.mailchimp.audience.Refusal;
import io.mlconnector.nifi.mailchimp.audience.RefusalClass;
import io.mlconnector.nifi.mailchimp.contact.KnownMember;
import io.mlconnector.nifi.mailchimp.contact.MemberStatus;
import io.mlconnector.nifi.mailchimp.contact.Plan;
import io.mlconnector.nifi.mailchimp.contact.SyncAction;
import io.mlconnector.nifi.mailchimp.contact.SyncPlanner;
import io.mlconnector.nifi.mailchimp.sync.Decision.Settle;
import io.mlconnector.nifi.mailchimp.sync.Decision.Write;

/**
 * The one decision path of real runs and previews. The planner decided from the member index; an archive and a
 * restore are decided again from the member as Mailchimp has it now, since the index may be stale (a marketer, a
 * signup form or an unsubscribe link acted since it was read), and only the archive marker shows that this sync
 * archived a contact.
 */
final class Decisions {

    static final String NO_LONGER_IN_AUDIENCE = "Contact is no longer in the audience";
    static final String NOT_ARCHIVED_BY_SYNC = "Contact is archived, but not by this processor's Termination Action "
            + "(perhaps after an opt-out); not restored";

    /** Reads the member a plan changes as Mailchimp has it now. */
    interface MemberReader {
        /** The member the plan's target is now: written (the member), or refused ({@link Refusal.Kind#NOT_FOUND} when gone). */
        MemberWrite current(Plan plan, KnownMember target) throws MailchimpTransientException, AudienceException;
    }

    /** The member at the target's address as a GET shows it. */
    static MemberWrite get(final AudienceClient client, final KnownMember target) throws MailchimpTransientException, AudienceException {
        final JsonNode member = client.member(target.subscriberHash());
        return member == null ? new MemberWrite.Refused(new Refusal(Refusal.Kind.NOT_FOUND, NO_LONGER_IN_AUDIENCE))
                : new MemberWrite.Written(member);
    }

    private Decisions() {
    }

    /** Whether the plan is decided only once the member is read. */
    static boolean readsMember(final Plan plan) {
        return plan.operation() == Plan.Operation.ARCHIVE || plan.operation() == Plan.Operation.RESTORE;
    }

    static Decision decide(final Plan plan, final MemberReader reader, final AudienceCatalog audiences)
            throws MailchimpTransientException, AudienceException {
        if (!readsMember(plan)) {
            return decide(plan);
        }
        final MemberWrite read = reader.current(plan, plan.target());
        if (read instanceof MemberWrite.Refused refused) {
            return refused(plan, refused.refusal());
        }
        final JsonNode member = ((MemberWrite.Written) read).member();
        return plan.operation() == Plan.Operation.ARCHIVE ? archive(plan, audiences.known(member)) : restore(plan, member);
    }

    /** The decision of a plan that needs no read. */
    static Decision decide(final Plan plan) {
        final KnownMember target = plan.target();
        final String status = statusOf(target);
        return switch (plan.operation()) {
            case SKIP -> new Settle(Outcome.success(SyncAction.SKIPPED, status, plan.reason()));
            case UNCHANGED -> new Settle(Outcome.success(SyncAction.UNCHANGED, status, plan.reason()));
            case FAIL -> new Settle(Outcome.failure(status, plan.reason()));
            case UPSERT -> target == null
                    ? write(Write.Kind.UPSERT, plan, null, plan.sendStatus(), SyncAction.CREATED, plan.reason())
                    : write(Write.Kind.UPSERT, plan, target, target.status(), SyncAction.UPDATED, plan.reason());
            case UNSUBSCRIBE -> write(Write.Kind.UNSUBSCRIBE, plan, target, MemberStatus.UNSUBSCRIBED, SyncAction.UNSUBSCRIBED,
                    plan.reason());
            case CHANGE_EMAIL -> write(Write.Kind.CHANGE_EMAIL, plan, target, target.status(), SyncAction.UPDATED, plan.reason());
            case MERGE_ADDRESSES -> target.status().receivesUpdates()
                    ? write(Write.Kind.MERGE_ADDRESSES, plan, target, target.status(), SyncAction.UPDATED, plan.reason())
                    : write(Write.Kind.ARCHIVE_PREVIOUS, plan, target, target.status(), SyncAction.SKIPPED,
                            SyncPlanner.consentReason(target.status()) + "; previous address archived");
            case REMEMBER -> new Write(Write.Kind.REMEMBER, plan, target, target.status(), null, remembered(plan));
            case ARCHIVE, RESTORE -> throw new IllegalArgumentException(plan.operation() + " is decided from the member read");
        };
    }

    /** Archive at termination, from the member as Mailchimp has it now. */
    static Decision archive(final Plan plan, final KnownMember now) {
        if (!now.status().receivesUpdates()) {
            return new Settle(Outcome.success(SyncAction.SKIPPED, now.status().apiValue(), "Terminated; "
                    + SyncPlanner.consentReason(now.status()) + "; not archived"), now, null);
        }
        return new Write(Write.Kind.ARCHIVE, plan, now, now.status(), null,
                Outcome.success(SyncAction.ARCHIVED, MemberStatus.ARCHIVED.apiValue(), plan.reason()));
    }

    /** Restore (or add the new address) only when the archive marker shows this sync archived the contact. */
    static Decision restore(final Plan plan, final JsonNode member) {
        final KnownMember archived = plan.target();
        final MemberStatus now = MemberStatus.parse(member.path("status").asText(null));
        if (now != MemberStatus.ARCHIVED) {
            return new Settle(Outcome.retry("Contact is " + now.apiValue() + " in Mailchimp (changed since the member index "
                    + "was read); retried with its current status"), archived.withStatus(now), null);
        }
        final MemberStatus had = ArchiveMarker.read(member);
        if (had == null) {
            return new Settle(Outcome.success(SyncAction.SKIPPED, now.apiValue(), NOT_ARCHIVED_BY_SYNC));
        }
        final MemberStatus status = had == MemberStatus.TRANSACTIONAL ? had : plan.sendStatus();
        final boolean sameAddress = archived.subscriberHash().equals(plan.contact().subscriberHash());
        return new Write(Write.Kind.RESTORE, plan, archived, status, had,
                Outcome.success(sameAddress ? SyncAction.UPDATED : SyncAction.CREATED, status.apiValue(), plan.reason()));
    }

    /** What a memory write reports once Mailchimp took it: the person's own update, or another person's skip or failure. */
    private static Outcome remembered(final Plan plan) {
        final String status = statusOf(plan.target());
        return plan.memory().reported() == SyncAction.FAILED ? Outcome.failure(status, plan.reason())
                : Outcome.success(plan.memory().reported(), status, plan.reason());
    }

    private static Decision refused(final Plan plan, final Refusal refusal) {
        final String hash = plan.target().subscriberHash();
        return switch (refusal.kind()) {
            case NOT_FOUND -> new Settle(Outcome.success(SyncAction.SKIPPED, null, NO_LONGER_IN_AUDIENCE)
                    .because(RefusalClass.NOTHING_TO_DO), null, hash);
            case PERMANENTLY_DELETED -> new Settle(Outcome.refused(refusal, statusOf(plan.target())), null, hash);
            default -> new Settle(Outcome.refused(refusal, statusOf(plan.target())));
        };
    }

    private static Write write(final Write.Kind kind, final Plan plan, final KnownMember target, final MemberStatus status,
                               final SyncAction action, final String reason) {
        return new Write(kind, plan, target, status, null, Outcome.success(action, status.apiValue(), reason));
    }

    static String statusOf(final KnownMember member) {
        return member == null ? null : member.status().apiValue();
    }
}
