package io.mlconnector.nifi.mailchimp.contact;

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
 */
public record Plan(Operation operation, Contact contact, KnownMember target, KnownMember previous, MemberStatus sendStatus,
                   String reason) {

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
        return new Plan(Operation.UNCHANGED, contact, member, null, member.status(), "Contact already up to date in Mailchimp");
    }

    static Plan skip(final Contact contact, final KnownMember target, final String reason) {
        return new Plan(Operation.SKIP, contact, target, null, null, reason);
    }

    static Plan fail(final Contact contact, final KnownMember target, final String reason) {
        return new Plan(Operation.FAIL, contact, target, null, null, reason);
    }
}
