package io.mlconnector.nifi.peoplesoft.write;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlconnector.nifi.peoplesoft.read.SourceRow;
import io.mlconnector.nifi.time.PeopleSoftDateTimes;
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
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The record schema of a source and the conversion of rows to records. Column types come from the first row that
 * shows the column: PeopleSoft datetimes become timestamps, JSON numbers longs or doubles, booleans booleans, the rest
 * (including blanks) strings; the modified timestamp field is always a timestamp. The schema is kept in state, so every
 * FlowFile of the source has the same one; a column the query gains is appended, and a column widens when a value does
 * not fit its type.
 */
public final class RowSchemas {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<List<List<String>>> ENCODED = new TypeReference<>() { };

    private final String modifiedField;
    private final ZoneId baseTimeZone;
    private String lastText;
    private Instant lastInstant;
    private RecordField[] columnFields = new RecordField[0];

    public RowSchemas(final String modifiedField, final ZoneId baseTimeZone) {
        this.modifiedField = modifiedField;
        this.baseTimeZone = baseTimeZone;
    }

    /**
     * The schema unchanged when it has every column of the row with a type that fits its value; otherwise the row's
     * new columns are appended and a column whose value does not fit is widened (LONG to DOUBLE, else to STRING), so
     * that one odd row (a decimal 37.5 after 40, text in a date column) never stops the source for good.
     */
    public RecordSchema covering(final RecordSchema schema, final SourceRow row) {
        if (schema != null && fieldsCovering(schema, row) != null) {
            return schema;
        }
        final List<RecordField> fields = new ArrayList<>();
        if (schema != null) {
            for (final RecordField field : schema.getFields()) {
                final RecordFieldType type = field.getDataType().getFieldType();
                final Object value = row.values().get(field.getFieldName());
                fields.add(fits(type, value) ? field : new RecordField(field.getFieldName(), widened(type, value).getDataType(), true));
            }
        }
        row.values().forEach((name, value) -> {
            if (schema == null || schema.getField(name).isEmpty()) {
                fields.add(new RecordField(name, typeOf(name, value).getDataType(), true));
            }
        });
        return new SimpleRecordSchema(fields);
    }

    /**
     * The schema's field of each column of the row, in the row's order, when each value fits its field; null otherwise.
     * The array is reused from row to row.
     */
    private RecordField[] fieldsCovering(final RecordSchema schema, final SourceRow row) {
        if (columnFields.length < row.values().size()) {
            columnFields = new RecordField[row.values().size()];
        }
        int column = 0;
        for (final Map.Entry<String, Object> value : row.values().entrySet()) {
            final RecordField field = schema.getField(value.getKey()).orElse(null);
            if (field == null || !fits(field.getDataType().getFieldType(), value.getValue())) {
                return null;
            }
            columnFields[column++] = field;
        }
        return columnFields;
    }

    private RecordFieldType typeOf(final String name, final Object value) {
        if (name.equals(modifiedField) || isTimestamp(value)) {
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

    private boolean fits(final RecordFieldType type, final Object value) {
        return value == null || switch (type) {
            case TIMESTAMP -> isTimestamp(value);
            case LONG -> value instanceof Long;
            case DOUBLE -> value instanceof Number;
            case BOOLEAN -> value instanceof Boolean;
            default -> true;
        };
    }

    private static RecordFieldType widened(final RecordFieldType type, final Object value) {
        return type == RecordFieldType.LONG && value instanceof Double ? RecordFieldType.DOUBLE : RecordFieldType.STRING;
    }

    private boolean isTimestamp(final Object value) {
        return value instanceof String text && instant(text) != null;
    }

    /**
     * The instant a datetime text stands for, or null when it is none. A row's value is asked for twice in a row (does it
     * fit, then its record value), so the last answer is kept.
     */
    private Instant instant(final String text) {
        if (!text.equals(lastText)) {
            lastText = text;
            try {
                lastInstant = PeopleSoftDateTimes.isDateTime(text) ? PeopleSoftDateTimes.parse(text, baseTimeZone) : null;
            } catch (final DateTimeParseException e) {
                lastInstant = null;
            }
        }
        return lastInstant;
    }

    /**
     * The row as a record of the schema that covers it: {@code schema} itself when it does, else the one {@link #covering}
     * widens it to (see {@link #toRecord}); {@code schema} may be null for the first row.
     */
    public Record record(final RecordSchema schema, final SourceRow row) {
        rememberModified(row);
        final RecordField[] fields = schema == null ? null : fieldsCovering(schema, row);
        return fields != null ? converted(schema, row, fields) : toRecord(covering(schema, row), row);
    }

    /** The row's modified timestamp was read when the row was shaped: its text need not be parsed again. */
    private void rememberModified(final SourceRow row) {
        if (row.values().get(modifiedField) instanceof String text && PeopleSoftDateTimes.isDateTime(text)) {
            lastText = text;
            lastInstant = row.modified();
        }
    }

    /**
     * The row as a record of a schema that {@link #covering covers} it. The record takes over the row's values, each
     * converted in place to its field's type (a copy per row would cost as much as the rest of the conversion): the
     * row is not to be read afterwards.
     */
    public Record toRecord(final RecordSchema schema, final SourceRow row) {
        return converted(schema, row, fieldsCovering(schema, row));
    }

    private Record converted(final RecordSchema schema, final SourceRow row, final RecordField[] fields) {
        int index = 0;
        for (final Map.Entry<String, Object> column : row.values().entrySet()) {
            final Object value = column.getValue();
            final RecordField field = fields[index++];
            if (value != null) {
                column.setValue(switch (field.getDataType().getFieldType()) {
                    case TIMESTAMP -> Timestamp.from(instant(value.toString()));
                    case DOUBLE -> ((Number) value).doubleValue();
                    case STRING -> value.toString();
                    default -> value;
                });
            }
        }
        return new MapRecord(schema, row.values());
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
