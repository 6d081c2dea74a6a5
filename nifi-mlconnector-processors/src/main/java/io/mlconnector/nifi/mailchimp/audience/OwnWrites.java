package io.mlconnector.nifi.mailchimp.audience;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.LongPredicate;

/**
 * The members of one audience this processor wrote since the last index refresh, with the {@code last_changed}
 * Mailchimp answered (whole seconds, as it shows them), so a refresh can tell whether anything but our own writes
 * changed: see {@link AudienceCatalog}. Holds one entry per member written since the boundary second of the next
 * listing.
 */
final class OwnWrites {

    private final Map<String, Long> lastChanged = new HashMap<>();
    /** Members we archived after writing them: the default listing leaves archived members out (O1). */
    private final Set<String> archived = new HashSet<>();
    private long latestSecond = Long.MIN_VALUE;
    private String latest;
    /** The last timestamp parsed: a batch's answers share theirs. */
    private String parsedText;
    private long parsedSecond;

    /** A member we wrote; writes whose answer lacks a readable {@code last_changed} are left out (they count as others'). */
    synchronized void note(final String subscriberHash, final String changed) {
        if (changed != null && !changed.equals(parsedText)) {
            parsedSecond = epochSecond(changed);
            parsedText = changed;
        }
        final long second = changed == null ? Long.MIN_VALUE : parsedSecond;
        if (second == Long.MIN_VALUE) {
            return;
        }
        lastChanged.merge(subscriberHash, second, Math::max);
        archived.remove(subscriberHash);
        if (second > latestSecond) {
            latestSecond = second;
            latest = changed;
        }
    }

    /** A member we wrote and then archived: a listing shows it only when it shows archived members. */
    synchronized void noteArchived(final String subscriberHash) {
        if (lastChanged.containsKey(subscriberHash)) {
            archived.add(subscriberHash);
        }
    }

    /**
     * How many of our members a listing since {@code sinceSecond} holds whatever the boundary: those changed in a later
     * second ({@code Long.MIN_VALUE}: all of them).
     */
    synchronized int countAfter(final long sinceSecond, final boolean archivedListed) {
        return count(second -> second > sinceSecond, archivedListed);
    }

    /** How many of our members changed in the second {@code sinceSecond} itself: listed or not, as Mailchimp compares (O10). */
    synchronized int countAt(final long sinceSecond, final boolean archivedListed) {
        return sinceSecond == Long.MIN_VALUE ? 0 : count(second -> second == sinceSecond, archivedListed);
    }

    private int count(final LongPredicate listed, final boolean archivedListed) {
        int count = 0;
        for (final Map.Entry<String, Long> entry : lastChanged.entrySet()) {
            if (listed.test(entry.getValue()) && (archivedListed || !archived.contains(entry.getKey()))) {
                count++;
            }
        }
        return count;
    }

    /** The greatest {@code last_changed} of our writes, as Mailchimp wrote it; or {@code null}. */
    synchronized String latest() {
        return latest;
    }

    /** Forgets the writes a listing since {@code sinceSecond} cannot hold: those of earlier seconds. */
    synchronized void forgetBefore(final long sinceSecond) {
        lastChanged.entrySet().removeIf(entry -> {
            final boolean before = entry.getValue() < sinceSecond;
            if (before) {
                archived.remove(entry.getKey());
            }
            return before;
        });
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
