package io.mlconnector.nifi.mailchimp;

import io.mlconnector.sandbox.fuzz.Hostile;
import io.mlconnector.nifi.mailchimp.contact.Contact;
import io.mlconnector.nifi.mailchimp.contact.ContactMapper;
import io.mlconnector.nifi.mailchimp.contact.InvalidContactException;
import io.mlconnector.nifi.mailchimp.contact.SubscriberHash;
import io.mlconnector.sandbox.mailchimp.Member;
import io.mlconnector.sandbox.report.ReliabilityReport;
import org.apache.nifi.record.path.RecordPath;
import org.apache.nifi.serialization.SimpleRecordSchema;
import org.apache.nifi.serialization.record.MapRecord;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile records into the record-to-contact mapping and through PutMailchimpContact to the Mailchimp simulator:
 * emails in upper case, with spaces, plus-addressing, Unicode, control characters, 255+ characters; merge values
 * over Mailchimp's 255-character limit; source IDs that try to leave a URL segment. Every record must leave the
 * processor with an action (a failed one with its reason), and Mailchimp must end with one well-formed contact per
 * address and per source ID.
 */
class HostileRecordsTest {

    private static final List<String> ACTIONS = List.of("created", "updated", "unsubscribed", "archived", "skipped", "failed", "unchanged");
    private static final AtomicLong MAPPED = new AtomicLong();
    private static final AtomicLong SYNCED = new AtomicLong();

    /** Regression (found by this fuzz test): control characters passed the address check and reached Mailchimp. */
    @Test
    void controlAndInvisibleCharactersInAnAddressAreRefused() {
        final ContactMapper mapper = new ContactMapper(RecordPath.compile("/EMAIL_ADDR"), null, null, null, Set.of(), Map.of(), null, null);
        for (final String email : List.of("x\u001b@example.org", "grace\u0007@example.org", "a\u0000b@example.org",
                "a\u202eb@example.org", "a\u00a0b@example.org", "a\u2028b@example.org")) {
            final InvalidContactException refused = assertThrows(InvalidContactException.class,
                    () -> mapper.map(record(Map.of("EMAIL_ADDR", email))), () -> escape(email));
            assertTrue(refused.getMessage().contains("Malformed email address"), refused.getMessage());
        }
    }

    @Test
    @Timeout(60)
    void mappingAcceptsOnlyWellFormedAddressesAndIgnoresCase() {
        final Random random = new Random(Hostile.SEED);
        final ContactMapper mapper = new ContactMapper(RecordPath.compile("/EMAIL_ADDR"), RecordPath.compile("/EMPLID"), "EMPLID",
                RecordPath.compile("/HR_STATUS"), Set.of("I"), new LinkedHashMap<>(Map.of("FNAME", RecordPath.compile("/FIRST_NAME"))),
                null, null);
        for (int i = 0; i < Hostile.INPUTS * 5; i++) {
            final Map<String, Object> values = record(random, i);
            MAPPED.incrementAndGet();
            try {
                final Contact contact = mapper.map(record(values));
                final String email = contact.emailAddress();
                assertTrue(email.length() <= 254 && email.indexOf('@') > 0 && email.indexOf('@') == email.lastIndexOf('@'), email);
                assertTrue(email.codePoints().noneMatch(c -> Character.isISOControl(c) || Character.isWhitespace(c)),
                        () -> "accepted an address with a control or space character: " + escape(email));
                if (email.chars().allMatch(c -> c < 0x80)) {
                    assertEquals(SubscriberHash.of(email.toUpperCase(Locale.ROOT)), contact.subscriberHash(), "the hash ignores case");
                }
            } catch (final InvalidContactException refused) {
                assertFalse(refused.getMessage().isBlank());
            }
        }
    }

    @Test
    @Timeout(120)
    void everyHostileRecordLeavesWithAnActionAndMailchimpStaysClean() throws Exception {
        final Random random = new Random(Hostile.SEED + 7);
        try (MailchimpSandbox sandbox = new MailchimpSandbox()) {
            sandbox.runner.setProperty("JOBTITLE", "/JOBTITLE");
            for (int round = 0; round < 2; round++) {
                final List<Map<String, Object>> records = new ArrayList<>();
                for (int i = 0; i < Hostile.INPUTS / 8; i++) {
                    records.add(record(random, i));
                }
                sandbox.sync(records);
                SYNCED.addAndGet(records.size());
                final List<Map<String, Object>> audit = new ArrayList<>(sandbox.audit(PutMailchimpContact.REL_SUCCESS));
                audit.addAll(sandbox.audit(PutMailchimpContact.REL_FAILURE));
                audit.addAll(sandbox.audit(PutMailchimpContact.REL_RETRY));
                assertEquals(records.size(), audit.size(), "every record leaves with its audit record");
                for (final Map<String, Object> record : audit) {
                    final Object action = record.get("mailchimp_action");
                    assertTrue(ACTIONS.contains(action), () -> "action of " + record);
                    if ("failed".equals(action)) {
                        assertFalse(String.valueOf(record.get("mailchimp_reason")).isBlank(), () -> "reason of " + record);
                    }
                }
            }
            final Set<String> emails = new HashSet<>();
            final Map<String, Integer> sourceIds = new HashMap<>();
            for (final Member member : sandbox.audience().members()) {
                assertTrue(emails.add(member.email().toLowerCase(Locale.ROOT)), "one contact per address: " + member.email());
                assertTrue(member.email().codePoints().noneMatch(c -> Character.isISOControl(c) || Character.isWhitespace(c)),
                        () -> "stored " + escape(member.email()));
                final Object sourceId = member.mergeFields().get("EMPLID");
                if (sourceId != null) {
                    sourceIds.merge(sourceId.toString(), 1, Integer::sum);
                }
            }
            sourceIds.forEach((id, n) -> assertEquals(1, n, () -> "one contact per source ID: " + escape(id)));
        }
    }

    /** A record whose fields come from the hostile generators around a few real addresses. */
    private static Map<String, Object> record(final Random random, final int i) {
        final String local = List.of("ada", "Grace.Hopper", "o'brien", "j\u00f6rg", "\u5f20\u4f1f", "x").get(random.nextInt(6));
        final String domain = List.of("example.com", "EXAMPLE.org", "m\u00fcnchen.example", "example", "ex ample.com").get(random.nextInt(5));
        final String email = switch (random.nextInt(10)) {
            case 0 -> local.toUpperCase(Locale.ROOT) + "@" + domain;
            case 1 -> "  " + local + "@" + domain + " ";
            case 2 -> local + "+tag" + random.nextInt(3) + "@" + domain;
            case 3 -> "a".repeat(250 + random.nextInt(20)) + "@" + domain;
            case 4 -> local + Hostile.text(random, 2) + "@" + domain;
            case 5 -> local + "@" + domain + Hostile.text(random, 2);
            case 6 -> random.nextBoolean() ? "" : null;
            case 7 -> local + "@@" + domain;
            default -> local + random.nextInt(5) + "@" + domain;
        };
        final Map<String, Object> record = new LinkedHashMap<>();
        record.put("EMPLID", random.nextInt(4) == 0 ? Hostile.text(random, 4) : "E" + random.nextInt(60));
        record.put("FIRST_NAME", random.nextInt(5) == 0 ? "N".repeat(256 + random.nextInt(300)) : Hostile.text(random, 8));
        record.put("LAST_NAME", Hostile.text(random, 8));
        record.put("JOBTITLE", random.nextInt(3) == 0 ? Hostile.text(random, 200) : "Engineer");
        record.put("EMAIL_ADDR", email);
        record.put("HR_STATUS", random.nextInt(6) == 0 ? "I" : "A");
        return record;
    }

    private static MapRecord record(final Map<String, Object> values) {
        final List<RecordField> fields = values.keySet().stream().map(f -> new RecordField(f, RecordFieldType.STRING.getDataType())).toList();
        return new MapRecord(new SimpleRecordSchema(fields), new HashMap<>(values));
    }

    private static String escape(final String text) {
        final StringBuilder escaped = new StringBuilder();
        text.codePoints().forEach(c -> escaped.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", c) : Character.toString(c)));
        return escaped.toString();
    }

    @AfterAll
    static void publish() {
        ReliabilityReport.writeSection("fuzz-mapping" + Hostile.SECTION_SUFFIX, String.format(
                "Records (`HostileRecordsTest`, processors module): %,d hostile records mapped to contacts and %,d sent through"
                        + " PutMailchimpContact to the simulator (upper case, spaces, plus-addressing, Unicode, control characters,"
                        + " 255+ character addresses, merge values over 255 characters, source IDs with `/`, `..`, `?`, `#`, `%%2F`,"
                        + " CR/LF): every record left with an action and a failed one with its reason; no address with a control"
                        + " or space character reached Mailchimp; one contact per address and per source ID.", MAPPED.get(), SYNCED.get()));
    }
}
