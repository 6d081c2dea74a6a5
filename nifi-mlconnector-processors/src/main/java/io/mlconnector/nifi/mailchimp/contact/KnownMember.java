package io.mlconnector.nifi.mailchimp.contact;

/**
 * What the sync knows of a member of the audience: its subscriber hash (Mailchimp's id), its status and the
 * source ID stored in its source-ID merge field ({@code null} when empty).
 */
public record KnownMember(String subscriberHash, MemberStatus status, String sourceId) {
}
