package io.mlconnector.sandbox.mailchimp;

import java.util.Map;

/**
 * A request as the Mailchimp simulator sees it, independent of the HTTP transport.
 *
 * @param method  upper-case HTTP method
 * @param path    raw path, e.g. {@code /3.0/lists/abc/members}
 * @param query   decoded query parameters (last value wins)
 * @param headers request headers with lower-case names
 * @param body    request body, empty when none
 */
public record ApiRequest(String method, String path, Map<String, String> query, Map<String, String> headers, byte[] body) {

    public String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
}
