package io.mlconnector.nifi.mailchimp.contact;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SharedAddressTest {

    @Test
    void notesPeopleInOrderOnce() {
        final SharedAddress shared = SharedAddress.parse("").with("KU2").with("KU3").with("KU2");
        assertEquals("KU2|KU3", shared.text());
        assertEquals(List.of("KU3"), shared.without("KU2").sourceIds());
        assertEquals(shared, SharedAddress.parse(" KU2 | KU3 |KU2|"));
        assertSame(shared, shared.without("KU9"));
        assertTrue(SharedAddress.of(null).isEmpty());
    }

    @Test
    void notesOnlyWhatTheFieldCanHold() {
        final SharedAddress shared = SharedAddress.parse("KU2");
        assertFalse(shared.canNote("A|B"));
        assertFalse(shared.canNote("A\nB"));
        assertFalse(shared.canNote("X".repeat(253)));
        assertTrue(shared.canNote("SHARE/1000"));
        assertTrue(shared.canNote("KU2"), "noted already");
    }
}
