package io.mlconnector.sandbox.mailchimp;

import java.util.Locale;

/** Mailchimp member statuses; {@code archived} is a state reached only by DELETE. */
public enum MemberStatus {
    SUBSCRIBED, UNSUBSCRIBED, CLEANED, PENDING, TRANSACTIONAL, ARCHIVED;

    /** Mailchimp's lower-case name. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static MemberStatus of(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }
}
