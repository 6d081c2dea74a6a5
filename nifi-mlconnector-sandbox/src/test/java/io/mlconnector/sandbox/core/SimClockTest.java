package io.mlconnector.sandbox.core;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimClockTest {

    @Test
    void fixedClockMovesOnlyWhenTold() {
        SimClock clock = SimClock.fixed(Instant.parse("2024-03-10T09:00:00Z"));
        clock.advance(Duration.ofHours(2));
        assertEquals(Instant.parse("2024-03-10T11:00:00Z"), clock.now());
        clock.set(Instant.parse("2025-01-01T00:00:00Z"));
        assertEquals(Instant.parse("2025-01-01T00:00:00Z"), clock.now());
    }

    @Test
    void systemClockCanBeAdvanced() {
        SimClock clock = SimClock.system();
        clock.advance(Duration.ofDays(1));
        assertTrue(clock.now().isAfter(Instant.now().plus(Duration.ofHours(23))));
    }
}
