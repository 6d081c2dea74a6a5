package io.mlconnector.nifi.mailchimp.contact;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DuplicateFilterTest {

    @Test
    void lastRecordWinsByAddressOrSourceId() {
        final DuplicateFilter filter = new DuplicateFilter();
        filter.observe(0, SubscriberHash.of("a@example.com"), "E1");
        filter.observe(1, SubscriberHash.of("b@example.com"), "E2");
        filter.observe(2, SubscriberHash.of("A@Example.com"), null);
        filter.observe(3, SubscriberHash.of("c@example.com"), "E2");
        filter.observe(4, SubscriberHash.of("d@example.com"), null);
        assertTrue(filter.isSuperseded(0));
        assertTrue(filter.isSuperseded(1));
        assertFalse(filter.isSuperseded(2));
        assertFalse(filter.isSuperseded(3));
        assertFalse(filter.isSuperseded(4));
        assertEquals(2, filter.supersededCount());
    }

    @Test
    void growsPastItsInitialCapacity() {
        final DuplicateFilter filter = new DuplicateFilter();
        for (int i = 0; i < 20_000; i++) {
            filter.observe(i, SubscriberHash.of("p" + i + "@example.com"), "E" + i);
        }
        filter.observe(20_000, SubscriberHash.of("p7@example.com"), "E7");
        assertTrue(filter.isSuperseded(7));
        assertEquals(1, filter.supersededCount());
    }

    @Test
    void newestVersionWinsWhateverItsPosition() {
        final DuplicateFilter filter = new DuplicateFilter();
        filter.observe(0, SubscriberHash.of("new@example.com"), "E1", SourceVersion.of("2026-11-20T17:00:00Z"));
        filter.observe(1, SubscriberHash.of("old@example.com"), "E1", SourceVersion.of("2026-11-02T17:00:00Z"));
        filter.observe(2, SubscriberHash.of("b@example.com"), "E2", SourceVersion.of("2026-11-02T17:00:00Z"));
        filter.observe(3, SubscriberHash.of("b@example.com"), "E2", SourceVersion.of("2026-11-02T17:00:00Z"));
        filter.observe(4, SubscriberHash.of("c@example.com"), "E3", SourceVersion.of("2026-11-20T17:00:00Z"));
        filter.observe(5, SubscriberHash.of("c@example.com"), "E3", null);
        assertFalse(filter.isSuperseded(0));
        assertTrue(filter.isSuperseded(1));
        assertTrue(filter.isSuperseded(2), "a tie: the last one wins");
        assertTrue(filter.isSuperseded(4), "without a version to compare: the last one wins");
        assertEquals(3, filter.supersededCount());
    }
}
