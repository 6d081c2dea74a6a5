package io.mlconnector.nifi.mailchimp.contact;

/**
 * What the sync knows of a member of the audience: its subscriber hash (Mailchimp's id), its status, the
 * source ID stored in its source-ID merge field ({@code null} when empty) and the tags this sync set on it (the
 * {@code SYNCTAGS} merge field; {@code null} when not known, which leaves the index's value as it was).
 */
public record KnownMember(String subscriberHash, MemberStatus status, String sourceId, String syncTags) {

    public KnownMember(final String subscriberHash, final MemberStatus status, final String sourceId) {
        this(subscriberHash, status, sourceId, null);
    }
}
