package io.mlconnector.sandbox.mailchimp;

import java.util.Map;

/**
 * A response of the Mailchimp simulator, independent of the HTTP transport.
 *
 * @param status      HTTP status
 * @param contentType content type, or null when the body is empty
 * @param headers     extra headers (X-Request-Id, Link, Allow...)
 * @param body        body bytes, empty for 204 and the empty 403
 */
public record ApiResponse(int status, String contentType, Map<String, String> headers, byte[] body) {

    static final String JSON = "application/json; charset=utf-8";
    static final String PROBLEM_JSON = "application/problem+json; charset=utf-8";
}
