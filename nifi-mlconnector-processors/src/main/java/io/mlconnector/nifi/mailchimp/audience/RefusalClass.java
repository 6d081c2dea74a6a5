package io.mlconnector.nifi.mailchimp.audience;

import java.util.Locale;

/**
 * The classes of Mailchimp's refusals, by what becomes of the record: written to the audit field
 * {@code mailchimp_refusal} in lower case (e.g. {@code retry_later}).
 */
public enum RefusalClass {
    /** Throttled or unavailable after the connection service's retries (429, 403 without a body, 5xx, timeouts): retry. */
    RETRY_NOW,
    /** The address signed up to many lists very recently: retrying within hours is useless, so it waits the Retry Later Delay. */
    RETRY_LATER,
    /** Compliance state, permanently deleted, cleaned: the person's consent state; skipped, never retried. */
    PERMANENT_FOR_PERSON,
    /** A fake-looking address, invalid merge field values: failure until the data or the audience changes. */
    PERMANENT_FOR_RECORD,
    /** Archiving a contact that is archived, pending or bounced (405), or a contact no longer in the audience (404). */
    NOTHING_TO_DO,
    /** The address exists after all (Member Exists) or does not exist yet (404 on its tags): re-read and retried. */
    ORDERING,
    /** The API key, data center or audience is wrong (401, 403 with a reason, 404 on the audience): failure. */
    CONFIGURATION;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
