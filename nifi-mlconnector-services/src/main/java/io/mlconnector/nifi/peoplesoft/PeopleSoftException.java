package io.mlconnector.nifi.peoplesoft;

import java.io.IOException;

/** A failed PeopleSoft request. The message says what went wrong and what to check; it never carries a secret. */
public class PeopleSoftException extends IOException {

    /** What kind of failure it was, so callers can tell users what to fix and decide whether to try again. */
    public enum Kind {
        /** Host unknown, connection refused or reset. */
        CONNECTION,
        /** The TLS handshake failed, e.g. an untrusted or expired certificate or a host name mismatch. */
        TLS,
        /** Connect or read timeout. */
        TIMEOUT,
        /** HTTP 401: bad credentials, a locked user, or a user without permission to the service operation. */
        AUTHENTICATION,
        /** HTTP 200 with an HTML page, usually the PeopleSoft sign-on page or a proxy's login page. */
        SIGN_ON_PAGE,
        /** HTTP 404: unknown node, service operation alias or resource. */
        NOT_FOUND,
        /** HTTP 5xx: a framework error, an inactive service operation, a bad query or prompt. */
        SERVER_ERROR,
        /** Any other unexpected HTTP status. */
        UNEXPECTED_STATUS
    }

    private final Kind kind;
    private final int statusCode;

    public PeopleSoftException(final Kind kind, final int statusCode, final String message) {
        super(message);
        this.kind = kind;
        this.statusCode = statusCode;
    }

    public PeopleSoftException(final Kind kind, final String message, final Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.statusCode = -1;
    }

    public Kind getKind() {
        return kind;
    }

    /** The HTTP status, or -1 when no response came back. */
    public int getStatusCode() {
        return statusCode;
    }

    /** Whether trying the same request again later may succeed without anyone changing configuration. */
    public boolean isTransient() {
        return kind == Kind.CONNECTION || kind == Kind.TIMEOUT || kind == Kind.SERVER_ERROR;
    }
}
