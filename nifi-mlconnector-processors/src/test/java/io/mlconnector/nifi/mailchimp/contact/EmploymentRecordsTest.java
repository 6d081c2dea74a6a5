package io.mlconnector.nifi.mailchimp.contact;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmploymentRecordsTest {

    private static final SourceVersion NOV_1 = SourceVersion.of("2026-11-01T09:00:00Z");
    private static final SourceVersion NOV_20 = SourceVersion.of("2026-11-20T17:00:00Z");
    private static final String HASH = SubscriberHash.of("pat@example.com");

    private static EmploymentRecords.Job job(final String record, final boolean active, final SourceVersion version) {
        return new EmploymentRecords.Job(record, active, version);
    }

    @Test
    void employmentRecordsAreCanonical() {
        assertEquals("0", EmploymentRecords.canonical(0));
        assertEquals("0", EmploymentRecords.canonical("000"));
        assertEquals("1", EmploymentRecords.canonical(" 1.0 "));
        assertEquals("12", EmploymentRecords.canonical(12L));
        assertEquals("R2", EmploymentRecords.canonical("R2"));
        assertNull(EmploymentRecords.canonical(" "));
        assertThrows(IllegalArgumentException.class, () -> EmploymentRecords.canonical("0;1:A"));
        assertThrows(IllegalArgumentException.class, () -> EmploymentRecords.canonical("ELEVENCHARS"));
    }

    @Test
    void writesEveryJobOnceThereIsMoreThanRecordZero() {
        final EmploymentRecords two = EmploymentRecords.none().with(job("1", false, NOV_20)).with(job("0", true, NOV_1));
        assertEquals("0:A:2026-11-01T09:00:00Z;1:I:2026-11-20T17:00:00Z", two.text());
        assertEquals(two, EmploymentRecords.parse(two.text()));
        assertEquals(List.of("0"), two.active());
        assertEquals(List.of("1"), two.ended());
        assertTrue(two.anyActive());
        assertEquals("", EmploymentRecords.none().with(job("0", true, NOV_1)).text(), "record 0 alone is not written");
        assertEquals("3:A:-", EmploymentRecords.none().with(job("3", true, null)).text(), "another single record is");
    }

    @Test
    void recordsSortNumerically() {
        final EmploymentRecords records = EmploymentRecords.none().with(job("10", true, null)).with(job("2", true, null))
                .with(job("B", true, null));
        assertEquals(List.of("2", "10", "B"), records.active());
    }

    @Test
    void anEmptyFieldStandsForRecordZeroAsTheContactShowsIt() {
        final KnownMember subscribed = new KnownMember(HASH, MemberStatus.SUBSCRIBED, "E1", NOV_20, 7L);
        assertEquals(Map.of("0", true), EmploymentRecords.of(subscribed).asMap());
        assertEquals(Map.of("0", false), EmploymentRecords.of(subscribed.withStatus(MemberStatus.ARCHIVED)).asMap());
        assertEquals(Map.of("0", false), EmploymentRecords.of(subscribed.withStatus(MemberStatus.UNSUBSCRIBED)).asMap());
        assertTrue(EmploymentRecords.of(subscribed).isStale(job("0", false, NOV_1)), "the contact's version is record 0's");
        assertTrue(EmploymentRecords.of(null).isEmpty());
        final KnownMember remembering = new KnownMember(HASH, MemberStatus.SUBSCRIBED, "E1", NOV_20, 7L, null,
                "0:I:2026-11-01T09:00:00Z;1:A:2026-11-20T17:00:00Z", null);
        assertEquals(Map.of("0", false, "1", true), EmploymentRecords.of(remembering).asMap());
    }

    @Test
    void newerWinsPerEmploymentRecord() {
        final EmploymentRecords known = EmploymentRecords.none().with(job("0", true, NOV_20)).with(job("1", false, NOV_20));
        assertSame(known, known.with(job("1", true, NOV_1)), "an older report of a job changes nothing");
        assertEquals(Map.of("0", true, "1", true), known.with(job("1", true, SourceVersion.of("2026-12-01T00:00:00Z"))).asMap());
        assertEquals(Map.of("0", true, "1", false, "2", true), known.with(job("2", true, NOV_1)).asMap(),
                "a job not known yet is taken whatever its version");
    }

    @Test
    void editedEntriesAreIgnored() {
        assertEquals(Map.of("1", true), EmploymentRecords.parse("garbage;0:X:2026;1:A:not a date; ;").asMap());
    }

    @Test
    void aFullFieldForgetsTheEndedJobsReportedLongestAgo() {
        EmploymentRecords many = EmploymentRecords.none();
        for (int i = 0; i < 14; i++) {
            many = many.with(job(String.valueOf(i), i == 13, SourceVersion.of(1_700_000_000_000L + i * 1000L)));
        }
        final String text = many.text();
        assertTrue(text.length() <= 255, text);
        final EmploymentRecords kept = EmploymentRecords.parse(text);
        assertEquals(List.of("13"), kept.active());
        assertEquals(List.of("4", "5", "6", "7", "8", "9", "10", "11", "12"), kept.ended(), "0 to 3 ended longest ago");
    }
}
