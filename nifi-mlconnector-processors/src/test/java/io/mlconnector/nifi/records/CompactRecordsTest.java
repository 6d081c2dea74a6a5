package io.mlconnector.nifi.records;

import org.apache.nifi.json.JsonRecordSetWriter;
import org.apache.nifi.json.JsonTreeReader;
import org.apache.nifi.processor.AbstractProcessor;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.schema.access.SchemaAccessUtils;
import org.apache.nifi.serialization.RecordReader;
import org.apache.nifi.serialization.RecordSetWriter;
import org.apache.nifi.serialization.SimpleRecordSchema;
import org.apache.nifi.serialization.record.MapRecord;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.apache.nifi.serialization.record.RecordSchema;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompactRecordsTest {

    private static final String SCHEMA = """
            {"type":"record","name":"employee","fields":[
              {"name":"EMPLID","type":"string"},
              {"name":"EMAIL_ADDR","type":["null","string"]},
              {"name":"EMPL_RCD","type":["null","long"]},
              {"name":"LASTUPDDTTM","type":["null",{"type":"long","logicalType":"timestamp-millis"}]},
              {"name":"ADDRESS","type":["null",{"type":"record","name":"address","fields":[{"name":"CITY","type":["null","string"]}]}]}
            ]}""";

    private static final String INPUT = """
            [{"EMPLID":"K0001","EMAIL_ADDR":"ann@example.com","EMPL_RCD":0,"LASTUPDDTTM":"2026-12-01T08:30:00Z","ADDRESS":{"CITY":"Lyon"}},
             {"EMPLID":"K0002","EMAIL_ADDR":null,"EMPL_RCD":1},
             {"EMPLID":"K0003","LASTUPDDTTM":null}]""";

    private TestRunner runner;
    private JsonTreeReader reader;

    @BeforeEach
    void setUp() throws Exception {
        runner = TestRunners.newTestRunner(new AbstractProcessor() {
            @Override
            public void onTrigger(final ProcessContext context, final ProcessSession session) {
                // only the controller services are used
            }
        });
        reader = new JsonTreeReader();
        runner.addControllerService("reader", reader);
        runner.setProperty(reader, SchemaAccessUtils.SCHEMA_ACCESS_STRATEGY, SchemaAccessUtils.SCHEMA_TEXT_PROPERTY);
        runner.setProperty(reader, SchemaAccessUtils.SCHEMA_TEXT, SCHEMA);
        runner.setProperty(reader, "Timestamp Format", "yyyy-MM-dd'T'HH:mm:ssX");
        runner.enableControllerService(reader);
    }

    private List<Record> read(final List<Record> compacts) throws Exception {
        final List<Record> records = new ArrayList<>();
        try (RecordReader recordReader = reader.createRecordReader(Map.of(), new ByteArrayInputStream(INPUT.getBytes(StandardCharsets.UTF_8)),
                INPUT.length(), runner.getLogger())) {
            final CompactRecords kept = new CompactRecords(recordReader.getSchema());
            for (Record record; (record = recordReader.nextRecord()) != null; ) {
                records.add(record);
                compacts.add(kept.compact(record));
            }
        }
        return records;
    }

    private String write(final List<Record> records, final String nullSuppression) throws Exception {
        final JsonRecordSetWriter writer = new JsonRecordSetWriter();
        runner.addControllerService("writer-" + nullSuppression, writer);
        runner.setProperty(writer, SchemaAccessUtils.SCHEMA_ACCESS_STRATEGY, SchemaAccessUtils.INHERIT_RECORD_SCHEMA);
        runner.setProperty(writer, "suppress-nulls", nullSuppression);
        runner.setProperty(writer, "Timestamp Format", "yyyy-MM-dd'T'HH:mm:ssX");
        runner.enableControllerService(writer);
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (RecordSetWriter recordWriter = writer.createWriter(runner.getLogger(), records.getFirst().getSchema(), out, Map.of())) {
            recordWriter.beginRecordSet();
            for (final Record record : records) {
                recordWriter.write(record);
            }
            recordWriter.finishRecordSet();
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"never-suppress", "suppress-missing", "always-suppress"})
    void aCompactRecordIsWrittenAsTheRecordItWasMadeFrom(final String nullSuppression) throws Exception {
        final List<Record> compacts = new ArrayList<>();
        final List<Record> records = read(compacts);

        for (int i = 0; i < records.size(); i++) {
            assertNotSame(records.get(i), compacts.get(i), "record " + i + " is kept compact");
        }
        assertEquals(write(records, nullSuppression), write(compacts, nullSuppression));
    }

    @Test
    void aCompactRecordReadsAsTheRecordAndKeepsNoSerializedForm() throws Exception {
        final List<Record> compacts = new ArrayList<>();
        final List<Record> records = read(compacts);

        for (int i = 0; i < records.size(); i++) {
            final Record record = records.get(i);
            final Record compact = compacts.get(i);
            assertEquals(record.toMap(), compact.toMap(), "values of record " + i);
            assertEquals(List.copyOf(record.getRawFieldNames()), List.copyOf(compact.getRawFieldNames()), "fields present in record " + i);
            for (final String field : record.getSchema().getFieldNames()) {
                assertEquals(record.getValue(field), compact.getValue(field), field + " of record " + i);
            }
            assertFalse(compact.getSerializedForm().isPresent(), "the compact record " + i + " holds no JSON");
        }
        assertTrue(records.getFirst().getSerializedForm().isPresent(), "the reader's record holds its JSON (and its tree)");
        assertFalse(compacts.get(2).getRawFieldNames().contains("EMAIL_ADDR"), "a missing field stays missing");
        assertTrue(compacts.get(1).getRawFieldNames().contains("EMAIL_ADDR"), "a null value stays present");
    }

    @Test
    void aCompactRecordTakesNewValuesOnlyForItsSchemasFields() throws Exception {
        final List<Record> compacts = new ArrayList<>();
        read(compacts);
        final Record compact = compacts.get(2);

        compact.setValue("EMAIL_ADDR", "carl@example.com");

        assertEquals("carl@example.com", compact.getValue("EMAIL_ADDR"));
        assertTrue(compact.getRawFieldNames().contains("EMAIL_ADDR"));
        assertThrows(UnsupportedOperationException.class, () -> compact.setValue("OTHER", "x"));
    }

    @Test
    void aRecordOfAnotherSchemaOrWithValuesOutsideItIsKeptAsItIs() {
        final RecordSchema schema = new SimpleRecordSchema(List.of(new RecordField("EMPLID", RecordFieldType.STRING.getDataType())));
        final CompactRecords kept = new CompactRecords(schema);
        final Record ofAnotherSchema = new MapRecord(new SimpleRecordSchema(schema.getFields()), Map.of("EMPLID", "K0001"));
        final Map<String, Object> withExtra = new HashMap<>(Map.of("EMPLID", "K0001", "EXTRA", "x"));
        final Record withValueOutsideSchema = new MapRecord(schema, withExtra);
        final Record plain = new MapRecord(schema, new HashMap<>(Map.of("EMPLID", "K0001")));

        assertSame(ofAnotherSchema, kept.compact(ofAnotherSchema));
        assertSame(withValueOutsideSchema, kept.compact(withValueOutsideSchema));
        assertNotSame(plain, kept.compact(plain));
        assertEquals("K0001", kept.compact(plain).getValue("EMPLID"));
        assertNull(kept.compact(plain).getValue("EXTRA"));
    }
}
