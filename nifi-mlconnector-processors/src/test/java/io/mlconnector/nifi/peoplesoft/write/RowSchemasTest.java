package io.mlconnector.nifi.peoplesoft.write;

import io.mlconnector.nifi.peoplesoft.read.SourceRow;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.apache.nifi.serialization.record.RecordSchema;
import org.junit.jupiter.api.Test;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class RowSchemasTest {

    private final RowSchemas schemas = new RowSchemas("LASTUPDDTTM", ZoneId.of("America/Los_Angeles"));

    @Test
    void typesComeFromTheFirstRowAndTheSchemaSurvivesState() {
        final SourceRow first = row("KU0001", 0L, null, "2024-05-01T09:30:00-0700");
        final RecordSchema schema = RowSchemas.decode(RowSchemas.encode(schemas.covering(null, first)));
        assertEquals(List.of("EMPLID", "EMPL_RCD", "TERMINATION_DT", "LASTUPDDTTM"), schema.getFieldNames());
        assertEquals(List.of(RecordFieldType.STRING, RecordFieldType.LONG, RecordFieldType.STRING, RecordFieldType.TIMESTAMP),
                schema.getFields().stream().map(f -> f.getDataType().getFieldType()).toList());

        final SourceRow later = row("KU0002", 1L, "2024-04-30", "2024-05-01T09:30:00");
        assertSame(schema, schemas.covering(schema, later), "a row with known columns keeps the schema");
        final Record record = schemas.toRecord(schema, later);
        assertEquals("2024-04-30", record.getValue("TERMINATION_DT"));
        assertEquals(Timestamp.from(Instant.parse("2024-05-01T16:30:00Z")), record.getValue("LASTUPDDTTM"));
        assertNull(schemas.toRecord(schema, row("KU0003", 0L, null, "2024-05-01T09:30:00-0700")).getValue("TERMINATION_DT"));
    }

    @Test
    void aNewColumnIsAppendedAndAColumnWidensForAValueOfAnotherKind() {
        final RecordSchema schema = schemas.covering(null, row("KU0001", 0L, null, "2024-05-01T09:30:00-0700"));
        final Map<String, Object> wider = new LinkedHashMap<>(row("KU0002", 0L, null, "2024-05-01T09:30:00-0700").values());
        wider.put("DEPTID", "10100");
        assertEquals("DEPTID", schemas.covering(schema, new SourceRow(wider, Instant.EPOCH)).getFieldNames().getLast());

        final SourceRow decimal = row("KU0003", 0.5, null, "2024-05-01T09:30:00-0700");
        final RecordSchema doubles = schemas.covering(schema, decimal);
        assertEquals(RecordFieldType.DOUBLE, doubles.getField("EMPL_RCD").orElseThrow().getDataType().getFieldType());
        assertEquals(0.5, schemas.toRecord(doubles, decimal).getValue("EMPL_RCD"));
        assertEquals(2.0, schemas.toRecord(doubles, row("KU0004", 2L, null, "2024-05-01T09:30:00-0700")).getValue("EMPL_RCD"));

        final SourceRow text = row("KU0005", "one", "not yet", "2024-05-01T09:30:00-0700");
        final RecordSchema strings = schemas.covering(doubles, text);
        assertEquals(RecordFieldType.STRING, strings.getField("EMPL_RCD").orElseThrow().getDataType().getFieldType());
        assertEquals("one", schemas.toRecord(strings, text).getValue("EMPL_RCD"));
        assertEquals(List.of("EMPLID", "EMPL_RCD", "TERMINATION_DT", "LASTUPDDTTM"), strings.getFieldNames(), "same columns, same order");
    }

    @Test
    void aDateTimeColumnWidensToTextForAValueThatIsNoDateTime() {
        final RecordSchema schema = schemas.covering(null, row("KU0001", 0L, "2024-05-01T00:00:00", "2024-05-01T09:30:00-0700"));
        assertEquals(RecordFieldType.TIMESTAMP, schema.getField("TERMINATION_DT").orElseThrow().getDataType().getFieldType());
        final SourceRow odd = row("KU0002", 0L, "2024-13-01T00:00:00", "2024-05-01T09:30:00-0700");
        final RecordSchema widened = schemas.covering(schema, odd);
        assertEquals("2024-13-01T00:00:00", schemas.toRecord(widened, odd).getValue("TERMINATION_DT"));
    }

    private static SourceRow row(final String emplid, final Object emplRcd, final String terminationDate, final String lastUpdated) {
        final Map<String, Object> values = new LinkedHashMap<>();
        values.put("EMPLID", emplid);
        values.put("EMPL_RCD", emplRcd);
        values.put("TERMINATION_DT", terminationDate);
        values.put("LASTUPDDTTM", lastUpdated);
        return new SourceRow(values, Instant.EPOCH);
    }
}
