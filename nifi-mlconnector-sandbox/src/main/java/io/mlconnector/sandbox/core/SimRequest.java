package io.mlconnector.sandbox.core;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A request as a simulator handler sees it.
 *
 * @param method      upper-case HTTP method
 * @param path        the decoded path, e.g. {@code /3.0/lists/abc/members}
 * @param rawQuery    the query string as sent (null when none)
 * @param queryParams decoded query parameters in request order; names as sent (case preserved)
 * @param headers     request headers; the map is case-insensitive on names
 * @param body        the request body (empty when none)
 */
public record SimRequest(String method, String path, String rawQuery, Map<String, List<String>> queryParams,
                         Map<String, List<String>> headers, byte[] body) {

    /** First value of a header by case-insensitive name, or null. */
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    /** First value of a query parameter (exact name), or null. */
    public String queryParam(String name) {
        List<String> values = queryParams.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    /** First value of a query parameter whose name equals {@code name} ignoring case, or null. */
    public String queryParamIgnoreCase(String name) {
        for (Map.Entry<String, List<String>> e : queryParams.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return e.getValue().getFirst();
            }
        }
        return null;
    }

    /** The non-empty path segments, decoded. */
    public List<String> pathSegments() {
        return Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
    }

    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
