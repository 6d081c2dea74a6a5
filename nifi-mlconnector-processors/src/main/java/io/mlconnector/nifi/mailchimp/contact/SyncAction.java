package io.mlconnector.nifi.mailchimp.contact;

import java.util.Locale;

/** What happened to a record, as written to {@code mailchimp_action}; {@code WOULD_*} are a dry run's predictions. */
public enum SyncAction {
    CREATED, UPDATED, UNCHANGED, UNSUBSCRIBED, ARCHIVED, SKIPPED, FAILED,
    WOULD_CREATE, WOULD_UPDATE, WOULD_UNSUBSCRIBE, WOULD_ARCHIVE;

    /** Named once: audit records, provenance details and counters ask for it with every record. */
    private final String value = name().toLowerCase(Locale.ROOT);

    public String value() {
        return value;
    }
}
