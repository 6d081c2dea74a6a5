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
 * Checks a PeopleSoft configuration step by step, so a failure names what to fix. The first request is the flow's own
 * operation, Query Access Services' {@code ExecuteQuery.v1}, for the query {@value #PROBE_QUERY} on a one-second
 * window a century ago (no rows); the second one lists the same query's prompts ({@code QueryPrompts.v1}), which the
 * setup guide also grants. Integration Broker answers 401 alike to a wrong password and to an operation the user is not
 * granted, so the order tells them apart: once the first request is accepted, a refused second one means a right password
 * without that grant. A wrong password costs one refused sign-on, not two (accounts lock after a few).
 */
final class PeopleSoftVerification {

    static final String HOST_REACHABLE = "Host reachable";
    static final String TLS_HANDSHAKE = "TLS handshake";
    static final String SIGN_ON_PAGE = "No HTML sign-on page";
    static final String AUTHENTICATION = "Authentication";
    static final String NODE_AND_GATEWAY = "Node and gateway answer";
    static final String QUERY_PERMISSION = "Permission to run queries";
    static final String PROMPT_PERMISSION = "Permission to list query prompts";
    static final List<String> REQUEST_STEPS = List.of(SIGN_ON_PAGE, AUTHENTICATION, NODE_AND_GATEWAY, QUERY_PERMISSION, PROMPT_PERMISSION);

    static final String PROBE_QUERY = "MC_EMPL_CHANGES";
    static final PeopleSoftRequest EXECUTE_PROBE = PeopleSoftRequest.get(List.of("ExecuteQuery.v1", "PUBLIC", PROBE_QUERY, "JSON", "NONFILE"),
            Map.of("isconnectedquery", "N", "maxrows", "1", "prompt_uniquepromptname", "FROM_DTTM,TO_DTTM",
                    "prompt_fieldvalue", "1900-01-01-00.00.00,1900-01-01-00.00.01", "json_resp", "true"));
    static final PeopleSoftRequest PROMPTS_PROBE = PeopleSoftRequest.get(List.of("QueryPrompts.v1", "PUBLIC", PROBE_QUERY),
            Map.of("isconnectedquery", "N", "json_resp", "true"));
    private static final String SETUP_GUIDE = " on the user's permission list (service QAS_QRY_SERVICE, Full Access), as"
            + " docs/peoplesoft-setup.md section 4 says";

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
        final PeopleSoftResponse response;
        try {
            response = client.execute(EXECUTE_PROBE);
        } catch (final PeopleSoftException e) {
            interpret(e);
            return;
        }
        pass(SIGN_ON_PAGE, "PeopleSoft answered with " + response.contentType().orElse("no content type") + ", not HTML");
        close(response);
        pass(AUTHENTICATION, "The credentials were accepted");
        pass(NODE_AND_GATEWAY, "The node and gateway answered " + client.resolve(EXECUTE_PROBE).getPath() + " with HTTP " + response.statusCode());
        pass(QUERY_PERMISSION, "The user may call QAS_EXECUTEQRY_REST_GET");
        checkPromptListing();
    }

    private void interpret(final PeopleSoftException e) {
        switch (e.getKind()) {
            case SIGN_ON_PAGE -> {
                fail(SIGN_ON_PAGE, e.getMessage());
                skipAfter(SIGN_ON_PAGE, "an HTML page answered instead of the REST listener");
            }
            case AUTHENTICATION -> {
                pass(SIGN_ON_PAGE, "The REST listener answered (HTTP " + e.getStatusCode() + ")");
                if (e.getStatusCode() == 403) {
                    // A front end that tells the two apart: the user is known, the operation is not granted.
                    pass(AUTHENTICATION, "PeopleSoft knows the user: it answered 403 Forbidden, not 401");
                    pass(NODE_AND_GATEWAY, "The node and gateway answered (HTTP 403)");
                    fail(QUERY_PERMISSION, "The user is authenticated but not allowed to run queries (HTTP 403): grant"
                            + " QAS_EXECUTEQRY_REST_GET" + SETUP_GUIDE);
                    checkPromptListing();
                    return;
                }
                fail(AUTHENTICATION, e.getMessage() + ". Integration Broker answers 401 alike to a wrong password, a locked"
                        + " account and an operation the user is not granted; Verify calls QAS_EXECUTEQRY_REST_GET (then"
                        + " QAS_LISTQUERYPROMPTS_REST_GET). A user granted only a site's REST service operation or a component"
                        + " interface is refused here although its password is right: then verify GetPeopleSoftRecords, which"
                        + " calls the configured operation");
                skipAfter(AUTHENTICATION, "authentication failed");
            }
            case NOT_FOUND -> {
                pass(SIGN_ON_PAGE, "The web server answered (HTTP 404)");
                skip(AUTHENTICATION, "Not checked: the node or gateway was not found");
                fail(NODE_AND_GATEWAY, e.getMessage());
                skipAfter(NODE_AND_GATEWAY, "the node or gateway was not found");
            }
            case SERVER_ERROR, UNEXPECTED_STATUS -> {
                // Integration Broker authenticates before it runs an operation, so an operation error means the
                // credentials, node and gateway are fine and only the probe query is missing or different.
                pass(SIGN_ON_PAGE, "The REST listener answered (HTTP " + e.getStatusCode() + ")");
                pass(AUTHENTICATION, "The credentials were accepted");
                pass(NODE_AND_GATEWAY, "The node and gateway answered");
                pass(QUERY_PERMISSION, "The user may call QAS_EXECUTEQRY_REST_GET, but the probe ExecuteQuery.v1/PUBLIC/" + PROBE_QUERY
                        + " failed, which is fine if the flows use other queries or operations: " + e.getMessage());
                checkPromptListing();
            }
            case CONNECTION, TLS, TIMEOUT -> {
                fail(SIGN_ON_PAGE, e.getMessage());
                skipAfter(SIGN_ON_PAGE, "the request failed");
            }
        }
    }

    /** Called once the user is known to PeopleSoft: a refusal now is about the grant, never the password. */
    private void checkPromptListing() {
        try {
            close(client.execute(PROMPTS_PROBE));
            pass(PROMPT_PERMISSION, "The user may call QAS_LISTQUERYPROMPTS_REST_GET");
        } catch (final PeopleSoftException e) {
            switch (e.getKind()) {
                case AUTHENTICATION -> fail(PROMPT_PERMISSION, "The user is authenticated (the password is right) but not allowed to"
                        + " list query prompts: PeopleSoft refused QueryPrompts.v1 (HTTP " + e.getStatusCode() + "). Grant"
                        + " QAS_LISTQUERYPROMPTS_REST_GET" + SETUP_GUIDE + "; the flows themselves need only QAS_EXECUTEQRY_REST_GET");
                case SERVER_ERROR, UNEXPECTED_STATUS -> pass(PROMPT_PERMISSION, "The user may call QAS_LISTQUERYPROMPTS_REST_GET"
                        + " (it failed on the query: " + e.getMessage() + ")");
                default -> fail(PROMPT_PERMISSION, e.getMessage());
            }
        }
    }

    private static void close(final PeopleSoftResponse response) {
        try {
            response.close();
        } catch (final IOException ignored) {
            // only the status mattered
        }
    }

    private void skipRequestSteps(final String reason) {
        skip(SIGN_ON_PAGE, "Not checked: " + reason);
        skipAfter(SIGN_ON_PAGE, reason);
    }

    private void skipAfter(final String step, final String reason) {
        for (final String later : REQUEST_STEPS.subList(REQUEST_STEPS.indexOf(step) + 1, REQUEST_STEPS.size())) {
            skip(later, "Not checked: " + reason);
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
