package io.mlconnector.nifi.mailchimp.contact;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

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

    /** Sized for no records, for fewer than come, or for as many: the same answers. */
    @ParameterizedTest
    @ValueSource(ints = {0, 300, 20_001})
    void growsPastItsInitialCapacity(final int expectedRecords) {
        final DuplicateFilter filter = new DuplicateFilter(expectedRecords);
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

    private static Contact job(final String email, final String sourceId, final String record, final boolean active,
                               final String version) {
        return new Contact(email, SubscriberHash.of(email), sourceId, !active, Map.of(), SourceVersion.of(version),
                ContentFingerprint.UNKNOWN, record);
    }

    @Test
    void aPersonsFirstRecordDecidesWithTheFieldsOfTheNewestActiveJob() {
        final DuplicateFilter filter = new DuplicateFilter();
        final Contact job1Ended = job("pat@example.com", "E1", "1", false, "2026-11-20T17:00:00Z");
        final Contact job0 = job("pat@example.com", "E1", "0", true, "2026-11-01T09:00:00Z");
        final Contact job2 = job("pat@example.com", "E1", "2", true, "2026-11-10T09:00:00Z");
        filter.observe(0, job1Ended);
        filter.observe(1, job0);
        filter.observe(2, job2);
        filter.observe(3, job("other@example.com", "E2", "0", true, "2026-11-10T09:00:00Z"));
        assertTrue(filter.decidesForOthers(0));
        assertEquals(job2, filter.deciding(0, job1Ended), "the newest active job's fields");
        assertTrue(filter.isFolded(1));
        assertTrue(filter.isFolded(2));
        assertFalse(filter.decidesForOthers(3));
        assertEquals(List.of(new EmploymentRecords.Job("1", false, SourceVersion.of("2026-11-20T17:00:00Z")),
                new EmploymentRecords.Job("0", true, SourceVersion.of("2026-11-01T09:00:00Z"))), filter.otherJobs(job2));
    }

    @Test
    void aPersonsJobsAreDecidedByTheNewestRecordOfAnActiveJob() {
        final DuplicateFilter filter = new DuplicateFilter();
        final Contact job0 = job("pat@example.com", "E1", "0", true, "2026-11-01T09:00:00Z");
        final Contact job1Ended = job("pat@example.com", "E1", "1", false, "2026-11-20T17:00:00Z");
        final Contact job1Earlier = job("pat@example.com", "E1", "1", true, "2026-11-02T09:00:00Z");
        filter.observe(0, job1Earlier);
        filter.observe(1, job0);
        filter.observe(2, job1Ended);
        assertTrue(filter.isSuperseded(0), "an older record of the same job");
        assertFalse(filter.isFolded(1), "the first record decides");
        assertEquals(job0, filter.deciding(1, job0), "with its own fields: the active job's, although the ended one is newer");
        assertTrue(filter.isFolded(2));
        assertFalse(filter.isSuperseded(2));
        assertEquals(List.of(new EmploymentRecords.Job("1", false, SourceVersion.of("2026-11-20T17:00:00Z"))), filter.otherJobs(job0));
    }

    @Test
    void whenEveryJobEndedTheNewestDecides() {
        final DuplicateFilter filter = new DuplicateFilter();
        filter.observe(0, job("pat@example.com", "E1", "1", false, "2026-11-20T17:00:00Z"));
        filter.observe(1, job("pat@example.com", "E1", "0", false, "2026-11-01T09:00:00Z"));
        assertFalse(filter.isFolded(0));
        assertTrue(filter.isFolded(1));
    }

    @Test
    void twoPeopleAtOneAddressNeverSupersedeEachOther() {
        final DuplicateFilter filter = new DuplicateFilter();
        final Contact holder = job("desk@example.com", "E1", "0", true, "2026-11-01T09:00:00Z");
        final Contact other = job("DESK@example.com", "E2", "0", true, "2026-11-20T17:00:00Z");
        filter.observe(0, holder);
        filter.observe(1, other);
        filter.observe(2, job("elsewhere@example.com", "E3", "0", true, "2026-11-20T17:00:00Z"));
        assertFalse(filter.isSuperseded(0), "the holder's own update is not skipped for another person's record");
        assertFalse(filter.isSuperseded(1));
        assertEquals(List.of("E2"), filter.othersAt(holder));
        assertEquals(List.of("E1"), filter.othersAt(other));
        filter.observe(3, job("desk@example.com", "E2", "0", false, "2026-11-21T17:00:00Z"));
        assertEquals(List.of(), filter.othersAt(holder), "E2's newest record says they left");
    }

    @Test
    void knowsWhereEachPersonsNewestRecordIs() {
        final DuplicateFilter filter = new DuplicateFilter();
        filter.observe(0, SubscriberHash.of("a@example.com"), "E1", SourceVersion.of("2026-11-01T09:00:00Z"));
        filter.observe(1, SubscriberHash.of("b@example.com"), "E1", SourceVersion.of("2026-11-20T09:00:00Z"));
        filter.observe(2, SubscriberHash.of("a@example.com"), "E2", SourceVersion.of("2026-11-20T09:00:00Z"));
        assertTrue(filter.movesTo("E1", SubscriberHash.of("b@example.com")));
        assertFalse(filter.movesTo("E1", SubscriberHash.of("a@example.com")));
        assertTrue(filter.movesTo("E2", SubscriberHash.of("a@example.com")));
        assertFalse(filter.movesTo("E9", SubscriberHash.of("a@example.com")));
    }
}
