package io.mlconnector.nifi.peoplesoft.poll;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmittedRowsTest {

    private static final Instant T = Instant.parse("2025-03-04T18:00:00Z");

    @Test
    void encodedRowsComeBackTheSame() {
        final EmittedRows rows = new EmittedRows();
        rows.add(42L, T);
        rows.add(-7L, T);
        rows.add(Long.MIN_VALUE, T.plusSeconds(1));
        final EmittedRows decoded = EmittedRows.decode(rows.encode());
        assertTrue(decoded.contains(42L) && decoded.contains(-7L) && decoded.contains(Long.MIN_VALUE));
        assertEquals(rows.encode(), decoded.encode());
        assertEquals(0, EmittedRows.decode("").size());
    }

    @Test
    void rowsAreForgottenOnceTheNextWindowStartsAfterThemAndTheLongestKeptWinAtTheLimit() {
        final EmittedRows rows = new EmittedRows();
        rows.add(1L, T);
        rows.add(2L, T.plusSeconds(10));
        rows.add(3L, T.plusSeconds(20));
        final EmittedRows retained = rows.retainedFor(T, 10);
        assertFalse(retained.contains(1L), "kept until T: a window starting at T cannot return it");
        assertTrue(retained.contains(2L) && retained.contains(3L));
        final EmittedRows limited = rows.retainedFor(T.minusSeconds(1), 1);
        assertEquals(1, limited.size());
        assertTrue(limited.contains(3L));
    }
}
