package io.mlconnector.sandbox.mailchimp;

import io.mlconnector.sandbox.core.TlsMaterial;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** mailchimp.md §11.1: auth, data center, problem documents, routing errors, ping. */
class MailchimpTransportTest {

    private static MailchimpSimulator mc;
    private static McClient client;

    @BeforeAll
    static void start() {
        mc = MailchimpSimulator.builder().dataCenter("us21").start();
        client = McClient.basic(mc);
    }

    @AfterAll
    static void stop() {
        mc.close();
    }

    @Test
    void baseUrlAndKeyHaveMailchimpShapes() {
        assertTrue(mc.baseUrl().matches("http://127\\.0\\.0\\.1:\\d+/3\\.0"), mc.baseUrl());
        assertTrue(mc.apiKey().matches("[0-9a-f]{32}-us21"));
    }

    @Test
    void pingAnswersWithBasicBearerAndOAuth() {
        McClient.Reply reply = client.get("/ping");
        assertEquals(200, reply.status());
        assertEquals("application/json; charset=utf-8", reply.contentType());
        assertEquals("Everything's Chimpy!", reply.json().get("health_status").asText());
        assertTrue(reply.header("X-Request-Id").matches("[0-9a-f-]{36}"));
        assertEquals(200, new McClient(mc.baseUrl(), "Bearer " + mc.apiKey()).get("/ping").status());
        assertEquals(200, new McClient(mc.baseUrl(), "OAuth " + mc.apiKey()).get("/ping").status());
    }

    @Test
    void accountRootNamesTheAccount() {
        McClient.Reply reply = client.get("/");
        assertEquals(200, reply.status());
        assertFalse(reply.json().get("account_id").asText().isEmpty());
        assertFalse(reply.json().get("account_name").asText().isEmpty());
    }

    @Test
    void missingKeyIsApiKeyMissing() {
        McClient.Reply reply = new McClient(mc.baseUrl(), null).get("/ping");
        assertEquals(401, reply.status());
        assertEquals("API Key Missing", reply.title());
    }

    @Test
    void unknownKeyIsApiKeyInvalid() {
        McClient.Reply reply = new McClient(mc.baseUrl(), McClient.basicHeader("0123456789abcdef0123456789abcdef-us21")).get("/ping");
        assertEquals(401, reply.status());
        assertEquals("API Key Invalid", reply.title());
        assertEquals("Your API key may be invalid, or you've attempted to access the wrong datacenter.", reply.detail(), "R10");
    }

    @Test
    void keyOfAnotherDataCenterIsWrongDatacenterOrInvalidBySwitch() {
        String otherDc = mc.apiKey().replace("-us21", "-us6");
        McClient other = new McClient(mc.baseUrl(), McClient.basicHeader(otherDc));
        McClient.Reply reply = other.get("/ping");
        assertEquals(403, reply.status());
        assertEquals("Wrong Datacenter", reply.title());
        mc.settings().wrongDataCenterAs401(true);
        try {
            reply = other.get("/ping");
            assertEquals(401, reply.status());
            assertEquals("API Key Invalid", reply.title());
        } finally {
            mc.settings().wrongDataCenterAs401(false);
        }
    }

    @Test
    void errorsAreProblemDocuments() {
        McClient.Reply reply = client.get("/lists/nosuchlist");
        assertEquals(404, reply.status());
        assertEquals("application/problem+json; charset=utf-8", reply.contentType());
        assertEquals("Resource Not Found", reply.title());
        assertEquals("The requested resource could not be found.", reply.detail());
        assertEquals(404, reply.json().get("status").asInt());
        assertEquals(reply.header("X-Request-Id"), reply.json().get("instance").asText());
        assertEquals("https://mailchimp.com/developer/marketing/docs/errors/", reply.json().get("type").asText());
        assertTrue(reply.header("Link").contains("ProblemDetailDocument.json"));
        mc.settings().omitProblemType(true);
        try {
            assertFalse(client.get("/lists/nosuchlist").json().has("type"));
        } finally {
            mc.settings().omitProblemType(false);
        }
    }

    @Test
    void wrongMethodIs405WithAllow() {
        McClient.Reply reply = client.send("PUT", "/lists/" + mc.createAudience("A") + "/members", "{}");
        assertEquals(405, reply.status());
        assertEquals("Method Not Allowed", reply.title());
        assertEquals("GET, POST", reply.header("Allow"));
    }

    @Test
    void unparseableJsonIsJsonParseError() {
        String listId = mc.createAudience("A");
        McClient.Reply reply = client.post("/lists/" + listId + "/members", "{\"email_address\": ");
        assertEquals(400, reply.status());
        assertEquals("JSON Parse Error", reply.title());
    }

    @Test
    void triggerErrorHeaderForcesAGlossaryError() {
        McClient.Reply forced = client.send("GET", "/ping", null, "X-Trigger-Error", "InternalServerError");
        assertEquals(500, forced.status());
        assertEquals("Internal Server Error", forced.title());
        assertEquals(503, client.send("GET", "/ping", null, "X-Trigger-Error", "ComplianceRelated").status());
        assertEquals(200, client.send("GET", "/ping", null, "X-Trigger-Error", "NoSuchError").status());
    }

    @Test
    void unknownPathIs404() {
        assertEquals(404, client.get("/nothing/here").status());
        assertEquals(404, new McClient(mc.baseUrl().replace("/3.0", "/2.0"), McClient.basicHeader(mc.apiKey())).get("/ping").status());
    }

    @Test
    void servesHttpsWithGeneratedCertificate() throws Exception {
        TlsMaterial tls = TlsMaterial.generate();
        try (MailchimpSimulator secure = MailchimpSimulator.builder().tls(tls).start()) {
            assertTrue(secure.baseUrl().startsWith("https://127.0.0.1:"));
            HttpClient https = HttpClient.newBuilder().sslContext(tls.clientSslContext()).build();
            HttpResponse<String> ping = https.send(HttpRequest.newBuilder(URI.create(secure.baseUrl() + "/ping"))
                    .header("Authorization", "Bearer " + secure.apiKey()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ping.statusCode());
        }
    }

    @Test
    void journalRecordsRequestsWithoutTheKey() {
        client.get("/ping");
        assertTrue(mc.journal().entries().stream().anyMatch(e -> e.path().equals("/3.0/ping")));
        assertTrue(mc.journal().entries().stream().noneMatch(e -> e.headers().values().stream()
                .anyMatch(v -> v.contains(McClient.basicHeader(mc.apiKey()).substring(6)))));
    }
}
