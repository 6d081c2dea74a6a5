package io.mlconnector.nifi.peoplesoft.read;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * Streams a QAS {@code ExecuteQuery} JSON answer: {@code {"status":"success","data":{"query":{"numrows":N,
 * "queryname=":"Q","rows":[{"attr:rownumber":1,...}]}}}} (the key is {@code queryname} in some releases). Fields may
 * come in any order; rows go to the consumer as they are parsed.
 */
public final class QueryResponseReader {

    /** What the envelope said besides the rows. */
    public record Envelope(String status, long numRows, long rowsRead) {
    }

    /** Receives raw rows; returning false stops reading (sampling). */
    @FunctionalInterface
    public interface RawRowConsumer {
        boolean accept(Map<String, Object> row) throws IOException;
    }

    /** Receives the fields of each row, in one {@link RowFields} filled again for every row; returning false stops reading. */
    @FunctionalInterface
    public interface FieldsConsumer {
        boolean accept(RowFields row) throws IOException;
    }

    private final JsonFactory jsonFactory;

    public QueryResponseReader(final JsonFactory jsonFactory) {
        this.jsonFactory = jsonFactory;
    }

    public Envelope read(final InputStream body, final RawRowConsumer consumer) throws IOException {
        return readFields(body, row -> consumer.accept(row.toMap()));
    }

    public Envelope readFields(final InputStream body, final FieldsConsumer consumer) throws IOException {
        final RowFields fields = new RowFields();
        try (JsonParser parser = jsonFactory.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("The answer is not a JSON object");
            }
            String status = null;
            long numRows = -1;
            long rowsRead = 0;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                final String field = parser.currentName();
                parser.nextToken();
                if ("status".equals(field)) {
                    status = parser.getValueAsString();
                } else if ("data".equals(field) && parser.currentToken() == JsonToken.START_OBJECT) {
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        final String dataField = parser.currentName();
                        parser.nextToken();
                        if (!"query".equals(dataField) || parser.currentToken() != JsonToken.START_OBJECT) {
                            parser.skipChildren();
                            continue;
                        }
                        while (parser.nextToken() == JsonToken.FIELD_NAME) {
                            final String queryField = parser.currentName();
                            parser.nextToken();
                            if ("numrows".equals(queryField)) {
                                numRows = parser.getValueAsLong(-1);
                            } else if ("rows".equals(queryField) && parser.currentToken() == JsonToken.START_ARRAY) {
                                while (parser.nextToken() == JsonToken.START_OBJECT) {
                                    rowsRead++;
                                    JsonRows.readFields(parser, fields);
                                    if (!consumer.accept(fields)) {
                                        return new Envelope(status, numRows, rowsRead);
                                    }
                                }
                            } else {
                                parser.skipChildren();
                            }
                        }
                    }
                } else {
                    parser.skipChildren();
                }
            }
            JsonRows.drain(parser);
            if (!"success".equals(status)) {
                throw new IOException("The query answered with status [" + status + "] instead of success");
            }
            return new Envelope(status, numRows, rowsRead);
        }
    }
}
