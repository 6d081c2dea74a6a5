package io.mlconnector.nifi.mailchimp.audience;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;

/**
 * The members of one audience this processor wrote since the last index refresh, with the {@code last_changed}
 * Mailchimp answered, so a refresh can tell whether anything but our own writes changed: see
 * {@link AudienceCatalog}. Holds one entry per member written since the previous refresh.
 */
final class OwnWrites {

    private final Map<String, Long> lastChanged = new HashMap<>();
    private long latestSecond = Long.MIN_VALUE;
    private String latest;

    /** A member we wrote; writes whose answer lacks a readable {@code last_changed} are left out (they count as others'). */
    synchronized void note(final String subscriberHash, final String changed) {
        final long second = epochSecond(changed);
        if (second == Long.MIN_VALUE) {
            return;
        }
        lastChanged.merge(subscriberHash, second, Math::max);
        if (second > latestSecond) {
            latestSecond = second;
            latest = changed;
        }
    }

    /** How many of our members a {@code since_last_changed} listing from {@code watermark} (or all, if null) holds. */
    synchronized int countFrom(final String watermark) {
        final long from = epochSecond(watermark);
        return (int) lastChanged.values().stream().filter(second -> second >= from).count();
    }

    /** The greatest {@code last_changed} of our writes, as Mailchimp wrote it; or {@code null}. */
    synchronized String latest() {
        return latest;
    }

    /** Forgets the writes the next listing, from {@code watermark}, will not hold. */
    synchronized void forgetBefore(final String watermark) {
        final long from = epochSecond(watermark);
        lastChanged.values().removeIf(second -> second < from);
    }

    /** Whole seconds, as Mailchimp stamps; {@link Long#MIN_VALUE} for none. */
    static long epochSecond(final String timestamp) {
        if (timestamp == null || timestamp.isEmpty()) {
            return Long.MIN_VALUE;
        }
        try {
            return OffsetDateTime.parse(timestamp).toEpochSecond();
        } catch (final DateTimeParseException e) {
            return Long.MIN_VALUE;
        }
    }
}
