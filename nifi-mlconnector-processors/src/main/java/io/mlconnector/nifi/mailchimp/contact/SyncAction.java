package io.mlconnector.nifi.mailchimp.contact;

import java.util.Locale;

/** What happened to a record, as written to {@code mailchimp_action}; {@code WOULD_*} are a dry run's predictions. */
public enum SyncAction {
    CREATED, UPDATED, UNCHANGED, UNSUBSCRIBED, ARCHIVED, SKIPPED, FAILED,
    WOULD_CREATE, WOULD_UPDATE, WOULD_UNSUBSCRIBE, WOULD_ARCHIVE;

    /** Whether runs of this kind count the action: writes only real runs, predictions only dry runs. */
    public boolean countedIn(final boolean dryRun) {
        return switch (this) {
            case CREATED, UPDATED, UNSUBSCRIBED, ARCHIVED -> !dryRun;
            case WOULD_CREATE, WOULD_UPDATE, WOULD_UNSUBSCRIBE, WOULD_ARCHIVE -> dryRun;
            default -> true;
        };
    }

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
