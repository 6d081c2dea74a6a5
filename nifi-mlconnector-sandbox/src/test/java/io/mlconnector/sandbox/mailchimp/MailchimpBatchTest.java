package io.mlconnector.sandbox.mailchimp;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** mailchimp.md §3, §4, §11.5 and §11.6: batch subscribe and async batches. */
class MailchimpBatchTest extends AudienceTestBase {

    @BeforeAll
    void slowBatches() {
        mc.settings().batchProcessingTime(Duration.ofSeconds(40));
    }

    private static String members(int count, String status) {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            json.append(i == 0 ? "" : ",").append("{\"email_address\":\"b").append(i).append("@example.com\",\"status\":\"")
                    .append(status).append("\"}");
        }
        return json.append("]").toString();
    }

    @Test
    void batchOf501Is400AndOf500Succeeds() {
        McClient.Reply tooMany = client.post("/lists/" + listId, "{\"members\":" + members(501, "subscribed") + "}");
        assertEquals(400, tooMany.status());
        assertEquals("Invalid Resource", tooMany.title());
        assertEquals(0, audience.members().size());
        JsonNode ok = client.post("/lists/" + listId + "?fields=new_members.id,total_created,error_count",
                "{\"members\":" + members(500, "subscribed") + "}").json();
        assertEquals(500, ok.get("total_created").asInt());
        assertEquals(1, ok.get("new_members").get(0).size(), "fields applies to POST answers too");
        assertTrue(ok.get("updated_members") == null);
        assertEquals(500, audience.members().size());
    }

    @Test
    void perMemberErrorsComeInsideA200() {
        audience.seedMember("exists@example.com", "subscribed", Map.of());
        audience.forget("forgotten@example.com");
        audience.addMergeField("DEPT", "text", true);
        String body = "{\"members\":["
                + "{\"email_address\":\"new@example.com\",\"status\":\"subscribed\",\"merge_fields\":{\"DEPT\":\"HR\"}},"
                + "{\"email_address\":\"exists@example.com\",\"status\":\"subscribed\",\"merge_fields\":{\"DEPT\":\"HR\"}},"
                + "{\"email_address\":\"forgotten@example.com\",\"status\":\"subscribed\",\"merge_fields\":{\"DEPT\":\"HR\"}},"
                + "{\"email_address\":\"nodept@example.com\",\"status\":\"subscribed\"},"
                + "{\"email_address\":\"bad address\",\"status\":\"subscribed\",\"merge_fields\":{\"DEPT\":\"HR\"}},"
                + "{\"email_address\":\"NEW@example.com\",\"status\":\"subscribed\",\"merge_fields\":{\"DEPT\":\"HR\"}}]}";
        McClient.Reply reply = client.post("/lists/" + listId, body);
        assertEquals(200, reply.status());
        JsonNode result = reply.json();
        assertEquals(1, result.get("total_created").asInt());
        assertEquals(0, result.get("total_updated").asInt());
        assertEquals(5, result.get("error_count").asInt());
        JsonNode errors = result.get("errors");
        assertEquals("ERROR_CONTACT_EXISTS", errors.get(0).get("error_code").asText());
        assertEquals("exists@example.com", errors.get(0).get("email_address").asText());
        assertEquals("ERROR_GENERIC", errors.get(1).get("error_code").asText());
        assertTrue(errors.get(1).get("error").asText().contains("was permanently deleted"));
        assertEquals("DEPT", errors.get(2).get("field").asText());
        assertEquals("Please enter a value", errors.get(2).get("field_message").asText());
        assertEquals("Please provide a valid email address.", errors.get(3).get("error").asText());
        assertTrue(errors.get(4).get("error").asText().contains("duplicate"));
        JsonNode skipped = client.post("/lists/" + listId + "?skip_duplicate_check=true&skip_merge_validation=true",
                "{\"members\":[{\"email_address\":\"d@example.com\",\"status\":\"pending\"},"
                        + "{\"email_address\":\"d@example.com\",\"status\":\"subscribed\"}]}").json();
        assertEquals(0, skipped.get("error_count").asInt());
        assertEquals("pending", audience.member("d@example.com").orElseThrow().status());
    }

    @Test
    void updateExistingAppliesStatusButNotOverCompliance() {
        audience.seedMember("sub@example.com", "subscribed", Map.of());
        audience.seedMember("unsub@example.com", "unsubscribed", Map.of());
        String body = "{\"update_existing\":true,\"sync_tags\":true,\"members\":["
                + "{\"email_address\":\"sub@example.com\",\"status\":\"unsubscribed\",\"tags\":[\"Leaver\"]},"
                + "{\"email_address\":\"unsub@example.com\",\"status\":\"subscribed\",\"merge_fields\":{\"FNAME\":\"U\"}}]}";
        JsonNode result = client.post("/lists/" + listId, body).json();
        assertEquals(2, result.get("total_updated").asInt());
        assertEquals("unsubscribed", audience.member("sub@example.com").orElseThrow().status());
        assertEquals(List.of("Leaver"), audience.member("sub@example.com").orElseThrow().tags());
        assertEquals("unsubscribed", audience.member("unsub@example.com").orElseThrow().status(), "silently unchanged");
        assertEquals("U", audience.member("unsub@example.com").orElseThrow().mergeFields().get("FNAME"));
        mc.settings().batchComplianceAsError(true);
        try {
            JsonNode strict = client.post("/lists/" + listId, body).json();
            assertEquals(1, strict.get("error_count").asInt());
            assertTrue(strict.get("errors").get(0).get("error").asText().contains("compliance state"));
        } finally {
            mc.settings().batchComplianceAsError(false);
        }
    }

    @Test
    void asyncBatchRunsOnTheClockAndServesATarGz() throws IOException {
        audience.seedMember("archived@example.com", "subscribed", Map.of());
        String hash = McClient.hash("jane@example.com");
        String body = "{\"operations\":["
                + "{\"method\":\"PUT\",\"path\":\"/lists/" + listId + "/members/" + hash + "\",\"operation_id\":\"emp-1\","
                + "\"body\":\"{\\\"email_address\\\":\\\"jane@example.com\\\",\\\"status_if_new\\\":\\\"subscribed\\\"}\"},"
                + "{\"method\":\"POST\",\"path\":\"/lists/" + listId + "/members\",\"operation_id\":\"emp-2\","
                + "\"body\":\"{\\\"email_address\\\":\\\"jane@example.com\\\",\\\"status\\\":\\\"subscribed\\\"}\"},"
                + "{\"method\":\"DELETE\",\"path\":\"/lists/" + listId + "/members/" + McClient.hash("archived@example.com")
                + "\",\"operation_id\":\"emp-3\"},"
                + "{\"method\":\"PATCH\",\"path\":\"/lists/" + listId + "/members/" + hash + "\",\"operation_id\":\"emp-4\","
                + "\"params\":{\"skip_merge_validation\":\"true\"},\"body\":\"{not json\"}]}";
        JsonNode batch = client.post("/batches", body).json();
        assertEquals("pending", batch.get("status").asText());
        assertEquals(4, batch.get("total_operations").asInt());
        assertEquals("", batch.get("response_body_url").asText());
        String id = batch.get("id").asText();
        assertTrue(audience.member("jane@example.com").isEmpty(), "nothing runs before the batch is due");

        clock.advance(Duration.ofSeconds(15));
        assertEquals("preprocessing", client.get("/batches/" + id).json().get("status").asText());
        clock.advance(Duration.ofSeconds(25));
        JsonNode finished = client.get("/batches/" + id).json();
        assertEquals("finished", finished.get("status").asText());
        assertEquals(4, finished.get("finished_operations").asInt());
        assertEquals(2, finished.get("errored_operations").asInt());
        assertEquals("archived", audience.member("archived@example.com").orElseThrow().status());

        McClient.Reply archive = new McClient("", null).get(finished.get("response_body_url").asText());
        assertEquals(200, archive.status());
        List<JsonNode> results = new ArrayList<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(
                new ByteArrayInputStream(archive.raw().body())))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                assertTrue(entry.getName().endsWith(".json"));
                McClient.MAPPER.readTree(tar.readAllBytes()).forEach(results::add);
            }
        }
        assertEquals(List.of(200, 400, 204, 400), results.stream().map(r -> r.get("status_code").asInt()).toList());
        assertEquals("emp-1", results.get(0).get("operation_id").asText());
        assertTrue(results.get(0).get("response").isTextual(), "response is a JSON string");
        assertEquals("subscribed", McClient.MAPPER.readTree(results.get(0).get("response").asText()).get("status").asText());
        assertEquals("Member Exists", McClient.MAPPER.readTree(results.get(1).get("response").asText()).get("title").asText());
        assertEquals("JSON Parse Error", McClient.MAPPER.readTree(results.get(3).get("response").asText()).get("title").asText());

        assertTrue(client.get("/batches").json().get("total_items").asInt() >= 1);
        assertEquals(204, client.delete("/batches/" + id).status());
        assertEquals(404, client.get("/batches/" + id).status());
        assertEquals(400, client.post("/batches", "{\"operations\":[{\"path\":\"/ping\"}]}").status());
    }
}
