package io.mlconnector.nifi.mailchimp.contact;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class ContentFingerprintTest {

    private final ContentFingerprint content = new ContentFingerprint(List.of("LNAME", "FNAME", "EMPLID", "DEPT"));

    @Test
    void valuesHeldBySlotGiveTheFingerprintOfTheSameValuesLookedUpByTag() {
        // The contact's tags in their own order, one the fingerprint does not cover; DEPT has no slot at all.
        final List<String> valueTags = List.of("EMPLID", "SYNC_TAGS", "FNAME", "LNAME");
        final int[] slots = content.slotsIn(valueTags);
        assertArrayEquals(new int[] {-1, 0, 2, 3}, slots); // DEPT, EMPLID, FNAME, LNAME
        final String[] values = {"KU0001", "tag", "Ana", "Lee"};
        assertEquals(content.of(Map.of("EMPLID", "KU0001", "FNAME", "Ana", "LNAME", "Lee")::get), content.of(values, slots));
    }

    @Test
    void valuesAreComparedStrippedAndEmptyEqualsMissing() {
        assertEquals(content.of(Map.of("FNAME", "Ana", "DEPT", "")::get), content.of(Map.of("FNAME", " Ana ")::get));
    }

    @Test
    void anotherValueOrTheSameValueUnderAnotherTagIsAnotherFingerprint() {
        final long ana = content.of(Map.of("FNAME", "Ana")::get);
        assertNotEquals(ana, content.of(Map.of("FNAME", "Anna")::get));
        assertNotEquals(ana, content.of(Map.of("LNAME", "Ana")::get));
        assertNotEquals(ana, content.of(Map.of("FNAME", "An", "LNAME", "a")::get));
        assertNotEquals(ContentFingerprint.UNKNOWN, content.of(tag -> null));
    }

    @Test
    void fnvOfTextIsFnvOfItsUtf8BytesWhateverItHolds() {
        for (final String text : List.of("", "ana@example.com", "José Müller", "a\u00e9b", "\u65e5\u672c", "x\uD83D\uDE00y")) {
            long expected = Fnv.OFFSET_BASIS;
            for (final byte b : text.getBytes(StandardCharsets.UTF_8)) {
                expected = (expected ^ (b & 0xff)) * 0x100000001b3L;
            }
            assertEquals(expected, Fnv.utf8(Fnv.OFFSET_BASIS, text), () -> Arrays.toString(text.toCharArray()));
        }
    }
}
