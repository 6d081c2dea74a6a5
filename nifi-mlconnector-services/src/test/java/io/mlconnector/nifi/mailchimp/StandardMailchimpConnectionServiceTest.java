package io.mlconnector.nifi.mailchimp;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.mlconnector.nifi.http.HttpMethod;
import io.mlconnector.nifi.testing.TestProxyConfigurationService;
import io.mlconnector.nifi.testing.TestSslContextProvider;
import io.mlconnector.sandbox.core.Fault;
import io.mlconnector.sandbox.core.JournalEntry;
import io.mlconnector.sandbox.core.SimResponse;
import io.mlconnector.sandbox.core.SimServer;
import io.mlconnector.sandbox.core.TlsMaterial;
import io.mlconnector.sandbox.mailchimp.MailchimpSimulator;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.ConfigVerificationResult.Outcome;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.NoOpProcessor;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(120)
class StandardMailchimpConnectionServiceTest {

    private static final String SERVICE_ID = "mailchimp";
    private static final String THROTTLED = "{\"title\":\"Too Many Requests\",\"status\":429,"
            + "\"detail\":\"You have exceeded the limit of 10 simultaneous connections.\"}";

    private final List<Duration> waits = new CopyOnWriteArrayList<>();
    private final StandardMailchimpConnectionService service =
            new StandardMailchimpConnectionService(new RetryBackoff(Duration.ofMillis(1), Duration.ofMillis(4), waits::add));
    private TestRunner runner;
    private MailchimpSimulator simulator;

    @BeforeEach
    void setUp() throws InitializationException {
        runner = TestRunners.newTestRunner(NoOpProcessor.class);
        runner.addControllerService(SERVICE_ID, service);
    }

    @AfterEach
    void tearDown() {
        if (runner.isControllerServiceEnabled(service)) {
            runner.disableControllerService(service);
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    @Test
    void offersThePropertiesOfTheIssueInOrder() {
        assertEquals(List.of("API Key", "API Base URL", "Max Concurrent Requests", "Cluster Nodes Sharing This Key", "SSL Context Service",
                        "Proxy Configuration Service", "Connect Timeout", "Read Timeout", "Max Retries"),
                service.getPropertyDescriptors().stream().map(PropertyDescriptor::getName).toList());
        assertTrue(StandardMailchimpConnectionService.API_KEY.isSensitive());
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc-us21.evil.com", "abc-us21/x", "abc-", "abc", "abc-US21", "-eu7", "abc-us21@evil.com#"})
    void refusesKeysWhoseDataCenterIsNotLettersThenDigits(final String hostileKey) {
        runner.setProperty(service, StandardMailchimpConnectionService.API_KEY, hostileKey);
        final String explanation = invalidExplanation();
        assertTrue(explanation.contains("data center"), explanation);
        assertFalse(explanation.contains(hostileKey), "the message must not echo the key");
    }

    @Test
    void derivesTheApiUrlFromTheKeysDataCenter() {
        runner.setProperty(service, StandardMailchimpConnectionService.API_KEY, "0123456789abcdef0123456789abcdef-us21");
        runner.assertValid(service);
        runner.enableControllerService(service);
        assertEquals(URI.create("https://us21.api.mailchimp.com/3.0"), service.getApiBaseUri());
        assertEquals(URI.create("https://us21.api.mailchimp.com/3.0/lists/a1b2c3d4e5/members?count=10"),
                service.resolve(MailchimpRequest.of(HttpMethod.GET, null, "lists", "a1b2c3d4e5", "members")
                        .withQueryParameter("count", "10")));
        assertEquals(10, service.getMaxConcurrentRequests());
    }

    @Test
    void refusesAnApiBaseUrlWithCredentialsOrQuery() {
        runner.setProperty(service, StandardMailchimpConnectionService.API_KEY, "k-us21");
        runner.setProperty(service, StandardMailchimpConnectionService.API_BASE_URL, "https://user:pw@proxy.example/3.0");
        assertTrue(invalidExplanation().contains("must not contain credentials"));
        runner.setProperty(service, StandardMailchimpConnectionService.API_BASE_URL, "ftp://proxy.example/3.0");
        assertTrue(invalidExplanation().contains("https://"));
    }

    @Test
    void sendsTheKeyAsBasicAuthentication() {
        simulator = MailchimpSimulator.builder().start();
        enable(simulator.apiKey(), simulator.baseUrl());
        assertEquals(200, execute(ping()).statusCode());
        final JournalEntry entry = simulator.journal().entries().getLast();
        assertEquals("<redacted>", entry.headers().entrySet().stream()
                .filter(header -> header.getKey().equalsIgnoreCase("Authorization")).findFirst().orElseThrow().getValue());

        runner.disableControllerService(service);
        enable("ffffffffffffffffffffffffffffffff-us21", simulator.baseUrl());
        final MailchimpResponse refused = execute(ping());
        assertEquals(401, refused.statusCode());
        assertEquals("API Key Invalid", refused.title());
    }

    @Test
    void retriesA429AndSucceeds() {
        simulator = MailchimpSimulator.builder().start();
        enable(simulator.apiKey(), simulator.baseUrl());
        simulator.faults().failNth(1, Fault.status(429, "application/problem+json", THROTTLED));
        assertEquals(200, execute(ping()).statusCode());
        assertEquals(2, pings());
        assertEquals(1, waits.size());
    }

    @Test
    void retriesAnEmpty403AndAConnectionReset() {
        simulator = MailchimpSimulator.builder().start();
        enable(simulator.apiKey(), simulator.baseUrl());
        simulator.faults().failNth(1, Fault.status(403, "text/plain", "")).failNth(2, Fault.connectionReset());
        assertEquals(200, execute(ping()).statusCode());
        assertEquals(3, pings());
    }

    @Test
    void neverRetriesOther4xx() {
        simulator = MailchimpSimulator.builder().start();
        enable(simulator.apiKey(), simulator.baseUrl());
        simulator.faults().failNth(1, Fault.status(400, "application/problem+json",
                "{\"title\":\"Invalid Resource\",\"status\":400,\"detail\":\"Your merge fields were invalid.\"}"));
        final MailchimpResponse response = execute(ping());
        assertEquals(400, response.statusCode());
        assertEquals("Invalid Resource", response.title());
        assertEquals("Your merge fields were invalid.", response.detail());
        assertEquals(1, pings());

        final MailchimpResponse forbidden = execute(MailchimpRequest.of(HttpMethod.GET, null, "lists", "nosuchlist"));
        assertEquals(404, forbidden.statusCode());
        assertTrue(waits.isEmpty());
    }

    @Test
    void redactsTheKeyFromAnErrorBodyThatEchoesTheRequest() throws Exception {
        final String apiKey = "0123456789abcdef0123456789abcdef-us21";
        // A gateway answering 400 with the request's headers, the JSON way some escape them ("/" and "=" too).
        try (SimServer server = SimServer.builder().name("echo").handler(request -> {
            final String authorization = request.header("Authorization");
            final String escaped = authorization.replace("/", "\\/").replace("=", "\\u003d");
            return SimResponse.text(400, "application/problem+json", "{\"title\":\"Bad Request\",\"detail\":\"Rejected "
                    + authorization + " (" + escaped + ") for key " + apiKey + "\",\"errors\":[{\"field\":\""
                    + apiKey + "\",\"message\":\"" + escaped + "\"}]}");
        }).start()) {
            enable(apiKey, server.baseUrl() + "/3.0");
            final MailchimpResponse response = execute(ping());
            assertEquals(400, response.statusCode());
            assertTrue(response.detail().startsWith("Rejected "), response.detail());
            final String credentials = java.util.Base64.getEncoder().encodeToString(("mlconnector:" + apiKey).getBytes());
            for (final String secret : List.of(apiKey, credentials, "0123456789abcdef0123456789abcdef")) {
                assertFalse(response.body().toString().contains(secret), response.body().toString());
            }
        }
    }

    @Test
    void failsAsTransientAfterMaxRetries() {
        simulator = MailchimpSimulator.builder().start();
        runner.setProperty(service, StandardMailchimpConnectionService.MAX_RETRIES, "2");
        enable(simulator.apiKey(), simulator.baseUrl());
        for (int n = 1; n <= 3; n++) {
            simulator.faults().failNth(n, Fault.status(503, "text/html", "<html>Service Unavailable</html>"));
        }
        final MailchimpTransientException failure = assertThrows(MailchimpTransientException.class, () -> service.execute(ping()));
        assertEquals(503, failure.getStatusCode());
        assertTrue(failure.getMessage().contains("after 2 retries"), failure.getMessage());
        assertEquals(3, pings());
    }

    @Test
    void honoursRetryAfter() throws Exception {
        final AtomicInteger calls = new AtomicInteger();
        try (SimServer server = SimServer.builder().name("retry-after").handler(request -> calls.incrementAndGet() == 1
                ? SimResponse.empty(429).header("Retry-After", "7")
                : SimResponse.text(200, "application/json", "{\"health_status\":\"Everything's Chimpy!\"}")).start()) {
            enable("0123456789abcdef0123456789abcdef-us21", server.baseUrl() + "/3.0");
            assertEquals(200, execute(ping()).statusCode());
        }
        assertEquals(List.of(Duration.ofSeconds(7)), waits);
    }

    @Test
    void keepsSimultaneousRequestsWithinMaxConcurrentRequests() throws Exception {
        simulator = MailchimpSimulator.builder().maxConnections(3).latency(Duration.ofMillis(20), Duration.ZERO).start();
        runner.setProperty(service, StandardMailchimpConnectionService.MAX_CONCURRENT_REQUESTS, "3");
        runner.setProperty(service, StandardMailchimpConnectionService.MAX_RETRIES, "0");
        enable(simulator.apiKey(), simulator.baseUrl());
        assertGateNeverExceeded(12, 36);
    }

    /** Pings from many callers at once, against a simulator that refuses connections beyond its gate without retries. */
    private void assertGateNeverExceeded(final int callerThreads, final int requests) throws Exception {
        final ExecutorService callers = Executors.newFixedThreadPool(callerThreads);
        try {
            final List<Future<MailchimpResponse>> answers = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                answers.add(callers.submit(() -> service.execute(ping())));
            }
            for (final Future<MailchimpResponse> answer : answers) {
                assertEquals(200, answer.get().statusCode(), "the simulator's connection gate was never exceeded");
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void verifiesPingAccountAndAudiences() {
        simulator = MailchimpSimulator.builder().start();
        final String employees = simulator.createAudience("Employees");
        final String customers = simulator.createAudience("Customers");
        configure(simulator.apiKey(), simulator.baseUrl());
        final List<ConfigVerificationResult> results = runner.verify(service, Map.of());
        assertOutcomes(results, Outcome.SUCCESSFUL, Outcome.SUCCESSFUL, Outcome.SUCCESSFUL);
        assertTrue(results.get(1).getExplanation().contains("Mailchimp Simulator"), results.get(1).getExplanation());
        final String audiences = results.get(2).getExplanation();
        assertTrue(audiences.contains("Employees (" + employees + ")") && audiences.contains("Customers (" + customers + ")"), audiences);
    }

    @Test
    void verificationNamesARefusedKeyAndSkipsTheRest() {
        simulator = MailchimpSimulator.builder().start();
        configure("ffffffffffffffffffffffffffffffff-us21", simulator.baseUrl());
        final List<ConfigVerificationResult> results = runner.verify(service, Map.of());
        assertOutcomes(results, Outcome.FAILED, Outcome.SKIPPED, Outcome.SKIPPED);
        assertTrue(results.getFirst().getExplanation().contains("HTTP 401"), results.getFirst().getExplanation());
        assertTrue(results.getFirst().getExplanation().contains("check the API Key"), results.getFirst().getExplanation());
    }

    @Test
    void talksTlsThroughAnSslContextServiceAndNamesAMissingCa() throws InitializationException {
        final TlsMaterial tls = TlsMaterial.generate();
        simulator = MailchimpSimulator.builder().tls(tls).start();
        configure(simulator.apiKey(), simulator.baseUrl());

        final List<ConfigVerificationResult> untrusted = runner.verify(service, Map.of());
        assertEquals(Outcome.FAILED, untrusted.getFirst().getOutcome());
        assertTrue(untrusted.getFirst().getExplanation().contains("not signed by a trusted certificate authority")
                && untrusted.getFirst().getExplanation().contains("configure an SSL Context Service"), untrusted.getFirst().getExplanation());

        final TestSslContextProvider sslContext = new TestSslContextProvider(tls);
        runner.addControllerService("ssl", sslContext);
        runner.enableControllerService(sslContext);
        runner.setProperty(service, "SSL Context Service", "ssl");
        assertOutcomes(runner.verify(service, Map.of()), Outcome.SUCCESSFUL, Outcome.SUCCESSFUL, Outcome.SUCCESSFUL);
        runner.enableControllerService(service);
        assertEquals(200, execute(ping()).statusCode());
    }

    @Test
    void sendsRequestsThroughTheProxy() throws InitializationException {
        simulator = MailchimpSimulator.builder().start();
        final TestProxyConfigurationService proxy = new TestProxyConfigurationService(URI.create(simulator.baseUrl()).getPort());
        runner.addControllerService("proxy", proxy);
        runner.enableControllerService(proxy);
        runner.setProperty(service, "Proxy Configuration Service", "proxy");
        // Nothing listens on port 1 (plain http is accepted only to this machine): only a request sent to the proxy
        // (the simulator, reading the absolute URI) succeeds.
        enable(simulator.apiKey(), "http://localhost:1/3.0");
        assertEquals(200, execute(ping()).statusCode());
        assertEquals(1, pings());
    }

    @Test
    void sendsJsonBodies() {
        simulator = MailchimpSimulator.builder().start();
        final String listId = simulator.createAudience("Employees");
        enable(simulator.apiKey(), simulator.baseUrl());
        final MailchimpResponse created = execute(MailchimpRequest.of(HttpMethod.POST, JsonNodeFactory.instance.objectNode()
                .put("email_address", "ada@example.org").put("status", "subscribed"), "lists", listId, "members"));
        assertEquals(200, created.statusCode(), created.detail());
        assertEquals("subscribed", simulator.audience(listId).member("ada@example.org").orElseThrow().status());
    }

    private void configure(final String apiKey, final String baseUrl) {
        runner.setProperty(service, StandardMailchimpConnectionService.API_KEY, apiKey);
        runner.setProperty(service, StandardMailchimpConnectionService.API_BASE_URL, baseUrl);
    }

    private void enable(final String apiKey, final String baseUrl) {
        configure(apiKey, baseUrl);
        runner.enableControllerService(service);
    }

    private MailchimpResponse execute(final MailchimpRequest request) {
        try {
            return service.execute(request);
        } catch (final MailchimpTransientException e) {
            throw new AssertionError(e);
        }
    }

    private String invalidExplanation() {
        final Collection<ValidationResult> results = runner.validate(service);
        return results.stream().filter(result -> !result.isValid()).map(ValidationResult::getExplanation).findFirst()
                .orElseThrow(() -> new AssertionError("expected an invalid configuration"));
    }

    private long pings() {
        return simulator.journal().count(entry -> entry.path().endsWith("/ping"));
    }

    private static MailchimpRequest ping() {
        return MailchimpRequest.of(HttpMethod.GET, null, "ping");
    }

    private static void assertOutcomes(final List<ConfigVerificationResult> results, final Outcome... expected) {
        assertEquals(List.of(MailchimpVerification.PING, MailchimpVerification.ACCOUNT, MailchimpVerification.AUDIENCES,
                        StandardMailchimpConnectionService.CONNECTION_BUDGET),
                results.stream().map(ConfigVerificationResult::getVerificationStepName).toList());
        final List<Outcome> outcomes = new ArrayList<>(List.of(expected));
        outcomes.add(Outcome.SUCCESSFUL);
        assertEquals(outcomes, results.stream().map(ConfigVerificationResult::getOutcome).toList(), results.toString());
    }
}
