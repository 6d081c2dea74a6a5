package io.mlconnector.nifi.peoplesoft;

import io.mlconnector.nifi.testing.TestAccessTokenProvider;
import io.mlconnector.nifi.testing.TestSslContextProvider;
import io.mlconnector.sandbox.core.Fault;
import io.mlconnector.sandbox.core.TlsMaterial;
import io.mlconnector.sandbox.peoplesoft.PeopleSoftSimulator;
import io.mlconnector.sandbox.service.SandboxService;
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

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StandardPeopleSoftConnectionServiceTest {

    private static final String SERVICE_ID = "peoplesoft";
    private static final PeopleSoftRequest PROMPTS = PeopleSoftVerification.PROMPTS_PROBE;

    private final StandardPeopleSoftConnectionService service = new StandardPeopleSoftConnectionService();
    private TestRunner runner;
    private PeopleSoftSimulator simulator;

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
    void offersThePropertiesOfTheIssueInOrder() throws Exception {
        assertEquals(List.of("Base URL", "Gateway Path", "Node Name", "Authentication Type", "Username", "Password",
                        "OAuth2 Access Token Provider", "SSL Context Service", "Proxy Configuration Service", "Connect Timeout",
                        "Read Timeout", "Max Connections"),
                service.getPropertyDescriptors().stream().map(PropertyDescriptor::getName).toList());
        assertTrue(StandardPeopleSoftConnectionService.PASSWORD.isSensitive());
    }

    @Test
    void explainsInvalidAddresses() throws Exception {
        configure("https://hr.example.com:8443/PSIGW", "PS", "secret");
        assertInvalid(StandardPeopleSoftConnectionService.BASE_URL, "scheme, host and port");
        runner.setProperty(service, StandardPeopleSoftConnectionService.BASE_URL, "hr.example.com");
        assertInvalid(StandardPeopleSoftConnectionService.BASE_URL, "https://");
        runner.setProperty(service, StandardPeopleSoftConnectionService.BASE_URL, "https://hr.example.com:8443");
        runner.assertValid(service);
        runner.setProperty(service, StandardPeopleSoftConnectionService.GATEWAY_PATH, "/PSIGW/../admin");
        assertInvalid(StandardPeopleSoftConnectionService.GATEWAY_PATH, "'..'");
        runner.setProperty(service, StandardPeopleSoftConnectionService.GATEWAY_PATH, "PSIGW/RESTListeningConnector");
        assertInvalid(StandardPeopleSoftConnectionService.GATEWAY_PATH, "must start with '/'");
        runner.setProperty(service, StandardPeopleSoftConnectionService.GATEWAY_PATH, "/PSIGW/RESTListeningConnector");
        runner.setProperty(service, StandardPeopleSoftConnectionService.NODE_NAME, "PSFT_HR/x");
        assertInvalid(StandardPeopleSoftConnectionService.NODE_NAME, "'/'");
    }

    @Test
    void asksOnlyForTheCredentialsOfTheChosenAuthenticationType() throws Exception {
        runner.setProperty(service, StandardPeopleSoftConnectionService.BASE_URL, "https://hr.example.com");
        assertInvalid(StandardPeopleSoftConnectionService.USERNAME, "Username");
        runner.setProperty(service, StandardPeopleSoftConnectionService.AUTHENTICATION_TYPE, AuthenticationType.OAUTH2.getValue());
        assertInvalid(StandardPeopleSoftConnectionService.OAUTH2_ACCESS_TOKEN_PROVIDER, "OAuth2 Access Token Provider");
        final TestAccessTokenProvider tokens = new TestAccessTokenProvider("token");
        runner.addControllerService("tokens", tokens);
        runner.enableControllerService(tokens);
        runner.setProperty(service, StandardPeopleSoftConnectionService.OAUTH2_ACCESS_TOKEN_PROVIDER, "tokens");
        runner.assertValid(service);
    }

    @Test
    void streamsAnswersWithBasicAuthentication() throws Exception {
        simulator = PeopleSoftSimulator.builder().user("PS", "PS-secret").start();
        enable(simulator.baseUrl(), simulator.username(), simulator.password());
        assertEquals("PSFT_HR", service.getNodeName());
        assertEquals(URI.create(simulator.baseUrl() + "/PSIGW/RESTListeningConnector/PSFT_HR/QueryPrompts.v1/PUBLIC/"
                + "MC_EMPL_CHANGES?isconnectedquery=N&json_resp=true").getPath(), service.resolve(PROMPTS).getPath());
        try (PeopleSoftResponse response = service.execute(PROMPTS)) {
            assertEquals(200, response.statusCode());
            assertTrue(response.contentType().orElseThrow().contains("json"));
            assertTrue(new String(response.body().readAllBytes(), StandardCharsets.UTF_8).contains("FROM_DTTM"));
        }
        assertEquals("<redacted>", simulator.journal().entries().getLast().headers().entrySet().stream()
                .filter(header -> header.getKey().equalsIgnoreCase("Authorization")).findFirst().orElseThrow().getValue());
    }

    @Test
    void reportsRefusedCredentials() throws Exception {
        simulator = PeopleSoftSimulator.builder().user("PS", "PS-secret").start();
        enable(simulator.baseUrl(), "PS", "wrong");
        final PeopleSoftException refused = assertFailure(PeopleSoftException.Kind.AUTHENTICATION);
        assertEquals(401, refused.getStatusCode());
        assertTrue(refused.getMessage().contains("Username and Password") && refused.getMessage().contains("permission lists"),
                refused.getMessage());
        assertTrue(!refused.isTransient());
    }

    @Test
    void sendsTheBearerTokenOfTheTokenProvider() throws Exception {
        simulator = PeopleSoftSimulator.builder().user("PS", "PS-secret").bearerToken("token-of-ps", "PS").start();
        final TestAccessTokenProvider tokens = new TestAccessTokenProvider("token-of-ps");
        runner.addControllerService("tokens", tokens);
        runner.enableControllerService(tokens);
        runner.setProperty(service, StandardPeopleSoftConnectionService.BASE_URL, simulator.baseUrl());
        runner.setProperty(service, StandardPeopleSoftConnectionService.AUTHENTICATION_TYPE, AuthenticationType.OAUTH2.getValue());
        runner.setProperty(service, StandardPeopleSoftConnectionService.OAUTH2_ACCESS_TOKEN_PROVIDER, "tokens");
        runner.enableControllerService(service);
        try (PeopleSoftResponse response = service.execute(PROMPTS)) {
            assertEquals(200, response.statusCode());
        }
    }

    @Test
    void refusesPathSegmentsThatLeaveTheirPlace() throws Exception {
        simulator = PeopleSoftSimulator.builder().start();
        enable(simulator.baseUrl(), simulator.username(), simulator.password());
        for (final String hostile : List.of("../PSFT_EP", "MC_EMPL_CHANGES/JSON", "Q?x=1", "Q#f", "")) {
            final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> service.execute(PeopleSoftRequest.get(List.of("QueryPrompts.v1", "PUBLIC", hostile), Map.of())));
            assertTrue(refused.getMessage().contains("segment"), refused.getMessage());
        }
        assertEquals(0, simulator.journal().entries().size());
    }

    @Test
    void mapsEachFailureToItsKind() throws Exception {
        simulator = PeopleSoftSimulator.builder().start();
        runner.setProperty(service, StandardPeopleSoftConnectionService.NODE_NAME, "PSFT_EP");
        enable(simulator.baseUrl(), simulator.username(), simulator.password());
        assertTrue(assertFailure(PeopleSoftException.Kind.NOT_FOUND).getMessage().contains("Node Name"));
        runner.disableControllerService(service);

        runner.setProperty(service, StandardPeopleSoftConnectionService.NODE_NAME, "PSFT_HR");
        runner.setProperty(service, "Read Timeout", "1 sec");
        runner.enableControllerService(service);
        simulator.settings().deactivate("QAS_LISTQUERYPROMPTS_REST_GET");
        assertTrue(assertFailure(PeopleSoftException.Kind.SERVER_ERROR).isTransient());
        simulator.settings().activate("QAS_LISTQUERYPROMPTS_REST_GET");

        simulator.settings().signOnPage(true);
        assertTrue(assertFailure(PeopleSoftException.Kind.SIGN_ON_PAGE).getMessage().contains("sign-on page"));
        simulator.settings().signOnPage(false);

        simulator.faults().failNth(1, Fault.delay(Duration.ofSeconds(3)));
        assertTrue(assertFailure(PeopleSoftException.Kind.TIMEOUT).getMessage().contains("Read Timeout"));
        runner.disableControllerService(service);

        enable("http://127.0.0.1:" + closedPort(), "PS", "secret");
        assertTrue(assertFailure(PeopleSoftException.Kind.CONNECTION).getMessage().contains("Could not connect"));
    }

    @Test
    void talksTlsThroughAnSslContextServiceAndNamesAnUntrustedCa() throws Exception {
        final TlsMaterial tls = TlsMaterial.generate();
        simulator = PeopleSoftSimulator.builder().tls(tls).start();
        enable(simulator.baseUrl(), simulator.username(), simulator.password());
        final PeopleSoftException untrusted = assertFailure(PeopleSoftException.Kind.TLS);
        assertTrue(untrusted.getMessage().contains("not signed by a trusted certificate authority"), untrusted.getMessage());
        runner.disableControllerService(service);

        final TestSslContextProvider sslContext = new TestSslContextProvider(tls);
        runner.addControllerService("ssl", sslContext);
        runner.enableControllerService(sslContext);
        runner.setProperty(service, "SSL Context Service", "ssl");
        runner.enableControllerService(service);
        try (PeopleSoftResponse response = service.execute(PROMPTS)) {
            assertEquals(200, response.statusCode());
        }
    }

    @Test
    void verifiesEveryStep() throws Exception {
        simulator = PeopleSoftSimulator.builder().start();
        configure(simulator.baseUrl(), simulator.username(), simulator.password());
        assertOutcomes(Outcome.SUCCESSFUL, Outcome.SKIPPED, Outcome.SUCCESSFUL, Outcome.SUCCESSFUL, Outcome.SUCCESSFUL, Outcome.SUCCESSFUL,
                Outcome.SUCCESSFUL);
    }

    @Test
    void verificationNamesAnUnreachableHost() throws Exception {
        configure("http://127.0.0.1:" + closedPort(), "PS", "secret");
        final List<ConfigVerificationResult> results =
                assertOutcomes(Outcome.FAILED, Outcome.SKIPPED, Outcome.SKIPPED, Outcome.SKIPPED, Outcome.SKIPPED, Outcome.SKIPPED, Outcome.SKIPPED);
        assertTrue(results.getFirst().getExplanation().contains("Could not connect"), results.getFirst().getExplanation());
    }

    @Test
    void verificationNamesRefusedCredentials() throws Exception {
        simulator = PeopleSoftSimulator.builder().start();
        configure(simulator.baseUrl(), simulator.username(), "wrong");
        final List<ConfigVerificationResult> results =
                assertOutcomes(Outcome.SUCCESSFUL, Outcome.SKIPPED, Outcome.SUCCESSFUL, Outcome.FAILED, Outcome.SKIPPED, Outcome.SKIPPED,
                        Outcome.SKIPPED);
        assertTrue(results.get(3).getExplanation().contains("HTTP 401"), results.get(3).getExplanation());
    }

    @Test
    void verificationOfAUserGrantedOnlyAComponentInterfaceSaysTheProbeOperationsMayNotBeGranted() throws Exception {
        simulator = PeopleSoftSimulator.builder().user("CI_ONLY", "ci-password", "CIRT_CUSTOMER_CI_F_GET", "CIRT_CUSTOMER_CI_G_GET").start();
        configure(simulator.baseUrl(), "CI_ONLY", "ci-password");
        final List<ConfigVerificationResult> results =
                assertOutcomes(Outcome.SUCCESSFUL, Outcome.SKIPPED, Outcome.SUCCESSFUL, Outcome.FAILED, Outcome.SKIPPED, Outcome.SKIPPED,
                        Outcome.SKIPPED);
        assertTrue(results.get(3).getExplanation().contains("QAS_LISTQUERYPROMPTS_REST_GET"), results.get(3).getExplanation());
        assertTrue(results.get(3).getExplanation().contains("verify GetPeopleSoftRecords"), results.get(3).getExplanation());
    }

    @Test
    void verificationTellsAUserNotAllowedToListPromptsFromAWrongPassword() throws Exception {
        // Integration Broker answers 401 to both; the operation the flow runs tells them apart.
        simulator = PeopleSoftSimulator.builder().user("MC_SYNC", "right-password", "QAS_EXECUTEQRY_REST_GET").start();
        configure(simulator.baseUrl(), "MC_SYNC", "right-password");
        final List<ConfigVerificationResult> results = assertOutcomes(Outcome.SUCCESSFUL, Outcome.SKIPPED, Outcome.SUCCESSFUL,
                Outcome.SUCCESSFUL, Outcome.SUCCESSFUL, Outcome.SUCCESSFUL, Outcome.FAILED);
        final String explanation = results.get(6).getExplanation();
        assertTrue(explanation.contains("authenticated (the password is right) but not allowed to list query prompts"), explanation);
        assertTrue(explanation.contains("(HTTP 401)") && explanation.contains("QAS_LISTQUERYPROMPTS_REST_GET"), explanation);
        final int requests = simulator.journal().entries().size();

        configure(simulator.baseUrl(), "MC_SYNC", "wrong-password");
        final List<ConfigVerificationResult> wrong = assertOutcomes(Outcome.SUCCESSFUL, Outcome.SKIPPED, Outcome.SUCCESSFUL,
                Outcome.FAILED, Outcome.SKIPPED, Outcome.SKIPPED, Outcome.SKIPPED);
        assertTrue(wrong.get(3).getExplanation().contains("HTTP 401"), wrong.get(3).getExplanation());
        assertEquals(requests + 1, simulator.journal().entries().size(), "a wrong password is tried once: accounts lock after a few refusals");
    }

    @Test
    void verificationNamesEachOperationAFrontEndForbids() throws Exception {
        simulator = PeopleSoftSimulator.builder().user("PROMPTS_ONLY", "password", "QAS_LISTQUERYPROMPTS_REST_GET")
                .user("QUERIES_ONLY", "password", "QAS_EXECUTEQRY_REST_GET").start();
        simulator.settings().forbiddenAnswers(true);
        configure(simulator.baseUrl(), "PROMPTS_ONLY", "password");
        final List<ConfigVerificationResult> noQueries = assertOutcomes(Outcome.SUCCESSFUL, Outcome.SKIPPED, Outcome.SUCCESSFUL,
                Outcome.SUCCESSFUL, Outcome.SUCCESSFUL, Outcome.FAILED, Outcome.SUCCESSFUL);
        assertTrue(noQueries.get(5).getExplanation().contains("authenticated but not allowed to run queries (HTTP 403)"),
                noQueries.get(5).getExplanation());
        configure(simulator.baseUrl(), "QUERIES_ONLY", "password");
        final List<ConfigVerificationResult> noPrompts = assertOutcomes(Outcome.SUCCESSFUL, Outcome.SKIPPED, Outcome.SUCCESSFUL,
                Outcome.SUCCESSFUL, Outcome.SUCCESSFUL, Outcome.SUCCESSFUL, Outcome.FAILED);
        assertTrue(noPrompts.get(6).getExplanation().contains("(HTTP 403)"), noPrompts.get(6).getExplanation());
    }

    @Test
    void verificationOfTheSandboxAccountPassesEveryStep() throws Exception {
        // The sandbox's MC_SYNC holds what docs/peoplesoft-setup.md grants: the walkthrough's Verify is green.
        try (SandboxService sandbox = SandboxService.start(SandboxService.Options.of(5, 2, 1))) {
            final Map<String, String> bindings = sandbox.parameterBindings();
            configure(bindings.get("PeopleSoft Base URL"), bindings.get("PeopleSoft Username"), bindings.get("PeopleSoft Password"));
            assertOutcomes(Outcome.SUCCESSFUL, Outcome.SKIPPED, Outcome.SUCCESSFUL, Outcome.SUCCESSFUL, Outcome.SUCCESSFUL,
                    Outcome.SUCCESSFUL, Outcome.SUCCESSFUL);
        }
    }

    @Test
    void verificationNamesAnUnknownNode() throws Exception {
        simulator = PeopleSoftSimulator.builder().start();
        configure(simulator.baseUrl(), simulator.username(), simulator.password());
        runner.setProperty(service, StandardPeopleSoftConnectionService.NODE_NAME, "PSFT_XX");
        final List<ConfigVerificationResult> results =
                assertOutcomes(Outcome.SUCCESSFUL, Outcome.SKIPPED, Outcome.SUCCESSFUL, Outcome.SKIPPED, Outcome.FAILED, Outcome.SKIPPED,
                        Outcome.SKIPPED);
        assertTrue(results.get(4).getExplanation().contains("HTTP 404"), results.get(4).getExplanation());
    }

    @Test
    void verificationNamesASignOnPage() throws Exception {
        simulator = PeopleSoftSimulator.builder().start();
        simulator.settings().signOnPage(true);
        configure(simulator.baseUrl(), simulator.username(), simulator.password());
        final List<ConfigVerificationResult> results =
                assertOutcomes(Outcome.SUCCESSFUL, Outcome.SKIPPED, Outcome.FAILED, Outcome.SKIPPED, Outcome.SKIPPED, Outcome.SKIPPED,
                        Outcome.SKIPPED);
        assertTrue(results.get(2).getExplanation().contains("HTML page"), results.get(2).getExplanation());
    }

    @Test
    void verificationNamesAMissingCaAndPassesWithIt() throws Exception {
        final TlsMaterial tls = TlsMaterial.generate();
        simulator = PeopleSoftSimulator.builder().tls(tls).start();
        configure(simulator.baseUrl(), simulator.username(), simulator.password());
        final List<ConfigVerificationResult> untrusted =
                assertOutcomes(Outcome.SUCCESSFUL, Outcome.FAILED, Outcome.SKIPPED, Outcome.SKIPPED, Outcome.SKIPPED, Outcome.SKIPPED,
                        Outcome.SKIPPED);
        assertTrue(untrusted.get(1).getExplanation().contains("configure an SSL Context Service whose trust store holds"),
                untrusted.get(1).getExplanation());

        final TestSslContextProvider sslContext = new TestSslContextProvider(tls);
        runner.addControllerService("ssl", sslContext);
        runner.enableControllerService(sslContext);
        runner.setProperty(service, "SSL Context Service", "ssl");
        assertOutcomes(Outcome.SUCCESSFUL, Outcome.SUCCESSFUL, Outcome.SUCCESSFUL, Outcome.SUCCESSFUL, Outcome.SUCCESSFUL, Outcome.SUCCESSFUL,
                Outcome.SUCCESSFUL);
    }

    private void configure(final String baseUrl, final String user, final String password) {
        runner.setProperty(service, StandardPeopleSoftConnectionService.BASE_URL, baseUrl);
        runner.setProperty(service, StandardPeopleSoftConnectionService.USERNAME, user);
        runner.setProperty(service, StandardPeopleSoftConnectionService.PASSWORD, password);
    }

    private void enable(final String baseUrl, final String user, final String password) {
        configure(baseUrl, user, password);
        runner.enableControllerService(service);
    }

    private PeopleSoftException assertFailure(final PeopleSoftException.Kind kind) {
        final PeopleSoftException failure = assertThrows(PeopleSoftException.class, () -> service.execute(PROMPTS).close());
        assertEquals(kind, failure.getKind(), failure.getMessage());
        return failure;
    }

    private void assertInvalid(final PropertyDescriptor property, final String expected) {
        final String explanation = runner.validate(service).stream().filter(result -> !result.isValid())
                .filter(result -> property.getName().equals(result.getSubject())).map(ValidationResult::getExplanation)
                .findFirst().orElseThrow(() -> new AssertionError(property.getName() + " should be invalid"));
        assertTrue(explanation.contains(expected), explanation);
    }

    private List<ConfigVerificationResult> assertOutcomes(final Outcome... expected) {
        final List<ConfigVerificationResult> results = runner.verify(service, Map.of());
        assertEquals(List.of(PeopleSoftVerification.HOST_REACHABLE, PeopleSoftVerification.TLS_HANDSHAKE,
                        PeopleSoftVerification.SIGN_ON_PAGE, PeopleSoftVerification.AUTHENTICATION, PeopleSoftVerification.NODE_AND_GATEWAY,
                        PeopleSoftVerification.QUERY_PERMISSION, PeopleSoftVerification.PROMPT_PERMISSION),
                results.stream().map(ConfigVerificationResult::getVerificationStepName).toList());
        assertEquals(List.of(expected), results.stream().map(ConfigVerificationResult::getOutcome).toList(), results.toString());
        return results;
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
