package io.mlconnector.nifi.peoplesoft.poll;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class DateTimePromptsTest {

    private final DateTimePrompts prompts = new DateTimePrompts("yyyy-MM-dd-HH.mm.ss", ZoneId.of("America/Los_Angeles"));

    @Test
    void boundsAreLocalTimesOfTheBaseTimeZone() {
        assertArrayEquals(new String[] {"2025-03-04-09.55.00", "2025-03-04-10.59.30"},
                prompts.bounds(new PollWindow(Instant.parse("2025-03-04T17:55:00Z"), Instant.parse("2025-03-04T18:59:30Z"))));
    }

    @Test
    void windowOverAFallBackCoversTheRepeatedHour() {
        // 01:50 PDT to 01:10 PST: as local times the end would come before the start
        final PollWindow window = new PollWindow(Instant.parse("2025-11-02T08:50:00Z"), Instant.parse("2025-11-02T09:10:00Z"));
        assertArrayEquals(new String[] {"2025-11-02-01.00.00", "2025-11-02-02.00.00"}, prompts.bounds(window));
    }

    @Test
    void windowInsideTheRepeatedHourAsksForBothOccurrences() {
        // 01:08:30 to 01:19:30 PST could be read as PDT, an hour earlier
        final PollWindow window = new PollWindow(Instant.parse("2025-11-02T09:08:30Z"), Instant.parse("2025-11-02T09:19:30Z"));
        assertArrayEquals(new String[] {"2025-11-02-01.00.00", "2025-11-02-02.00.00"}, prompts.bounds(window));
    }

    @Test
    void springForwardNeedsNoWidening() {
        final PollWindow window = new PollWindow(Instant.parse("2025-03-09T09:50:00Z"), Instant.parse("2025-03-09T10:10:00Z"));
        assertArrayEquals(new String[] {"2025-03-09-01.50.00", "2025-03-09-03.10.00"}, prompts.bounds(window));
    }
}
