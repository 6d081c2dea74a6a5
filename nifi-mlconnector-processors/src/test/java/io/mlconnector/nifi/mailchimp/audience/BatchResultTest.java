package io.mlconnector.nifi.mailchimp.audience;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlconnector.nifi.mailchimp.MailchimpResponse;
import io.mlconnector.nifi.mailchimp.contact.SubscriberHash;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class BatchResultTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Read as tokens: what the sync reads of each member is found whatever else the answer holds around it. */
    @Test
    void readsWrittenAndRefusedMembersSkippingTheRest() throws Exception {
        final BatchResult result = BatchResult.parse(new MailchimpResponse(200, JSON.readTree("""
                {"total_created": 1, "extra": {"nested": [1, {"a": "b"}]},
                 "new_members": [{"email_address": "New@Example.com", "merge_fields": {"FNAME": "N"}, "status": "subscribed",
                                  "last_changed": "2026-01-02T03:04:05+00:00", "tags": [{"name": "x"}]}],
                 "updated_members": [{"email_address": "old@example.com", "status": "unsubscribed", "last_changed": null}],
                 "errors": [{"email_address": "bad@example.com", "error": "Looks fake", "error_code": "ERROR_GENERIC",
                             "field": "email_address", "field_message": "fake"}],
                 "error_count": 1}""")));

        assertEquals(new BatchResult.Written(true, "subscribed", "2026-01-02T03:04:05+00:00"),
                result.written(SubscriberHash.of("new@example.com")));
        assertEquals(new BatchResult.Written(false, "unsubscribed", null), result.written(SubscriberHash.of("old@example.com")));
        assertEquals("Looks fake (email_address: fake)", result.refused(SubscriberHash.of("bad@example.com")).message());
        assertNull(result.written(SubscriberHash.of("bad@example.com")));
        assertNull(result.refused(SubscriberHash.of("new@example.com")));
    }
}
