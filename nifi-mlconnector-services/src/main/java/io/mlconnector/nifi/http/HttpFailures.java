package io.mlconnector.nifi.http;

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.NoHttpResponseException;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;

/**
 * Turns the I/O failures of a request into a category and a message that says what to check. Messages are built
 * from the exception types, the host and the JDK's own wording, never from request headers, so they carry no secret.
 */
public final class HttpFailures {

    /** What kind of failure an exception is. */
    public enum Category {
        /** The TLS handshake failed; needs a configuration change. */
        TLS,
        /** Connect or read timeout; may pass on a later try. */
        TIMEOUT,
        /** Unknown host; needs a configuration change. */
        UNKNOWN_HOST,
        /** Refused, reset or closed connection, or no response; may pass on a later try. */
        CONNECTION
    }

    private HttpFailures() {
    }

    public static Category categorize(final IOException failure) {
        if (failure instanceof SSLException && !isConnectionReset(failure)) {
            return Category.TLS;
        }
        if (failure instanceof UnknownHostException) {
            return Category.UNKNOWN_HOST;
        }
        if (failure instanceof ConnectTimeoutException || failure instanceof InterruptedIOException) {
            return Category.TIMEOUT;
        }
        return Category.CONNECTION;
    }

    /** Whether the same request may succeed later without a configuration change. */
    public static boolean isTransient(final IOException failure) {
        final Category category = categorize(failure);
        return category == Category.TIMEOUT || category == Category.CONNECTION;
    }

    /** A one-sentence explanation for {@code failure} of a request to {@code uri}, with what to check. */
    public static String describe(final IOException failure, final URI uri) {
        final String endpoint = uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
        return switch (categorize(failure)) {
            case TLS -> "TLS handshake with " + endpoint + " failed: " + tlsProblem(failure);
            case UNKNOWN_HOST -> "Host " + uri.getHost() + " is unknown: check the host name in the URL and DNS";
            case TIMEOUT -> (failure instanceof ConnectTimeoutException
                    ? "Connecting to " + endpoint + " timed out: check the host, port, firewall and proxy, or raise Connect Timeout"
                    : "Request to " + endpoint + " timed out waiting for data: the server is slow or stalled; raise Read Timeout if it is normal")
                    + " (" + simpleMessage(failure) + ")";
            case CONNECTION -> connectionProblem(failure, endpoint);
        };
    }

    /** Names the certificate or protocol problem behind a TLS failure and the usual fix. */
    public static String tlsProblem(final Throwable failure) {
        final Throwable expired = find(failure, CertificateExpiredException.class);
        if (expired != null) {
            return "the server's certificate has expired (" + expired.getMessage() + "): the server needs a renewed certificate";
        }
        if (find(failure, CertificateNotYetValidException.class) != null) {
            return "the server's certificate is not yet valid: check the clocks of this host and the server";
        }
        if (find(failure, CertPathBuilderException.class) != null || messageContains(failure, "unable to find valid certification path")) {
            return "the server's certificate is not signed by a trusted certificate authority (untrusted CA or self-signed):"
                    + " configure an SSL Context Service whose trust store holds the server's CA certificate";
        }
        if (find(failure, CertPathValidatorException.class) != null) {
            return "the server's certificate chain was rejected (" + find(failure, CertPathValidatorException.class).getMessage()
                    + "): check the chain the server sends and the trust store";
        }
        if (failure instanceof SSLPeerUnverifiedException || messageContains(failure, "subject alternative")
                || messageContains(failure, "No name matching")) {
            return "the server's certificate does not name this host (host name mismatch): use the host name the certificate"
                    + " was issued for in the URL, or ask for a certificate that names this host";
        }
        if (messageContains(failure, "plaintext connection") || messageContains(failure, "Unsupported or unrecognized SSL message")) {
            return "the server did not answer with TLS: the URL probably says https for a plain http port";
        }
        if (failure instanceof SSLHandshakeException && messageContains(failure, "protocol_version")) {
            return "no TLS protocol version in common with the server: check the server's and the SSL Context Service's protocols";
        }
        return "the handshake was rejected (" + simpleMessage(failure) + "): check the server certificate and the SSL Context Service";
    }

    private static String connectionProblem(final IOException failure, final String endpoint) {
        if (failure instanceof ConnectException || failure instanceof NoRouteToHostException) {
            return "Could not connect to " + endpoint + " (" + simpleMessage(failure)
                    + "): check the host and port, that the server is running, and firewalls or the proxy";
        }
        if (failure instanceof NoHttpResponseException) {
            return "The connection to " + endpoint + " was closed without a response: the server or a proxy dropped it";
        }
        return "The connection to " + endpoint + " failed (" + simpleMessage(failure) + ")";
    }

    private static boolean isConnectionReset(final IOException failure) {
        return failure.getCause() instanceof SocketException;
    }

    private static String simpleMessage(final Throwable failure) {
        return failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
    }

    private static <T extends Throwable> T find(final Throwable failure, final Class<T> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }

    private static boolean messageContains(final Throwable failure, final String text) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && cause.getMessage().contains(text)) {
                return true;
            }
        }
        return false;
    }
}
