package io.mlconnector.nifi.peoplesoft.poll;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PollWindowTest {

    private static final ZoneId LOS_ANGELES = ZoneId.of("America/Los_Angeles");
    private static final Instant NOW = Instant.parse("2025-03-04T18:00:00.750Z");

    @Test
    void windowRunsFromWatermarkMinusOverlapToNowMinusLagInWholeSeconds() {
        final Optional<PollWindow> window = PollWindow.next(Instant.parse("2025-03-04T17:00:00Z"), null, Duration.ofMinutes(5), Duration.ofSeconds(30), NOW);
        assertEquals(Optional.of(new PollWindow(Instant.parse("2025-03-04T16:55:00Z"), Instant.parse("2025-03-04T17:59:30Z"))), window);
    }

    @Test
    void firstWindowStartsAtTheInitialStartAndNothingIsReadBeforeTheLagHasPassed() {
        final Instant initial = PollWindow.initialStart("", LOS_ANGELES);
        assertEquals(Instant.parse("1900-01-01T08:00:00Z"), initial, "1900-01-01 midnight in the base time zone: everything");
        assertEquals(initial, PollWindow.next(null, initial, Duration.ofMinutes(5), Duration.ofSeconds(30), NOW).orElseThrow().start());
        assertEquals(Optional.empty(), PollWindow.next(NOW, initial, Duration.ZERO, Duration.ofSeconds(30), NOW));
    }

    @Test
    void initialStartIsAnInstantOrADateOrLocalDateTimeInTheBaseTimeZone() {
        assertEquals(Instant.parse("2024-01-01T00:00:00Z"), PollWindow.initialStart("2024-01-01T00:00:00Z", LOS_ANGELES));
        assertEquals(Instant.parse("2024-01-01T08:00:00Z"), PollWindow.initialStart("2024-01-01", LOS_ANGELES));
        assertEquals(Instant.parse("2024-07-01T16:30:00Z"), PollWindow.initialStart("2024-07-01T09:30:00", LOS_ANGELES));
    }
}
