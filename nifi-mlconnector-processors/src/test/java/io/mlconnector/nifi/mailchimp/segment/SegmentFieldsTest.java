package io.mlconnector.nifi.mailchimp.segment;

import io.mlconnector.nifi.mailchimp.contact.InvalidContactException;
import org.apache.nifi.components.ValidationContext;
import org.apache.nifi.serialization.SimpleRecordSchema;
import org.apache.nifi.serialization.record.MapRecord;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SegmentFieldsTest {

    private static Record record(final Object dept, final Object roles) {
        final SimpleRecordSchema schema = new SimpleRecordSchema(List.of(
                new RecordField("DEPT", RecordFieldType.STRING.getDataType(), true),
                new RecordField("ROLES", RecordFieldType.ARRAY.getArrayDataType(RecordFieldType.STRING.getDataType()), true)));
        final Map<String, Object> values = new LinkedHashMap<>();
        values.put("DEPT", dept);
        values.put("ROLES", roles);
        return new MapRecord(schema, values);
    }

    @Test
    void eachLineIsAPrefixAndARecordPathOrARecordPath() {
        final List<SegmentFields.TagField> fields = SegmentFields.parseTagFields(
                "Dept: =/DEPT\n\n  /ROLES[*]  \nx=/DEPT[. = 'a=b']\n/DEPT[. = 'c=d']");
        assertEquals(List.of("Dept: ", "", "x", ""), fields.stream().map(SegmentFields.TagField::prefix).toList());
        assertEquals(List.of(1L, 2L, 1L, 0L), fields.stream()
                .map(f -> f.path().evaluate(record("a=b", new Object[]{"x", "y"})).getSelectedFields().count()).toList());
        assertThrows(IllegalArgumentException.class, () -> SegmentFields.parseTagFields("Dept=/DEPT["));
        assertThrows(IllegalArgumentException.class, () -> SegmentFields.parseTagFields("A|B=/DEPT"));
    }

    @Test
    void tagsAreSortedPrefixedOnePerArrayElementAndBlanksAreDropped() throws InvalidContactException {
        final SegmentFields fields = new SegmentFields(SegmentFields.parseTagFields("Dept: =/DEPT\nRole: =/ROLES"), null);
        final String syncTags = fields.syncTagsValue(record("Sales|EMEA", new Object[]{"Manager", " ", "Buyer"}));
        assertEquals("Dept: Sales/EMEA|Role: Buyer|Role: Manager", syncTags);
        assertEquals(Set.of("Dept: Sales/EMEA", "Role: Buyer", "Role: Manager"), SegmentFields.tags(syncTags));
        assertEquals("", fields.syncTagsValue(record(" ", null)));
        assertNull(fields.syncGroupValue(record("Sales", null)));
        assertEquals(Set.of(), SegmentFields.tags(""));
        assertEquals(Set.of(SegmentFields.SYNC_TAGS), fields.mergeTags());
        final InvalidContactException tooLong = assertThrows(InvalidContactException.class,
                () -> fields.syncTagsValue(record("x".repeat(300), null)));
        assertEquals("The tags from Tag Fields take 306 characters; SYNCTAGS holds at most 255", tooLong.getMessage());
    }

    @Test
    void theValidatorExplainsABadLine() {
        final ValidationContext context = null; // the validator reads only the value
        assertTrue(SegmentFields.TAG_FIELDS_VALIDATOR.validate("Tag Fields", "Dept: =/DEPT", context).isValid());
        final String explanation = SegmentFields.TAG_FIELDS_VALIDATOR.validate("Tag Fields", "Dept: =DEPT[", context).getExplanation();
        assertTrue(explanation.contains("not a valid RecordPath") && explanation.contains("Dept: =/DEPT_DESCR"), explanation);
    }
}
