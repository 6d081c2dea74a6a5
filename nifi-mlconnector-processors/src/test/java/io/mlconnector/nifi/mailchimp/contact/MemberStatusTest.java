package io.mlconnector.nifi.mailchimp.contact;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MemberStatusTest {

    @Test
    void readsMailchimpsValuesAndOthersLeniently() {
        for (final MemberStatus status : MemberStatus.values()) {
            assertEquals(status, MemberStatus.parse(status.apiValue()));
            assertEquals(status, MemberStatus.parse(" " + status.name() + " "));
        }
        assertEquals(MemberStatus.ARCHIVED, MemberStatus.parse("Archived"));
        assertEquals(MemberStatus.UNKNOWN, MemberStatus.parse("deleted"));
        assertEquals(MemberStatus.UNKNOWN, MemberStatus.parse(""));
        assertEquals(MemberStatus.UNKNOWN, MemberStatus.parse(null));
    }

    @Test
    void writesMailchimpsLowerCaseValues() {
        assertEquals("subscribed", MemberStatus.SUBSCRIBED.apiValue());
        assertEquals("transactional", MemberStatus.TRANSACTIONAL.apiValue());
    }
}
