package io.mlconnector.nifi.mailchimp.sync;

import io.mlconnector.nifi.mailchimp.contact.KnownMember;
import io.mlconnector.nifi.mailchimp.contact.MemberStatus;
import io.mlconnector.nifi.mailchimp.contact.Plan;

/**
 * What the sync does for one plan, decided from the plan and, for archives and restores, the member as Mailchimp has
 * it now ({@link Decisions}). A real run applies it; a preview reports it. Data only.
 */
sealed interface Decision {

    /** No write: the record's outcome, and what the member index learns from the read (a member, or an address gone). */
    record Settle(Outcome outcome, KnownMember learnt, String gone) implements Decision {
        Settle(final Outcome outcome) {
            this(outcome, null, null);
        }
    }

    /**
     * A write, and the outcome it has when Mailchimp accepts it.
     *
     * @param target the member written (for a merge, the member at the new address); {@code null} for a new contact
     * @param status the status sent or kept; for {@link Kind#ARCHIVE} the status the archive marker keeps
     * @param marked for {@link Kind#RESTORE}: the status the archive marker held
     */
    record Write(Kind kind, Plan plan, KnownMember target, MemberStatus status, MemberStatus marked, Outcome expected)
            implements Decision {

        enum Kind {
            /** Batch subscribe: a new contact, or an update that sends no status. */
            UPSERT,
            UNSUBSCRIBE,
            /** Tag with the archive marker, then archive. */
            ARCHIVE,
            /** Restore the archived contact (PUT), or add the person's new address (POST). */
            RESTORE,
            CHANGE_EMAIL,
            /** Archive the member at the previous address, then update the one at the new address. */
            MERGE_ADDRESSES,
            /** Archive the member at the previous address; the one at the new address keeps its consent state. */
            ARCHIVE_PREVIOUS,
            /** Write only the sync's memory of people ({@link Plan.Memory}): no status, no mapped field, tag or group. */
            REMEMBER
        }
    }
}
