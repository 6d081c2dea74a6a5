package io.mlconnector.nifi.mailchimp.sync;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlconnector.nifi.mailchimp.MailchimpTransientException;
import io.mlconnector.nifi.mailchimp.audience.AudienceCatalog;
import io.mlconnector.nifi.mailchimp.audience.AudienceClient;
import io.mlconnector.nifi.mailchimp.audience.AudienceException;
import io.mlconnector.nifi.mailchimp.audience.MailchimpAnswers;
import io.mlconnector.nifi.mailchimp.audience.MemberIndex;
import io.mlconnector.nifi.mailchimp.audience.MemberWrite;
import io.mlconnector.nifi.mailchimp.audience.Refusal;
import io.mlconnector.nifi.mailchimp.audience.RefusalClass;
import io.mlconnector.nifi.mailchimp.contact.Contact;
import io.mlconnector.nifi.mailchimp.contact.EmploymentRecords;
import io.mlconnector.nifi.mailchimp.contact.KnownMember;
import io.mlconnector.nifi.mailchimp.contact.MemberStatus;
import io.mlconnector.nifi.mailchimp.contact.Plan;
import io.mlconnector.nifi.mailchimp.contact.SharedAddress;
import io.mlconnector.nifi.mailchimp.contact.SyncAction;
import io.mlconnector.nifi.mailchimp.contact.SyncPlanner;
import io.mlconnector.nifi.mailchimp.sync.Decision.Write;

import java.util.List;

/**
 * Applies the single-member decisions of a real run (terminations, rehires, email changes), reads Mailchimp's answer
 * into an {@link Outcome} and keeps the member index current. Every write of a record with a source version carries
 * its merge fields, version included, terminations too: whatever order records come in, Mailchimp ends with the
 * newest one's values. Archiving first writes them (PATCH answers with the current status and tags, since the index
 * may be stale), or without a version reads the member; restoring first reads the member.
 * <p>
 * An update a batch could not apply as planned (its item without a status was refused, or the contact turned out
 * archived) is decided again here: the member is read, planned as the planner plans, and applied alone; an update still
 * due goes as a PATCH without status, which keeps whatever status the member has now.
 */
final class SingleMemberOperations implements Decisions.MemberReader {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final AudienceClient client;
    private final AudienceCatalog audiences;
    private final MemberIndex index;
    private final List<String> tags;
    private final TagAndGroupSync segments;
    private final SyncPlanner planner;
    private final StatuslessUpdates statusless;

    SingleMemberOperations(final AudienceClient client, final AudienceCatalog audiences, final MemberIndex index,
                           final List<String> tags, final TagAndGroupSync segments, final SyncPlanner planner,
                           final StatuslessUpdates statusless) {
        this.client = client;
        this.audiences = audiences;
        this.index = index;
        this.tags = tags;
        this.segments = segments;
        this.planner = planner;
        this.statusless = statusless;
    }

    /**
     * Decides and applies a single-member plan. When a write got no answer at all (a timeout), it may have been
     * applied all the same: the members it concerns are read again, so that the retry is planned against what
     * Mailchimp holds.
     */
    Outcome run(final Plan plan) throws MailchimpTransientException, AudienceException {
        try {
            return switch (Decisions.decide(plan, this, audiences)) {
                case Decision.Settle settle -> learn(settle);
                case Write write -> apply(write);
            };
        } catch (final MailchimpTransientException e) {
            if (MailchimpAnswers.answerLost(e)) {
                reread(plan.target().subscriberHash());
                reread(plan.contact().subscriberHash());
            }
            throw e;
        }
    }

    /** Before an archive, a record with a source version writes its merge fields: the answer is the member as it is now. */
    @Override
    public MemberWrite current(final Plan plan, final KnownMember target) throws MailchimpTransientException, AudienceException {
        if (plan.operation() == Plan.Operation.ARCHIVE && writesFieldsAtTermination(plan.contact())) {
            return client.patchMember(target.subscriberHash(), JSON.objectNode().set("merge_fields", mergeFields(plan.contact())));
        }
        return Decisions.get(client, target);
    }

    /** A decision settled without a write: the index learns what the read showed. */
    Outcome learn(final Decision.Settle settle) {
        if (settle.learnt() != null) {
            index.put(settle.learnt());
        }
        if (settle.gone() != null) {
            index.remove(settle.gone());
        }
        return settle.outcome();
    }

    /** An address the index lacks is in the audience: nothing was changed; learn its status so the retry plans right. */
    Outcome appeared(final Contact contact) {
        reread(contact.subscriberHash());
        return Outcome.retry("The address joined the audience after the member index was read; left unchanged and "
                + "retried with its current status").because(RefusalClass.ORDERING);
    }

    private Outcome apply(final Write write) throws MailchimpTransientException, AudienceException {
        return switch (write.kind()) {
            case UNSUBSCRIBE -> unsubscribe(write);
            case ARCHIVE -> archiveAtTermination(write);
            case RESTORE -> restore(write);
            case CHANGE_EMAIL -> changeEmail(write);
            case MERGE_ADDRESSES, ARCHIVE_PREVIOUS -> mergeAddresses(write);
            case REMEMBER -> remember(write);
            case UPSERT -> updateAlone(write.plan());
        };
    }

    /**
     * An update that goes without a batch: its item was refused for the want of a status, or the account refuses such
     * items. The member is read first, since a contact archived since the index was read is not in the index's listing
     * (O1) and what a PATCH without status does to it is not documented; then the record is planned again.
     */
    Outcome updateAlone(final Plan plan) throws MailchimpTransientException, AudienceException {
        audiences.reload(client, index, plan.target().subscriberHash());
        final Plan now = replan(plan);
        if (now.operation() != Plan.Operation.UPSERT) {
            return run(now);
        }
        if (now.target() == null) {
            return Outcome.retry("Contact is no longer in the audience (changed since the member index was read); retried as a "
                    + "new contact").because(RefusalClass.ORDERING);
        }
        final Contact contact = now.contact();
        final ObjectNode body = JSON.objectNode();
        body.set("merge_fields", mergeFields(contact));
        segments.decorate(body, contact, false);
        return switch (client.patchMember(now.target().subscriberHash(), body)) {
            case MemberWrite.Refused refused -> refusal(now.target(), refused.refusal());
            case MemberWrite.Written written -> {
                // The member took the update without a status: the batch refused the item for the want of one.
                statusless.learnRefusedIn(client.audienceId());
                yield written(KnownMember.written(contact, now.target().status(), now.target()), written,
                        Outcome.success(SyncAction.UPDATED, null, now.reason()));
            }
        };
    }

    /**
     * A batch update answered that the contact is archived (it kept it so): restored when the planner restores it,
     * that is when this sync archived it; otherwise the update stands, the contact left archived.
     */
    Outcome archivedMeanwhile(final Plan plan, final Outcome updated) throws MailchimpTransientException, AudienceException {
        final Plan now = replan(plan);
        return now.operation() == Plan.Operation.RESTORE ? run(now) : updated;
    }

    /** The record decided again against the index as it is now, with what the FlowFile told of the person. */
    private Plan replan(final Plan plan) {
        final Contact contact = plan.contact();
        return planner.plan(contact, index.bySourceId(contact.sourceId()), index.byHash(contact.subscriberHash()), plan.context());
    }

    private Outcome unsubscribe(final Write write) throws MailchimpTransientException {
        final Plan plan = write.plan();
        final KnownMember target = write.target();
        final ObjectNode body = JSON.objectNode().put("status", MemberStatus.UNSUBSCRIBED.apiValue());
        final boolean fields = writesFieldsAtTermination(plan.contact());
        if (fields) {
            body.set("merge_fields", mergeFields(plan.contact()));
        }
        return switch (client.patchMember(target.subscriberHash(), body)) {
            case MemberWrite.Written written -> written(fields ? target.with(plan.contact()) : target, written, write.expected());
            case MemberWrite.Refused refused -> refusal(target, refused.refusal());
        };
    }

    /**
     * Writes the sync's memory of people and nothing else; the outcome is the plan's (a person noted at another's
     * contact still fails, for a person to resolve).
     */
    private Outcome remember(final Write write) throws MailchimpTransientException, AudienceException {
        final Plan.Memory memory = write.plan().memory();
        if (memory.fields().containsKey(SharedAddress.MERGE_FIELD) && !audiences.ensureMergeField(client, SharedAddress.MERGE_FIELD)) {
            return Outcome.failure(Decisions.statusOf(write.target()), write.plan().reason() + "; not noted: the audience lacks "
                    + "the hidden merge field " + SharedAddress.MERGE_FIELD + " and Create Missing Merge Fields is false");
        }
        final ObjectNode body = JSON.objectNode();
        memory.fields().forEach(body.putObject("merge_fields")::put);
        return switch (client.patchMember(write.target().subscriberHash(), body)) {
            case MemberWrite.Refused refused -> refusal(write.target(), refused.refusal());
            case MemberWrite.Written written -> {
                final Outcome stored = written(memory.after(), written, write.expected());
                yield write.expected().route() == Outcome.Route.SUCCESS ? stored : write.expected();
            }
        };
    }

    /**
     * Whether a termination writes the contact's merge fields: with a source version (so an older record cannot undo it)
     * or with the person's employment records (so a replay of an older active row cannot bring them back).
     */
    private static boolean writesFieldsAtTermination(final Contact contact) {
        return contact.version() != null || contact.mergeFields().containsKey(EmploymentRecords.MERGE_FIELD);
    }

    /** Tags the contact with the archive marker holding its status now, then archives it. */
    private Outcome archiveAtTermination(final Write write) throws MailchimpTransientException {
        final KnownMember target = write.target();
        if (client.tagMember(target.subscriberHash(), ArchiveMarker.tag(write.status()), true) instanceof MemberWrite.Refused refused) {
            return refusal(target, refused.refusal());
        }
        return archiveMarked(write);
    }

    /** Archives a contact that holds its archive marker; when it is not archived after all, the marker goes. */
    Outcome archiveMarked(final Write write) throws MailchimpTransientException {
        final KnownMember target = write.target();
        final Outcome archived = archive(target, write.expected());
        if (archived.action() != SyncAction.ARCHIVED) {
            // A marker on a contact still in use could let a rehire restore it after someone else archived it.
            client.tagMember(target.subscriberHash(), ArchiveMarker.tag(write.status()), false);
        }
        return archived;
    }

    /** Archives again, without a marker, a contact someone else archived and a write without status restored (O3). */
    Outcome archiveAgain(final KnownMember target) throws MailchimpTransientException {
        return archive(target, Outcome.success(SyncAction.SKIPPED, MemberStatus.ARCHIVED.apiValue(), Decisions.NOT_ARCHIVED_BY_SYNC));
    }

    private Outcome archive(final KnownMember target, final Outcome expected) throws MailchimpTransientException {
        return switch (client.archiveMember(target.subscriberHash())) {
            case MemberWrite.Written written -> {
                index.put(target.withStatus(MemberStatus.ARCHIVED));
                audiences.archived(client.audienceId(), target.subscriberHash());
                yield Outcome.success(expected.action(), MemberStatus.ARCHIVED.apiValue(), expected.reason());
            }
            case MemberWrite.Refused refused when refused.refusal().kind() == Refusal.Kind.NOT_ALLOWED ->
                    notArchived(target, expected, refused.refusal());
            case MemberWrite.Refused refused -> refusal(target, refused.refusal());
        };
    }

    /**
     * Mailchimp does not archive a contact that is archived, pending or bounced. Read again before deciding: when it is
     * archived now, an earlier attempt whose answer was lost (and which the connection service retried) archived it.
     */
    private Outcome notArchived(final KnownMember target, final Outcome expected, final Refusal refusal) {
        reread(target.subscriberHash());
        final KnownMember now = index.byHash(target.subscriberHash());
        if (now != null && now.status() == MemberStatus.ARCHIVED) {
            return Outcome.success(expected.action(), MemberStatus.ARCHIVED.apiValue(), expected.reason());
        }
        return Outcome.success(SyncAction.SKIPPED, now == null ? null : now.status().apiValue(),
                "Mailchimp does not allow archiving this contact: " + refusal.message()).because(RefusalClass.NOTHING_TO_DO);
    }

    private Outcome restore(final Write write) throws MailchimpTransientException {
        final KnownMember archived = write.target();
        final Contact contact = write.plan().contact();
        final MemberStatus status = write.status();
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
                    refusal(new KnownMember(contact.subscriberHash(), MemberStatus.ARCHIVED, contact.sourceId()), refused.refusal());
            case MemberWrite.Written written -> {
                if (sameAddress) {
                    client.tagMember(archived.subscriberHash(), ArchiveMarker.tag(write.marked()), false);
                }
                yield written(KnownMember.written(contact, status, archived), written, write.expected());
            }
        };
    }

    private Outcome changeEmail(final Write write) throws MailchimpTransientException {
        final KnownMember previous = write.target();
        final Contact contact = write.plan().contact();
        final ObjectNode body = JSON.objectNode().put("email_address", contact.emailAddress());
        body.set("merge_fields", mergeFields(contact));
        segments.decorate(body, contact, false);
        return switch (client.patchMember(previous.subscriberHash(), body)) {
            case MemberWrite.Refused refused when refused.refusal().kind() == Refusal.Kind.EXISTS -> appeared(contact);
            case MemberWrite.Refused refused when refused.refusal().kind() == Refusal.Kind.NOT_FOUND -> movedBefore(write, refused.refusal());
            case MemberWrite.Refused refused -> refusal(previous, refused.refusal());
            case MemberWrite.Written written -> {
                index.remove(previous.subscriberHash());
                yield written(KnownMember.written(contact, previous.status(), previous), written, write.expected());
            }
        };
    }

    /**
     * The previous address is gone. Read the new one before deciding: when it holds the person's contact, an earlier
     * attempt whose answer was lost (and which the connection service retried) moved it.
     */
    private Outcome movedBefore(final Write write, final Refusal refusal) {
        final Contact contact = write.plan().contact();
        reread(contact.subscriberHash());
        final KnownMember moved = index.byHash(contact.subscriberHash());
        if (moved != null && contact.sourceId() != null && contact.sourceId().equals(moved.sourceId())) {
            index.remove(write.target().subscriberHash());
            return Outcome.success(SyncAction.UPDATED, moved.status().apiValue(), write.expected().reason());
        }
        return refusal(write.target(), refusal);
    }

    private Outcome mergeAddresses(final Write write) throws MailchimpTransientException {
        final Outcome archived = archive(write.plan().previous(), Outcome.success(SyncAction.ARCHIVED, null, write.expected().reason()));
        if (archived.route() != Outcome.Route.SUCCESS) {
            return archived;
        }
        if (write.kind() == Write.Kind.ARCHIVE_PREVIOUS) {
            return write.expected();
        }
        final KnownMember target = write.target();
        final ObjectNode body = JSON.objectNode();
        body.set("merge_fields", mergeFields(write.plan().contact()));
        segments.decorate(body, write.plan().contact(), false);
        return switch (client.patchMember(target.subscriberHash(), body)) {
            case MemberWrite.Refused refused -> refusal(target, refused.refusal());
            case MemberWrite.Written written -> written(KnownMember.written(write.plan().contact(), target.status(), target),
                    written, write.expected());
        };
    }

    private Outcome written(final KnownMember member, final MemberWrite.Written answer, final Outcome expected) {
        final MemberStatus status = MemberStatus.parse(answer.member().path("status").asText(null));
        final MemberStatus known = status == MemberStatus.UNKNOWN ? member.status() : status;
        index.put(member.withStatus(known));
        audiences.wrote(client.audienceId(), member.subscriberHash(), answer.member().path("last_changed").asText(null));
        return Outcome.success(expected.action(), known.apiValue(), expected.reason());
    }

    /** A refusal of a write to {@code target}: the index forgets a member Mailchimp no longer has. */
    private Outcome refusal(final KnownMember target, final Refusal refusal) {
        switch (refusal.kind()) {
            case NOT_FOUND -> {
                index.remove(target.subscriberHash());
                return Outcome.success(SyncAction.SKIPPED, null, Decisions.NO_LONGER_IN_AUDIENCE).because(RefusalClass.NOTHING_TO_DO);
            }
            case PERMANENTLY_DELETED -> index.remove(target.subscriberHash());
            case NOT_YET_MEMBER -> reread(target.subscriberHash());
            default -> {
                // The index stays as it is.
            }
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
