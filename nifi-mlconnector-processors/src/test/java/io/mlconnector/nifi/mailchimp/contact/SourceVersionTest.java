package io.mlconnector.nifi.mailchimp.contact;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Timestamp;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SourceVersionTest {

    private static final Instant NOV_20 = Instant.parse("2026-11-20T17:00:00Z");

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-20T09:00:00-08:00", "2026-11-20T09:00:00-0800", "2026-11-20T17:00:00Z",
        "2026-11-20T17:00:00.000Z", "2026-11-20-17.00.00.000000", "2026-11-20 17:00:00.0", "1795194000000", " 1795194000000 "})
    void textFormsOfOneInstantAreOneVersion(final String text) {
        final SourceVersion version = SourceVersion.of(text);
        assertEquals(NOV_20.toEpochMilli(), version.epochMillis());
        assertEquals("2026-11-20T17:00:00Z", version.text());
    }

    /** The text is written by hand: it must be Instant's, whatever the instant. */
    @Test
    void textIsInstantsText() {
        final Random random = new Random(21);
        final List<Long> millis = new ArrayList<>(List.of(0L, -1L, 1L, 999L, 1000L, -1000L, -1001L, Long.MAX_VALUE, Long.MIN_VALUE,
                Instant.parse("1000-01-01T00:00:00Z").toEpochMilli(), Instant.parse("0999-12-31T23:59:59.999Z").toEpochMilli(),
                Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli(), Instant.parse("+10000-01-01T00:00:00Z").toEpochMilli(),
                Instant.parse("2028-02-29T12:34:56.070Z").toEpochMilli()));
        for (int i = 0; i < 10_000; i++) {
            millis.add(random.nextLong(Instant.parse("0900-01-01T00:00:00Z").toEpochMilli(), Instant.parse("+10100-01-01T00:00:00Z").toEpochMilli()));
            millis.add(random.nextLong(0, 4_000_000_000_000L) / (i % 2 == 0 ? 1000 : 1) * (i % 2 == 0 ? 1000 : 1));
        }
        for (final long value : millis) {
            assertEquals(Instant.ofEpochMilli(value).toString(), new SourceVersion(value).text(), String.valueOf(value));
        }
    }

    @Test
    void objectFormsOfOneInstantAreOneVersion() {
        for (final Object value : List.of(Timestamp.from(NOV_20), NOV_20, OffsetDateTime.parse("2026-11-20T09:00:00-08:00"),
                NOV_20.toEpochMilli())) {
            assertEquals(new SourceVersion(NOV_20.toEpochMilli()), SourceVersion.of(value), value.getClass().getName());
        }
    }

    @Test
    void orderAndCanonicalText() {
        final SourceVersion older = SourceVersion.of("2026-11-20T16:59:59.999Z");
        final SourceVersion newer = SourceVersion.of(NOV_20);
        assertTrue(older.isOlderThan(newer));
        assertTrue(!newer.isOlderThan(older) && !newer.isOlderThan(newer) && !newer.isOlderThan(null));
        assertEquals(newer, SourceVersion.newest(older, newer));
        assertEquals(newer, SourceVersion.newest(newer, null));
        assertEquals(older, SourceVersion.newest(null, older));
        assertEquals("2026-11-20T16:59:59.999Z", older.text());
    }

    @Test
    void emptyIsNoVersionAndGarbageIsRefusedOrIgnored() {
        assertNull(SourceVersion.of(null));
        assertNull(SourceVersion.of("  "));
        assertThrows(DateTimeException.class, () -> SourceVersion.of("yesterday"));
        assertThrows(DateTimeException.class, () -> SourceVersion.of("2026-13-45T99:00:00Z"));
        assertNull(SourceVersion.lenient("edited by a marketer"));
        assertEquals(NOV_20.toEpochMilli(), SourceVersion.lenient("2026-11-20T17:00:00Z").epochMillis());
    }

    @Test
    void fingerprintIgnoresOrderSpacesAndEmptyValuesButNotChanges() {
        final ContentFingerprint content = new ContentFingerprint(List.of("FNAME", "EMPLID", "LNAME"));
        final Map<String, String> page = new HashMap<>(Map.of("EMPLID", "E1", "FNAME", "Pat ", "LNAME", "", "OTHER", "x"));
        final long fromContact = content.of(Map.of("FNAME", "Pat", "EMPLID", "E1")::get);
        assertEquals(fromContact, content.of(page::get));
        assertEquals(fromContact, new ContentFingerprint(List.of("LNAME", "FNAME", "EMPLID")).of(page::get));
        page.put("LNAME", "Doe");
        assertNotEquals(fromContact, content.of(page::get));
        // A value moved to another tag is a change.
        assertNotEquals(content.of(Map.of("FNAME", "E1", "EMPLID", "Pat")::get), content.of(Map.of("FNAME", "Pat", "EMPLID", "E1")::get));
    }
}
