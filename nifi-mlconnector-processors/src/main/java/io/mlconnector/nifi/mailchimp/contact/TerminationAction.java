package io.mlconnector.nifi.mailchimp.contact;

import org.apache.nifi.components.DescribedValue;

/** What happens to the contact of a terminated person, and whether a rehire can undo it. */
public enum TerminationAction implements DescribedValue {
    UNSUBSCRIBE("Unsubscribe", "Sets a subscribed, transactional or pending contact to unsubscribed. Not reversible by the sync: "
            + "Mailchimp refuses to re-subscribe an unsubscribed contact, so a rehired person stays unsubscribed until they "
            + "subscribe again themselves. Contacts archived by someone else are never restored."),
    ARCHIVE("Archive", "Archives a subscribed or transactional contact (removed from the audience, history kept, not billed). "
            + "Reversible: the archived contact is tagged, and when the person is active again (rehire) a tagged contact is "
            + "restored with the Status For New Contacts (a transactional one as transactional). "
            + "Unsubscribed, cleaned and pending contacts are left as they are, so a rehire cannot bypass their opt-out or opt-in."),
    NONE("None", "Leaves the contacts of terminated people unchanged (not updated either); terminated people not in the audience "
            + "are still not added. Nothing to reverse: a rehired person's contact is updated again. Contacts archived by "
            + "someone else are never restored.");

    private final String displayName;
    private final String description;

    TerminationAction(final String displayName, final String description) {
        this.displayName = displayName;
        this.description = description;
    }

    /** Whether the action changes a contact of this status: the consent rule, also for orphans of a reconciliation pass. */
    public boolean changes(final MemberStatus status) {
        return switch (this) {
            case NONE -> false;
            case UNSUBSCRIBE -> status.receivesUpdates() || status == MemberStatus.PENDING;
            case ARCHIVE -> status.receivesUpdates();
        };
    }

    @Override
    public String getValue() {
        return displayName;
    }

    @Override
    public String getDisplayName() {
        return displayName;
    }

    @Override
    public String getDescription() {
        return description;
    }
}
