package io.mlconnector.nifi.mailchimp;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlconnector.nifi.http.HttpFailures;
import io.mlconnector.nifi.http.SafeUris;
import io.mlconnector.nifi.http.SecretRedactor;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.apache.nifi.logging.ComponentLog;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * Sends Marketing API requests with one API key: at most this node's {@link ConnectionBudget} at once across every
 * caller, and retries with {@link RetryBackoff} on throttling (429, or 403 with an
 * empty body), 5xx, connection resets and timeouts, telling its {@link ThrottleMonitor}. Other answers, including every
 * other 4xx, go back to the caller.
 */
final class MailchimpClient implements Closeable {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** A larger announced length is not trusted with an array up front. */
    private static final int MAX_PRESIZED_BODY = 16 * 1024 * 1024;

    private final CloseableHttpClient httpClient;
    private final URI apiBaseUri;
    private final String authorization;
    private final ConnectionBudget slots;
    private final int maxRetries;
    private final RetryBackoff backoff;
    private final ThrottleMonitor throttling;
    private final SecretRedactor redactor;
    private final ComponentLog log;

    MailchimpClient(final CloseableHttpClient httpClient, final URI apiBaseUri, final String authorization,
                    final ConnectionBudget slots, final int maxRetries, final RetryBackoff backoff,
                    final ThrottleMonitor throttling, final SecretRedactor redactor, final ComponentLog log) {
        this.httpClient = httpClient;
        this.apiBaseUri = apiBaseUri;
        this.authorization = authorization;
        this.slots = slots;
        this.maxRetries = maxRetries;
        this.backoff = backoff;
        this.throttling = throttling;
        this.redactor = redactor;
        this.log = log;
    }

    URI apiBaseUri() {
        return apiBaseUri;
    }

    ConnectionBudget budget() {
        return slots;
    }

    ThrottleMonitor throttling() {
        return throttling;
    }

    URI resolve(final MailchimpRequest request) {
        return SafeUris.resolve(apiBaseUri.toString(), request.pathSegments(), request.queryParameters());
    }

    MailchimpResponse execute(final MailchimpRequest request) throws MailchimpTransientException {
        final URI uri = resolve(request);
        final byte[] body = body(request);
        for (int retry = 0; ; retry++) {
            final Attempt attempt = attempt(request, uri, body);
            if (attempt.response() != null) {
                return attempt.response();
            }
            if (attempt.throttled()) {
                throttling.throttled();
            }
            if (retry >= maxRetries) {
                throw new MailchimpTransientException(attempt.status(), "Mailchimp still failed after " + maxRetries
                        + " retries of " + request.method() + " " + uri + ": " + attempt.reason(), attempt.failure());
            }
            final Duration delay = backoff.delay(retry, attempt.retryAfter());
            log.debug("Retrying {} {} in {} ms: {}", request.method(), uri, delay.toMillis(), attempt.reason());
            throttling.retried();
            try {
                backoff.await(delay);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MailchimpTransientException(attempt.status(), "Interrupted while waiting to retry " + request.method()
                        + " " + uri + " after: " + attempt.reason(), e);
            }
        }
    }

    private Attempt attempt(final MailchimpRequest request, final URI uri, final byte[] requestBody) throws MailchimpTransientException {
        try {
            slots.acquire();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MailchimpTransientException(-1, "Interrupted while waiting for a free Mailchimp connection slot", e);
        }
        try (ClassicHttpResponse response = httpClient.executeOpen(null, httpRequest(request, uri, requestBody), null)) {
            final int status = response.getCode();
            final byte[] body = readBody(response);
            final boolean emptyBody = new String(body, 0, Math.min(body.length, 64), StandardCharsets.UTF_8).isBlank();
            final boolean throttled = status == 429 || status == 403 && emptyBody;
            if (throttled || status >= 500) {
                return Attempt.retry(status, throttled, "HTTP " + status + describeBody(body), retryAfter(response), null);
            }
            final MailchimpResponse answer = parse(status, body, request.answerReadAsTokens());
            if (answer == null) {
                // Cut or garbled on the way: the change may or may not have been made, and every call is idempotent.
                return Attempt.retry(status, false, "HTTP " + status + " with an answer that is not JSON" + describeBody(body), Optional.empty(), null);
            }
            return Attempt.done(answer);
        } catch (final IOException e) {
            final String reason = redactor.redact(HttpFailures.describe(e, uri));
            if (HttpFailures.isTransient(e)) {
                return Attempt.retry(-1, false, reason, Optional.empty(), e);
            }
            throw new MailchimpTransientException(-1, reason, e);
        } finally {
            slots.release();
        }
    }

    /** The request's body as sent, written once: every attempt sends the same bytes. */
    private static byte[] body(final MailchimpRequest request) throws MailchimpTransientException {
        if (request.body() == null) {
            return null;
        }
        try {
            return MAPPER.writeValueAsBytes(request.body());
        } catch (final JsonProcessingException e) {
            throw new MailchimpTransientException(-1, "The body of a " + request.method() + " request cannot be written: "
                    + e.getOriginalMessage(), e);
        }
    }

    private BasicClassicHttpRequest httpRequest(final MailchimpRequest request, final URI uri, final byte[] body) {
        final BasicClassicHttpRequest httpRequest = new BasicClassicHttpRequest(request.method().name(), uri);
        httpRequest.setHeader(HttpHeaders.AUTHORIZATION, authorization);
        httpRequest.setHeader(HttpHeaders.ACCEPT, "application/json");
        if (body != null) {
            httpRequest.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
        }
        return httpRequest;
    }

    /** Read into one array of the announced length (a batch's answer is large); without a length, as it comes. */
    private static byte[] readBody(final ClassicHttpResponse response) throws IOException {
        final HttpEntity entity = response.getEntity();
        if (entity == null) {
            return new byte[0];
        }
        final long length = entity.getContentLength();
        try (InputStream in = entity.getContent()) {
            if (length < 0 || length > MAX_PRESIZED_BODY) {
                return in.readAllBytes();
            }
            final byte[] body = new byte[(int) length];
            final int read = in.readNBytes(body, 0, body.length);
            return read == body.length ? body : Arrays.copyOf(body, read);
        }
    }

    /**
     * The answer; null when a success answer is not JSON. A success answer read as tokens is checked to be JSON here
     * (a garbled one is retried) and kept as it came; any other is read into its tree once.
     */
    private MailchimpResponse parse(final int status, final byte[] body, final boolean readAsTokens) {
        if (body.length == 0) {
            return new MailchimpResponse(status, MissingNode.getInstance());
        }
        try {
            if (status >= 200 && status < 300) {
                if (readAsTokens) {
                    checkJson(body);
                    return MailchimpResponse.ofJson(status, body);
                }
                return new MailchimpResponse(status, MAPPER.readTree(body));
            }
            // A proxy or gateway may echo the request, Authorization header included, and callers put error texts
            // into records, attributes and logs. Values, not bytes, are redacted: JSON may escape the key's characters.
            return new MailchimpResponse(status, redacted(MAPPER.readTree(body)));
        } catch (final IOException e) {
            if (status >= 200 && status < 300) {
                return null;
            }
            // A proxy's or load balancer's page: keep the problem shape callers read.
            return new MailchimpResponse(status, MAPPER.createObjectNode().put("status", status).put("title", "HTTP " + status)
                    .put("detail", "Not a JSON answer: " + redactor.excerpt(body)));
        }
    }

    /** Reads the first JSON value through without a tree, as {@code readTree} reads it (what follows it is not read). */
    private static void checkJson(final byte[] body) throws IOException {
        try (JsonParser parser = MAPPER.createParser(body)) {
            if (parser.nextToken() == JsonToken.VALUE_STRING) {
                parser.getText(); // a string is read to its end only when asked for
            }
            parser.skipChildren();
        }
    }

    private JsonNode redacted(final JsonNode node) {
        if (node.isTextual()) {
            return MAPPER.getNodeFactory().textNode(redactor.redact(node.asText()));
        }
        if (node.isObject()) {
            final ObjectNode copy = MAPPER.createObjectNode();
            node.properties().forEach(field -> copy.set(redactor.redact(field.getKey()), redacted(field.getValue())));
            return copy;
        }
        if (node.isArray()) {
            final ArrayNode copy = MAPPER.createArrayNode();
            node.forEach(element -> copy.add(redacted(element)));
            return copy;
        }
        return node;
    }

    private String describeBody(final byte[] body) {
        final String excerpt = redactor.excerpt(body);
        return excerpt.isEmpty() ? " with an empty body" : " (" + excerpt + ")";
    }

    /** {@code Retry-After} in seconds; Mailchimp does not send it today, proxies and gateways may. */
    private static Optional<Duration> retryAfter(final ClassicHttpResponse response) {
        final Header header = response.getFirstHeader(HttpHeaders.RETRY_AFTER);
        if (header == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(header.getValue().strip()))));
        } catch (final NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() throws IOException {
        httpClient.close();
    }

    @Override
    public String toString() {
        return "MailchimpClient[" + apiBaseUri + "]";
    }

    /** One try: either a final response, or why it should be retried and whether Mailchimp throttled it. */
    private record Attempt(MailchimpResponse response, int status, boolean throttled, String reason, Optional<Duration> retryAfter,
                           IOException failure) {
        static Attempt done(final MailchimpResponse response) {
            return new Attempt(response, response.statusCode(), false, null, Optional.empty(), null);
        }

        static Attempt retry(final int status, final boolean throttled, final String reason, final Optional<Duration> retryAfter,
                             final IOException failure) {
            return new Attempt(null, status, throttled, reason, retryAfter, failure);
        }
    }
}
