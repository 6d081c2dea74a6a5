package io.mlconnector.sandbox.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The simulators' notion of "now". A system clock follows real time plus whatever was advanced; a fixed clock only
 * moves when told. {@link #set(Instant)} pins either kind to the given instant.
 */
public final class SimClock {

    private Instant pinned;
    private Duration offset = Duration.ZERO;

    private SimClock(Instant pinned) {
        this.pinned = pinned;
    }

    public static SimClock system() {
        return new SimClock(null);
    }

    public static SimClock fixed(Instant instant) {
        return new SimClock(Objects.requireNonNull(instant, "instant"));
    }

    public synchronized Instant now() {
        return pinned != null ? pinned : Instant.now().plus(offset);
    }

    public synchronized void set(Instant instant) {
        pinned = Objects.requireNonNull(instant, "instant");
    }

    public synchronized void advance(Duration duration) {
        if (pinned != null) {
            pinned = pinned.plus(duration);
        } else {
            offset = offset.plus(duration);
        }
    }
}
