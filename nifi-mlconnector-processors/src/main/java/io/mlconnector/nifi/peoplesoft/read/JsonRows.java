package io.mlconnector.nifi.peoplesoft.read;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.Map;

/** Streaming helpers over Jackson's parser: one row object at a time, never the whole document. */
public final class JsonRows {

    /** QAS numbers its rows with this key, which is not a column. */
    static final String ROW_NUMBER = "attr:rownumber";

    private JsonRows() {
    }

    /** Reads the object at the current {@code START_OBJECT}: strings trimmed (blank as null), nested values as JSON text. */
    public static Map<String, Object> readObject(final JsonParser parser) throws IOException {
        final RowFields fields = new RowFields();
        readFields(parser, fields);
        return fields.toMap();
    }

    /** Reads the object at the current {@code START_OBJECT} as {@link #readObject} does, into {@code fields} (cleared first). */
    public static void readFields(final JsonParser parser, final RowFields fields) throws IOException {
        fields.clear();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            final String name = parser.currentName();
            parser.nextToken();
            final Object value = value(parser);
            if (!ROW_NUMBER.equals(name)) {
                fields.add(name, value);
            }
        }
    }

    private static Object value(final JsonParser parser) throws IOException {
        return switch (parser.currentToken()) {
            case VALUE_STRING -> {
                final String text = parser.getText().trim();
                yield text.isEmpty() ? null : text;
            }
            case VALUE_NUMBER_INT -> parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? parser.getText() : parser.getLongValue();
            case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case START_OBJECT, START_ARRAY -> parser.readValueAsTree().toString();
            default -> null;
        };
    }

    /** The same conversion for a value of a parsed tree. */
    public static Object value(final JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isTextual()) {
            final String text = node.textValue().trim();
            return text.isEmpty() ? null : text;
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.longValue() : node.asText();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return node.toString();
    }

    /**
     * Moves the parser, standing before the document, to the first token of the value at the pointer.
     *
     * @return false when the document has no such value
     */
    public static boolean seek(final JsonParser parser, final JsonPointer pointer) throws IOException {
        JsonToken token = parser.nextToken();
        JsonPointer remaining = pointer;
        while (!remaining.matches()) {
            if (token == JsonToken.START_OBJECT) {
                token = seekField(parser, remaining.getMatchingProperty());
            } else if (token == JsonToken.START_ARRAY && remaining.getMatchingIndex() >= 0) {
                token = seekElement(parser, remaining.getMatchingIndex());
            } else {
                return false;
            }
            if (token == null) {
                return false;
            }
            remaining = remaining.tail();
        }
        return true;
    }

    private static JsonToken seekField(final JsonParser parser, final String name) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            final String field = parser.currentName();
            final JsonToken value = parser.nextToken();
            if (field.equals(name)) {
                return value;
            }
            parser.skipChildren();
        }
        return null;
    }

    private static JsonToken seekElement(final JsonParser parser, final int index) throws IOException {
        JsonToken token = parser.nextToken();
        for (int i = 0; i < index && token != JsonToken.END_ARRAY; i++) {
            parser.skipChildren();
            token = parser.nextToken();
        }
        return token == JsonToken.END_ARRAY ? null : token;
    }

    /** Reads the rest of the document, so that a truncated or malformed body fails instead of passing unnoticed. */
    public static void drain(final JsonParser parser) throws IOException {
        while (parser.nextToken() != null) {
            parser.skipChildren();
        }
    }
}
