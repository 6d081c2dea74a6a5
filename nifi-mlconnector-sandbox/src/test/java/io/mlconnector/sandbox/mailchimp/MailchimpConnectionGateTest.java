package io.mlconnector.sandbox.mailchimp;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** mailchimp.md §7.1 and §11.7 L1/L2: ten simultaneous requests per key, the eleventh is throttled. */
class MailchimpConnectionGateTest {

    /** Fills the gate with requests held inside it, sends one more, then lets the held ones finish. */
    private static <T> T withGateFull(MailchimpSimulator mc, int inside, Function<McClient, T> extraRequest) {
        McClient client = McClient.basic(mc);
        RequestHold hold = mc.holdRequests();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<CompletableFuture<McClient.Reply>> held = new ArrayList<>();
            for (int i = 0; i < inside; i++) {
                held.add(CompletableFuture.supplyAsync(() -> client.get("/ping"), pool));
            }
            hold.awaitHeld(inside);
            T result = extraRequest.apply(client);
            hold.release();
            held.forEach(reply -> assertEquals(200, reply.join().status(), "held requests complete normally"));
            return result;
        }
    }

    @Test
    void eleventhSimultaneousRequestGets429() {
        try (MailchimpSimulator mc = MailchimpSimulator.builder().start()) {
            McClient.Reply throttled = withGateFull(mc, 10, client -> client.get("/ping"));
            assertEquals(429, throttled.status());
            assertEquals("Too Many Requests", throttled.title());
            assertEquals("You have exceeded the limit of 10 simultaneous connections.", throttled.detail());
            assertNull(throttled.header("Retry-After"));
            assertEquals(200, McClient.basic(mc).get("/ping").status(), "the gate reopens");
        }
    }

    @Test
    void eleventhSimultaneousRequestGetsEmpty403InTheOtherMode() {
        try (MailchimpSimulator mc = MailchimpSimulator.builder()
                .throttleResponse(MailchimpSimulator.ThrottleResponse.FORBIDDEN_EMPTY_403).start()) {
            McClient.Reply throttled = withGateFull(mc, 10, client -> client.get("/ping"));
            assertEquals(403, throttled.status());
            assertEquals(0, throttled.raw().body().length);
        }
    }

    @Test
    void eleventhSimultaneousRequestGetsEmpty429WhenSwitched() {
        try (MailchimpSimulator mc = MailchimpSimulator.builder()
                .throttleResponse(MailchimpSimulator.ThrottleResponse.TOO_MANY_REQUESTS_EMPTY_429).start()) {
            McClient.Reply throttled = withGateFull(mc, 10, client -> client.get("/ping"));
            assertEquals(429, throttled.status());
            assertEquals(0, throttled.raw().body().length, "R9: no JSON body at very high volume");
        }
    }

    @Test
    void limitIsConfigurableAndRetryAfterOptional() {
        try (MailchimpSimulator mc = MailchimpSimulator.builder().maxConnections(1).start()) {
            mc.settings().retryAfterSeconds(2);
            McClient.Reply throttled = withGateFull(mc, 1, client -> client.get("/ping"));
            assertEquals(429, throttled.status());
            assertEquals("You have exceeded the limit of 1 simultaneous connections.", throttled.detail());
            assertEquals("2", throttled.header("Retry-After"));
        }
    }

    @Test
    void countsThePeakInFlightAndTheRefusedRequests() {
        try (MailchimpSimulator mc = MailchimpSimulator.builder().maxConnections(3).start()) {
            assertEquals(429, withGateFull(mc, 3, client -> client.get("/ping")).status());
            assertEquals(200, McClient.basic(mc).get("/ping").status());
            assertEquals(3, mc.peakConnections());
            assertEquals(1, mc.throttledRequests());
        }
    }

    @Test
    void connectionsAnotherClientHoldsAreNotFree() {
        try (MailchimpSimulator mc = MailchimpSimulator.builder().maxConnections(3).start()) {
            mc.occupyConnections(2);
            assertEquals(429, withGateFull(mc, 1, client -> client.get("/ping")).status());
            mc.occupyConnections(3);
            assertEquals(429, McClient.basic(mc).get("/ping").status());
            mc.occupyConnections(0);
            assertEquals(429, withGateFull(mc, 3, client -> client.get("/ping")).status(), "all three free again, not a fourth");
            assertEquals(3, mc.throttledRequests());
            assertEquals(3, mc.peakConnections());
        }
    }
}
