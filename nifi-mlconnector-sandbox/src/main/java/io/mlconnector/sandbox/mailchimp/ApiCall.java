package io.mlconnector.sandbox.mailchimp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlconnector.sandbox.core.SimRequest;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/** One routed API request: the path segments after /3.0, body parsing and query parameter helpers. */
final class ApiCall {
    final SimRequest request;
    final List<String> segments;
    private final ObjectMapper mapper;
    private final MailchimpSettings settings;

    ApiCall(SimRequest request, List<String> segments, ObjectMapper mapper, MailchimpSettings settings) {
        this.request = request;
        this.segments = segments;
        this.mapper = mapper;
        this.settings = settings;
    }

    String method() {
        return request.method();
    }

    /** 405 with an Allow header unless the method is one of {@code allowed}. */
    void allow(String allowed) {
        if (!Arrays.asList(allowed.split(", ")).contains(request.method())) {
            throw Problems.methodNotAllowed(allowed);
        }
    }

    JsonNode json() {
        try {
            JsonNode node = mapper.readTree(request.body());
            if (node == null || node.isMissingNode()) {
                throw Problems.jsonParseError();
            }
            if (!node.isObject()) {
                throw Problems.invalidResource("", "Schema describes object, " + node.getNodeType().name() + " found instead");
            }
            return node;
        } catch (IOException e) {
            throw Problems.jsonParseError();
        }
    }

    boolean boolParam(String name) {
        return Boolean.parseBoolean(request.queryParam(name));
    }

    int intParam(String name, int fallback) {
        String value = request.queryParam(name);
        try {
            return value == null ? fallback : Math.max(0, Integer.parseInt(value));
        } catch (NumberFormatException e) {
            throw Problems.invalidResource(name, "Please provide an integer");
        }
    }

    /** {@code count}: default 10, at most 1000 (clamped, or 400 when so configured). */
    int count() {
        int count = intParam("count", 10);
        if (count > 1000) {
            if (settings.rejectCountOverMaximum()) {
                throw Problems.invalidResource("count", "Value must be at most 1000");
            }
            return 1000;
        }
        return count;
    }
}
