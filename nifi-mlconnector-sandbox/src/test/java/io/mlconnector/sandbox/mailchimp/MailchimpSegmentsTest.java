package io.mlconnector.sandbox.mailchimp;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** mailchimp.md §6.2, §6.3: tags as static segments and interest groups, as a sync sees them. */
class MailchimpSegmentsTest extends AudienceTestBase {

    @Test
    void segmentsAndInterestsArePagedTenByDefault() {
        for (int i = 0; i < 12; i++) {
            client.post("/lists/" + listId + "/segments", "{\"name\":\"Tag " + i + "\",\"static_segment\":[]}");
        }
        JsonNode first = client.get("/lists/" + listId + "/segments").json();
        assertEquals(10, first.get("segments").size());
        assertEquals(12, first.get("total_items").asInt());
        JsonNode rest = client.get("/lists/" + listId + "/segments?count=1000&offset=10").json();
        assertEquals(List.of("Tag 10", "Tag 11"), names(rest.get("segments"), "name"));

        String category = client.post("/lists/" + listId + "/interest-categories", "{\"title\":\"Unit\",\"type\":\"hidden\"}")
                .json().get("id").asText();
        for (int i = 0; i < 11; i++) {
            client.post("/lists/" + listId + "/interest-categories/" + category + "/interests", "{\"name\":\"Unit " + i + "\"}");
        }
        assertEquals(10, client.get("/lists/" + listId + "/interest-categories/" + category + "/interests").json()
                .get("interests").size());
        assertEquals(11, client.get("/lists/" + listId + "/interest-categories/" + category + "/interests?count=1000").json()
                .get("interests").size());
    }

    @Test
    void aSecondCategoryOrGroupWithTheSameNameIsRefused() {
        String categories = "/lists/" + listId + "/interest-categories";
        String category = client.post(categories, "{\"title\":\"Unit\",\"type\":\"hidden\"}").json().get("id").asText();
        McClient.Reply again = client.post(categories, "{\"title\":\"Unit\",\"type\":\"checkboxes\"}");
        assertEquals(400, again.status());
        assertTrue(again.detail().contains("already exists"), again.detail());
        client.post(categories + "/" + category + "/interests", "{\"name\":\"Retail\"}");
        assertEquals(400, client.post(categories + "/" + category + "/interests", "{\"name\":\"Retail\"}").status());
    }

    @Test
    void aBatchUpsertMovesAMemberBetweenGroupsAndTheCountsFollow() {
        String categories = "/lists/" + listId + "/interest-categories";
        String category = client.post(categories, "{\"title\":\"Unit\",\"type\":\"hidden\"}").json().get("id").asText();
        String retail = client.post(categories + "/" + category + "/interests", "{\"name\":\"Retail\"}").json().get("id").asText();
        String outlet = client.post(categories + "/" + category + "/interests", "{\"name\":\"Outlet\"}").json().get("id").asText();
        client.post("/lists/" + listId, "{\"members\":[{\"email_address\":\"a@example.com\",\"status\":\"subscribed\","
                + "\"interests\":{\"" + retail + "\":true,\"" + outlet + "\":false}}]}");
        client.post("/lists/" + listId, "{\"update_existing\":true,\"members\":[{\"email_address\":\"a@example.com\","
                + "\"interests\":{\"" + retail + "\":false,\"" + outlet + "\":true}}]}");

        JsonNode member = client.get("/lists/" + listId + "/members/" + McClient.hash("a@example.com")).json();
        assertFalse(member.get("interests").get(retail).asBoolean());
        assertTrue(member.get("interests").get(outlet).asBoolean());
        assertEquals("0", client.get(categories + "/" + category + "/interests/" + retail).json().get("subscriber_count").asText());
        assertEquals("1", client.get(categories + "/" + category + "/interests/" + outlet).json().get("subscriber_count").asText());
    }

    @Test
    void aTagsMemberCountAndTheMembersTagsAgree() {
        audience.seedMember("a@example.com", "subscribed", Map.of());
        audience.seedMember("b@example.com", "unsubscribed", Map.of());
        audience.tagMember("a@example.com", "VIP");
        JsonNode segment = client.post("/lists/" + listId + "/segments", "{\"name\":\"Dept: Sales\",\"static_segment\":[]}").json();
        String path = "/lists/" + listId + "/segments/" + segment.get("id").asInt();
        client.post(path, "{\"members_to_add\":[\"a@example.com\",\"B@example.com\"],\"members_to_remove\":[]}");

        assertEquals(2, client.get(path).json().get("member_count").asInt());
        assertEquals(2, audience.tagMemberCount("Dept: Sales"));
        assertEquals(List.of("VIP", "Dept: Sales"), audience.member("a@example.com").orElseThrow().tags());
        assertEquals(List.of("VIP", "Dept: Sales"), names(client.get("/lists/" + listId + "/members/" + McClient.hash("a@example.com"))
                .json().get("tags"), "name"));
    }

    private static List<String> names(JsonNode items, String field) {
        List<String> names = new ArrayList<>();
        items.forEach(item -> names.add(item.get(field).asText()));
        return names;
    }
}
