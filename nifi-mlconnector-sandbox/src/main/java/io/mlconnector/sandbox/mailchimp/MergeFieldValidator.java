package io.mlconnector.sandbox.mailchimp;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Checks member merge values against the audience's merge fields (mailchimp.md §5, §11.3) and merges them. */
final class MergeFieldValidator {

    private static final String ANY_OF = "Data did not match any of the schemas described in anyOf.";
    private static final List<String> ADDRESS_PARTS = List.of("addr1", "city", "state", "zip");

    private final MailchimpSettings settings;

    MergeFieldValidator(MailchimpSettings settings) {
        this.settings = settings;
    }

    /**
     * The member's merge values after applying {@code values} to {@code current}; null when empty. Caller holds the
     * audience monitor. Unknown tags are dropped (O11), or refused when {@code refuseUnknownTags}; keys not in upper
     * case are unknown tags unless the settings save them (O13).
     *
     * @throws ApiException Invalid Resource with field errors
     */
    Map<String, Object> apply(Audience audience, JsonNode values, Map<String, Object> current, boolean skipMergeValidation,
                              boolean refuseUnknownTags) {
        Map<String, Object> merged = current == null ? new HashMap<>() : new HashMap<>(current);
        List<ApiException.FieldError> typeErrors = new ArrayList<>();
        List<ApiException.FieldError> valueErrors = new ArrayList<>();
        if (values != null && values.isObject()) {
            for (Map.Entry<String, JsonNode> entry : values.properties()) {
                String tag = entry.getKey().toUpperCase(Locale.ROOT);
                JsonNode value = entry.getValue();
                boolean dropsCase = !tag.equals(entry.getKey()) && settings.lowerCaseMergeKeys() == MailchimpSettings.LowerCaseMergeKeys.DROPPED;
                MergeField field = dropsCase ? null : audience.mergeField(tag);
                if (field == null) {
                    if (refuseUnknownTags) {
                        valueErrors.add(new ApiException.FieldError(tag, "Merge field " + tag + " does not exist."));
                    }
                    continue;
                }
                boolean shapeOk = value.isTextual() || value.isNumber() || (value.isObject() && "address".equals(field.type()));
                if (!shapeOk) {
                    typeErrors.add(new ApiException.FieldError("merge_fields." + tag, ANY_OF));
                    continue;
                }
                String message = valueProblem(field, value);
                if (message != null) {
                    valueErrors.add(new ApiException.FieldError(tag, message));
                } else {
                    merged.put(field.tag(), stored(value));
                }
            }
        }
        if (!typeErrors.isEmpty()) {
            throw Problems.invalidResource(typeErrors);
        }
        if (!skipMergeValidation) {
            for (MergeField field : audience.mergeFields.values()) {
                Object value = merged.get(field.tag());
                if (field.required() && (value == null || "".equals(value))
                        && valueErrors.stream().noneMatch(e -> e.field().equals(field.tag()))) {
                    valueErrors.add(new ApiException.FieldError(field.tag(), "Please enter a value"));
                }
            }
        }
        if (!valueErrors.isEmpty()) {
            throw Problems.invalidMergeFields(valueErrors);
        }
        merged.values().removeIf(v -> "".equals(v));
        return merged.isEmpty() ? null : Map.copyOf(merged);
    }

    private String valueProblem(MergeField field, JsonNode value) {
        if (value.isTextual() && value.asText().isEmpty()) {
            return null;
        }
        switch (field.type()) {
            case "address" -> {
                if (!value.isObject()) {
                    return "Please enter a complete address";
                }
                for (String part : ADDRESS_PARTS) {
                    if (value.path(part).asText("").isBlank()) {
                        return "Please enter a complete address";
                    }
                }
                return null;
            }
            case "number" -> {
                if (value.isNumber()) {
                    return null;
                }
                try {
                    Double.parseDouble(value.asText());
                    return null;
                } catch (NumberFormatException e) {
                    return "Please enter a number";
                }
            }
            default -> {
                int max = settings.textMergeFieldMaxLength();
                return value.asText().length() > max ? "Please enter a value with at most " + max + " characters" : null;
            }
        }
    }

    private static Object stored(JsonNode value) {
        if (value.isObject()) {
            Map<String, String> address = new LinkedHashMap<>();
            value.properties().forEach(e -> address.put(e.getKey(), e.getValue().asText()));
            return Map.copyOf(address);
        }
        if (value.isIntegralNumber()) {
            return value.asLong();
        }
        if (value.isNumber()) {
            return value.asDouble();
        }
        return value.asText();
    }
}
