package io.mlconnector.nifi.peoplesoft;

import io.mlconnector.nifi.http.HttpClientSettings;
import io.mlconnector.nifi.http.HttpFailures;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.ConfigVerificationResult.Outcome;
import org.apache.nifi.logging.ComponentLog;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.URI;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks a PeopleSoft configuration step by step, so a failure names what to fix. The probe request is the
 * delivered Query Access Services operation {@code QueryPrompts.v1} for the query {@value #PROBE_QUERY}: it is
 * cheap (no rows are read), needs the same permissions as polling, and its answer tells the steps apart.
 */
final class PeopleSoftVerification {

    static final String HOST_REACHABLE = "Host reachable";
    static final String TLS_HANDSHAKE = "TLS handshake";
    static final String SIGN_ON_PAGE = "No HTML sign-on page";
    static final String AUTHENTICATION = "Authentication";
    static final String NODE_AND_GATEWAY = "Node and gateway answer";

    static final String PROBE_QUERY = "MC_EMPL_CHANGES";
    static final PeopleSoftRequest PROBE = PeopleSoftRequest.get(List.of("QueryPrompts.v1", "PUBLIC", PROBE_QUERY),
            Map.of("isconnectedquery", "N", "json_resp", "true"));

    private final HttpClientSettings settings;
    private final URI baseUri;
    private final PeopleSoftClient client;
    private final ComponentLog log;
    private final List<ConfigVerificationResult> results = new ArrayList<>();

    PeopleSoftVerification(final HttpClientSettings settings, final URI baseUri, final PeopleSoftClient client, final ComponentLog log) {
        this.settings = settings;
        this.baseUri = baseUri;
        this.client = client;
        this.log = log;
    }

    List<ConfigVerificationResult> run() {
        final boolean direct = settings.proxy().getProxyType() == Proxy.Type.DIRECT;
        if (!direct) {
            skip(HOST_REACHABLE, "Requests go through the configured proxy; the request steps below check the path");
            skip(TLS_HANDSHAKE, "Requests go through the configured proxy; the request steps below check TLS");
        } else if (!checkHost()) {
            skip(TLS_HANDSHAKE, "Not checked: " + endpoint() + " is not reachable");
            skipRequestSteps(endpoint() + " is not reachable");
            return results;
        } else if (!checkTls()) {
            skipRequestSteps("the TLS handshake failed");
            return results;
        }
        probe();
        return results;
    }

    private boolean checkHost() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(baseUri.getHost(), port()), (int) settings.connectTimeout().toMillis());
            return pass(HOST_REACHABLE, "Connected to " + endpoint());
        } catch (final IOException e) {
            return fail(HOST_REACHABLE, HttpFailures.describe(e, baseUri));
        }
    }

    private boolean checkTls() {
        if (!"https".equalsIgnoreCase(baseUri.getScheme())) {
            skip(TLS_HANDSHAKE, "Base URL uses http, so there is no TLS and credentials travel unencrypted; use https"
                    + " outside test systems");
            return true;
        }
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(baseUri.getHost(), port()), (int) settings.connectTimeout().toMillis());
            plain.setSoTimeout((int) settings.connectTimeout().toMillis());
            final SSLContext context = settings.sslContext().orElse(SSLContext.getDefault());
            try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, baseUri.getHost(), port(), false)) {
                final SSLParameters parameters = socket.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                socket.setSSLParameters(parameters);
                socket.startHandshake();
                return pass(TLS_HANDSHAKE, "The server's certificate is trusted and names " + baseUri.getHost() + " ("
                        + socket.getSession().getProtocol() + ")");
            }
        } catch (final IOException e) {
            return fail(TLS_HANDSHAKE, HttpFailures.tlsProblem(e));
        } catch (final NoSuchAlgorithmException e) {
            return fail(TLS_HANDSHAKE, "The JVM has no default TLS context: configure an SSL Context Service");
        }
    }

    private void probe() {
        final URI uri = client.resolve(PROBE);
        final PeopleSoftResponse response;
        try {
            response = client.execute(PROBE);
        } catch (final PeopleSoftException e) {
            interpret(e);
            return;
        }
        pass(SIGN_ON_PAGE, "PeopleSoft answered with " + response.contentType().orElse("no content type") + ", not HTML");
        pass(AUTHENTICATION, "The credentials were accepted");
        pass(NODE_AND_GATEWAY, "The node and gateway answered " + uri + " with HTTP " + response.statusCode());
        try {
            response.close();
        } catch (final IOException ignored) {
            // the probe's answer is already known
        }
    }

    private void interpret(final PeopleSoftException e) {
        switch (e.getKind()) {
            case SIGN_ON_PAGE -> {
                fail(SIGN_ON_PAGE, e.getMessage());
                skip(AUTHENTICATION, "Not checked: an HTML page answered instead of the REST listener");
                skip(NODE_AND_GATEWAY, "Not checked: an HTML page answered instead of the REST listener");
            }
            case AUTHENTICATION -> {
                pass(SIGN_ON_PAGE, "The REST listener answered (HTTP " + e.getStatusCode() + ")");
                // Integration Broker answers 401 alike for a wrong password and for an operation the user is not granted.
                fail(AUTHENTICATION, e.getMessage() + ". The probe calls the delivered operation QAS_LISTQUERYPROMPTS_REST_GET;"
                        + " a user granted only other operations (only QAS_EXECUTEQRY_REST_GET, a site's REST service operation or"
                        + " a component interface) is"
                        + " refused it although its password is right: then verify GetPeopleSoftRecords, which calls the"
                        + " configured operation");
                skip(NODE_AND_GATEWAY, "Not checked: authentication failed");
            }
            case NOT_FOUND -> {
                pass(SIGN_ON_PAGE, "The web server answered (HTTP 404)");
                skip(AUTHENTICATION, "Not checked: the node or gateway was not found");
                fail(NODE_AND_GATEWAY, e.getMessage());
            }
            case SERVER_ERROR, UNEXPECTED_STATUS -> {
                // Integration Broker authenticates before it runs an operation, so an operation error means the
                // credentials, node and gateway are fine and only the probe query is missing or inactive.
                pass(SIGN_ON_PAGE, "The REST listener answered (HTTP " + e.getStatusCode() + ")");
                pass(AUTHENTICATION, "The credentials were accepted");
                pass(NODE_AND_GATEWAY, "The node and gateway answered, but the probe QueryPrompts.v1/PUBLIC/" + PROBE_QUERY
                        + " failed, which is fine if the flows use other queries or operations: " + e.getMessage());
            }
            case CONNECTION, TLS, TIMEOUT -> {
                fail(SIGN_ON_PAGE, e.getMessage());
                skip(AUTHENTICATION, "Not checked: the request failed");
                skip(NODE_AND_GATEWAY, "Not checked: the request failed");
            }
        }
    }

    private void skipRequestSteps(final String reason) {
        for (final String step : List.of(SIGN_ON_PAGE, AUTHENTICATION, NODE_AND_GATEWAY)) {
            skip(step, "Not checked: " + reason);
        }
    }

    private int port() {
        if (baseUri.getPort() >= 0) {
            return baseUri.getPort();
        }
        return "https".equalsIgnoreCase(baseUri.getScheme()) ? 443 : 80;
    }

    private String endpoint() {
        return baseUri.getHost() + ":" + port();
    }

    private boolean pass(final String step, final String explanation) {
        add(step, Outcome.SUCCESSFUL, explanation);
        return true;
    }

    private boolean fail(final String step, final String explanation) {
        log.warn("PeopleSoft verification step [{}] failed: {}", step, explanation);
        add(step, Outcome.FAILED, explanation);
        return false;
    }

    private void skip(final String step, final String explanation) {
        add(step, Outcome.SKIPPED, explanation);
    }

    private void add(final String step, final Outcome outcome, final String explanation) {
        results.add(new ConfigVerificationResult.Builder().verificationStepName(step).outcome(outcome).explanation(explanation).build());
    }
}
