package io.mlconnector.sandbox.mailchimp;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** mailchimp.md §5 and §11.3: merge field definitions and validation of member values. */
class MailchimpMergeFieldsTest extends AudienceTestBase {

    private McClient.Reply putMember(String mergeFields, String query) {
        return client.put("/lists/" + listId + "/members/" + McClient.hash("m@example.com") + query,
                "{\"email_address\":\"m@example.com\",\"status_if_new\":\"subscribed\",\"merge_fields\":" + mergeFields + "}");
    }

    @Test
    void newAudiencesHaveTheDefaultFields() {
        JsonNode fields = client.get("/lists/" + listId + "/merge-fields?count=1000").json();
        assertEquals(4, fields.get("total_items").asInt());
        assertEquals(List.of("FNAME", "LNAME", "ADDRESS", "PHONE"), audience.mergeFields().stream().map(MergeField::tag).toList());
        assertEquals("address", fields.get("merge_fields").get(2).get("type").asText());
    }

    @Test
    void mergeFieldsAreCreatedReadPatchedAndDeleted() {
        JsonNode emplid = client.post("/lists/" + listId + "/merge-fields",
                "{\"name\":\"Employee ID\",\"tag\":\"EMPLID\",\"type\":\"text\",\"required\":false,\"public\":false}").json();
        assertEquals("EMPLID", emplid.get("tag").asText());
        int mergeId = emplid.get("merge_id").asInt();
        JsonNode auto = client.post("/lists/" + listId + "/merge-fields", "{\"name\":\"Dept\",\"type\":\"text\"}").json();
        assertEquals("MMERGE" + auto.get("merge_id").asInt(), auto.get("tag").asText());
        assertEquals("Employee ID", client.get("/lists/" + listId + "/merge-fields/" + mergeId).json().get("name").asText());
        assertTrue(client.patch("/lists/" + listId + "/merge-fields/" + mergeId, "{\"required\":true}").json().get("required").asBoolean());
        assertEquals(204, client.delete("/lists/" + listId + "/merge-fields/" + mergeId).status());
        assertEquals(404, client.get("/lists/" + listId + "/merge-fields/" + mergeId).status());
    }

    @Test
    void badMergeFieldDefinitionsAreInvalidResource() {
        assertEquals("tag", client.post("/lists/" + listId + "/merge-fields",
                "{\"name\":\"Too long\",\"tag\":\"DEPARTMENTS\",\"type\":\"text\"}").json().get("errors").get(0).get("field").asText());
        assertEquals(400, client.post("/lists/" + listId + "/merge-fields", "{\"name\":\"Dup\",\"tag\":\"FNAME\",\"type\":\"text\"}").status());
        assertEquals(400, client.post("/lists/" + listId + "/merge-fields", "{\"name\":\"Kind\",\"type\":\"colour\"}").status());
        assertEquals("Required fields were not provided: type", client.post("/lists/" + listId + "/merge-fields",
                "{\"name\":\"No type\"}").json().get("errors").get(0).get("message").asText());
        audience.setMergeFieldLimit(5);
        assertEquals(200, client.post("/lists/" + listId + "/merge-fields", "{\"name\":\"Fifth\",\"type\":\"text\"}").status());
        McClient.Reply sixth = client.post("/lists/" + listId + "/merge-fields", "{\"name\":\"Sixth\",\"type\":\"text\"}");
        assertEquals(400, sixth.status());
        assertEquals("Invalid Resource", sixth.title());
    }

    @Test
    void requiredFieldMissingIsPleaseEnterAValueUnlessSkipped() {
        audience.addMergeField("DEPT", "text", true);
        McClient.Reply reply = putMember("{\"FNAME\":\"M\"}", "");
        assertEquals(400, reply.status());
        assertEquals("Invalid Resource", reply.title());
        assertEquals("Your merge fields were invalid.", reply.detail());
        assertEquals("DEPT", reply.json().get("errors").get(0).get("field").asText());
        assertEquals("Please enter a value", reply.json().get("errors").get(0).get("message").asText());
        assertEquals(200, putMember("{\"FNAME\":\"M\"}", "?skip_merge_validation=true").status());
        assertEquals(200, putMember("{\"DEPT\":\"Finance\"}", "").status());
    }

    @Test
    void addressMustBeComplete() {
        McClient.Reply partial = putMember("{\"ADDRESS\":{\"addr1\":\"1 Main St\",\"city\":\"Springfield\"}}", "");
        assertEquals("Please enter a complete address", partial.json().get("errors").get(0).get("message").asText());
        assertEquals("ADDRESS", partial.json().get("errors").get(0).get("field").asText());
        assertEquals(200, putMember("{\"ADDRESS\":{\"addr1\":\"1 Main St\",\"city\":\"Springfield\",\"state\":\"IL\",\"zip\":\"62701\"}}", "").status());
        assertEquals(Map.of("addr1", "1 Main St", "city", "Springfield", "state", "IL", "zip", "62701"),
                audience.member("m@example.com").orElseThrow().mergeFields().get("ADDRESS"));
    }

    @Test
    void valuesOfTheWrongJsonTypeDoNotMatchAnyOf() {
        McClient.Reply reply = putMember("{\"FNAME\":[\"a\",\"b\"]}", "");
        assertEquals(400, reply.status());
        assertEquals(Problems.VALIDATION_DETAIL, reply.detail());
        assertEquals("merge_fields.FNAME", reply.json().get("errors").get(0).get("field").asText());
        assertEquals("Data did not match any of the schemas described in anyOf.", reply.json().get("errors").get(0).get("message").asText());
        assertEquals(400, putMember("{\"FNAME\":true}", "").status());
        assertEquals(400, putMember("{\"FNAME\":{\"x\":1}}", "").status());
    }

    @Test
    void lengthAndNumberTypesAreChecked() {
        audience.addMergeField("AGE", "number", false);
        assertEquals("Please enter a number", putMember("{\"AGE\":\"old\"}", "").json().get("errors").get(0).get("message").asText());
        assertEquals(200, putMember("{\"AGE\":42}", "").status());
        assertEquals(400, putMember("{\"FNAME\":\"" + "x".repeat(256) + "\"}", "").status());
    }

    @Test
    void unknownTagsAreDroppedByPut() {
        McClient.Reply reply = putMember("{\"NOSUCH\":\"x\"}", "");
        assertEquals(200, reply.status(), "O11 [REC]");
        assertTrue(reply.json().get("merge_fields").get("NOSUCH") == null, "absent from the answer");
        assertTrue(audience.member("m@example.com").orElseThrow().mergeFields().isEmpty());
    }
}
