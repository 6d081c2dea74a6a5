package io.mlconnector.sandbox.mailchimp;

import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

/**
 * One member as kept in memory: plain fields, immutable compact maps and arrays shared where possible, nulls for
 * absent values, so 100,000 members cost a few tens of megabytes.
 */
final class StoredMember {

    String email;
    MemberStatus status;
    /** Tags in the audience's tag registry; null when none. */
    int[] tagIds;
    /** Merge values by tag, immutable (Map.copyOf); null when none. */
    Map<String, Object> mergeFields;
    /** Ids of interests the member is in; null when none. */
    String[] interests;
    String language;
    boolean vip;
    boolean textEmail;
    long signupEpochSecond;
    /** Milliseconds: Mailchimp shows whole seconds, but may compare {@code since_last_changed} finer (O10). */
    long lastChangedMillis;

    StoredMember(String email, MemberStatus status, Instant now) {
        this.email = email;
        this.status = status;
        this.signupEpochSecond = now.getEpochSecond();
        this.lastChangedMillis = now.toEpochMilli();
    }

    boolean hasTag(int tagId) {
        return tagIds != null && Arrays.stream(tagIds).anyMatch(t -> t == tagId);
    }

    /** Adds the tag; false when the member had it already. */
    boolean addTag(int tagId) {
        if (hasTag(tagId)) {
            return false;
        }
        tagIds = tagIds == null ? new int[]{tagId} : Arrays.copyOf(tagIds, tagIds.length + 1);
        tagIds[tagIds.length - 1] = tagId;
        return true;
    }

    /** Removes the tag; false when the member did not have it. */
    boolean removeTag(int tagId) {
        if (!hasTag(tagId)) {
            return false;
        }
        int[] rest = Arrays.stream(tagIds).filter(t -> t != tagId).toArray();
        tagIds = rest.length == 0 ? null : rest;
        return true;
    }
}
