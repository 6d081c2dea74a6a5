package io.mlconnector.sandbox.mailchimp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Mailchimp's {@code fields} and {@code exclude_fields} query parameters: dotted paths, arrays traversed. */
final class FieldFilter {

    private FieldFilter() {
    }

    static JsonNode apply(JsonNode node, String fields, String excludeFields) {
        if (fields != null && !fields.isBlank()) {
            node = keep(node, paths(fields));
        }
        if (excludeFields != null && !excludeFields.isBlank()) {
            for (List<String> path : paths(excludeFields)) {
                drop(node, path);
            }
        }
        return node;
    }

    private static List<List<String>> paths(String csv) {
        List<List<String>> paths = new ArrayList<>();
        for (String p : csv.split(",")) {
            if (!p.isBlank()) {
                paths.add(Arrays.asList(p.trim().split("\\.")));
            }
        }
        return paths;
    }

    /** A copy of {@code node} with only the given paths; an empty path keeps everything below. */
    private static JsonNode keep(JsonNode node, List<List<String>> paths) {
        if (paths.stream().anyMatch(List::isEmpty)) {
            return node;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode(node.size());
            node.forEach(element -> copy.add(keep(element, paths)));
            return copy;
        }
        if (!node.isObject()) {
            return node;
        }
        Map<String, List<List<String>>> byField = new LinkedHashMap<>();
        for (List<String> path : paths) {
            byField.computeIfAbsent(path.get(0), f -> new ArrayList<>()).add(path.subList(1, path.size()));
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        byField.forEach((field, rest) -> {
            JsonNode child = node.get(field);
            if (child != null) {
                out.set(field, keep(child, rest));
            }
        });
        return out;
    }

    private static void drop(JsonNode node, List<String> path) {
        if (node.isArray()) {
            node.forEach(n -> drop(n, path));
        } else if (node instanceof ObjectNode o) {
            if (path.size() == 1) {
                o.remove(path.get(0));
            } else if (o.has(path.get(0))) {
                drop(o.get(path.get(0)), path.subList(1, path.size()));
            }
        }
    }
}
