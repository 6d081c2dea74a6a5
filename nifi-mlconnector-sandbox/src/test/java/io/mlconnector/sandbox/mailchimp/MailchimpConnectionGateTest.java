package io.mlconnector.sandbox.mailchimp;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** mailchimp.md §7.1 and §11.7 L1/L2: ten simultaneous requests per key, the eleventh is throttled. */
class MailchimpConnectionGateTest {

    /** Long enough that all eleven requests overlap on a busy machine; not asserted. */
    private static final Duration HOLD = Duration.ofMillis(1500);

    private static List<McClient.Reply> elevenAtOnce(MailchimpSimulator mc) {
        McClient client = McClient.basic(mc);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<CompletableFuture<McClient.Reply>> replies = new ArrayList<>();
            for (int i = 0; i < 11; i++) {
                replies.add(CompletableFuture.supplyAsync(() -> client.get("/ping"), pool));
            }
            return replies.stream().map(CompletableFuture::join).toList();
        }
    }

    @Test
    void eleventhSimultaneousRequestGets429() {
        try (MailchimpSimulator mc = MailchimpSimulator.builder().latency(HOLD, Duration.ZERO).start()) {
            List<McClient.Reply> replies = elevenAtOnce(mc);
            assertEquals(10, replies.stream().filter(r -> r.status() == 200).count());
            McClient.Reply throttled = replies.stream().filter(r -> r.status() != 200).findFirst().orElseThrow();
            assertEquals(429, throttled.status());
            assertEquals("Too Many Requests", throttled.title());
            assertEquals("You have exceeded the limit of 10 simultaneous connections.", throttled.detail());
            assertEquals(null, throttled.header("Retry-After"));
            assertEquals(200, McClient.basic(mc).get("/ping").status(), "the gate reopens");
        }
    }

    @Test
    void eleventhSimultaneousRequestGetsEmpty403InTheOtherMode() {
        try (MailchimpSimulator mc = MailchimpSimulator.builder().latency(HOLD, Duration.ZERO)
                .throttleResponse(MailchimpSimulator.ThrottleResponse.FORBIDDEN_EMPTY_403).start()) {
            List<McClient.Reply> replies = elevenAtOnce(mc);
            assertEquals(10, replies.stream().filter(r -> r.status() == 200).count());
            McClient.Reply throttled = replies.stream().filter(r -> r.status() != 200).findFirst().orElseThrow();
            assertEquals(403, throttled.status());
            assertEquals(0, throttled.raw().body().length);
        }
    }

    @Test
    void batchMemberLatencyHoldsTheGate() {
        try (MailchimpSimulator mc = MailchimpSimulator.builder().maxConnections(1)
                .latency(Duration.ZERO, Duration.ofMillis(300)).start()) {
            String listId = mc.createAudience("A");
            McClient client = McClient.basic(mc);
            mc.settings().retryAfterSeconds(2);
            CompletableFuture<McClient.Reply> batch = CompletableFuture.supplyAsync(() -> client.post("/lists/" + listId,
                    "{\"members\":[{\"email_address\":\"a@example.com\",\"status\":\"subscribed\"},"
                            + "{\"email_address\":\"b@example.com\",\"status\":\"subscribed\"},"
                            + "{\"email_address\":\"c@example.com\",\"status\":\"subscribed\"},"
                            + "{\"email_address\":\"d@example.com\",\"status\":\"subscribed\"},"
                            + "{\"email_address\":\"e@example.com\",\"status\":\"subscribed\"}]}"));
            McClient.Reply ping;
            do {
                ping = client.get("/ping");
            } while (ping.status() == 200 && !batch.isDone());
            assertEquals(429, ping.status(), "a ping while the batch runs finds the single slot taken");
            assertEquals("2", ping.header("Retry-After"));
            assertEquals(5, batch.join().json().get("total_created").asInt());
        }
    }
}
