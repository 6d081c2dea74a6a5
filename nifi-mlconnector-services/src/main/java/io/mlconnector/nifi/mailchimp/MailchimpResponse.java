package io.mlconnector.nifi.mailchimp;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Mailchimp's final answer to a request. {@link #body()} is the parsed JSON ({@link MissingNode} when empty, as for
 * 204). Errors are {@code application/problem+json}: {@link #title()} and {@link #detail()} read them. A success answer
 * is kept as it came and read into a tree only when asked: a large one (a batch's 500 members) can be read with
 * {@link #parser()} instead.
 */
public final class MailchimpResponse {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final int statusCode;
    /** The answer as it came, known to be JSON; {@code null} when it came as a tree. */
    private final byte[] json;
    private volatile JsonNode body;

    public MailchimpResponse(final int statusCode, final JsonNode body) {
        this.statusCode = statusCode;
        this.json = null;
        this.body = body;
    }

    private MailchimpResponse(final int statusCode, final byte[] json) {
        this.statusCode = statusCode;
        this.json = json;
    }

    /** An answer whose bytes were checked to hold a JSON value. */
    static MailchimpResponse ofJson(final int statusCode, final byte[] json) {
        return new MailchimpResponse(statusCode, json);
    }

    public int statusCode() {
        return statusCode;
    }

    public JsonNode body() {
        JsonNode tree = body;
        if (tree == null) {
            try {
                tree = MAPPER.readTree(json);
            } catch (final IOException e) {
                throw new UncheckedIOException("An answer checked to be JSON could not be read", e);
            }
            body = tree;
        }
        return tree;
    }

    /** The answer's JSON as tokens, read without building a tree. */
    public JsonParser parser() throws IOException {
        return json == null ? body.traverse(MAPPER) : MAPPER.createParser(json);
    }

    public boolean isSuccess() {
        return statusCode >= 200 && statusCode < 300;
    }

    /** The problem title, e.g. "Member In Compliance State", or an empty string. */
    public String title() {
        return body().path("title").asText("");
    }

    /** The problem detail, e.g. "x@example.com is in a compliance state ...", or an empty string. */
    public String detail() {
        return body().path("detail").asText("");
    }

    @Override
    public String toString() {
        return "MailchimpResponse[" + statusCode + "]";
    }
}
