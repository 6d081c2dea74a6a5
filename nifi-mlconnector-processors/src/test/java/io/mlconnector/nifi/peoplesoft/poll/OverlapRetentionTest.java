package io.mlconnector.nifi.peoplesoft.poll;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class OverlapRetentionTest {

    private static final ZoneId LOS_ANGELES = ZoneId.of("America/Los_Angeles");

    @Test
    void rowsInsideTheNextOverlapAreKeptUntilTheyLeaveIt() {
        final PollWindow window = new PollWindow(Instant.parse("2025-03-04T17:00:00Z"), Instant.parse("2025-03-04T18:00:00Z"));
        final OverlapRetention retention = new OverlapRetention(window, Duration.ofMinutes(5), LOS_ANGELES);
        assertEquals(Instant.parse("2025-03-04T17:55:00Z"), retention.nextStart());
        assertEquals(Instant.parse("2025-03-04T17:56:01Z"), retention.keepUntil(Instant.parse("2025-03-04T17:56:00Z")));
        assertNull(retention.keepUntil(Instant.parse("2025-03-04T17:54:59Z")));
        assertEquals(Instant.parse("2025-03-04T18:30:01Z"), retention.keepUntil(Instant.parse("2025-03-04T18:30:00Z")), "modified after the window");
    }

    @Test
    void justAfterMidnightEveryRowIsKeptBecauseEffectiveDatedRowsComeBack() {
        final PollWindow window = new PollWindow(Instant.parse("2025-03-05T07:50:00Z"), Instant.parse("2025-03-05T08:02:00Z"));
        final OverlapRetention retention = new OverlapRetention(window, Duration.ofMinutes(5), LOS_ANGELES);
        final Instant midnight = Instant.parse("2025-03-05T08:00:00Z");
        assertEquals(midnight, retention.keepUntil(Instant.parse("2025-02-20T10:00:00Z")));
        assertEquals(midnight, retention.keepUntil(Instant.parse("2025-03-05T07:58:00Z")),
                "a row inside the overlap too: a run two minutes later starts after it but still before midnight");
        assertEquals(Instant.parse("2025-03-05T08:01:01Z"), retention.keepUntil(Instant.parse("2025-03-05T08:01:00Z")));
    }
}
