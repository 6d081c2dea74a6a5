package io.mlconnector.sandbox.mailchimp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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

    private static JsonNode keep(JsonNode node, List<List<String>> paths) {
        if (node.isArray()) {
            var copy = node.deepCopy();
            for (int i = 0; i < copy.size(); i++) {
                ((com.fasterxml.jackson.databind.node.ArrayNode) copy).set(i, keep(node.get(i), paths));
            }
            return copy;
        }
        if (!node.isObject()) {
            return node;
        }
        ObjectNode out = ((ObjectNode) node).objectNode();
        for (List<String> path : paths) {
            JsonNode child = node.get(path.get(0));
            if (child == null) {
                continue;
            }
            if (path.size() == 1) {
                out.set(path.get(0), child);
            } else {
                List<List<String>> rest = List.of(path.subList(1, path.size()));
                JsonNode merged = keep(child, rest);
                JsonNode already = out.get(path.get(0));
                if (already instanceof ObjectNode o && merged instanceof ObjectNode m) {
                    o.setAll(m);
                } else if (already != null && already.isArray() && merged.isArray()) {
                    for (int i = 0; i < already.size(); i++) {
                        if (already.get(i) instanceof ObjectNode o && merged.get(i) instanceof ObjectNode m) {
                            o.setAll(m);
                        }
                    }
                } else {
                    out.set(path.get(0), merged);
                }
            }
        }
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
