package io.mlconnector.nifi.mailchimp.sync;

import io.mlconnector.nifi.mailchimp.contact.SyncAction;

import java.util.Locale;

/**
 * Reads Mailchimp's refusals. A refusal that protects consent (compliance state, permanently deleted, cleaned) is not
 * a failure: the record is skipped with Mailchimp's words, and never retried. Mailchimp gives no code for these, so
 * the messages documented for them are matched.
 */
final class Refusals {

    /** Phrases, not words: "cleaned" alone also appears in enum lists of validation errors and in addresses. */
    private static final String[] CONSENT_MARKERS = {"compliance state", "permanently deleted", "forgotten email",
        "status is \"cleaned"};

    private Refusals() {
    }

    static boolean isPermanentlyDeleted(final String message) {
        final String lower = message.toLowerCase(Locale.ROOT);
        return lower.contains("permanently deleted") || lower.contains("forgotten email");
    }

    static Outcome of(final String message, final String currentStatus) {
        final String lower = message.toLowerCase(Locale.ROOT);
        for (final String marker : CONSENT_MARKERS) {
            if (lower.contains(marker)) {
                return Outcome.success(SyncAction.SKIPPED, currentStatus, "Mailchimp keeps the contact's consent state: " + message);
            }
        }
        return Outcome.failure(currentStatus, "Mailchimp refused the contact: " + message);
    }
}
