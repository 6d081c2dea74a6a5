package io.mlconnector.sandbox.mailchimp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Validates request bodies against the request schemas of Mailchimp's OpenAPI description (a bundled copy), so the
 * simulator rejects what Mailchimp rejects. Supports the keywords those schemas use: type, enum, properties, required,
 * items, additionalProperties. Messages follow the observed ones ("Required fields were not provided: …",
 * "Schema describes string, NULL found instead").
 */
final class RequestSchemas {

    static final String PUT_MEMBER = "PUT /lists/{list_id}/members/{subscriber_hash}";
    static final String PATCH_MEMBER = "PATCH /lists/{list_id}/members/{subscriber_hash}";
    static final String POST_MEMBER = "POST /lists/{list_id}/members";
    static final String BATCH_SUBSCRIBE = "POST /lists/{list_id}";
    static final String POST_BATCHES = "POST /batches";
    static final String POST_MERGE_FIELD = "POST /lists/{list_id}/merge-fields";
    static final String POST_TAGS = "POST /lists/{list_id}/members/{subscriber_hash}/tags";

    /** O4 [3P]: as answered for {@code "status": ""} in batch subscribe. */
    static final String ACCEPTED_VALUES = "Data presented is not one of the accepted values";

    private final JsonNode schemas;

    RequestSchemas(ObjectMapper mapper) {
        try (InputStream in = RequestSchemas.class.getResourceAsStream("request-schemas.json")) {
            schemas = mapper.readTree(in).get("schemas");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Throws Invalid Resource when the body does not match the operation's schema. */
    void check(String operation, JsonNode body) {
        check(operation, body, List.of());
    }

    /** As {@link #check(String, JsonNode)}, not requiring the named top-level fields. */
    void check(String operation, JsonNode body, List<String> notRequired) {
        JsonNode schema = schemas.get(operation);
        if (schema == null) {
            throw new IllegalArgumentException("no schema for " + operation);
        }
        List<ApiException.FieldError> errors = new ArrayList<>();
        validate(schema, body, "", errors, notRequired);
        if (!errors.isEmpty()) {
            throw Problems.invalidResource(errors);
        }
    }

    private void validate(JsonNode schema, JsonNode value, String field, List<ApiException.FieldError> errors,
                          List<String> notRequired) {
        JsonNode type = schema.get("type");
        if (type != null && !matchesType(type, value)) {
            String expected = type.isArray() ? type.get(0).asText() : type.asText();
            if (schema.has("enum")) {
                expected = "enum";
            }
            errors.add(new ApiException.FieldError(field,
                    "Schema describes " + expected + ", " + value.getNodeType().name() + " found instead"));
            return;
        }
        JsonNode allowed = schema.get("enum");
        if (allowed != null && !value.isNull() && !contains(allowed, value)) {
            errors.add(new ApiException.FieldError(field, ACCEPTED_VALUES));
            return;
        }
        if (value.isObject()) {
            validateObject(schema, value, field, errors, notRequired);
        } else if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                validate(schema.get("items"), value.get(i), child(field, "item:" + i), errors, List.of());
            }
        }
    }

    private void validateObject(JsonNode schema, JsonNode value, String field, List<ApiException.FieldError> errors,
                                List<String> notRequired) {
        JsonNode required = schema.get("required");
        if (required != null) {
            List<String> missing = new ArrayList<>();
            for (JsonNode name : required) {
                JsonNode present = value.get(name.asText());
                if ((present == null || present.isNull()) && !notRequired.contains(name.asText())) {
                    missing.add(name.asText());
                }
            }
            if (!missing.isEmpty()) {
                errors.add(new ApiException.FieldError(field, "Required fields were not provided: " + String.join(", ", missing)));
            }
        }
        JsonNode properties = schema.path("properties");
        JsonNode additional = schema.get("additionalProperties");
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            JsonNode propertySchema = properties.get(entry.getKey());
            if (propertySchema == null && additional != null && additional.isObject()) {
                propertySchema = additional;
            }
            if (propertySchema != null) {
                validate(propertySchema, entry.getValue(), child(field, entry.getKey()), errors, List.of());
            }
        }
    }

    private static boolean matchesType(JsonNode type, JsonNode value) {
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (matchesType(t, value)) {
                    return true;
                }
            }
            return false;
        }
        return switch (type.asText().toLowerCase(Locale.ROOT)) {
            case "string" -> value.isTextual();
            case "boolean" -> value.isBoolean();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "null" -> value.isNull();
            default -> true;
        };
    }

    private static boolean contains(JsonNode allowed, JsonNode value) {
        for (JsonNode a : allowed) {
            if (a.equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static String child(String parent, String name) {
        return parent.isEmpty() ? name : parent + "." + name;
    }
}
