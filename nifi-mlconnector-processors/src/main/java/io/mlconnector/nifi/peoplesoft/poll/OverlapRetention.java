package io.mlconnector.nifi.peoplesoft.poll;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * Decides how long an emitted row must be remembered so the next run does not emit it again. The next window starts
 * at {@code end - overlap}: a row modified at or after that is read again and is kept until its timestamp has left the
 * overlap. When the next window starts on an earlier date than this one ends (a run just after midnight), queries with
 * an effective-date window return this window's effective-dated rows again, so every row is kept until midnight.
 */
public final class OverlapRetention {

    private final PollWindow window;
    private final Instant nextStart;
    private final Instant midnight;

    public OverlapRetention(final PollWindow window, final Duration overlap, final ZoneId baseTimeZone) {
        this.window = window;
        this.nextStart = window.end().minus(overlap);
        final LocalDate endDate = LocalDate.ofInstant(window.end(), baseTimeZone);
        this.midnight = LocalDate.ofInstant(nextStart, baseTimeZone).isBefore(endDate) ? endDate.atStartOfDay(baseTimeZone).toInstant() : null;
    }

    /** Where the next window starts. */
    public Instant nextStart() {
        return nextStart;
    }

    /** Until when (exclusive) to remember a row with this modified timestamp, or null when it cannot come back. */
    public Instant keepUntil(final Instant modified) {
        final Instant afterModified = modified.plusSeconds(1);
        if (midnight != null) {
            // also a row inside the overlap: runs closer together than the overlap may pass its timestamp before midnight
            return afterModified.isAfter(midnight) ? afterModified : midnight;
        }
        return modified.isBefore(nextStart) ? null : afterModified;
    }

    @Override
    public String toString() {
        return window + " retaining from " + nextStart;
    }
}
