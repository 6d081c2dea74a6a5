package io.mlconnector.sandbox.mailchimp;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlconnector.sandbox.mailchimp.MailchimpSettings.ArchivedListing;
import io.mlconnector.sandbox.mailchimp.MailchimpSettings.BatchAnswerOrder;
import io.mlconnector.sandbox.mailchimp.MailchimpSettings.BatchArchived;
import io.mlconnector.sandbox.mailchimp.MailchimpSettings.BatchMissingStatus;
import io.mlconnector.sandbox.mailchimp.MailchimpSettings.BatchUnknownMergeTag;
import io.mlconnector.sandbox.mailchimp.MailchimpSettings.LowerCaseMergeKeys;
import io.mlconnector.sandbox.mailchimp.MailchimpSettings.SinceBoundary;
import io.mlconnector.sandbox.mailchimp.MailchimpSettings.SincePrecision;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The simulator against mailchimp-observed.md: the recorded behaviours (O2, O6-O9, R4, R10) and, for what the
 * evidence leaves open, each switch in each of its settings (O1, O3, O4, O10, O11, O13, O15).
 */
class MailchimpEvidenceTest extends AudienceTestBase {

    @AfterEach
    void defaults() {
        MailchimpSwitches.ALL.forEach(s -> MailchimpSwitches.apply(mc.settings(), s.assignment(s.defaultValue())));
        clock.set(Instant.parse("2026-01-05T10:00:00Z"));
    }

    private String member(String email) {
        return "/lists/" + listId + "/members/" + McClient.hash(email);
    }

    private McClient.Reply put(String email, String status) {
        return client.put(member(email), "{\"email_address\":\"" + email + "\",\"status_if_new\":\"" + status + "\",\"status\":\"" + status + "\"}");
    }

    private JsonNode batch(String members, boolean updateExisting) {
        McClient.Reply reply = client.post("/lists/" + listId, "{\"update_existing\":" + updateExisting + ",\"members\":[" + members + "]}");
        assertEquals(200, reply.status(), () -> reply.json().toString());
        return reply.json();
    }

    private static String item(String email, String status, String mergeFields) {
        return "{\"email_address\":\"" + email + "\"" + (status == null ? "" : ",\"status\":\"" + status + "\"")
                + (mergeFields == null ? "" : ",\"merge_fields\":" + mergeFields) + "}";
    }

    private List<String> listed(String query) {
        List<String> emails = new ArrayList<>();
        client.get("/lists/" + listId + "/members" + query).json().get("members").forEach(m -> emails.add(m.get("email_address").asText()));
        return emails;
    }

    @Test
    void archivedMembersAreListedOnlyWhenAskedForUnlessSwitched() {
        put("active@example.com", "subscribed");
        put("gone@example.com", "subscribed");
        client.delete(member("gone@example.com"));
        assertEquals(List.of("active@example.com"), listed(""), "O1: hidden by default");
        assertEquals(1, client.get("/lists/" + listId + "/members").json().get("total_items").asInt());
        assertEquals(List.of("gone@example.com"), listed("?status=archived"));
        mc.settings().archivedListing(ArchivedListing.LISTED);
        assertEquals(List.of("active@example.com", "gone@example.com"), listed(""));
        assertEquals(List.of("gone@example.com"), listed("?status=archived"));
    }

    @Test
    void aWriteWithAStatusUnarchivesKeepingIdAndTags() {
        put("back@example.com", "subscribed");
        client.post(member("back@example.com") + "/tags", "{\"tags\":[{\"name\":\"Payroll\",\"status\":\"active\"}]}");
        client.delete(member("back@example.com"));
        assertEquals(List.of("Payroll"), audience.member("back@example.com").orElseThrow().tags(), "O7: tags survive archiving");
        McClient.Reply posted = client.post("/lists/" + listId + "/members", item("back@example.com", "transactional", null));
        assertEquals(200, posted.status(), "O2: POST on an archived address");
        assertEquals(McClient.hash("back@example.com"), posted.json().get("id").asText());
        assertEquals("transactional", posted.json().get("status").asText(), "the pre-archive status is not restored");
        assertEquals(List.of("Payroll"), audience.member("back@example.com").orElseThrow().tags(), "O7: and the restore");
        client.delete(member("back@example.com"));
        assertEquals("subscribed", client.patch(member("back@example.com"), "{\"status\":\"subscribed\"}").json().get("status").asText());
        client.delete(member("back@example.com"));
        McClient.Reply withoutStatus = client.patch(member("back@example.com"), "{\"merge_fields\":{\"FNAME\":\"B\"}}");
        assertEquals("archived", withoutStatus.json().get("status").asText(), "a write without a status leaves it archived");
    }

    @Test
    void archivingAnArchivedOrPendingMemberIs405WithAllow() {
        put("twice@example.com", "subscribed");
        assertEquals(204, client.delete(member("twice@example.com")).status());
        McClient.Reply again = client.delete(member("twice@example.com"));
        assertEquals(405, again.status());
        assertEquals("Method Not Allowed", again.title());
        assertEquals("This list member cannot be removed. Can not archive a contact that is bounced, pending or archived", again.detail());
        assertEquals("GET, PUT", again.header("Allow"));
        audience.seedMember("pending@example.com", "pending", Map.of());
        assertEquals(405, client.delete(member("pending@example.com")).status(), "O6: pending");
        audience.seedMember("bounced@example.com", "cleaned", Map.of());
        McClient.Reply cleaned = client.delete(member("bounced@example.com"));
        assertEquals("This list member cannot be removed.  Please contact support.", cleaned.detail());
        assertEquals("GET, PUT", cleaned.header("Allow"));
    }

    @Test
    void tagsOfANonMemberAre404() {
        McClient.Reply reply = client.post(member("nobody@example.com") + "/tags", "{\"tags\":[{\"name\":\"X\",\"status\":\"active\"}]}");
        assertEquals(404, reply.status(), "O8");
        assertEquals("Resource Not Found", reply.title());
        assertEquals("The requested resource could not be found.", reply.detail());
    }

    @Test
    void tagChangesMoveLastChangedButWritesThatChangeNothingDoNot() {
        put("t@example.com", "subscribed");
        Instant created = audience.member("t@example.com").orElseThrow().lastChanged();
        clock.advance(Duration.ofSeconds(5));
        client.post(member("t@example.com") + "/tags", "{\"tags\":[]}");
        client.post(member("t@example.com") + "/tags", "{\"tags\":[{\"name\":\"Unknown\",\"status\":\"inactive\"}]}");
        put("t@example.com", "subscribed");
        assertEquals(created, audience.member("t@example.com").orElseThrow().lastChanged(), "O9: nothing changed");
        client.post(member("t@example.com") + "/tags", "{\"tags\":[{\"name\":\"Sales\",\"status\":\"active\"}]}");
        Instant tagged = audience.member("t@example.com").orElseThrow().lastChanged();
        assertEquals(created.plusSeconds(5), tagged, "O9 [REC]: adding a tag");
        clock.advance(Duration.ofSeconds(5));
        client.post(member("t@example.com") + "/tags", "{\"tags\":[{\"name\":\"Sales\",\"status\":\"inactive\"}]}");
        assertEquals(tagged.plusSeconds(5), audience.member("t@example.com").orElseThrow().lastChanged(), "deactivating one");
        clock.advance(Duration.ofSeconds(5));
        client.patch(member("t@example.com"), "{\"merge_fields\":{\"FNAME\":\"T\"}}");
        assertEquals(tagged.plusSeconds(10), audience.member("t@example.com").orElseThrow().lastChanged(), "a merge field");
    }

    @Test
    void batchOfAnArchivedAddressUnarchivesAsNewOrIsContactExists() {
        put("a@example.com", "subscribed");
        client.delete(member("a@example.com"));
        JsonNode unarchived = batch(item("a@example.com", "transactional", null), false);
        assertEquals(1, unarchived.get("total_created").asInt(), "O3 default: in new_members");
        assertEquals("transactional", unarchived.get("new_members").get(0).get("status").asText());
        assertEquals(McClient.hash("a@example.com"), unarchived.get("new_members").get(0).get("id").asText());

        client.delete(member("a@example.com"));
        JsonNode withoutStatus = batch(item("a@example.com", null, null), true);
        assertEquals("Required fields were not provided: status", withoutStatus.get("errors").get(0).get("field_message").asText(),
                "as new, it needs a status");

        mc.settings().batchArchived(BatchArchived.CONTACT_EXISTS);
        JsonNode exists = batch(item("a@example.com", "subscribed", null), false);
        assertEquals("ERROR_CONTACT_EXISTS", exists.get("errors").get(0).get("error_code").asText());
        assertEquals("archived", audience.member("a@example.com").orElseThrow().status());
        JsonNode updated = batch(item("a@example.com", "subscribed", null), true);
        assertEquals(1, updated.get("total_updated").asInt(), "with update_existing it is an update");
        assertEquals("subscribed", audience.member("a@example.com").orElseThrow().status());
    }

    @Test
    void batchItemWithoutStatusKeepsTheStatusOrIsRefusedAndAnEmptyStatusFailsTheRequest() {
        audience.seedMember("u@example.com", "unsubscribed", Map.of());
        JsonNode kept = batch(item("u@example.com", null, "{\"FNAME\":\"U\"}"), true);
        assertEquals("unsubscribed", kept.get("updated_members").get(0).get("status").asText(), "O4 default");
        assertEquals("U", audience.member("u@example.com").orElseThrow().mergeFields().get("FNAME"));
        JsonNode newWithout = batch(item("new@example.com", null, null), true);
        assertEquals("ERROR_GENERIC", newWithout.get("errors").get(0).get("error_code").asText(), "a new address needs a status");

        mc.settings().batchMissingStatus(BatchMissingStatus.REFUSED);
        JsonNode refused = batch(item("u@example.com", null, "{\"FNAME\":\"V\"}"), true);
        assertEquals("ERROR_GENERIC", refused.get("errors").get(0).get("error_code").asText());
        assertEquals("status", refused.get("errors").get(0).get("field").asText());
        assertEquals("U", audience.member("u@example.com").orElseThrow().mergeFields().get("FNAME"));

        McClient.Reply empty = client.post("/lists/" + listId, "{\"update_existing\":true,\"members\":["
                + item("ok@example.com", "subscribed", null) + "," + item("u@example.com", "", null) + "]}");
        assertEquals(400, empty.status(), "O4 [3P]: the whole request");
        assertEquals("members.item:1.status", empty.json().get("errors").get(0).get("field").asText());
        assertEquals("Data presented is not one of the accepted values", empty.json().get("errors").get(0).get("message").asText());
        assertTrue(audience.member("ok@example.com").isEmpty(), "nothing applied");
    }

    @Test
    void unknownMergeTagInABatchIsDroppedOrRefused() {
        JsonNode dropped = batch(item("m@example.com", "subscribed", "{\"FNAME\":\"M\",\"NOSUCH\":\"x\"}"), false);
        assertEquals(1, dropped.get("total_created").asInt(), "O11 default");
        assertEquals(Map.of("FNAME", "M"), audience.member("m@example.com").orElseThrow().mergeFields());
        mc.settings().batchUnknownMergeTag(BatchUnknownMergeTag.REFUSED);
        JsonNode refused = batch(item("n@example.com", "subscribed", "{\"NOSUCH\":\"x\"}"), false);
        assertEquals("ERROR_GENERIC", refused.get("errors").get(0).get("error_code").asText());
        assertEquals("NOSUCH", refused.get("errors").get(0).get("field").asText());
        assertEquals(200, client.put(member("p@example.com"), "{\"email_address\":\"p@example.com\",\"status_if_new\":\"subscribed\","
                + "\"merge_fields\":{\"NOSUCH\":\"x\"}}").status(), "single writes drop it whatever the switch");
    }

    @Test
    void lowerCaseMergeKeysAreDroppedUnlessSwitched() {
        client.put(member("l@example.com"), "{\"email_address\":\"l@example.com\",\"status_if_new\":\"subscribed\",\"merge_fields\":{\"fname\":\"L\"}}");
        assertTrue(audience.member("l@example.com").orElseThrow().mergeFields().isEmpty(), "O13");
        mc.settings().lowerCaseMergeKeys(LowerCaseMergeKeys.SAVED);
        client.patch(member("l@example.com"), "{\"merge_fields\":{\"fname\":\"L\"}}");
        assertEquals(Map.of("FNAME", "L"), audience.member("l@example.com").orElseThrow().mergeFields());
    }

    @Test
    void sinceLastChangedFollowsPrecisionAndBoundary() {
        clock.set(Instant.parse("2026-01-05T10:00:00.500Z"));
        put("s@example.com", "subscribed");
        assertEquals("2026-01-05T10:00:00+00:00", client.get(member("s@example.com")).json().get("last_changed").asText(),
                "shown by whole seconds");
        String atSecond = "?since_last_changed=2026-01-05T10:00:00%2B00:00";
        String atMillis = "?since_last_changed=2026-01-05T10:00:00.500Z";
        assertEquals(List.of(), listed(atSecond), "O10 default: whole seconds, exclusive");
        mc.settings().sinceBoundary(SinceBoundary.INCLUSIVE);
        assertEquals(List.of("s@example.com"), listed(atSecond));
        mc.settings().sincePrecision(SincePrecision.MILLISECOND);
        assertEquals(List.of("s@example.com"), listed(atMillis));
        mc.settings().sinceBoundary(SinceBoundary.EXCLUSIVE);
        assertEquals(List.of("s@example.com"), listed(atSecond), "half a second after the boundary");
        assertEquals(List.of(), listed(atMillis));
    }

    @Test
    void batchAnswersMayComeInAnotherOrder() {
        String members = item("x1@example.com", "subscribed", null) + "," + item("x2@example.com", "subscribed", null);
        assertEquals("x1@example.com", batch(members, true).get("new_members").get(0).get("email_address").asText(), "input order by default");
        mc.settings().batchAnswerOrder(BatchAnswerOrder.REVERSED);
        assertEquals("x2@example.com", batch(members, true).get("updated_members").get(0).get("email_address").asText(), "O15");
    }

    @Test
    void anAddressThatSignedUpTooOftenIsRefusedUntilLifted() {
        put("busy@example.com", "subscribed");
        client.delete(member("busy@example.com"));
        mc.settings().signupThrottled(Set.of("Busy@example.com", "new@example.com"));
        McClient.Reply created = put("new@example.com", "subscribed");
        assertEquals(400, created.status());
        assertEquals("Invalid Resource", created.title());
        assertEquals("new@example.com has signed up to a lot of lists very recently; we're not allowing more signups for now",
                created.detail(), "R4");
        assertEquals(400, put("busy@example.com", "subscribed").status(), "un-archiving is a signup too");
        JsonNode inBatch = batch(item("new@example.com", "transactional", null), false);
        assertEquals("ERROR_GENERIC", inBatch.get("errors").get(0).get("error_code").asText());
        assertTrue(inBatch.get("errors").get(0).get("error").asText().contains("has signed up to a lot of lists very recently"));
        mc.settings().signupThrottled(Set.of());
        assertEquals(200, put("new@example.com", "subscribed").status(), "lifted");
    }

    @Test
    void switchesAreSetByNameAndDescribed() {
        MailchimpSwitches.apply(mc.settings(), "archived-listing=listed");
        MailchimpSwitches.apply(mc.settings(), "signup-throttled=a@example.org, b@example.org");
        MailchimpSwitches.apply(mc.settings(), "throttle-response=forbidden-empty-403");
        assertEquals(ArchivedListing.LISTED, mc.settings().archivedListing());
        assertEquals(Set.of("a@example.org", "b@example.org"), mc.settings().signupThrottled());
        assertEquals("archived-listing=listed, signup-throttled=a@example.org,b@example.org, throttle-response=forbidden-empty-403",
                MailchimpSwitches.describe(mc.settings()));
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> MailchimpSwitches.apply(mc.settings(), "since-boundary=sometimes"));
        assertEquals("Mailchimp switch since-boundary takes exclusive | inclusive, got sometimes", wrong.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MailchimpSwitches.apply(mc.settings(), "no-such-switch=1"));
        String usage = MailchimpSwitches.usage("  ");
        MailchimpSwitches.ALL.forEach(s -> assertTrue(usage.contains(s.name()), s.name()));
        assertFalse(MailchimpSwitches.describe(new MailchimpSettings()).contains("="), "fresh settings are the defaults");
    }
}
