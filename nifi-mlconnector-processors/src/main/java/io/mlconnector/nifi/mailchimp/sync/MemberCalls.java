package io.mlconnector.nifi.mailchimp.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlconnector.nifi.mailchimp.MailchimpResponse;
import io.mlconnector.nifi.mailchimp.MailchimpTransientException;
import io.mlconnector.nifi.mailchimp.audience.AudienceCatalog;
import io.mlconnector.nifi.mailchimp.audience.AudienceClient;
import io.mlconnector.nifi.mailchimp.audience.AudienceException;
import io.mlconnector.nifi.mailchimp.audience.MemberIndex;
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
        try {
            audiences.reload(client, index, contact.subscriberHash());
        } catch (final AudienceException | MailchimpTransientException e) {
            // Not learnt now: the retry is refused the same way and tries again.
        }
        return Outcome.retry("The address joined the audience after the member index was read; left unchanged and "
                + "retried with its current status");
    }

    Outcome run(final Plan plan) throws MailchimpTransientException, AudienceException {
        return switch (plan.operation()) {
            case UNSUBSCRIBE -> unsubscribe(plan);
            case ARCHIVE -> archiveAtTermination(plan);
            case RESTORE -> restore(plan);
            case CHANGE_EMAIL -> changeEmail(plan);
            case MERGE_ADDRESSES -> mergeAddresses(plan);
            default -> throw new IllegalArgumentException("Not a single-member operation: " + plan.operation());
        };
    }

    private Outcome unsubscribe(final Plan plan) throws MailchimpTransientException {
        final KnownMember target = plan.target();
        final ObjectNode body = JSON.objectNode().put("status", MemberStatus.UNSUBSCRIBED.apiValue());
        if (plan.contact().version() != null) {
            body.set("merge_fields", mergeFields(plan.contact()));
        }
        final MailchimpResponse response = client.patchMember(target.subscriberHash(), body);
        if (response.isSuccess()) {
            return written(plan.contact().version() == null ? target : target.with(plan.contact()),
                    response, SyncAction.UNSUBSCRIBED, plan.reason());
        }
        return refusal(target, response);
    }

    private Outcome archive(final KnownMember target, final SyncAction action, final String reason) throws MailchimpTransientException {
        final MailchimpResponse response = client.archiveMember(target.subscriberHash());
        if (response.isSuccess()) {
            index.put(target.withStatus(MemberStatus.ARCHIVED));
            return Outcome.success(action, MemberStatus.ARCHIVED.apiValue(), reason);
        }
        if (response.statusCode() == 405) {
            return Outcome.success(SyncAction.SKIPPED, target.status().apiValue(),
                    "Mailchimp does not allow archiving this contact: " + describe(response));
        }
        return refusal(target, response);
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
            final MailchimpResponse response = client.patchMember(indexed.subscriberHash(), body);
            if (!response.isSuccess() && response.statusCode() != 404) {
                return refusal(indexed, response);
            }
            member = response.isSuccess() ? response.body() : null;
        }
        if (member == null) {
            index.remove(indexed.subscriberHash());
            return Outcome.success(SyncAction.SKIPPED, null, NO_LONGER_IN_AUDIENCE);
        }
        final KnownMember target = audiences.known(member);
        if (target.status() != MemberStatus.SUBSCRIBED && target.status() != MemberStatus.TRANSACTIONAL) {
            index.put(target);
            return Outcome.success(SyncAction.SKIPPED, target.status().apiValue(), "Terminated; "
                    + SyncPlanner.consentReason(target.status()) + "; not archived");
        }
        final String marker = ArchiveMarker.tag(target.status());
        final MailchimpResponse tagged = client.tagMember(target.subscriberHash(), marker, true);
        if (!tagged.isSuccess()) {
            return refusal(target, tagged);
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
        final MailchimpResponse response;
        if (sameAddress) {
            segments.decorate(body, contact, false);
            response = client.putMember(archived.subscriberHash(), body.put("status_if_new", status.apiValue()));
        } else {
            if (!tags.isEmpty()) {
                tags.forEach(body.putArray("tags")::add);
            }
            segments.decorate(body, contact, true);
            response = client.addMember(body);
        }
        if (response.statusCode() == 400 && "Member Exists".equalsIgnoreCase(response.title())) {
            return appeared(contact);
        }
        if (!response.isSuccess()) {
            return refusal(new KnownMember(contact.subscriberHash(), now, contact.sourceId()), response);
        }
        if (sameAddress) {
            client.tagMember(archived.subscriberHash(), ArchiveMarker.tag(had), false);
        }
        return written(KnownMember.written(contact, status, archived), response,
                sameAddress ? SyncAction.UPDATED : SyncAction.CREATED, plan.reason());
    }

    private Outcome changeEmail(final Plan plan) throws MailchimpTransientException {
        final KnownMember previous = plan.target();
        final ObjectNode body = JSON.objectNode().put("email_address", plan.contact().emailAddress());
        body.set("merge_fields", mergeFields(plan.contact()));
        segments.decorate(body, plan.contact(), false);
        final MailchimpResponse response = client.patchMember(previous.subscriberHash(), body);
        if (response.statusCode() == 400 && "Member Exists".equalsIgnoreCase(response.title())) {
            return appeared(plan.contact());
        }
        if (!response.isSuccess()) {
            return refusal(previous, response);
        }
        index.remove(previous.subscriberHash());
        return written(KnownMember.written(plan.contact(), previous.status(), previous), response, SyncAction.UPDATED,
                plan.reason());
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
        segments.decorate(body, plan.contact(), false);
        final MailchimpResponse response = client.patchMember(target.subscriberHash(), body);
        if (!response.isSuccess()) {
            return refusal(target, response);
        }
        return written(KnownMember.written(plan.contact(), target.status(), target), response, SyncAction.UPDATED,
                plan.reason());
    }

    private Outcome written(final KnownMember member, final MailchimpResponse response, final SyncAction action, final String reason) {
        final MemberStatus status = MemberStatus.parse(response.body().path("status").asText(null));
        final MemberStatus known = status == MemberStatus.UNKNOWN ? member.status() : status;
        index.put(member.withStatus(known));
        audiences.wrote(client.audienceId(), member.subscriberHash(), response.body().path("last_changed").asText(null));
        return Outcome.success(action, known.apiValue(), reason);
    }

    private Outcome refusal(final KnownMember target, final MailchimpResponse response) {
        if (response.statusCode() == 404) {
            index.remove(target.subscriberHash());
            return Outcome.success(SyncAction.SKIPPED, null, NO_LONGER_IN_AUDIENCE);
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

    static ObjectNode mergeFields(final Contact contact) {
        final ObjectNode fields = JSON.objectNode();
        contact.mergeFields().forEach(fields::put);
        return fields;
    }
}
