package io.mlconnector.nifi.mailchimp.contact;

import java.util.Objects;

/**
 * Decides what to do for a contact from what the audience holds. The rules, in order:
 * <ul>
 *   <li>Newer wins: a record older than the source version the person's member holds is skipped, whatever it says.</li>
 *   <li>Identity: the member whose source-ID merge field matches, else the member at the record's address.</li>
 *   <li>Nobody in the audience: a terminated person is not added; anyone else is created with the new-contact status.</li>
 *   <li>Terminated: only the termination action may change a status, and only from subscribed/transactional
 *       (and pending, for Unsubscribe); everything else is skipped.</li>
 *   <li>Active: subscribed and transactional contacts are updated with their own status, unless they already hold
 *       what the record would send (no call); an archived contact is restored (rehire) only under Termination Action
 *       Archive, since otherwise this sync did not archive it and it may have opted out first; unsubscribed, cleaned,
 *       pending and unknown statuses are skipped and never re-subscribed.</li>
 *   <li>Email change (the source-ID member has another address): the member moves to the new address, or, when the new
 *       address is already a member of the same person, that member is updated and the old one archived.</li>
 * </ul>
 */
public final class SyncPlanner {

    static final String ARCHIVED_BY_OTHERS = "Contact is archived; not restored: only Termination Action Archive "
            + "restores archived contacts, as otherwise someone else archived it, possibly after an opt-out";

    private final MemberStatus newContactStatus;
    private final TerminationAction terminationAction;

    public SyncPlanner(final MemberStatus newContactStatus, final TerminationAction terminationAction) {
        this.newContactStatus = newContactStatus;
        this.terminationAction = terminationAction;
    }

    /**
     * @param bySourceId the member whose source-ID merge field equals the contact's source ID, or {@code null}
     * @param byEmail    the member at the contact's address, or {@code null}
     */
    public Plan plan(final Contact contact, final KnownMember bySourceId, final KnownMember byEmail) {
        if (bySourceId == null && byEmail != null && byEmail.sourceId() != null && contact.sourceId() != null
                && !byEmail.sourceId().equals(contact.sourceId())) {
            return Plan.fail(contact, byEmail, "The address belongs to the contact with source ID " + byEmail.sourceId());
        }
        final KnownMember current = bySourceId != null ? bySourceId : byEmail;
        final SourceVersion applied = SourceVersion.newest(versionOf(bySourceId),
                samePerson(contact, byEmail) ? versionOf(byEmail) : null);
        if (contact.version() != null && contact.version().isOlderThan(applied)) {
            return Plan.skip(contact, current, "Older than the version in Mailchimp, " + applied.text()
                    + " (this record: " + contact.version().text() + "); nothing changed");
        }
        if (current == null) {
            return contact.terminated()
                    ? Plan.skip(contact, null, "Terminated person is not in the audience; not added")
                    : Plan.upsert(contact, null, newContactStatus, null);
        }
        if (contact.terminated()) {
            return planTermination(contact, current);
        }
        final boolean moved = !current.subscriberHash().equals(contact.subscriberHash());
        if (moved && current.status() != MemberStatus.ARCHIVED) {
            return planEmailChange(contact, current, byEmail);
        }
        final KnownMember member = moved ? byEmail : current;
        if (member == null) {
            // A rehire with a new address: the archived old contact stays archived, the new address is added.
            return restoresArchived() ? Plan.restore(contact, current, newContactStatus)
                    : Plan.skip(contact, current, ARCHIVED_BY_OTHERS + "; the new address was not added");
        }
        return planActive(contact, member);
    }

    private Plan planActive(final Contact contact, final KnownMember member) {
        return switch (member.status()) {
            case SUBSCRIBED, TRANSACTIONAL -> contact.fingerprint() != ContentFingerprint.UNKNOWN
                    && member.fingerprint() == contact.fingerprint()
                    ? Plan.unchanged(contact, member)
                    : Plan.upsert(contact, member, member.status(), null);
            case ARCHIVED -> restoresArchived()
                    ? Plan.restore(contact, member, newContactStatus)
                    : Plan.skip(contact, member, ARCHIVED_BY_OTHERS);
            default -> Plan.skip(contact, member, consentReason(member.status()));
        };
    }

    private Plan planEmailChange(final Contact contact, final KnownMember previous, final KnownMember atNewAddress) {
        if (!previous.status().receivesUpdates()) {
            return Plan.skip(contact, previous, consentReason(previous.status()) + "; its address was not changed");
        }
        if (atNewAddress == null) {
            return Plan.on(Plan.Operation.CHANGE_EMAIL, contact, previous, "Email address changed; contact moved to the new address");
        }
        if (atNewAddress.sourceId() != null && !Objects.equals(atNewAddress.sourceId(), contact.sourceId())) {
            return Plan.fail(contact, atNewAddress, "The new address belongs to the contact with source ID " + atNewAddress.sourceId());
        }
        return new Plan(Plan.Operation.MERGE_ADDRESSES, contact, atNewAddress, previous, atNewAddress.status(),
                "Email address changed to an address already in the audience; previous address archived");
    }

    private Plan planTermination(final Contact contact, final KnownMember member) {
        final MemberStatus status = member.status();
        return switch (terminationAction) {
            case NONE -> Plan.skip(contact, member, "Terminated; Termination Action is None, contact left unchanged");
            case UNSUBSCRIBE -> switch (status) {
                case SUBSCRIBED, TRANSACTIONAL, PENDING -> Plan.on(Plan.Operation.UNSUBSCRIBE, contact, member, "Terminated");
                case UNSUBSCRIBED -> Plan.skip(contact, member, "Terminated; contact already unsubscribed");
                case ARCHIVED -> Plan.skip(contact, member, "Terminated; contact already archived");
                default -> Plan.skip(contact, member, "Terminated; " + consentReason(status));
            };
            case ARCHIVE -> switch (status) {
                case SUBSCRIBED, TRANSACTIONAL -> Plan.on(Plan.Operation.ARCHIVE, contact, member, "Terminated");
                case ARCHIVED -> Plan.skip(contact, member, "Terminated; contact already archived");
                default -> Plan.skip(contact, member, "Terminated; " + consentReason(status)
                        + "; not archived so that a rehire cannot bypass it");
            };
        };
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
}
