package io.mlconnector.nifi.mailchimp;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter: before retry {@code n} (0-based) wait a random time between zero and
 * {@code min(cap, base * 2^n)}, so callers throttled together do not come back together. A server's
 * {@code Retry-After} wins, bounded by {@link #MAX_RETRY_AFTER} so a bad header cannot park a thread for hours.
 */
record RetryBackoff(Duration base, Duration cap, Sleeper sleeper) {

    static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(10);

    static final RetryBackoff DEFAULT = new RetryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(60), duration -> Thread.sleep(duration));

    /** Waits; a seam so tests need not. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    Duration delay(final int retry, final Optional<Duration> retryAfter) {
        if (retryAfter.isPresent()) {
            return retryAfter.get().compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : retryAfter.get();
        }
        final long ceiling = Math.min(cap.toMillis(), base.toMillis() << Math.min(retry, 30));
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling + 1));
    }

    void await(final Duration delay) throws InterruptedException {
        sleeper.sleep(delay);
    }
}
