package io.mlconnector.nifi.mailchimp.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlconnector.nifi.mailchimp.MailchimpTransientException;
import io.mlconnector.nifi.mailchimp.audience.AudienceCatalog;
import io.mlconnector.nifi.mailchimp.audience.AudienceClient;
import io.mlconnector.nifi.mailchimp.audience.AudienceException;
import io.mlconnector.nifi.mailchimp.audience.MailchimpAnswers;
import io.mlconnector.nifi.mailchimp.audience.MemberWrite;
import io.mlconnector.nifi.mailchimp.audience.MemberIndex;
import io.mlconnector.nifi.mailchimp.audience.Refusal;
import io.mlconnector.nifi.mailchimp.audience.RefusalClass;
import io.mlconnector.nifi.mailchimp.contact.Contact;
import io.mlconnector.nifi.mailchimp.contact.KnownMember;
import io.mlconnector.nifi.mailchimp.contact.MemberStatus;
import io.mlconnector.nifi.mailchimp.contact.Plan;
import io.mlconnector.nifi.mailchimp.contact.SyncAction;
import io.mlconnector.nifi.mailchimp.contact.SyncPlanner;

import java.util.List;

/**
 * The single-member changes of a sync (terminations, rehires, email changes), each reading Mailchimp's answer into
 * an {@link Outcome} and keeping the member index current. Every write of a record with a source version carries its
 * merge fields, version included, terminations too: whatever order records come in, Mailchimp ends with the newest
 * one's values. Archiving first writes them (PATCH answers with the current status and tags, since the index may be
 * stale), or without a version reads the member; restoring first reads the member.
 */
final class MemberCalls {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    static final String NO_LONGER_IN_AUDIENCE = "Contact is no longer in the audience";
    static final String NOT_ARCHIVED_BY_SYNC = "Contact is archived, but not by this processor's Termination Action "
            + "(perhaps after an opt-out); not restored";

    private final AudienceClient client;
    private final AudienceCatalog audiences;
    private final MemberIndex index;
    private final List<String> tags;
    private final SegmentSync segments;

    MemberCalls(final AudienceClient client, final AudienceCatalog audiences, final MemberIndex index, final List<String> tags,
                final SegmentSync segments) {
        this.segments = segments;
        this.client = client;
        this.audiences = audiences;
        this.index = index;
        this.tags = tags;
    }

    /** An address the index lacks is in the audience: nothing was changed; learn its status so the retry plans right. */
    Outcome appeared(final Contact contact) {
        reread(contact.subscriberHash());
        return Outcome.retry("The address joined the audience after the member index was read; left unchanged and "
                + "retried with its current status").because(RefusalClass.ORDERING);
    }

    /**
     * Runs the plan's calls. When a write got no answer at all (a timeout), it may have been applied all the same: the
     * members it concerns are read again, so that the retry is planned against what Mailchimp holds.
     */
    Outcome run(final Plan plan) throws MailchimpTransientException, AudienceException {
        try {
            return switch (plan.operation()) {
                case UNSUBSCRIBE -> unsubscribe(plan);
                case ARCHIVE -> archiveAtTermination(plan);
                case RESTORE -> restore(plan);
                case CHANGE_EMAIL -> changeEmail(plan);
                case MERGE_ADDRESSES -> mergeAddresses(plan);
                default -> throw new IllegalArgumentException("Not a single-member operation: " + plan.operation());
            };
        } catch (final MailchimpTransientException e) {
            if (MailchimpAnswers.answerLost(e)) {
                reread(plan.target().subscriberHash());
                reread(plan.contact().subscriberHash());
            }
            throw e;
        }
    }

    private Outcome unsubscribe(final Plan plan) throws MailchimpTransientException {
        final KnownMember target = plan.target();
        final ObjectNode body = JSON.objectNode().put("status", MemberStatus.UNSUBSCRIBED.apiValue());
        if (plan.contact().version() != null) {
            body.set("merge_fields", mergeFields(plan.contact()));
        }
        return switch (client.patchMember(target.subscriberHash(), body)) {
            case MemberWrite.Written written -> written(plan.contact().version() == null ? target : target.with(plan.contact()),
                    written, SyncAction.UNSUBSCRIBED, plan.reason());
            case MemberWrite.Refused refused -> refusal(target, refused.refusal());
        };
    }

    private Outcome archive(final KnownMember target, final SyncAction action, final String reason) throws MailchimpTransientException {
        return switch (client.archiveMember(target.subscriberHash())) {
            case MemberWrite.Written written -> {
                index.put(target.withStatus(MemberStatus.ARCHIVED));
                yield Outcome.success(action, MemberStatus.ARCHIVED.apiValue(), reason);
            }
            case MemberWrite.Refused refused when refused.refusal().kind() == Refusal.Kind.NOT_ALLOWED ->
                    notArchived(target, action, reason, refused.refusal());
            case MemberWrite.Refused refused -> refusal(target, refused.refusal());
        };
    }

    /**
     * Mailchimp does not archive a contact that is archived, pending or bounced. Read again before deciding: when it is
     * archived now, an earlier attempt whose answer was lost (and which the connection service retried) archived it.
     */
    private Outcome notArchived(final KnownMember target, final SyncAction action, final String reason, final Refusal refusal) {
        reread(target.subscriberHash());
        final KnownMember now = index.byHash(target.subscriberHash());
        if (now != null && now.status() == MemberStatus.ARCHIVED) {
            return Outcome.success(action, MemberStatus.ARCHIVED.apiValue(), reason);
        }
        return Outcome.success(SyncAction.SKIPPED, now == null ? null : now.status().apiValue(),
                "Mailchimp does not allow archiving this contact: " + refusal.message()).because(RefusalClass.NOTHING_TO_DO);
    }

    /**
     * Archives with a marker holding the status Mailchimp reports now (the index may be stale), for a rehire. A record
     * with a source version first writes its merge fields, version included (PATCH answers with the member's status
     * and tags); one without reads the member.
     */
    private Outcome archiveAtTermination(final Plan plan) throws MailchimpTransientException, AudienceException {
        final KnownMember indexed = plan.target();
        final JsonNode member;
        if (plan.contact().version() == null) {
            member = client.member(indexed.subscriberHash());
        } else {
            final ObjectNode body = JSON.objectNode();
            body.set("merge_fields", mergeFields(plan.contact()));
            switch (client.patchMember(indexed.subscriberHash(), body)) {
                case MemberWrite.Written written -> member = written.member();
                case MemberWrite.Refused refused when refused.refusal().kind() == Refusal.Kind.NOT_FOUND -> member = null;
                case MemberWrite.Refused refused -> {
                    return refusal(indexed, refused.refusal());
                }
            }
        }
        if (member == null) {
            index.remove(indexed.subscriberHash());
            return Outcome.success(SyncAction.SKIPPED, null, NO_LONGER_IN_AUDIENCE);
        }
        final KnownMember target = audiences.known(member);
        if (!target.status().receivesUpdates()) {
            index.put(target);
            return Outcome.success(SyncAction.SKIPPED, target.status().apiValue(), "Terminated; "
                    + SyncPlanner.consentReason(target.status()) + "; not archived");
        }
        final String marker = ArchiveMarker.tag(target.status());
        if (client.tagMember(target.subscriberHash(), marker, true) instanceof MemberWrite.Refused refused) {
            return refusal(target, refused.refusal());
        }
        final Outcome archived = archive(target, SyncAction.ARCHIVED, plan.reason());
        if (archived.action() != SyncAction.ARCHIVED) {
            // A marker on a contact still in use could let a rehire restore it after someone else archived it.
            client.tagMember(target.subscriberHash(), marker, false);
        }
        return archived;
    }

    /** Restores, or adds the person's new address, only when the archive marker shows this sync archived the contact. */
    private Outcome restore(final Plan plan) throws MailchimpTransientException, AudienceException {
        final KnownMember archived = plan.target();
        final Contact contact = plan.contact();
        final JsonNode member = client.member(archived.subscriberHash());
        if (member == null) {
            index.remove(archived.subscriberHash());
            return Outcome.success(SyncAction.SKIPPED, null, NO_LONGER_IN_AUDIENCE);
        }
        final MemberStatus now = MemberStatus.parse(member.path("status").asText(null));
        if (now != MemberStatus.ARCHIVED) {
            index.put(archived.withStatus(now));
            return Outcome.retry("Contact is " + now.apiValue() + " in Mailchimp (changed since the member index was read); "
                    + "retried with its current status");
        }
        final MemberStatus had = ArchiveMarker.read(member);
        if (had == null) {
            return Outcome.success(SyncAction.SKIPPED, now.apiValue(), NOT_ARCHIVED_BY_SYNC);
        }
        final MemberStatus status = had == MemberStatus.TRANSACTIONAL ? had : plan.sendStatus();
        final ObjectNode body = JSON.objectNode().put("email_address", contact.emailAddress()).put("status", status.apiValue());
        body.set("merge_fields", mergeFields(contact));
        final boolean sameAddress = archived.subscriberHash().equals(contact.subscriberHash());
        final MemberWrite answer;
        if (sameAddress) {
            segments.decorate(body, contact, false);
            answer = client.putMember(archived.subscriberHash(), body.put("status_if_new", status.apiValue()));
        } else {
            if (!tags.isEmpty()) {
                tags.forEach(body.putArray("tags")::add);
            }
            segments.decorate(body, contact, true);
            answer = client.addMember(body);
        }
        return switch (answer) {
            case MemberWrite.Refused refused when refused.refusal().kind() == Refusal.Kind.EXISTS -> appeared(contact);
            case MemberWrite.Refused refused ->
                    refusal(new KnownMember(contact.subscriberHash(), now, contact.sourceId()), refused.refusal());
            case MemberWrite.Written written -> {
                if (sameAddress) {
                    client.tagMember(archived.subscriberHash(), ArchiveMarker.tag(had), false);
                }
                yield written(KnownMember.written(contact, status, archived), written,
                        sameAddress ? SyncAction.UPDATED : SyncAction.CREATED, plan.reason());
            }
        };
    }

    private Outcome changeEmail(final Plan plan) throws MailchimpTransientException {
        final KnownMember previous = plan.target();
        final ObjectNode body = JSON.objectNode().put("email_address", plan.contact().emailAddress());
        body.set("merge_fields", mergeFields(plan.contact()));
        segments.decorate(body, plan.contact(), false);
        return switch (client.patchMember(previous.subscriberHash(), body)) {
            case MemberWrite.Refused refused when refused.refusal().kind() == Refusal.Kind.EXISTS -> appeared(plan.contact());
            case MemberWrite.Refused refused when refused.refusal().kind() == Refusal.Kind.NOT_FOUND -> movedBefore(plan, refused.refusal());
            case MemberWrite.Refused refused -> refusal(previous, refused.refusal());
            case MemberWrite.Written written -> {
                index.remove(previous.subscriberHash());
                yield written(KnownMember.written(plan.contact(), previous.status(), previous), written, SyncAction.UPDATED,
                        plan.reason());
            }
        };
    }

    /**
     * The previous address is gone. Read the new one before deciding: when it holds the person's contact, an earlier
     * attempt whose answer was lost (and which the connection service retried) moved it.
     */
    private Outcome movedBefore(final Plan plan, final Refusal refusal) {
        reread(plan.contact().subscriberHash());
        final KnownMember moved = index.byHash(plan.contact().subscriberHash());
        if (moved != null && plan.contact().sourceId() != null && plan.contact().sourceId().equals(moved.sourceId())) {
            index.remove(plan.target().subscriberHash());
            return Outcome.success(SyncAction.UPDATED, moved.status().apiValue(), plan.reason());
        }
        return refusal(plan.target(), refusal);
    }

    private Outcome mergeAddresses(final Plan plan) throws MailchimpTransientException {
        final KnownMember previous = plan.previous();
        final Outcome archived = archive(previous, SyncAction.ARCHIVED, plan.reason());
        if (archived.route() != Outcome.Route.SUCCESS) {
            return archived;
        }
        final KnownMember target = plan.target();
        if (!target.status().receivesUpdates()) {
            return Outcome.success(SyncAction.SKIPPED, target.status().apiValue(),
                    SyncPlanner.consentReason(target.status()) + "; previous address archived");
        }
        final ObjectNode body = JSON.objectNode();
        body.set("merge_fields", mergeFields(plan.contact()));
        segments.decorate(body, plan.contact(), false);
        return switch (client.patchMember(target.subscriberHash(), body)) {
            case MemberWrite.Refused refused -> refusal(target, refused.refusal());
            case MemberWrite.Written written -> written(KnownMember.written(plan.contact(), target.status(), target), written,
                    SyncAction.UPDATED, plan.reason());
        };
    }

    private Outcome written(final KnownMember member, final MemberWrite.Written answer, final SyncAction action, final String reason) {
        final MemberStatus status = MemberStatus.parse(answer.member().path("status").asText(null));
        final MemberStatus known = status == MemberStatus.UNKNOWN ? member.status() : status;
        index.put(member.withStatus(known));
        audiences.wrote(client.audienceId(), member.subscriberHash(), answer.member().path("last_changed").asText(null));
        return Outcome.success(action, known.apiValue(), reason);
    }

    /** A refusal of a write to {@code target}: the index forgets a member Mailchimp no longer has. */
    private Outcome refusal(final KnownMember target, final Refusal refusal) {
        if (refusal.kind() == Refusal.Kind.NOT_FOUND) {
            index.remove(target.subscriberHash());
            return Outcome.success(SyncAction.SKIPPED, null, NO_LONGER_IN_AUDIENCE).because(RefusalClass.NOTHING_TO_DO);
        }
        if (refusal.kind() == Refusal.Kind.PERMANENTLY_DELETED) {
            index.remove(target.subscriberHash());
        }
        if (refusal.kind() == Refusal.Kind.NOT_YET_MEMBER) {
            reread(target.subscriberHash());
        }
        return Outcome.refused(refusal, target.status().apiValue());
    }

    /** Reads one member into the index again, best effort: when it fails too, the retry meets the same answer. */
    private void reread(final String subscriberHash) {
        try {
            audiences.reload(client, index, subscriberHash);
        } catch (final AudienceException | MailchimpTransientException e) {
            // Not learnt now: the retry is refused the same way and reads again.
        }
    }

    static ObjectNode mergeFields(final Contact contact) {
        final ObjectNode fields = JSON.objectNode();
        contact.mergeFields().forEach(fields::put);
        return fields;
    }
}
