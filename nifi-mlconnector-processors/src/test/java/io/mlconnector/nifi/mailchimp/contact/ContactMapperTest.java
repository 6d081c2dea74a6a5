package io.mlconnector.nifi.mailchimp.contact;

import org.apache.nifi.record.path.RecordPath;
import org.apache.nifi.serialization.SimpleRecordSchema;
import org.apache.nifi.serialization.record.MapRecord;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContactMapperTest {

    private static final List<String> FIELDS = List.of("EMPLID", "EMAIL_ADDR", "FIRST_NAME", "LAST_NAME", "HR_STATUS");

    private final ContactMapper mapper = new ContactMapper(RecordPath.compile("/EMAIL_ADDR"), RecordPath.compile("/EMPLID"),
            "EMPLID", RecordPath.compile("/HR_STATUS"), Set.of("I"),
            new LinkedHashMap<>(Map.of("FNAME", RecordPath.compile("/FIRST_NAME"), "LNAME", RecordPath.compile("/LAST_NAME"))),
            null, null);

    private static Record record(final String... values) {
        final SimpleRecordSchema schema = new SimpleRecordSchema(FIELDS.stream()
                .map(f -> new RecordField(f, RecordFieldType.STRING.getDataType())).toList());
        final Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < values.length; i++) {
            map.put(FIELDS.get(i), values[i]);
        }
        return new MapRecord(schema, map);
    }

    @Test
    void mapsAddressSourceIdMergeFieldsAndTermination() throws InvalidContactException {
        final Contact contact = mapper.map(record("E1", " Jane.Doe@Example.com ", "Jane", "Doe", "I"));
        assertEquals("Jane.Doe@Example.com", contact.emailAddress());
        assertEquals("0cba00ca3da1b283a57287bcceb17e35", contact.subscriberHash());
        assertEquals("E1", contact.sourceId());
        assertTrue(contact.terminated());
        assertEquals(Map.of("FNAME", "Jane", "LNAME", "Doe", "EMPLID", "E1"), contact.mergeFields());
        assertEquals(Set.of("FNAME", "LNAME", "EMPLID"), mapper.mergeTags());
    }

    @Test
    void leavesBlankValuesOutAndActiveIsNotTerminated() throws InvalidContactException {
        final Contact contact = mapper.map(record("E2", "a@example.com", " ", null, "A"));
        assertFalse(contact.terminated());
        assertEquals(Map.of("EMPLID", "E2"), contact.mergeFields());
    }

    /** The merge fields are a map of their own (no entries per record): it must behave as any immutable map does. */
    @Test
    void mergeFieldsBehaveAsAnImmutableMap() throws InvalidContactException {
        final Map<String, String> fields = mapper.map(record("E2", "a@example.com", " ", "Doe", "A")).mergeFields();
        final Map<String, String> expected = Map.of("LNAME", "Doe", "EMPLID", "E2");
        assertEquals(expected, fields);
        assertEquals(fields, expected);
        assertEquals(expected.hashCode(), fields.hashCode());
        assertEquals(2, fields.size());
        assertEquals(expected, Map.copyOf(fields));
        final Map<String, String> seen = new HashMap<>();
        fields.forEach(seen::put);
        assertEquals(expected, seen);
        assertEquals(List.of("LNAME", "EMPLID"), fields.entrySet().stream().map(Map.Entry::getKey).toList());
        assertTrue(fields.containsKey("EMPLID"));
        assertFalse(fields.containsKey("FNAME"));
        assertEquals("-", fields.getOrDefault("FNAME", "-"));
        assertThrows(UnsupportedOperationException.class, () -> fields.put("FNAME", "Jane"));
    }

    @Test
    void missingAddressIsInvalid() {
        final InvalidContactException e = assertThrows(InvalidContactException.class, () -> mapper.map(record("E3", "  ")));
        assertTrue(e.getMessage().startsWith("Missing email address"));
        assertEquals("E3", mapper.sourceId(record("E3", "  ")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"plainaddress", "two@@example.com", "a b@example.com", "a@example", "a@-example.com", "@example.com"})
    void malformedAddressIsInvalid(final String email) {
        final InvalidContactException e = assertThrows(InvalidContactException.class, () -> mapper.map(record("E4", email)));
        assertTrue(e.getMessage().startsWith("Malformed email address"));
    }

    @Test
    void recordWithoutSourceIdHasNone() throws InvalidContactException {
        assertNull(mapper.map(record(null, "b@example.com")).sourceId());
    }

    @Test
    void versionIsWrittenInItsCanonicalFormAndFingerprinted() throws InvalidContactException {
        final ContactMapper versioned = new ContactMapper(RecordPath.compile("/EMAIL_ADDR"), RecordPath.compile("/EMPLID"),
                "EMPLID", null, Set.of(), Map.of("FNAME", RecordPath.compile("/FIRST_NAME")),
                RecordPath.compile("/LAST_NAME"), "SRCVERSION");
        final Contact asTimestamp = versioned.map(record("E1", "a@example.com", "Jane", "2026-11-20T09:00:00-08:00"));
        final Contact asMillis = versioned.map(record("E1", "a@example.com", "Jane", "1795194000000"));
        final Contact renamed = versioned.map(record("E1", "a@example.com", "Janet", "1795194000000"));

        assertEquals(Set.of("FNAME", "EMPLID", "SRCVERSION"), versioned.mergeTags());
        assertEquals("2026-11-20T17:00:00Z", asTimestamp.mergeFields().get("SRCVERSION"));
        assertEquals(asTimestamp.version(), asMillis.version());
        assertEquals(asTimestamp.fingerprint(), asMillis.fingerprint());
        assertNotEquals(asTimestamp.fingerprint(), renamed.fingerprint());
        assertNull(versioned.map(record("E1", "a@example.com", "Jane", null)).version());
        final InvalidContactException e = assertThrows(InvalidContactException.class,
                () -> versioned.map(record("E1", "a@example.com", "Jane", "soon")));
        assertTrue(e.getMessage().startsWith("Malformed source version (/LAST_NAME)"), e.getMessage());
    }

    /** The hand-written check says what the regular expression says, for tricky and for random addresses. */
    @Test
    void theAddressCheckAgreesWithItsRegularExpression() {
        final List<String> tricky = List.of("a@b.co", "@b.co", "a@b", "a@.b.co", "a@b..co", "a@-b.co", "a@b-.co", "a@b-c.co",
                "a b@c.de", "a\tb@c.de", "a\u007fb@c.de", "\"a\"@c.de", "a(b)@c.de", "a[b]@c.de", "a\\b@c.de", "a;b@c.de",
                "a@b@c.de", "a@b.c_d", "é@b.co", "a@bé.co", "a\u00a0b@c.de", "a\u200bb@c.de", "x".repeat(64) + "@b.co",
                "x".repeat(65) + "@b.co", "a.b+tag@sub.example.org", "a@b.co.", "a@1.2", "a@b.co\n");
        for (final String email : tricky) {
            assertEquals(ContactMapper.EMAIL.matcher(email).matches(), ContactMapper.wellFormed(email), email);
        }
        final java.util.Random random = new java.util.Random(7);
        final String alphabet = "ab@.-_ \"(),:;<>[]\\\t\u007f0Z+é";
        for (int n = 0; n < 200_000; n++) {
            final StringBuilder email = new StringBuilder();
            for (int length = random.nextInt(12); length > 0; length--) {
                email.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            final String candidate = email.toString();
            assertEquals(ContactMapper.EMAIL.matcher(candidate).matches(), ContactMapper.wellFormed(candidate), candidate);
        }
    }

    @Test
    void readsTheEmploymentRecordOfARecordThatIsAJob() throws InvalidContactException {
        // LAST_NAME stands in for EMPL_RCD here.
        final ContactMapper jobs = mapper.withEmploymentRecord(RecordPath.compile("/LAST_NAME"));
        assertEquals("1", jobs.map(record("E1", "a@example.com", "Jane", "001", "I")).employmentRecord());
        assertTrue(jobs.map(record("E1", "a@example.com", "Jane", "1", "I")).terminated());
        assertNull(mapper.map(record("E1", "a@example.com", "Jane", "1", "A")).employmentRecord());
        assertEquals("Missing employment record (/LAST_NAME)",
                assertThrows(InvalidContactException.class, () -> jobs.map(record("E1", "a@example.com", "Jane", " ", "A"))).getMessage());
        assertTrue(assertThrows(InvalidContactException.class, () -> jobs.map(record("E1", "a@example.com", "Jane", "0;1", "A")))
                .getMessage().startsWith("Malformed employment record (/LAST_NAME)"));
        assertEquals(Set.of("SYNCJOBS"), jobs.memoryTags());
        assertEquals(Set.of(), mapper.memoryTags());
        assertEquals(mapper.mergeTags(), jobs.mergeTags(), "the memory is not mapped content");
    }
}
