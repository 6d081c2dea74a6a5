package io.mlconnector.nifi.mailchimp.contact;

import java.util.Locale;

/** A member's status as Mailchimp reports it, read leniently: an unknown value never breaks a sync. */
public enum MemberStatus {
    SUBSCRIBED, UNSUBSCRIBED, CLEANED, PENDING, TRANSACTIONAL, ARCHIVED, UNKNOWN;

    private static final MemberStatus[] VALUES = values();

    /** Read once per record written: the lower-cased name, made once. */
    private final String apiValue = name().toLowerCase(Locale.ROOT);

    public static MemberStatus parse(final String value) {
        if (value == null) {
            return UNKNOWN;
        }
        // Mailchimp answers in lower case: found without a copy of the text.
        for (final MemberStatus status : VALUES) {
            if (status.apiValue.equals(value)) {
                return status;
            }
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (final IllegalArgumentException e) {
            return UNKNOWN;
        }
    }

    /** Whether the sync may write the contact's fields (and archive it): subscribed or transactional. */
    public boolean receivesUpdates() {
        return this == SUBSCRIBED || this == TRANSACTIONAL;
    }

    /** The value Mailchimp uses, e.g. {@code subscribed}. */
    public String apiValue() {
        return apiValue;
    }
}
