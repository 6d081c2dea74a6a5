package io.mlconnector.sandbox.peoplesoft;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * Update times of seeded rows: spread over a history period, non-decreasing with the row index, and shared by
 * {@value #TIE_GROUP} consecutive rows so that same-second ties are normal.
 */
final class SeedTimeline {

    static final int TIE_GROUP = 3;
    static final int HISTORY_DAYS = 730;
    static final Duration HISTORY = Duration.ofDays(HISTORY_DAYS);

    private final long seed;
    private final Instant start;
    private final long spanSeconds;
    private final long slots;

    SeedTimeline(long seed, Instant end, int count) {
        this.seed = seed;
        this.start = end.minus(HISTORY);
        this.spanSeconds = HISTORY.toSeconds();
        this.slots = Math.max(1, (count + TIE_GROUP - 1) / TIE_GROUP);
    }

    Instant lastUpdated(int index) {
        long slot = index / TIE_GROUP;
        return start.plusSeconds(slot * spanSeconds / slots);
    }

    /** The generator for row {@code index}: the same (seed, index) always draws the same values. */
    SplittableRandom random(int index) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
    }
}
