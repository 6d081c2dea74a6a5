package io.mlconnector.nifi.mailchimp.contact;

import java.util.Map;

/**
 * What the sync will do for one contact.
 *
 * @param operation  the kind of change
 * @param contact    the contact the record describes
 * @param target     the member the change applies to ({@code null} for a new contact)
 * @param previous   for {@link Operation#MERGE_ADDRESSES}: the member at the person's previous address
 * @param sendStatus for {@link Operation#UPSERT}: the status expected afterwards (the member's own for an update, not
 *                   sent); for {@link Operation#RESTORE}: the Status For New Contacts
 * @param reason     why (for skips and failures), or a note on the change; may be {@code null}
 * @param memory     for {@link Operation#REMEMBER}: what to write and report; otherwise {@code null}
 * @param context    what the planner knew of the person and the address besides the index, so that a plan decided
 *                   again after a refusal (on an answer the index could not foresee) decides with the same knowledge
 */
public record Plan(Operation operation, Contact contact, KnownMember target, KnownMember previous, MemberStatus sendStatus,
                   String reason, Memory memory, RecordContext context) {

    /**
     * A write of only the sync's own hidden merge fields ({@code SYNCJOBS}, {@code SYNCSHARED}, and for a hand-over the
     * source ID and version fields): no status, no mapped field, no tag or group.
     *
     * @param fields   the merge fields to write; an empty value clears one
     * @param after    the member once written (its status as found)
     * @param reported the record's action once written: {@code updated} for the person's own contact, {@code skipped} or
     *                 {@code failed} when the record is another person's and only noted there
     */
    public record Memory(Map<String, String> fields, KnownMember after, SyncAction reported) {
        public Memory {
            fields = Map.copyOf(fields);
        }
    }

    public Plan(final Operation operation, final Contact contact, final KnownMember target, final KnownMember previous,
                final MemberStatus sendStatus, final String reason) {
        this(operation, contact, target, previous, sendStatus, reason, null, RecordContext.NONE);
    }

    public Plan(final Operation operation, final Contact contact, final KnownMember target, final KnownMember previous,
                final MemberStatus sendStatus, final String reason, final Memory memory) {
        this(operation, contact, target, previous, sendStatus, reason, memory, RecordContext.NONE);
    }

    /** This plan, decided with {@code decidedWith}. */
    Plan in(final RecordContext decidedWith) {
        return new Plan(operation, contact, target, previous, sendStatus, reason, memory, decidedWith);
    }

    public enum Operation {
        /** Batch subscribe: creates a new contact, or updates one without sending a status. */
        UPSERT,
        /** PATCH the member found by source ID to the new address. */
        CHANGE_EMAIL,
        /** The new address is already a member: update it and archive the member at the previous address. */
        MERGE_ADDRESSES,
        /** PATCH status unsubscribed (termination). */
        UNSUBSCRIBE,
        /** DELETE, i.e. archive (termination), marked so that a rehire can restore the contact. */
        ARCHIVE,
        /**
         * Rehire: the archived target, if this sync archived it, is restored (or, when the person has a new address,
         * the new address is added) with at most the status the contact had; {@code sendStatus} is the ceiling.
         */
        RESTORE,
        /** Write only the sync's memory ({@link Memory}) to the target: what it learnt changes nothing else. */
        REMEMBER,
        /** No call: the member already has the status, merge field values and version the record would send. */
        UNCHANGED,
        /** No call: consent or policy keeps the contact as it is, or the record is older than the member's version. */
        SKIP,
        /** No call: the record cannot be synced. */
        FAIL
    }

    static Plan upsert(final Contact contact, final KnownMember target, final MemberStatus status, final String note) {
        return new Plan(Operation.UPSERT, contact, target, null, status, note);
    }

    static Plan restore(final Contact contact, final KnownMember archived, final MemberStatus status) {
        return new Plan(Operation.RESTORE, contact, archived, null, status, "Archived contact restored (person active again)");
    }

    static Plan on(final Operation operation, final Contact contact, final KnownMember target, final String note) {
        return new Plan(operation, contact, target, null, null, note);
    }

    static Plan unchanged(final Contact contact, final KnownMember member) {
        return unchanged(contact, member, "Contact already up to date in Mailchimp");
    }

    static Plan unchanged(final Contact contact, final KnownMember member, final String reason) {
        return new Plan(Operation.UNCHANGED, contact, member, null, member.status(), reason);
    }

    static Plan remember(final Contact contact, final KnownMember target, final Memory memory, final String reason) {
        return new Plan(Operation.REMEMBER, contact, target, null, null, reason, memory);
    }

    static Plan skip(final Contact contact, final KnownMember target, final String reason) {
        return new Plan(Operation.SKIP, contact, target, null, null, reason);
    }

    static Plan fail(final Contact contact, final KnownMember target, final String reason) {
        return new Plan(Operation.FAIL, contact, target, null, null, reason);
    }
}
