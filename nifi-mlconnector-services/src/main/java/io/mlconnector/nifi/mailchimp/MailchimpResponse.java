package io.mlconnector.nifi.mailchimp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * Mailchimp's final answer to a request. {@code body} is the parsed JSON ({@link MissingNode} when empty, as for 204).
 * Errors are {@code application/problem+json}: {@link #title()} and {@link #detail()} read them.
 */
public record MailchimpResponse(int statusCode, JsonNode body) {

    public boolean isSuccess() {
        return statusCode >= 200 && statusCode < 300;
    }

    /** The problem title, e.g. "Member In Compliance State", or an empty string. */
    public String title() {
        return body.path("title").asText("");
    }

    /** The problem detail, e.g. "x@example.com is in a compliance state ...", or an empty string. */
    public String detail() {
        return body.path("detail").asText("");
    }
}
