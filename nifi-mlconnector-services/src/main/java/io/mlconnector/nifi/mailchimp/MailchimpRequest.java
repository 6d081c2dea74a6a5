package io.mlconnector.nifi.mailchimp;

import com.fasterxml.jackson.databind.JsonSerializable;
import io.mlconnector.nifi.http.HttpMethod;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A Marketing API request: the path segments after {@code /3.0} (e.g. {@code lists}, {@code a1b2c3d4e5},
 * {@code members}, a subscriber hash), query parameters and an optional JSON body. Segments are encoded by the
 * connection service, which refuses one that tries to leave its segment. The body is a JSON tree or a
 * {@link StreamedJson}. A success answer is read into a tree, unless the caller reads it as tokens
 * ({@link MailchimpResponse#parser()}): a large answer read once is then never built as a tree.
 */
public record MailchimpRequest(HttpMethod method, List<String> pathSegments, Map<String, String> queryParameters,
                               JsonSerializable body, boolean answerReadAsTokens) {

    public MailchimpRequest(final HttpMethod method, final List<String> pathSegments, final Map<String, String> queryParameters,
                            final JsonSerializable body) {
        this(method, pathSegments, queryParameters, body, false);
    }

    public MailchimpRequest {
        Objects.requireNonNull(method, "method");
        pathSegments = List.copyOf(pathSegments);
        queryParameters = Collections.unmodifiableMap(new LinkedHashMap<>(queryParameters));
    }

    public static MailchimpRequest of(final HttpMethod method, final JsonSerializable body, final String... pathSegments) {
        return new MailchimpRequest(method, List.of(pathSegments), Map.of(), body);
    }

    public MailchimpRequest withQueryParameter(final String name, final String value) {
        final Map<String, String> parameters = new LinkedHashMap<>(queryParameters);
        parameters.put(name, value);
        return new MailchimpRequest(method, pathSegments, parameters, body, answerReadAsTokens);
    }

    /** The same request, its success answer kept as it came for {@link MailchimpResponse#parser()}. */
    public MailchimpRequest withAnswerReadAsTokens() {
        return new MailchimpRequest(method, pathSegments, queryParameters, body, true);
    }
}
