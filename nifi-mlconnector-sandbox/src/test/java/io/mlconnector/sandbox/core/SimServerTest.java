package io.mlconnector.sandbox.core;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimServerTest {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private SimServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private SimServer start(SimHandler handler) throws IOException {
        server = SimServer.builder().name("test").clock(SimClock.fixed(Instant.parse("2024-05-01T10:00:00Z")))
                .handler(handler).start();
        return server;
    }

    private HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void handlerSeesDecodedRequestAndJournalRedactsCredentials() throws Exception {
        start(req -> SimResponse.text(201, "text/plain", req.method() + " " + req.pathSegments() + " "
                + req.queryParam("q") + " " + req.queryParamIgnoreCase("MAXROWS") + " " + req.header("x-custom")
                + " " + req.bodyAsString()).header("X-Answer", "42"));

        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(
                        URI.create(server.baseUrl() + "/a/b%20c?q=x%2Cy&maxrows=5"))
                .header("Authorization", "Basic UFM6UFMtc2VjcmV0").header("X-Custom", "v")
                .POST(HttpRequest.BodyPublishers.ofString("hello")).build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(201, response.statusCode());
        assertEquals("42", response.headers().firstValue("x-answer").orElseThrow());
        assertEquals("POST [a, b c] x,y 5 v hello", response.body());
        JournalEntry entry = server.journal().entries().getFirst();
        assertEquals(Instant.parse("2024-05-01T10:00:00Z"), entry.at());
        assertEquals("/a/b c", entry.path());
        assertEquals("q=x%2Cy&maxrows=5", entry.query());
        assertEquals("<redacted>", entry.header("authorization"));
        assertEquals("hello", entry.body());
        assertEquals(201, entry.status());
        assertEquals(1, server.journal().count(e -> e.method().equals("POST")));
        server.journal().clear();
        assertTrue(server.journal().entries().isEmpty());
    }

    @Test
    void streamsLargeBodiesChunked() throws Exception {
        start(req -> SimResponse.stream(200, "text/plain", out -> {
            byte[] line = "0123456789012345678901234567890123456789\n".getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 100_000; i++) {
                out.write(line);
            }
        }));
        HttpResponse<String> response = get("/big");
        assertEquals(4_100_000, response.body().length());
        assertFalse(response.headers().firstValue("content-length").isPresent());
    }

    @Test
    void servesSixtySimultaneousRequests() throws Exception {
        int parallel = 60;
        CountDownLatch allInside = new CountDownLatch(parallel);
        start(req -> {
            allInside.countDown();
            try {
                return SimResponse.text(allInside.await(20, TimeUnit.SECONDS) ? 200 : 503, "text/plain", "ok");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        });
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < parallel; i++) {
            calls.add(CLIENT.sendAsync(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/c" + i)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            assertEquals(200, call.get(30, TimeUnit.SECONDS).statusCode());
        }
    }

    @Test
    void handlerFailureBecomes500() throws Exception {
        start(req -> {
            throw new IllegalStateException("boom");
        });
        assertEquals(500, get("/x").statusCode());
    }

    @Test
    void appliesEachKindOfFault() throws Exception {
        start(req -> SimResponse.text(200, "application/json", "{\"ok\":true,\"pad\":\"" + "x".repeat(200) + "\"}"));
        Faults faults = server.faults();

        faults.failNth(1, Fault.status(503, "text/html", "<html>busy</html>"));
        HttpResponse<String> busy = get("/f");
        assertEquals(503, busy.statusCode());
        assertEquals("<html>busy</html>", busy.body());

        faults.failNth(1, Fault.connectionReset());
        assertThrows(IOException.class, () -> get("/f"));

        faults.failNth(1, Fault.malformedBody());
        HttpResponse<String> malformed = get("/f");
        assertEquals(200, malformed.statusCode());
        assertFalse(malformed.body().endsWith("}"));

        faults.failNth(1, Fault.truncatedBody());
        assertThrows(IOException.class, () -> get("/f"));

        faults.failNth(1, Fault.slowBody(Duration.ofMillis(50)));
        assertTrue(get("/f").body().endsWith("\"}"));

        faults.failNth(1, Fault.delay(Duration.ofMillis(50)));
        assertTrue(get("/f").body().endsWith("\"}"));

        faults.failNth(2, Fault.status(500, null, null));
        assertEquals(200, get("/f").statusCode());
        assertEquals(500, get("/f").statusCode());
        assertEquals(200, get("/f").statusCode());

        List<Integer> statuses = server.journal().entries().stream().map(JournalEntry::status).toList();
        assertEquals(List.of(503, 0, 200, 200, 200, 200, 200, 500, 200), statuses);
    }

    @Test
    void truncatesStreamedBodies() throws Exception {
        start(req -> SimResponse.stream(200, "text/plain", out -> out.write(new byte[200_000])));
        server.faults().failNth(1, Fault.truncatedBody());
        assertThrows(IOException.class, () -> get("/s"));
        assertEquals(200_000, get("/s").body().length());
    }

    @Test
    void probabilisticFaultsAreRepeatableForASeed() {
        List<Boolean> first = draw(new Faults().failWithProbability(0.3, Fault.connectionReset(), 7));
        List<Boolean> second = draw(new Faults().failWithProbability(0.3, Fault.connectionReset(), 7));
        assertEquals(first, second);
        long hits = first.stream().filter(b -> b).count();
        assertTrue(hits > 200 && hits < 400, "about 30% of 1000: " + hits);
        Faults cleared = new Faults().failWithProbability(1, Fault.connectionReset(), 1);
        cleared.clear();
        assertFalse(draw(cleared).contains(true));
    }

    @Test
    void aMatchingFaultHitsTheNthMatchingRequestWhateverArrivesBetween() {
        Faults faults = new Faults().failNthMatching(2, r -> r.method().equals("POST"), Fault.connectionReset());
        assertFalse(faults.next(request("POST")).isPresent());
        assertFalse(faults.next(request("GET")).isPresent());
        assertTrue(faults.next(request("POST")).isPresent());
        assertFalse(faults.next(request("POST")).isPresent(), "once only");
    }

    private static SimRequest request(String method) {
        return new SimRequest(method, "/x", null, Map.of(), Map.of(), new byte[0]);
    }

    private static List<Boolean> draw(Faults faults) {
        List<Boolean> drawn = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            drawn.add(faults.next(request("GET")).isPresent());
        }
        return drawn;
    }
}
