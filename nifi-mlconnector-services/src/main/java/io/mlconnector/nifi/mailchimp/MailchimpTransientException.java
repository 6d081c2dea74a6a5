package io.mlconnector.nifi.mailchimp;

import java.io.IOException;

/**
 * A request that still failed after the retry policy: throttling (429 or an empty 403), 5xx, a connection reset or a
 * timeout. Records it concerns should go to {@code retry}. The message names no secret.
 */
public class MailchimpTransientException extends IOException {

    private final int statusCode;

    public MailchimpTransientException(final int statusCode, final String message, final Throwable cause) {
        super(message, cause);
        this.statusCode = statusCode;
    }

    /** The last HTTP status seen, or -1 when the last attempt got no response. */
    public int getStatusCode() {
        return statusCode;
    }
}
