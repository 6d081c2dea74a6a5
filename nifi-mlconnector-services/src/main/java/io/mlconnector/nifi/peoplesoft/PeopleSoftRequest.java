package io.mlconnector.nifi.peoplesoft;

import io.mlconnector.nifi.http.HttpMethod;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A request to a REST service operation: the path segments after the node (e.g. {@code ExecuteQuery.v1}, {@code PUBLIC},
 * {@code MC_EMPL_CHANGES}, {@code JSON}, {@code NONFILE}) and the query parameters. Segments are encoded by the
 * connection service, which refuses one that tries to leave its segment ({@code /}, {@code ..}, {@code ?}, {@code #}).
 */
public record PeopleSoftRequest(HttpMethod method, List<String> pathSegments, Map<String, String> queryParameters) {

    public PeopleSoftRequest {
        Objects.requireNonNull(method, "method");
        pathSegments = List.copyOf(pathSegments);
        queryParameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(queryParameters));
    }

    public static PeopleSoftRequest get(final List<String> pathSegments, final Map<String, String> queryParameters) {
        return new PeopleSoftRequest(HttpMethod.GET, pathSegments, queryParameters);
    }
}
