package io.mlconnector.sandbox.core;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RequestJournalTest {

    private static JournalEntry entry(String body) {
        return new JournalEntry(Instant.EPOCH, "POST", "/p", null, Map.of(), body, 200);
    }

    @Test
    void dropsTheOldestEntriesBeyondCapacityOrBodyBudget() {
        RequestJournal byCount = new RequestJournal(2, 1000);
        byCount.record(entry("a"));
        byCount.record(entry("b"));
        byCount.record(entry("c"));
        assertEquals(List.of("b", "c"), byCount.entries().stream().map(JournalEntry::body).toList());

        RequestJournal byBody = new RequestJournal(100, 10);
        byBody.record(entry("12345"));
        byBody.record(entry("67890"));
        byBody.record(entry("x"));
        assertEquals(List.of("67890", "x"), byBody.entries().stream().map(JournalEntry::body).toList());
        byBody.record(entry("y".repeat(50)));
        assertEquals(1, byBody.entries().size(), "the newest entry stays even when alone over budget");
    }
}
