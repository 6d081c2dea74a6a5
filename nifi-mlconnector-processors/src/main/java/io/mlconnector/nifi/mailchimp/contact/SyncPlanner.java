package io.mlconnector.nifi.mailchimp.contact;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Decides what to do for a contact from what the audience holds. The rules, in order:
 * <ul>
 *   <li>Newer wins: a record older than the source version the person's member holds is skipped, whatever it says
 *       (for a job's record: unless it changes which of the person's jobs are active; then only that is written).</li>
 *   <li>Identity: the member whose source-ID merge field matches, else the member at the record's address.</li>
 *   <li>People, not rows: when records are jobs, a person is active while any of their employment records is
 *       ({@link EmploymentRecords}: what the contact remembers, what the FlowFile's other records of the person report,
 *       and this record); a job ending while another goes on changes no status, only the memory.</li>
 *   <li>Nobody in the audience: a terminated person is not added; anyone else is created with the new-contact status.</li>
 *   <li>Terminated: only the termination action may change a status, and only from subscribed/transactional
 *       (and pending, for Unsubscribe); everything else is skipped. When other active people were reported at the
 *       contact's address ({@link SharedAddress}, or in this FlowFile), the contact passes to the first of them
 *       instead (a hand-over: its source ID changes, its status stays).</li>
 *   <li>Active: subscribed and transactional contacts are updated with their own status, unless they already hold
 *       what the record would send (no call); an archived contact is restored (rehire) only under Termination Action
 *       Archive, since otherwise this sync did not archive it and it may have opted out first; unsubscribed, cleaned,
 *       pending and unknown statuses are skipped and never re-subscribed.</li>
 *   <li>Email change (the source-ID member has another address): the member moves to the new address, or, when the new
 *       address is already a member of the same person, that member is updated and the old one archived.</li>
 *   <li>Another person's address: the record fails, and the person is noted at that contact as sharing the address
 *       (so the contact passes to them if its holder leaves); a contact this sync archived when its holder left is
 *       restored for them.</li>
 * </ul>
 */
public final class SyncPlanner {

    static final String ARCHIVED_BY_OTHERS = "Contact is archived; not restored: only Termination Action Archive "
            + "restores archived contacts, as otherwise someone else archived it, possibly after an opt-out";

    private final MemberStatus newContactStatus;
    private final TerminationAction terminationAction;
    /** Where the source ID and version are kept, for a hand-over; without a source-ID tag nobody is noted at an address. */
    private final String sourceIdMergeField;
    private final String versionMergeField;

    public SyncPlanner(final MemberStatus newContactStatus, final TerminationAction terminationAction) {
        this(newContactStatus, terminationAction, null, null);
    }

    /**
     * A planner that notes other people at a contact's address and hands the contact over when its holder leaves.
     *
     * @param sourceIdMergeField the merge tag holding the source ID
     * @param versionMergeField  the merge tag holding the source version, or {@code null}
     */
    public SyncPlanner(final MemberStatus newContactStatus, final TerminationAction terminationAction,
                       final String sourceIdMergeField, final String versionMergeField) {
        this.newContactStatus = newContactStatus;
        this.terminationAction = terminationAction;
        this.sourceIdMergeField = sourceIdMergeField;
        this.versionMergeField = versionMergeField;
    }

    /**
     * @param bySourceId the member whose source-ID merge field equals the contact's source ID, or {@code null}
     * @param byEmail    the member at the contact's address, or {@code null}
     */
    public Plan plan(final Contact contact, final KnownMember bySourceId, final KnownMember byEmail) {
        return plan(contact, bySourceId, byEmail, RecordContext.NONE);
    }

    /**
     * @param bySourceId the member whose source-ID merge field equals the contact's source ID, or {@code null}
     * @param byEmail    the member at the contact's address, or {@code null}
     * @param context    what the FlowFile's other records and the member index tell about the person and the address
     */
    public Plan plan(final Contact contact, final KnownMember bySourceId, final KnownMember byEmail, final RecordContext context) {
        return decide(contact, bySourceId, byEmail, context).in(context);
    }

    private Plan decide(final Contact contact, final KnownMember bySourceId, final KnownMember byEmail, final RecordContext context) {
        if (bySourceId == null && byEmail != null && byEmail.sourceId() != null && contact.sourceId() != null
                && !byEmail.sourceId().equals(contact.sourceId())) {
            return planAtAnothersAddress(contact, byEmail, context);
        }
        final KnownMember current = bySourceId != null ? bySourceId : byEmail;
        final Jobs jobs = Jobs.of(contact, current, context);
        final SourceVersion applied = SourceVersion.newest(versionOf(bySourceId),
                samePerson(contact, byEmail) ? versionOf(byEmail) : null);
        final boolean older = contact.version() != null && contact.version().isOlderThan(applied);
        if (older && !jobs.learns()) {
            return Plan.skip(contact, current, olderReason(applied, contact) + "; nothing changed");
        }
        if (current == null) {
            return jobs.active()
                    ? Plan.upsert(contact.withFields(jobs.fields(null)), null, newContactStatus, jobs.note())
                    : Plan.skip(contact, null, "Terminated person is not in the audience; not added");
        }
        if (!jobs.active()) {
            return planTermination(older ? memoryOnly(contact, current, jobs.fields(current)) : contact.withFields(jobs.fields(current)),
                    current, jobs, context);
        }
        if (contact.terminated() || older) {
            return planKept(contact, current, jobs, older ? olderReason(applied, contact) : null);
        }
        final boolean moved = !current.subscriberHash().equals(contact.subscriberHash());
        if (moved && current.status() != MemberStatus.ARCHIVED) {
            return planEmailChange(contact.withFields(jobs.fields(current)), current, byEmail, context);
        }
        final KnownMember member = moved ? byEmail : current;
        if (member == null) {
            // A rehire with a new address: the archived old contact stays archived, the new address is added.
            return restoresArchived() ? Plan.restore(contact.withFields(jobs.fields(null)), current, newContactStatus)
                    : Plan.skip(contact, current, ARCHIVED_BY_OTHERS + "; the new address was not added");
        }
        return planActive(contact.withFields(jobs.fields(member)), member, jobs);
    }

    private Plan planActive(final Contact contact, final KnownMember member, final Jobs jobs) {
        return switch (member.status()) {
            case SUBSCRIBED, TRANSACTIONAL -> contact.fingerprint() != ContentFingerprint.UNKNOWN
                    && member.fingerprint() == contact.fingerprint() && jobs.fields(member).isEmpty()
                    ? Plan.unchanged(contact, member)
                    : Plan.upsert(contact, member, member.status(), jobs.note());
            case ARCHIVED -> restoresArchived()
                    ? Plan.restore(contact, member, newContactStatus)
                    : Plan.skip(contact, member, ARCHIVED_BY_OTHERS);
            default -> Plan.skip(contact, member, consentReason(member.status()));
        };
    }

    /** The person stays active although this record's job ended, or the record is older than the contact's version. */
    private Plan planKept(final Contact contact, final KnownMember member, final Jobs jobs, final String older) {
        final String reason = older != null
                ? older + "; only which employment records are active is written (" + jobs.activeList() + ")"
                : "Employment record " + contact.employmentRecord() + " ended; still active in employment record(s) "
                + jobs.activeList() + ", so the contact stays " + member.status().apiValue();
        if (!jobs.learns()) {
            return Plan.unchanged(contact, member, reason + "; already known");
        }
        if (!member.status().receivesUpdates()) {
            return Plan.skip(contact, member, reason + "; " + consentReason(member.status()));
        }
        final Map<String, String> fields = jobs.fields(member);
        return Plan.remember(contact, member, new Plan.Memory(fields, member.with(memoryOnly(contact, member, fields)),
                SyncAction.UPDATED), reason);
    }

    private Plan planEmailChange(final Contact contact, final KnownMember previous, final KnownMember atNewAddress,
                                 final RecordContext context) {
        if (!previous.status().receivesUpdates()) {
            return Plan.skip(contact, previous, consentReason(previous.status()) + "; its address was not changed");
        }
        if (atNewAddress == null) {
            return Plan.on(Plan.Operation.CHANGE_EMAIL, contact, previous, "Email address changed; contact moved to the new address");
        }
        if (atNewAddress.sourceId() != null && !Objects.equals(atNewAddress.sourceId(), contact.sourceId())) {
            if (context.movesTo().test(atNewAddress.sourceId(), previous.subscriberHash())) {
                return Plan.fail(contact, atNewAddress, "Email swap: the new address is the contact of source ID "
                        + atNewAddress.sourceId() + ", whose record in this FlowFile takes this person's current address; "
                        + "Mailchimp cannot swap two contacts' addresses, so neither moved. To finish the swap, change one of "
                        + "the two contacts to a temporary address in Mailchimp, then replay both records (a record that fails "
                        + "again moves on a second replay)");
            }
            return Plan.fail(contact, atNewAddress, "The new address belongs to the contact with source ID " + atNewAddress.sourceId());
        }
        return new Plan(Plan.Operation.MERGE_ADDRESSES, contact, atNewAddress, previous, atNewAddress.status(),
                "Email address changed to an address already in the audience; previous address archived");
    }

    private Plan planTermination(final Contact contact, final KnownMember member, final Jobs jobs, final RecordContext context) {
        final MemberStatus status = member.status();
        final String terminated = jobs.terminated();
        final boolean changesStatus = terminationAction.changes(status);
        final List<String> successors = successors(contact, member, context);
        if (changesStatus && !successors.isEmpty()) {
            return handOver(contact, member, successors, terminated);
        }
        final String sharedWith = successors.isEmpty() ? "" : "; the address is also reported for source ID(s) "
                + String.join(", ", successors);
        return switch (terminationAction) {
            case NONE -> Plan.skip(contact, member, terminated + "; Termination Action is None, contact left unchanged" + sharedWith);
            case UNSUBSCRIBE -> switch (status) {
                case SUBSCRIBED, TRANSACTIONAL, PENDING -> Plan.on(Plan.Operation.UNSUBSCRIBE, contact, member, terminated);
                case UNSUBSCRIBED -> Plan.skip(contact, member, terminated + "; contact already unsubscribed" + sharedWith);
                case ARCHIVED -> Plan.skip(contact, member, terminated + "; contact already archived" + sharedWith);
                default -> Plan.skip(contact, member, terminated + "; " + consentReason(status) + sharedWith);
            };
            case ARCHIVE -> switch (status) {
                case SUBSCRIBED, TRANSACTIONAL -> Plan.on(Plan.Operation.ARCHIVE, contact, member, terminated);
                case ARCHIVED -> Plan.skip(contact, member, terminated + "; contact already archived" + sharedWith);
                default -> Plan.skip(contact, member, terminated + "; " + consentReason(status)
                        + "; not archived so that a rehire cannot bypass it" + sharedWith);
            };
        };
    }

    /**
     * The active people reported at the contact's address who have no contact of their own: noted at the contact
     * earlier, or in this FlowFile; the first noted first.
     */
    private List<String> successors(final Contact contact, final KnownMember member, final RecordContext context) {
        if (sourceIdMergeField == null) {
            return List.of();
        }
        final Set<String> reported = new LinkedHashSet<>(SharedAddress.of(member).sourceIds());
        if (member.subscriberHash().equals(contact.subscriberHash())) {
            reported.addAll(context.othersAtAddress());
        }
        reported.remove(contact.sourceId());
        reported.remove(member.sourceId());
        return reported.stream().filter(sourceId -> !context.hasContact().test(sourceId)).toList();
    }

    /** The holder left: the contact passes to the first successor, keeping its status; its version and jobs start afresh. */
    private Plan handOver(final Contact contact, final KnownMember member, final List<String> successors, final String terminated) {
        final String successor = successors.getFirst();
        SharedAddress rest = SharedAddress.of(member).without(successor);
        for (final String other : successors.subList(1, successors.size())) {
            rest = rest.canNote(other) ? rest.with(other) : rest;
        }
        final Map<String, String> fields = new LinkedHashMap<>();
        fields.put(sourceIdMergeField, successor);
        if (versionMergeField != null && member.version() != null) {
            fields.put(versionMergeField, "");
        }
        if (member.jobs() != null && !member.jobs().isEmpty()) {
            fields.put(EmploymentRecords.MERGE_FIELD, "");
        }
        if (!rest.text().equals(Objects.toString(member.shared(), ""))) {
            fields.put(SharedAddress.MERGE_FIELD, rest.text());
        }
        final KnownMember after = new KnownMember(member.subscriberHash(), member.status(), successor, null,
                ContentFingerprint.UNKNOWN, null, "", rest.text());
        final String instead = terminationAction == TerminationAction.ARCHIVE ? "archived" : "unsubscribed";
        return Plan.remember(contact, member, new Plan.Memory(fields, after, SyncAction.UPDATED), terminated
                + "; the address is shared with source ID " + successor + ", still active: the contact passes to them instead "
                + "of being " + instead + " (its other merge fields are this person's until their next record)");
    }

    /** A record of someone whose address is the contact of another person (the holder). */
    private Plan planAtAnothersAddress(final Contact contact, final KnownMember holder, final RecordContext context) {
        final String taken = "The address belongs to the contact with source ID " + holder.sourceId();
        if (sourceIdMergeField == null) {
            return Plan.fail(contact, holder, taken);
        }
        final Jobs jobs = Jobs.of(contact, null, context);
        final SharedAddress shared = SharedAddress.of(holder);
        final String sourceId = contact.sourceId();
        if (!jobs.active()) {
            if (shared.contains(sourceId) && holder.status().receivesUpdates()) {
                return noted(contact, holder, shared.without(sourceId), SyncAction.SKIPPED, jobs.terminated()
                        + "; was noted at the contact of source ID " + holder.sourceId() + " as sharing its address; note removed");
            }
            return Plan.skip(contact, holder, jobs.terminated() + "; " + taken + "; nothing to change");
        }
        if (holder.status() == MemberStatus.ARCHIVED && restoresArchived()) {
            final Map<String, String> fields = new LinkedHashMap<>(jobs.fields(holder));
            if (!shared.isEmpty()) {
                fields.put(SharedAddress.MERGE_FIELD, shared.without(sourceId).text());
            }
            return new Plan(Plan.Operation.RESTORE, contact.withFields(fields), holder, null, newContactStatus,
                    "The contact at this address belonged to source ID " + holder.sourceId() + ", archived when they left; "
                    + "restored for this person if this processor archived it");
        }
        final String passes = "; this person is noted there as sharing it: the contact passes to them if source ID "
                + holder.sourceId() + " leaves. To give each their own contact, give one of them another address in PeopleSoft";
        if (shared.contains(sourceId)) {
            return Plan.fail(contact, holder, taken + passes);
        }
        if (!holder.status().receivesUpdates() || !shared.canNote(sourceId)) {
            return Plan.fail(contact, holder, taken);
        }
        return noted(contact, holder, shared.with(sourceId), SyncAction.FAILED, taken + passes);
    }

    private static Plan noted(final Contact contact, final KnownMember holder, final SharedAddress shared, final SyncAction reported,
                              final String reason) {
        final KnownMember after = new KnownMember(holder.subscriberHash(), holder.status(), holder.sourceId(), holder.version(),
                holder.fingerprint(), null, holder.jobs(), shared.text());
        return Plan.remember(contact, holder, new Plan.Memory(Map.of(SharedAddress.MERGE_FIELD, shared.text()), after, reported), reason);
    }

    /** The record's contact writing only {@code fields}: none of its mapped content, not its version. */
    private static Contact memoryOnly(final Contact contact, final KnownMember member, final Map<String, String> fields) {
        return new Contact(contact.emailAddress(), contact.subscriberHash(), contact.sourceId(), contact.terminated(), fields, null,
                member.fingerprint(), contact.employmentRecord());
    }

    private static String olderReason(final SourceVersion applied, final Contact contact) {
        return "Older than the version in Mailchimp, " + applied.text() + " (this record: " + contact.version().text() + ")";
    }

    private static SourceVersion versionOf(final KnownMember member) {
        return member == null ? null : member.version();
    }

    /** The member at the record's address is the person's unless it holds another source ID. */
    private static boolean samePerson(final Contact contact, final KnownMember byEmail) {
        return byEmail != null && (byEmail.sourceId() == null || contact.sourceId() == null
                || byEmail.sourceId().equals(contact.sourceId()));
    }

    /** Only then can this sync have archived the contact, as opposed to a marketer (after an opt-out, say). */
    private boolean restoresArchived() {
        return terminationAction == TerminationAction.ARCHIVE;
    }

    /** Why a contact in this status is left alone. */
    public static String consentReason(final MemberStatus status) {
        return switch (status) {
            case UNSUBSCRIBED -> "Contact is unsubscribed; never re-subscribed";
            case CLEANED -> "Contact is cleaned (address bounced); Mailchimp allows no change";
            case PENDING -> "Contact is pending opt-in confirmation; left for the person to confirm";
            default -> "Contact status is " + status.apiValue() + "; left unchanged";
        };
    }

    /**
     * A person's employment records as their contact remembers them ({@code known}) and as this record and the
     * FlowFile's other records of the person report them ({@code reported}); for records that are people, just the
     * record's own status.
     */
    private record Jobs(boolean tracked, EmploymentRecords known, EmploymentRecords reported, boolean active) {

        static Jobs of(final Contact contact, final KnownMember current, final RecordContext context) {
            if (contact.employmentRecord() == null) {
                return new Jobs(false, EmploymentRecords.none(), EmploymentRecords.none(), !contact.terminated());
            }
            final EmploymentRecords known = EmploymentRecords.of(current);
            final EmploymentRecords reported = known.with(context.otherJobs()).with(contact.job());
            return new Jobs(true, known, reported, reported.anyActive());
        }

        /** Whether the record changes which employment records are known or active (versions alone do not count). */
        boolean learns() {
            return tracked && !known.asMap().equals(reported.asMap());
        }

        /** {@code SYNCJOBS} to write to {@code member} ({@code null}: a new contact), when it differs from what it holds. */
        Map<String, String> fields(final KnownMember member) {
            final String text = reported.text();
            return tracked && !text.equals(member == null ? "" : Objects.toString(member.jobs(), ""))
                    ? Map.of(EmploymentRecords.MERGE_FIELD, text) : Map.of();
        }

        String activeList() {
            return String.join(", ", reported.active());
        }

        /** For a person with several employment records, which are active; otherwise nothing. */
        String note() {
            return tracked && !reported.text().isEmpty() ? "Active employment records: " + activeList() : null;
        }

        String terminated() {
            final List<String> ended = reported.ended();
            return tracked && ended.size() > 1 ? "Terminated (every employment record ended: " + String.join(", ", ended) + ")"
                    : "Terminated";
        }
    }
}
