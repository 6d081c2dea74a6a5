package io.mlconnector.nifi.peoplesoft;

import io.mlconnector.nifi.http.HttpFailures;
import io.mlconnector.nifi.http.SafeUris;
import io.mlconnector.nifi.http.SecretRedactor;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * Sends requests to one Integration Broker node and turns every failure into a {@link PeopleSoftException} whose
 * kind and message tell users what to fix. Successful bodies are streamed, never buffered.
 */
final class PeopleSoftClient implements Closeable {

    private static final int SNIFF_LENGTH = 256;

    private final CloseableHttpClient httpClient;
    private final String nodeUri;
    private final PeopleSoftAuthentication authentication;
    private final SecretRedactor redactor;

    /**
     * @param nodeUri {@code {Base URL}{Gateway Path}/{Node Name}}, already checked
     */
    PeopleSoftClient(final CloseableHttpClient httpClient, final String nodeUri, final PeopleSoftAuthentication authentication) {
        this.httpClient = httpClient;
        this.nodeUri = nodeUri;
        this.authentication = authentication;
        this.redactor = authentication.redactor();
    }

    URI resolve(final PeopleSoftRequest request) {
        return SafeUris.resolve(nodeUri, request.pathSegments(), request.queryParameters());
    }

    PeopleSoftResponse execute(final PeopleSoftRequest request) throws PeopleSoftException {
        final URI uri = resolve(request);
        ClassicHttpResponse response = send(request, uri);
        if (response.getCode() == 401 && authentication.refresh()) {
            closeQuietly(response);
            response = send(request, uri);
        }
        return accept(response, request, uri);
    }

    private ClassicHttpResponse send(final PeopleSoftRequest request, final URI uri) throws PeopleSoftException {
        final BasicClassicHttpRequest httpRequest = new BasicClassicHttpRequest(request.method().name(), uri);
        httpRequest.setHeader(HttpHeaders.AUTHORIZATION, authentication.authorization());
        httpRequest.setHeader(HttpHeaders.ACCEPT, "application/json, text/xml;q=0.9, */*;q=0.1");
        try {
            return httpClient.executeOpen(null, httpRequest, null);
        } catch (final IOException e) {
            throw failure(e, uri);
        }
    }

    private PeopleSoftResponse accept(final ClassicHttpResponse response, final PeopleSoftRequest request, final URI uri)
            throws PeopleSoftException {
        final int status = response.getCode();
        try {
            if (status >= 200 && status < 300) {
                final Optional<String> contentType = header(response, HttpHeaders.CONTENT_TYPE);
                final InputStream body = sniffable(response.getEntity());
                if (contentType.map(type -> type.toLowerCase(Locale.ROOT).contains("html")).orElse(false) || startsWithHtml(body)) {
                    throw new PeopleSoftException(PeopleSoftException.Kind.SIGN_ON_PAGE, status, "PeopleSoft answered " + uri
                            + " with an HTML page (HTTP " + status + ") instead of data, usually the PeopleSoft sign-on page"
                            + " or a proxy's login page: check that Base URL and Gateway Path point at the Integration"
                            + " Gateway's REST listener (not the PIA portal) and that no single sign-on proxy intercepts it");
                }
                return new StreamedResponse(response, status, contentType, body, uri);
            }
            throw statusFailure(response, status, request, uri);
        } catch (final PeopleSoftException e) {
            closeQuietly(response);
            throw e;
        } catch (final IOException e) {
            closeQuietly(response);
            throw failure(e, uri);
        }
    }

    private PeopleSoftException statusFailure(final ClassicHttpResponse response, final int status, final PeopleSoftRequest request,
                                              final URI uri) throws IOException {
        final String operation = request.pathSegments().isEmpty() ? "(none)" : request.pathSegments().getFirst();
        if (status == 401 || status == 403) {
            return new PeopleSoftException(PeopleSoftException.Kind.AUTHENTICATION, status, "PeopleSoft refused "
                    + authentication + " (HTTP " + status + ") for " + uri + ": " + authentication.whatToCheck()
                    + " [" + operation + "]");
        }
        if (status == 404) {
            return new PeopleSoftException(PeopleSoftException.Kind.NOT_FOUND, status, "PeopleSoft found nothing at " + uri
                    + " (HTTP 404): check Node Name and Gateway Path, that service operation " + operation
                    + " is active with an any-to-local routing, and the keys in the path" + bodyNote(response));
        }
        if (status >= 500) {
            return new PeopleSoftException(PeopleSoftException.Kind.SERVER_ERROR, status, "PeopleSoft failed on " + uri
                    + " (HTTP " + status + "): the service operation may be inactive, the query or its prompts wrong, or the"
                    + " application server down; set the service system status to Development to see details"
                    + bodyNote(response));
        }
        if (status >= 300 && status < 400) {
            return new PeopleSoftException(PeopleSoftException.Kind.UNEXPECTED_STATUS, status, "PeopleSoft redirected " + uri
                    + " (HTTP " + status + ") to " + header(response, HttpHeaders.LOCATION).map(SafeUris::withoutQuery).orElse("nowhere")
                    + ": the REST listener answers directly, so a redirect usually means a sign-on page or a wrong Base URL");
        }
        return new PeopleSoftException(PeopleSoftException.Kind.UNEXPECTED_STATUS, status, "PeopleSoft answered " + uri
                + " with HTTP " + status + bodyNote(response));
    }

    private String bodyNote(final ClassicHttpResponse response) throws IOException {
        final HttpEntity entity = response.getEntity();
        if (entity == null) {
            return "";
        }
        try (InputStream in = entity.getContent()) {
            final String excerpt = redactor.excerpt(in.readNBytes(2048));
            return excerpt.isEmpty() ? "" : "; response: " + excerpt;
        }
    }

    private static InputStream sniffable(final HttpEntity entity) throws IOException {
        return new BufferedInputStream(entity == null ? InputStream.nullInputStream() : entity.getContent());
    }

    /** A 200 with an HTML document and a misleading content type is still a sign-on page. */
    private static boolean startsWithHtml(final InputStream body) throws IOException {
        body.mark(SNIFF_LENGTH);
        final byte[] start = body.readNBytes(SNIFF_LENGTH);
        body.reset();
        final String text = new String(start, StandardCharsets.ISO_8859_1).stripLeading().toLowerCase(Locale.ROOT);
        return text.startsWith("<!doctype html") || text.startsWith("<html");
    }

    private static Optional<String> header(final ClassicHttpResponse response, final String name) {
        return Optional.ofNullable(response.getFirstHeader(name)).map(Header::getValue);
    }

    private PeopleSoftException failure(final IOException e, final URI uri) {
        final PeopleSoftException.Kind kind = switch (HttpFailures.categorize(e)) {
            case TLS -> PeopleSoftException.Kind.TLS;
            case TIMEOUT -> PeopleSoftException.Kind.TIMEOUT;
            case UNKNOWN_HOST, CONNECTION -> PeopleSoftException.Kind.CONNECTION;
        };
        return new PeopleSoftException(kind, redactor.redact(HttpFailures.describe(e, uri)), e);
    }

    private static void closeQuietly(final ClassicHttpResponse response) {
        try {
            response.close();
        } catch (final IOException ignored) {
            // the connection is discarded either way
        }
    }

    @Override
    public void close() throws IOException {
        httpClient.close();
    }

    @Override
    public String toString() {
        return "PeopleSoftClient[" + nodeUri + ", " + authentication + "]";
    }

    private record StreamedResponse(ClassicHttpResponse response, int statusCode, Optional<String> contentType, InputStream body,
                                    URI uri) implements PeopleSoftResponse {
        @Override
        public void close() throws IOException {
            response.close();
        }
    }
}
