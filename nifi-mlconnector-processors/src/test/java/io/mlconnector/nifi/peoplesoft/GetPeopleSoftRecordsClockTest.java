package io.mlconnector.nifi.peoplesoft;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlconnector.sandbox.peoplesoft.Employee;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.mlconnector.nifi.peoplesoft.PeopleSoftHarness.values;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The clock jumping, end to end through the simulator: the base time zone falling back (local times repeat, PeopleSoft
 * compares local times), and a NiFi node whose clock is off from PeopleSoft's by less than the Overlap Window. No
 * change may be missed.
 */
class GetPeopleSoftRecordsClockTest {

    /** 00:00 PDT on the day Los Angeles falls back (02:00 PDT becomes 01:00 PST at 09:00 UTC). */
    private static final Instant FALL_BACK_DAY = Instant.parse("2025-11-02T07:00:00Z");

    private PeopleSoftHarness harness;

    @Test
    void changesInTheRepeatedHourAreAllEmitted() throws Exception {
        try (PeopleSoftHarness opened = new PeopleSoftHarness(FALL_BACK_DAY, 20, 0)) {
            harness = opened;
            changeAcrossTheRepeatedHour();
        }
    }

    private void changeAcrossTheRepeatedHour() throws Exception {
        harness.run();
        final List<String> ids = active();
        final List<JsonNode> emitted = new ArrayList<>();
        // 01:20 PDT, a poll at 01:40 PDT, then 01:20 PST (an hour later, the same local time), a poll at 01:40 PST.
        change(Instant.parse("2025-11-02T08:20:00Z"), ids.get(0));
        harness.clock.set(Instant.parse("2025-11-02T08:40:00Z"));
        emitted.addAll(harness.run());
        change(Instant.parse("2025-11-02T09:20:00Z"), ids.get(1));
        harness.clock.set(Instant.parse("2025-11-02T09:40:00Z"));
        emitted.addAll(harness.run());
        change(Instant.parse("2025-11-02T10:05:00Z"), ids.get(2));
        harness.clock.set(Instant.parse("2025-11-02T10:30:00Z"));
        emitted.addAll(harness.run());
        assertTrue(Set.copyOf(values(emitted, "EMPLID")).containsAll(ids.subList(0, 3)), () -> "emitted " + values(emitted, "EMPLID"));
    }

    @ParameterizedTest(name = "NiFi clock {0} s off")
    @ValueSource(longs = {-600, -120, 120, 240})
    void aNodeClockOffByLessThanTheOverlapMissesNothing(final long skewSeconds) throws Exception {
        try (PeopleSoftHarness opened = new PeopleSoftHarness(Instant.parse("2025-03-04T18:00:00Z"), b -> b.employees(20, 7),
                Duration.ofSeconds(skewSeconds))) {
            harness = opened;
            changeEveryMinute();
        }
    }

    private void changeEveryMinute() throws Exception {
        harness.run();
        final List<String> ids = active();
        final Set<String> emitted = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            harness.clock.advance(Duration.ofSeconds(50));
            harness.simulator.hr().changeEmail(ids.get(i), "moved." + i + "@example.com");
            harness.clock.advance(Duration.ofSeconds(10));
            emitted.addAll(values(harness.run(), "EMPLID"));
        }
        harness.clock.advance(Duration.ofMinutes(15));
        emitted.addAll(values(harness.run(), "EMPLID"));
        assertTrue(emitted.containsAll(ids.subList(0, 6)), () -> "emitted " + emitted);
    }

    private void change(final Instant at, final String emplid) {
        harness.clock.set(at);
        harness.simulator.hr().changeEmail(emplid, "changed." + emplid + "@example.com");
    }

    private List<String> active() {
        return harness.simulator.hr().employeeStream().filter(Employee::isActive).map(Employee::emplid).limit(6).toList();
    }
}
