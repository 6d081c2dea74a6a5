package io.mlconnector.nifi.mailchimp;

import org.apache.nifi.controller.ControllerService;

import java.net.URI;

/**
 * A connection to the Mailchimp Marketing API for one API key. It holds the key, derives the data center's base URL,
 * bounds the simultaneous requests made with the key (Mailchimp allows 10) across every processor that uses it, and
 * retries throttling and transient failures.
 */
public interface MailchimpConnectionService extends ControllerService {

    /**
     * Sends a request to {@code {API Base URL}/{segments...}}, waiting for a free connection slot first, and retries
     * it with exponential backoff and jitter on 429, an empty-bodied 403, 5xx, connection resets and timeouts
     * (honouring {@code Retry-After}) up to {@code Max Retries}.
     *
     * @return the final answer when it is 2xx or a non-transient 4xx (e.g. 400 "Member In Compliance State"),
     *         which callers interpret
     * @throws MailchimpTransientException when the request still fails transiently after the retries
     */
    MailchimpResponse execute(MailchimpRequest request) throws MailchimpTransientException;

    /** The API base URI, e.g. {@code https://us21.api.mailchimp.com/3.0}; no credentials. */
    URI getApiBaseUri();

    /** The URI a request goes to, without credentials: for provenance transit URIs and messages. */
    URI resolve(MailchimpRequest request);

    /** How many requests may be in flight at once with this key; callers size their parallelism by it. */
    int getMaxConcurrentRequests();

    /**
     * The throttled answers and retries since the figures were last taken, by any caller: a processor adds them to
     * its counters and summaries. Each is handed out once.
     */
    MailchimpTraffic takeTraffic();
}
