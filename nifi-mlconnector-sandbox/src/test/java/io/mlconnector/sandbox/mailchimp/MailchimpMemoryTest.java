package io.mlconnector.sandbox.mailchimp;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** 100,000 members with merge values and tags fit in a small heap and page over HTTP. */
@Tag("bounded-heap")
class MailchimpMemoryTest {

    private static final int MEMBERS = 100_000;

    @Test
    void hundredThousandMembersStayLean() {
        try (MailchimpSimulator mc = MailchimpSimulator.builder().start()) {
            String listId = mc.createAudience("Employees");
            Audience audience = mc.audience(listId);
            audience.addMergeField("EMPLID", "text", false);
            audience.addMergeField("DEPT", "text", false);
            long before = usedHeap();
            for (int i = 0; i < MEMBERS; i++) {
                audience.seedMember("employee" + i + "@example.com", i % 10 == 0 ? "unsubscribed" : "subscribed",
                        Map.of("FNAME", "First" + i, "LNAME", "Last" + i, "EMPLID", "E" + (100000 + i), "DEPT", "D" + (i % 40)));
            }
            long perMember = (usedHeap() - before) / MEMBERS;
            System.out.println("Mailchimp simulator: ~" + perMember + " bytes of heap per member");
            assertTrue(perMember < 1_000, perMember + " bytes per member");

            McClient client = McClient.basic(mc);
            McClient.Reply page = client.get("/lists/" + listId + "/members?count=1000&offset=99000&status=subscribed");
            assertEquals(200, page.status());
            assertEquals(90_000, page.json().get("total_items").asInt());
            assertEquals(0, page.json().get("members").size());
            assertEquals(1000, client.get("/lists/" + listId + "/members?count=1000&offset=50000").json().get("members").size());
        }
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
