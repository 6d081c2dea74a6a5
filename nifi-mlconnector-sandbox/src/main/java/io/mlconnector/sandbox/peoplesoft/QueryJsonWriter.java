package io.mlconnector.sandbox.peoplesoft;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Streams QAS JSON ({@code json_resp=true}):
 * {@code {"status":"success","data":{"query":{"numrows":N,"queryname=":"Q","rows":[{"attr:rownumber":1,...}]}}}}.
 * Numbers are JSON numbers, everything else strings.
 */
final class QueryJsonWriter {

    private final PeopleSoftFormats formats;

    QueryJsonWriter(PeopleSoftFormats formats) {
        this.formats = formats;
    }

    void write(OutputStream out, String queryName, String querynameKey, List<QueryColumn> columns, ColumnKeys keys,
               int numrows, Stream<Object[]> rows) throws IOException {
        try (JsonGenerator json = JsonText.generator(out)) {
            json.writeStartObject();
            json.writeStringField("status", "success");
            json.writeObjectFieldStart("data");
            json.writeObjectFieldStart("query");
            json.writeNumberField("numrows", numrows);
            json.writeStringField(querynameKey, queryName);
            json.writeArrayFieldStart("rows");
            int rownumber = 0;
            for (Iterator<Object[]> it = rows.iterator(); it.hasNext(); ) {
                json.writeStartObject();
                json.writeNumberField("attr:rownumber", ++rownumber);
                writeFields(json, columns, keys, it.next());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
            json.writeEndObject();
            json.writeEndObject();
        }
    }

    /** Writes one row's fields into the current object. */
    void writeFields(JsonGenerator json, List<QueryColumn> columns, ColumnKeys keys, Object[] row) {
        try {
            for (int i = 0; i < columns.size(); i++) {
                QueryColumn column = columns.get(i);
                if (column.type() == FieldType.NUMBER) {
                    json.writeNumberField(column.key(keys), ((Number) row[i]).longValue());
                } else {
                    json.writeStringField(column.key(keys), formats.text(column.type(), row[i]));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
