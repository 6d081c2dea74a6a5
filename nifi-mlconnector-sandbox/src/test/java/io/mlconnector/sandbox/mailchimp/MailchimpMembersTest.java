package io.mlconnector.sandbox.mailchimp;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** mailchimp.md §11.2 and §11.4: members, the status state machine, tags and interests. */
class MailchimpMembersTest extends AudienceTestBase {

    private String member(String email) {
        return "/lists/" + listId + "/members/" + McClient.hash(email);
    }

    private static String upsert(String email, String statusIfNew) {
        return "{\"email_address\":\"" + email + "\",\"status_if_new\":\"" + statusIfNew + "\"}";
    }

    @Test
    void putCreatesThenUpdatesAndGetReturnsTheMember() {
        McClient.Reply created = client.put(member("Jane.Doe@Example.com"),
                "{\"email_address\":\"Jane.Doe@Example.com\",\"status_if_new\":\"subscribed\",\"merge_fields\":{\"FNAME\":\"Jane\"},\"language\":\"en\"}");
        assertEquals(200, created.status());
        JsonNode body = created.json();
        assertEquals("0cba00ca3da1b283a57287bcceb17e35", body.get("id").asText());
        assertEquals("subscribed", body.get("status").asText());
        assertEquals("Jane", body.get("merge_fields").get("FNAME").asText());
        assertEquals("", body.get("merge_fields").get("LNAME").asText());
        assertEquals(listId, body.get("list_id").asText());
        for (String field : List.of("unique_email_id", "contact_id", "interests", "vip", "tags_count", "tags", "last_changed",
                "timestamp_signup", "timestamp_opt", "_links", "language")) {
            assertTrue(body.has(field) || field.equals("interests"), field);
        }
        assertEquals(MemberJson.time(clock.now()), body.get("last_changed").asText());

        McClient.Reply updated = client.put(member("jane.doe@example.com"),
                "{\"email_address\":\"jane.doe@example.com\",\"status_if_new\":\"unsubscribed\",\"merge_fields\":{\"LNAME\":\"Doe\"}}");
        assertEquals(200, updated.status());
        assertEquals("subscribed", updated.json().get("status").asText(), "status_if_new is ignored for existing members");
        assertEquals(Map.of("FNAME", "Jane", "LNAME", "Doe"), audience.member("JANE.DOE@example.com").orElseThrow().mergeFields());
        assertEquals("Jane", client.get(member("jane.doe@example.com")).json().get("merge_fields").get("FNAME").asText());
    }

    @Test
    void putWithHashOfTheMixedCaseAddressIsMemberExists() {
        client.put(member("jane@example.com"), upsert("jane@example.com", "subscribed"));
        String wrongHash = md5OfRaw("Jane@Example.com");
        McClient.Reply reply = client.put("/lists/" + listId + "/members/" + wrongHash, upsert("Jane@Example.com", "subscribed"));
        assertEquals(400, reply.status());
        assertEquals("Member Exists", reply.title());
        assertEquals("Jane@Example.com is already a list member. Use PUT to insert or update list members.", reply.detail());
    }

    private static String md5OfRaw(String s) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
                    .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void putWithoutStatusIfNewFollowsTheSchemaUnlessRelaxed() {
        McClient.Reply reply = client.put(member("a@example.com"), "{\"email_address\":\"a@example.com\"}");
        assertEquals(400, reply.status());
        assertEquals("Invalid Resource", reply.title());
        assertEquals("Required fields were not provided: status_if_new", reply.json().get("errors").get(0).get("message").asText());
        audience.seedMember("a@example.com", "subscribed", Map.of());
        mc.settings().putRequiresStatusIfNew(false);
        try {
            assertEquals(200, client.put(member("a@example.com"), "{\"merge_fields\":{\"FNAME\":\"A\"}}").status());
            assertEquals(400, client.put(member("b@example.com"), "{\"email_address\":\"b@example.com\"}").status());
        } finally {
            mc.settings().putRequiresStatusIfNew(true);
        }
    }

    @Test
    void bodiesMailchimpWouldRejectGet400() {
        McClient.Reply archived = client.put(member("a@example.com"), upsert("a@example.com", "archived"));
        assertEquals(400, archived.status());
        assertEquals("status_if_new", archived.json().get("errors").get(0).get("field").asText());
        McClient.Reply vip = client.put(member("a@example.com"),
                "{\"email_address\":\"a@example.com\",\"status_if_new\":\"subscribed\",\"vip\":\"yes\"}");
        assertEquals(400, vip.status());
        assertEquals("Schema describes boolean, STRING found instead", vip.json().get("errors").get(0).get("message").asText());
        McClient.Reply post = client.post("/lists/" + listId + "/members", "{\"email_address\":\"a@example.com\"}");
        assertEquals("Required fields were not provided: status", post.json().get("errors").get(0).get("message").asText());
        McClient.Reply patch = client.patch(member("a@example.com"), "{\"status\":\"transactional\"}");
        assertEquals(400, patch.status(), "PATCH does not take transactional");
    }

    @Test
    void resubscribingAnUnsubscribedMemberIsMemberInComplianceState() {
        audience.seedMember("gone@example.com", "unsubscribed", Map.of());
        McClient.Reply reply = client.put(member("gone@example.com"),
                "{\"email_address\":\"gone@example.com\",\"status_if_new\":\"subscribed\",\"status\":\"subscribed\"}");
        assertEquals(400, reply.status());
        assertEquals("Member In Compliance State", reply.title());
        assertEquals("gone@example.com is in a compliance state due to unsubscribe, bounce, or compliance review and cannot be subscribed.",
                reply.detail());
        assertEquals("Member In Compliance State", client.patch(member("gone@example.com"), "{\"status\":\"subscribed\"}").title());
        assertEquals("pending", client.patch(member("gone@example.com"), "{\"status\":\"pending\"}").json().get("status").asText());
        assertEquals("unsubscribed", client.put(member("kept@example.com"), upsert("kept@example.com", "unsubscribed"))
                .json().get("status").asText());
    }

    @Test
    void cleanedMembersCannotBeUpdatedOrArchived() {
        audience.seedMember("bounce@example.com", "cleaned", Map.of());
        McClient.Reply update = client.patch(member("bounce@example.com"), "{\"merge_fields\":{\"FNAME\":\"B\"}}");
        assertEquals(400, update.status());
        assertTrue(update.detail().contains("\"cleaned.\""));
        McClient.Reply delete = client.delete(member("bounce@example.com"));
        assertEquals(405, delete.status());
        assertEquals("This list member cannot be removed.  Please contact support.", delete.detail());
    }

    @Test
    void deleteArchivesAndPutReactivates() {
        client.put(member("leaver@example.com"), upsert("leaver@example.com", "subscribed"));
        McClient.Reply delete = client.delete(member("leaver@example.com"));
        assertEquals(204, delete.status());
        assertEquals(0, delete.raw().body().length);
        assertEquals("archived", client.get(member("leaver@example.com")).json().get("status").asText());
        JsonNode archived = client.get("/lists/" + listId + "/members?status=archived").json();
        assertEquals(1, archived.get("total_items").asInt());
        assertEquals(200, client.post("/lists/" + listId + "/members",
                "{\"email_address\":\"leaver@example.com\",\"status\":\"transactional\"}").status(), "O2: POST un-archives");
        assertEquals("Member Exists", client.post("/lists/" + listId + "/members",
                "{\"email_address\":\"leaver@example.com\",\"status\":\"subscribed\"}").title(), "R6: not archived any more");
        assertEquals(204, client.delete(member("leaver@example.com")).status());
        assertEquals("subscribed", client.put(member("leaver@example.com"), upsert("leaver@example.com", "subscribed"))
                .json().get("status").asText());
        assertEquals("subscribed", audience.member("leaver@example.com").orElseThrow().status());
        assertEquals(404, client.delete(member("never@example.com")).status());
        assertEquals(404, client.patch(member("never@example.com"), "{}").status());
    }

    @Test
    void permanentlyDeletedAddressCannotComeBack() {
        client.put(member("gdpr@example.com"), upsert("gdpr@example.com", "subscribed"));
        assertEquals(204, client.post(member("gdpr@example.com") + "/actions/delete-permanent", null).status());
        assertEquals(404, client.get(member("gdpr@example.com")).status());
        assertTrue(audience.member("gdpr@example.com").isEmpty());
        McClient.Reply put = client.put(member("gdpr@example.com"), upsert("gdpr@example.com", "subscribed"));
        assertEquals(400, put.status());
        assertEquals("Forgotten Email Not Subscribed", put.title());
        assertEquals("gdpr@example.com was permanently deleted and cannot be re-imported. The contact must re-subscribe to get back on the list.",
                put.detail());
        assertEquals("Forgotten Email Not Subscribed", client.post("/lists/" + listId + "/members",
                "{\"email_address\":\"GDPR@example.com\",\"status\":\"subscribed\"}").title());
        audience.forget("api@example.com");
        assertEquals("Forgotten Email Not Subscribed", client.put(member("api@example.com"), upsert("api@example.com", "pending")).title());
        assertEquals(400, client.post(member("x@example.com") + "/actions/unknown", null).status());
    }

    @Test
    void changingTheAddressToAnExistingMemberIsMemberExists() {
        client.put(member("one@example.com"), upsert("one@example.com", "subscribed"));
        client.put(member("two@example.com"), upsert("two@example.com", "subscribed"));
        assertEquals("Member Exists", client.patch(member("one@example.com"), "{\"email_address\":\"two@example.com\"}").title());
        McClient.Reply moved = client.patch(member("one@example.com"), "{\"email_address\":\"three@example.com\"}");
        assertEquals(McClient.hash("three@example.com"), moved.json().get("id").asText());
        assertTrue(audience.member("one@example.com").isEmpty());
    }

    @Test
    void memberPathAcceptsTheAddressUnlessSwitchedOff() {
        client.put(member("path@example.com"), upsert("path@example.com", "subscribed"));
        assertEquals(200, client.get("/lists/" + listId + "/members/path@example.com").status());
        mc.settings().acceptEmailInPath(false);
        try {
            assertEquals(404, client.get("/lists/" + listId + "/members/path@example.com").status());
        } finally {
            mc.settings().acceptEmailInPath(true);
        }
    }

    @Test
    void addressesAreValidated() {
        McClient.Reply bad = client.put(member("not-an-address"), upsert("not-an-address", "subscribed"));
        assertEquals(400, bad.status());
        assertEquals("Please provide a valid email address.", bad.detail());
        mc.settings().fakeEmailDomains(java.util.Set.of("mailinator.com"));
        try {
            assertEquals("x@mailinator.com looks fake or invalid, please enter a real email address.",
                    client.put(member("x@mailinator.com"), upsert("x@mailinator.com", "subscribed")).detail());
        } finally {
            mc.settings().fakeEmailDomains(java.util.Set.of());
        }
    }

    @Test
    void listPagesFiltersAndProjects() {
        for (int i = 0; i < 25; i++) {
            audience.seedMember("p" + i + "@example.com", i % 5 == 0 ? "unsubscribed" : "subscribed", Map.of());
        }
        clock.advance(Duration.ofHours(1));
        Instant after = clock.now();
        clock.advance(Duration.ofSeconds(1));
        client.patch(member("p3@example.com"), "{\"merge_fields\":{\"FNAME\":\"P\"}}");
        JsonNode first = client.get("/lists/" + listId + "/members").json();
        assertEquals(10, first.get("members").size());
        assertEquals(25, first.get("total_items").asInt());
        JsonNode last = client.get("/lists/" + listId + "/members?count=10&offset=20").json();
        assertEquals(5, last.get("members").size());
        assertEquals(5, client.get("/lists/" + listId + "/members?status=unsubscribed&count=1000").json().get("total_items").asInt());
        assertEquals(25, client.get("/lists/" + listId + "/members?count=5000").json().get("total_items").asInt());
        mc.settings().rejectCountOverMaximum(true);
        try {
            assertEquals(400, client.get("/lists/" + listId + "/members?count=5000").status());
        } finally {
            mc.settings().rejectCountOverMaximum(false);
        }
        JsonNode changed = client.get("/lists/" + listId + "/members?since_last_changed=" + after).json();
        assertEquals(1, changed.get("total_items").asInt());
        JsonNode projected = client.get("/lists/" + listId + "/members?fields=members.email_address,total_items&count=2").json();
        List<String> names = new ArrayList<>();
        projected.fieldNames().forEachRemaining(names::add);
        assertEquals(List.of("members", "total_items"), names);
        assertEquals(1, projected.get("members").get(0).size());
        JsonNode excluded = client.get("/lists/" + listId + "/members?exclude_fields=members.location,_links&count=1").json();
        assertFalse(excluded.has("_links"));
        assertFalse(excluded.get("members").get(0).has("location"));
        assertTrue(excluded.get("members").get(0).has("merge_fields"));
    }

    @Test
    void tagsAreAddedRemovedAndListed() {
        client.put(member("t@example.com"), upsert("t@example.com", "subscribed"));
        assertEquals(204, client.post(member("t@example.com") + "/tags",
                "{\"tags\":[{\"name\":\"Employee\",\"status\":\"active\"},{\"name\":\"Finance\",\"status\":\"active\"}]}").status());
        assertEquals(204, client.post(member("t@example.com") + "/tags",
                "{\"tags\":[{\"name\":\"Finance\",\"status\":\"inactive\"}],\"is_syncing\":true}").status());
        JsonNode tags = client.get(member("t@example.com") + "/tags").json();
        assertEquals(1, tags.get("total_items").asInt());
        assertEquals("Employee", tags.get("tags").get(0).get("name").asText());
        assertTrue(tags.get("tags").get(0).has("date_added"));
        assertEquals(List.of("Employee"), audience.member("t@example.com").orElseThrow().tags());
        assertEquals(404, client.post(member("nobody@example.com") + "/tags", "{\"tags\":[]}").status());
        assertEquals(400, client.post(member("t@example.com") + "/tags", "{\"tags\":[{\"name\":\"X\"}]}").status());
        assertEquals(1, client.get("/lists/" + listId + "/tag-search?name=empl").json().get("total_items").asInt());
        JsonNode created = client.post("/lists/" + listId + "/members",
                "{\"email_address\":\"new@example.com\",\"status\":\"subscribed\",\"tags\":[\"Customer\"]}").json();
        assertEquals("Customer", created.get("tags").get(0).get("name").asText());
    }

    @Test
    void staticSegmentsAreTagsAndTakeAtMost500Addresses() {
        audience.seedMember("s1@example.com", "subscribed", Map.of());
        audience.seedMember("s2@example.com", "subscribed", Map.of());
        JsonNode segment = client.post("/lists/" + listId + "/segments",
                "{\"name\":\"Finance\",\"static_segment\":[\"s1@example.com\"]}").json();
        assertEquals(1, segment.get("member_count").asInt());
        String path = "/lists/" + listId + "/segments/" + segment.get("id").asInt();
        JsonNode result = client.post(path, "{\"members_to_add\":[\"s2@example.com\",\"nobody@example.com\"],"
                + "\"members_to_remove\":[\"s1@example.com\"]}").json();
        assertEquals(1, result.get("total_added").asInt());
        assertEquals(1, result.get("total_removed").asInt());
        assertEquals(1, result.get("error_count").asInt());
        assertEquals(List.of("Finance"), audience.member("s2@example.com").orElseThrow().tags());
        StringBuilder many = new StringBuilder("[");
        for (int i = 0; i < 501; i++) {
            many.append(i == 0 ? "" : ",").append("\"x").append(i).append("@example.com\"");
        }
        McClient.Reply tooMany = client.post(path, "{\"members_to_add\":" + many + "]}");
        assertEquals(400, tooMany.status());
        assertTrue(tooMany.detail().startsWith("Maximum allowed member items exceeded"));
        assertEquals(1, client.get("/lists/" + listId + "/segments").json().get("total_items").asInt());
    }

    @Test
    void interestsMustExist() {
        String category = client.post("/lists/" + listId + "/interest-categories",
                "{\"title\":\"Kind\",\"type\":\"hidden\"}").json().get("id").asText();
        String interest = client.post("/lists/" + listId + "/interest-categories/" + category + "/interests",
                "{\"name\":\"Employee\"}").json().get("id").asText();
        assertEquals(1, client.get("/lists/" + listId + "/interest-categories/" + category + "/interests").json()
                .get("total_items").asInt());
        JsonNode member = client.put(member("i@example.com"), "{\"email_address\":\"i@example.com\",\"status_if_new\":\"subscribed\","
                + "\"interests\":{\"" + interest + "\":true}}").json();
        assertTrue(member.get("interests").get(interest).asBoolean());
        McClient.Reply unknown = client.patch(member("i@example.com"), "{\"interests\":{\"0000000000\":true}}");
        assertEquals(400, unknown.status());
        assertEquals("interests", unknown.json().get("errors").get(0).get("field").asText());
        assertFalse(audience.member("i@example.com").orElseThrow().interests().isEmpty());
    }

    @Test
    void listsAreListedAndUnknownListIs404() {
        assertTrue(client.get("/lists?count=1000").json().get("total_items").asInt() >= 1);
        assertEquals("Employees", client.get("/lists/" + listId).json().get("name").asText());
        assertEquals(404, client.put("/lists/0000000000/members/" + McClient.hash("a@b.co"), upsert("a@b.co", "subscribed")).status());
    }
}
