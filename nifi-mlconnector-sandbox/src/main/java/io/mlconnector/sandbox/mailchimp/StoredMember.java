package io.mlconnector.sandbox.mailchimp;

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
    long lastChangedEpochSecond;

    StoredMember(String email, MemberStatus status, long nowEpochSecond) {
        this.email = email;
        this.status = status;
        this.signupEpochSecond = nowEpochSecond;
        this.lastChangedEpochSecond = nowEpochSecond;
    }
}
