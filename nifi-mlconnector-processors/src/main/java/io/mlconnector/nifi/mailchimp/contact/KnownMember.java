package io.mlconnector.nifi.mailchimp.contact;

/**
 * What the sync knows of a member of the audience: its subscriber hash (Mailchimp's id), its status, the source ID
 * stored in its source-ID merge field ({@code null} when empty), the source version last applied to it ({@code null}
 * when none), the {@link ContentFingerprint} of its mapped merge fields ({@link ContentFingerprint#UNKNOWN} when
 * not known), the tags this sync set on it (the {@code SYNCTAGS} merge field), and what the sync remembers of the
 * person's employment records ({@code SYNCJOBS}, {@link EmploymentRecords}) and of others at its address
 * ({@code SYNCSHARED}, {@link SharedAddress}). For the last three {@code null} means not known, which leaves the
 * index's value as it was; an empty value is known to be empty.
 */
public record KnownMember(String subscriberHash, MemberStatus status, String sourceId, SourceVersion version,
                          long fingerprint, String syncTags, String jobs, String shared) {

    /** A member whose version and content are not known. */
    public KnownMember(final String subscriberHash, final MemberStatus status, final String sourceId) {
        this(subscriberHash, status, sourceId, null, ContentFingerprint.UNKNOWN);
    }

    /** A member whose SYNCTAGS, SYNCJOBS and SYNCSHARED are not known (the index keeps what it has). */
    public KnownMember(final String subscriberHash, final MemberStatus status, final String sourceId,
                       final SourceVersion version, final long fingerprint) {
        this(subscriberHash, status, sourceId, version, fingerprint, null, null, null);
    }

    /** A member whose SYNCJOBS and SYNCSHARED are not known (the index keeps what it has). */
    public KnownMember(final String subscriberHash, final MemberStatus status, final String sourceId,
                       final SourceVersion version, final long fingerprint, final String syncTags) {
        this(subscriberHash, status, sourceId, version, fingerprint, syncTags, null, null);
    }

    /** The member at the contact's address after this sync wrote the contact there, found as {@code before}. */
    public static KnownMember written(final Contact contact, final MemberStatus status, final KnownMember before) {
        final KnownMember at = before == null ? new KnownMember(contact.subscriberHash(), status, null)
                : new KnownMember(contact.subscriberHash(), status, before.sourceId(), before.version(), before.fingerprint(),
                        null, before.jobs(), before.shared());
        return at.with(contact);
    }

    /** This member after the sync wrote the contact's merge fields to it; Mailchimp keeps what the contact lacks. */
    public KnownMember with(final Contact contact) {
        return new KnownMember(subscriberHash, status, contact.sourceId() != null ? contact.sourceId() : sourceId,
                contact.version() != null ? contact.version() : version, contact.fingerprint(), null,
                contact.mergeFields().getOrDefault(EmploymentRecords.MERGE_FIELD, jobs),
                contact.mergeFields().getOrDefault(SharedAddress.MERGE_FIELD, shared));
    }

    public KnownMember withStatus(final MemberStatus newStatus) {
        return new KnownMember(subscriberHash, newStatus, sourceId, version, fingerprint, null, jobs, shared);
    }
}
