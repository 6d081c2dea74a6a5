package io.mlconnector.sandbox.peoplesoft;

import io.mlconnector.sandbox.core.Fault;
import io.mlconnector.sandbox.core.JournalEntry;
import io.mlconnector.sandbox.core.TlsMaterial;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static io.mlconnector.sandbox.peoplesoft.PsHttp.basic;
import static io.mlconnector.sandbox.peoplesoft.PsHttp.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The REST listener layout, authentication and error modes. */
class IntegrationBrokerListenerTest {

    private static final String PROMPTS = "QueryPrompts.v1/PUBLIC/MC_EMPL_CHANGES?isconnectedquery=N&json_resp=true";
    private static PeopleSoftSimulator ps;

    @BeforeAll
    static void start() throws IOException {
        ps = PeopleSoftSimulator.builder().node("PSFT_HR").user("PS", "PS-secret")
                .user("QUERYONLY", "q-secret", "ExecuteQuery").bearerToken("token-123", "PS")
                .employees(10, 1).customers(5, 1).start();
    }

    @AfterAll
    static void stop() {
        ps.close();
    }

    @AfterEach
    void reset() {
        ps.settings().signOnPage(false).serviceStatus(ServiceStatus.PRODUCTION).activate("QAS_LISTQUERYPROMPTS_REST_GET");
        ps.faults().clear();
    }

    @Test
    void exposesTheListenerLayout() {
        assertTrue(ps.baseUrl().matches("http://127\\.0\\.0\\.1:\\d+"));
        assertEquals("/PSIGW/RESTListeningConnector", ps.gatewayPath());
        assertEquals(ps.baseUrl() + "/PSIGW/RESTListeningConnector/PSFT_HR", ps.targetLocation());
        HttpResponse<String> ok = get(ps, PROMPTS);
        assertEquals(200, ok.statusCode());
        assertTrue(ok.headers().firstValue("transactionid").orElseThrow().matches("[0-9a-f-]{36}"));
        assertEquals("application/json", ok.headers().firstValue("content-type").orElseThrow());
    }

    @Test
    void unknownNodeOrOperationIs404() {
        String auth = basic("PS", "PS-secret");
        assertEquals(404, PsHttp.send(ps.baseUrl() + ps.gatewayPath() + "/PSFT_EP/" + PROMPTS, auth).statusCode());
        assertEquals(404, get(ps, "NoSuchOperation.v1/x").statusCode());
        assertEquals(404, get(ps, "QueryPrompts.v2/PUBLIC/MC_EMPL_CHANGES").statusCode());
        assertEquals(404, PsHttp.send(ps.baseUrl() + "/PSIGW/Other/PSFT_HR/" + PROMPTS, auth).statusCode());
    }

    @Test
    void badBasicCredentialsGet401WithChallengeAndEmptyBody() {
        HttpResponse<String> wrong = get(ps, PROMPTS, basic("PS", "wrong"));
        assertEquals(401, wrong.statusCode());
        assertEquals("Basic realm=\"PeopleSoft\"", wrong.headers().firstValue("www-authenticate").orElseThrow());
        assertEquals("", wrong.body());
        assertEquals(401, get(ps, PROMPTS, null).statusCode());
        assertEquals(401, get(ps, PROMPTS, basic("NOBODY", "PS-secret")).statusCode());
        assertEquals(401, get(ps, PROMPTS, "Basic not-base64!").statusCode());
    }

    @Test
    void bearerTokensMapToAnOprid() {
        assertEquals(200, get(ps, PROMPTS, "Bearer token-123").statusCode());
        assertEquals(401, get(ps, PROMPTS, "Bearer token-999").statusCode());
    }

    @Test
    void usersNeedPermissionForTheOperation() {
        String auth = basic("QUERYONLY", "q-secret");
        assertEquals(401, get(ps, PROMPTS, auth).statusCode());
        assertEquals(200, get(ps, PsHttp.executeQuery("MC_EMPL_CHANGES", "JSON", 1, true,
                "FROM_DTTM", "2000-01-01", "TO_DTTM", "2100-01-01"), auth).statusCode());
    }

    @Test
    void passwordChangeAndLockTakeEffectMidRun() throws IOException {
        try (PeopleSoftSimulator own = PeopleSoftSimulator.builder().employees(1, 1).start()) {
            assertEquals("PS", own.username());
            assertEquals(200, get(own, PROMPTS).statusCode());
            own.settings().changePassword("PS", "new-secret");
            assertEquals(401, get(own, PROMPTS).statusCode());
            assertEquals(200, get(own, PROMPTS, basic("PS", "new-secret")).statusCode());
            own.settings().lockUser("PS", true);
            assertEquals(401, get(own, PROMPTS, basic("PS", "new-secret")).statusCode());
        }
    }

    @Test
    void signOnPageModeReturnsHtmlWith200() {
        ps.settings().signOnPage(true);
        HttpResponse<String> page = get(ps, PROMPTS);
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("content-type").orElseThrow().startsWith("text/html"));
        assertTrue(page.body().contains("<form") && page.body().contains("Sign In"));
    }

    @Test
    void inactiveOperationIs500EmptyInProductionAndIbResponseInDevelopment() {
        ps.settings().deactivate("QAS_LISTQUERYPROMPTS_REST_GET");
        HttpResponse<String> production = get(ps, PROMPTS);
        assertEquals(500, production.statusCode());
        assertEquals("", production.body());

        ps.settings().serviceStatus(ServiceStatus.DEVELOPMENT);
        HttpResponse<String> development = get(ps, PROMPTS);
        assertEquals(500, development.statusCode());
        assertTrue(development.headers().firstValue("content-type").orElseThrow().startsWith("text/xml"));
        assertTrue(development.body().contains("<IBResponse type=\"error\">"));
        assertTrue(development.body().contains("QAS_LISTQUERYPROMPTS_REST_GET is inactive"));

        ps.settings().activate("QueryPrompts.v1");
        assertEquals(200, get(ps, PROMPTS).statusCode());
    }

    @Test
    void faultsApplyAndTheJournalHidesCredentials() {
        ps.journal().clear();
        ps.faults().failNth(1, Fault.status(502, "text/html", "<html>Proxy Error</html>"));
        assertEquals(502, get(ps, PROMPTS).statusCode());
        ps.faults().failNth(1, Fault.connectionReset());
        assertThrowsIo(() -> get(ps, PROMPTS));
        assertEquals(200, get(ps, PROMPTS).statusCode());
        JournalEntry entry = ps.journal().entries().getFirst();
        assertEquals("<redacted>", entry.header("Authorization"));
        assertEquals(3, ps.journal().count(e -> e.path().endsWith("/QueryPrompts.v1/PUBLIC/MC_EMPL_CHANGES")));
        assertFalse(ps.journal().entries().toString().contains("PS-secret"));
    }

    @Test
    void servesHttpsBehindAReverseProxyPrefix() throws Exception {
        TlsMaterial tls = TlsMaterial.generate();
        try (PeopleSoftSimulator secure = PeopleSoftSimulator.builder().tls(tls).node("PSFT_EP")
                .gatewayPath("/SSCDEV/PSIGW/RESTListeningConnector/").employees(1, 1).start()) {
            HttpClient client = HttpClient.newBuilder().sslContext(tls.clientSslContext()).build();
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(
                            secure.targetLocation() + "/" + PROMPTS)).header("Authorization", basic("PS", "PS-secret")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(secure.targetLocation().startsWith("https://127.0.0.1:"));
            assertTrue(secure.targetLocation().endsWith("/SSCDEV/PSIGW/RESTListeningConnector/PSFT_EP"));
            assertEquals(200, response.statusCode());
        }
    }

    private static void assertThrowsIo(Runnable call) {
        try {
            call.run();
        } catch (java.io.UncheckedIOException expected) {
            return;
        }
        throw new AssertionError("expected an I/O failure");
    }
}
