package io.mlconnector.nifi.peoplesoft.write;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlconnector.nifi.peoplesoft.read.PeopleSoftDateTimes;
import io.mlconnector.nifi.peoplesoft.read.SourceRow;
import org.apache.nifi.serialization.SimpleRecordSchema;
import org.apache.nifi.serialization.record.DataType;
import org.apache.nifi.serialization.record.MapRecord;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.apache.nifi.serialization.record.RecordSchema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The record schema of a source and the conversion of rows to records. Column types come from the first row that
 * shows the column: PeopleSoft datetimes become timestamps, JSON numbers longs or doubles, booleans booleans, the rest
 * (including blanks) strings; the modified timestamp field is always a timestamp. The schema is kept in state, so every
 * FlowFile of the source has the same one; a column the query gains is appended.
 */
public final class RowSchemas {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<List<List<String>>> ENCODED = new TypeReference<>() { };

    private final String modifiedField;
    private final ZoneId baseTimeZone;

    public RowSchemas(final String modifiedField, final ZoneId baseTimeZone) {
        this.modifiedField = modifiedField;
        this.baseTimeZone = baseTimeZone;
    }

    /** The schema unchanged when it has every column of the row, otherwise extended by the row's new columns. */
    public RecordSchema covering(final RecordSchema schema, final SourceRow row) {
        if (schema != null && schema.getFieldNames().containsAll(row.values().keySet())) {
            return schema;
        }
        final List<RecordField> fields = schema == null ? new ArrayList<>() : new ArrayList<>(schema.getFields());
        final List<String> known = schema == null ? List.of() : schema.getFieldNames();
        row.values().forEach((name, value) -> {
            if (!known.contains(name)) {
                fields.add(new RecordField(name, typeOf(name, value).getDataType(), true));
            }
        });
        return new SimpleRecordSchema(fields);
    }

    private RecordFieldType typeOf(final String name, final Object value) {
        if (name.equals(modifiedField) || value instanceof String text && PeopleSoftDateTimes.isDateTime(text)) {
            return RecordFieldType.TIMESTAMP;
        }
        if (value instanceof Long) {
            return RecordFieldType.LONG;
        }
        if (value instanceof Double) {
            return RecordFieldType.DOUBLE;
        }
        return value instanceof Boolean ? RecordFieldType.BOOLEAN : RecordFieldType.STRING;
    }

    public Record toRecord(final RecordSchema schema, final SourceRow row) throws IOException {
        final Map<String, Object> values = new HashMap<>();
        for (final RecordField field : schema.getFields()) {
            final Object value = row.values().get(field.getFieldName());
            if (value != null) {
                values.put(field.getFieldName(), convert(field, value));
            }
        }
        return new MapRecord(schema, values);
    }

    private Object convert(final RecordField field, final Object value) throws IOException {
        final RecordFieldType type = field.getDataType().getFieldType();
        try {
            return switch (type) {
                case TIMESTAMP -> Timestamp.from(PeopleSoftDateTimes.parse(value.toString(), baseTimeZone));
                case LONG -> value instanceof Long ? value : Long.valueOf(value.toString());
                case DOUBLE -> value instanceof Number number ? number.doubleValue() : Double.valueOf(value.toString());
                case BOOLEAN -> value instanceof Boolean ? value : Boolean.valueOf(value.toString());
                default -> value.toString();
            };
        } catch (final NumberFormatException | DateTimeParseException e) {
            throw new IOException("Column " + field.getFieldName() + " holds " + type + " values but a row has a value of another kind;"
                    + " clear the processor's state to derive the schema again", e);
        }
    }

    public static String encode(final RecordSchema schema) {
        final List<List<String>> fields = schema.getFields().stream()
                .map(field -> List.of(field.getFieldName(), field.getDataType().getFieldType().name())).toList();
        try {
            return MAPPER.writeValueAsString(fields);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static RecordSchema decode(final String encoded) {
        if (encoded == null) {
            return null;
        }
        try {
            final Map<String, DataType> fields = new LinkedHashMap<>();
            for (final List<String> field : MAPPER.readValue(encoded, ENCODED)) {
                fields.put(field.get(0), RecordFieldType.valueOf(field.get(1)).getDataType());
            }
            return new SimpleRecordSchema(fields.entrySet().stream().map(f -> new RecordField(f.getKey(), f.getValue(), true)).toList());
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
