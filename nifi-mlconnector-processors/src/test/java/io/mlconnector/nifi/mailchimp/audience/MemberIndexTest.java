package io.mlconnector.nifi.mailchimp.audience;

import io.mlconnector.nifi.mailchimp.contact.ContentFingerprint;
import io.mlconnector.nifi.mailchimp.contact.KnownMember;
import io.mlconnector.nifi.mailchimp.contact.MemberStatus;
import io.mlconnector.nifi.mailchimp.contact.SourceVersion;
import io.mlconnector.nifi.mailchimp.contact.SubscriberHash;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemberIndexTest {

    private static KnownMember member(final int i, final MemberStatus status, final String sourceId) {
        return new KnownMember(SubscriberHash.of("p" + i + "@example.com"), status, sourceId);
    }

    @Test
    void findsMembersByHashAndSourceId() {
        final MemberIndex index = new MemberIndex();
        index.put(member(1, MemberStatus.SUBSCRIBED, "E1"));
        index.put(member(2, MemberStatus.CLEANED, null));

        assertEquals(member(1, MemberStatus.SUBSCRIBED, "E1"), index.bySourceId("E1"));
        assertEquals(member(2, MemberStatus.CLEANED, null), index.byHash(SubscriberHash.of("P2@example.com")));
        assertNull(index.byHash(SubscriberHash.of("p3@example.com")));
        assertNull(index.bySourceId("E2"));
        assertNull(index.bySourceId(null));
    }

    @Test
    void followsChangesOfStatusSourceIdAndRemovals() {
        final MemberIndex index = new MemberIndex();
        index.put(member(1, MemberStatus.SUBSCRIBED, "E1"));
        index.put(member(1, MemberStatus.UNSUBSCRIBED, "E9"));
        assertNull(index.bySourceId("E1"));
        assertEquals(MemberStatus.UNSUBSCRIBED, index.bySourceId("E9").status());

        index.remove(SubscriberHash.of("p1@example.com"));
        assertNull(index.bySourceId("E9"));
        assertNull(index.byHash(SubscriberHash.of("p1@example.com")));
        assertEquals(0, index.size());
    }

    @Test
    void aSourceIdPrefersItsNonArchivedMember() {
        final MemberIndex index = new MemberIndex();
        index.put(member(1, MemberStatus.SUBSCRIBED, "E1"));
        index.put(member(2, MemberStatus.ARCHIVED, "E1"));
        assertEquals(member(1, MemberStatus.SUBSCRIBED, "E1"), index.bySourceId("E1"));
        index.put(member(3, MemberStatus.SUBSCRIBED, "E1"));
        assertEquals(member(3, MemberStatus.SUBSCRIBED, "E1"), index.bySourceId("E1"));
    }

    @Test
    void keepsEverythingThroughGrowthAndChurn() {
        final MemberIndex index = new MemberIndex();
        for (int i = 0; i < 50_000; i++) {
            index.put(member(i, MemberStatus.SUBSCRIBED, "E" + i));
            if (i % 3 == 0) {
                index.remove(SubscriberHash.of("p" + (i / 3) + "@example.com"));
            }
        }
        index.put(member(1, MemberStatus.ARCHIVED, "E1"));
        assertEquals(50_000 - 16_667 + 1, index.size());
        for (int i = 0; i < 50_000; i++) {
            final KnownMember found = index.bySourceId("E" + i);
            if (i < 16_667 && i != 1) {
                assertNull(found, "E" + i);
            } else {
                assertEquals(i == 1 ? member(1, MemberStatus.ARCHIVED, "E1") : member(i, MemberStatus.SUBSCRIBED, "E" + i), found);
            }
        }
    }

    @Test
    void keepsTheTagsTheSyncSetUnlessTold() {
        final MemberIndex index = new MemberIndex();
        final String hash = SubscriberHash.of("a@example.com");
        index.put(new KnownMember(hash, MemberStatus.SUBSCRIBED, "E1", null, ContentFingerprint.UNKNOWN, "Dept: Sales"));
        index.put(new KnownMember(hash, MemberStatus.UNSUBSCRIBED, "E1"));
        assertEquals("Dept: Sales", index.byHash(hash).syncTags());
        index.putSyncTags(hash, "Dept: Finance");
        assertEquals("Dept: Finance", index.bySourceId("E1").syncTags());
        index.put(new KnownMember(hash, MemberStatus.SUBSCRIBED, "E1", null, ContentFingerprint.UNKNOWN, ""));
        assertNull(index.byHash(hash).syncTags());
        index.remove(hash);
        index.put(new KnownMember(hash, MemberStatus.SUBSCRIBED, "E1"));
        assertNull(index.byHash(hash).syncTags());

        final String other = SubscriberHash.of("b@example.com");
        index.put(new KnownMember(hash, MemberStatus.SUBSCRIBED, "E1", null, ContentFingerprint.UNKNOWN, new String("Dept: Sales")));
        index.put(new KnownMember(other, MemberStatus.SUBSCRIBED, "E2", null, ContentFingerprint.UNKNOWN, new String("Dept: Sales")));
        assertSame(index.byHash(hash).syncTags(), index.byHash(other).syncTags(), "one string per distinct value");
    }

    @Test
    void keepsVersionAndFingerprintThroughGrowth() {
        final MemberIndex index = new MemberIndex();
        for (int i = 0; i < 5_000; i++) {
            index.put(new KnownMember(SubscriberHash.of("p" + i + "@example.com"), MemberStatus.SUBSCRIBED, "E" + i,
                    i % 2 == 0 ? new SourceVersion(1_795_194_000_000L + i) : null, i));
        }
        for (int i = 0; i < 5_000; i++) {
            final KnownMember found = index.bySourceId("E" + i);
            assertEquals(i % 2 == 0 ? new SourceVersion(1_795_194_000_000L + i) : null, found.version());
            assertEquals(i, found.fingerprint());
        }
    }

    /** A million members with EMPLIDs, read into an index sized for the audience (as a complete read does): at most 64 bytes each. */
    @Test
    void aMillionMembersTakeAtMost64BytesEach() {
        final MemberIndex index = new MemberIndex();
        final int count = 1_000_000;
        index.expect(count, 9);
        for (int i = 0; i < count; i++) {
            index.put(new KnownMember(SubscriberHash.of("p" + i + "@example.com"), MemberStatus.SUBSCRIBED, String.format("KU%07d", i),
                    new SourceVersion(1_795_194_000_000L + i), i, i % 7 == 0 ? "Dept: Sales" : "Dept: Finance"));
        }
        final double perMember = (double) index.footprintBytes() / index.size();
        assertTrue(perMember <= 64, perMember + " bytes per member");
        assertEquals(count, index.size());
        assertEquals("KU0999999", index.byHash(SubscriberHash.of("p999999@example.com")).sourceId());
        assertEquals("Dept: Sales", index.bySourceId("KU0000007").syncTags());
    }

    @Test
    void sourceIdsBeyondLatin1AndRareFieldsAreKept() {
        final MemberIndex index = new MemberIndex();
        final String hash = SubscriberHash.of("a@example.com");
        index.put(new KnownMember(hash, MemberStatus.SUBSCRIBED, "Ünïcødé-ĳ", null, 1, null, "0;1", "E9"));
        assertEquals("Ünïcødé-ĳ", index.bySourceId("Ünïcødé-ĳ").sourceId());
        assertEquals("0;1", index.byHash(hash).jobs());
        assertEquals("E9", index.byHash(hash).shared());
        index.put(new KnownMember(hash, MemberStatus.SUBSCRIBED, "E1", null, 1, null, "", null));
        assertNull(index.bySourceId("Ünïcødé-ĳ"));
        assertNull(index.byHash(hash).jobs(), "an empty value is known to be empty");
        assertEquals("E9", index.byHash(hash).shared(), "null leaves it as it was");
        index.remove(hash);
        assertNull(index.bySourceId("E1"));
        assertEquals(0, index.size());
    }
}
