package io.mlconnector.nifi.mailchimp.contact;

import java.util.Locale;

/** What happened to a record, as written to {@code mailchimp_action}. */
public enum SyncAction {
    CREATED, UPDATED, UNCHANGED, UNSUBSCRIBED, ARCHIVED, SKIPPED, FAILED;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
