package io.mlconnector.sandbox.core;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The HTTP(S) server under every simulator: JDK {@code HttpServer} on 127.0.0.1, one virtual thread per exchange
 * (so any number of simultaneous requests, well beyond 50), the request journal and fault plan applied to every
 * request, streamed bodies sent chunked, and one log line per request without credentials.
 */
public final class SimServer implements AutoCloseable {

    private static final Set<String> SECRET_HEADERS = Set.of("authorization", "proxy-authorization", "cookie");
    private static final String REDACTED = "<redacted>";

    private final String name;
    private final HttpServer server;
    private final ExecutorService executor;
    private final SimHandler handler;
    private final SimClock clock;
    private final RequestJournal journal;
    private final Faults faults = new Faults();
    private final System.Logger log;
    private final boolean https;

    private SimServer(Builder builder) throws IOException {
        this.name = builder.name;
        this.handler = Objects.requireNonNull(builder.handler, "handler");
        this.clock = builder.clock;
        this.journal = new RequestJournal(builder.journalCapacity, builder.journalBodyBudget);
        this.log = System.getLogger("io.mlconnector.sandbox." + name);
        this.https = builder.tls != null;
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), builder.port);
        if (https) {
            HttpsServer secure = HttpsServer.create(address, 256);
            secure.setHttpsConfigurator(new HttpsConfigurator(builder.tls.serverSslContext()));
            this.server = secure;
        } else {
            this.server = HttpServer.create(address, 256);
        }
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", this::exchange);
        server.start();
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private String name = "sim";
        private int port;
        private TlsMaterial tls;
        private SimClock clock = SimClock.system();
        private SimHandler handler;
        private int journalCapacity = RequestJournal.DEFAULT_CAPACITY;
        private long journalBodyBudget = RequestJournal.DEFAULT_BODY_BUDGET;

        private Builder() {
        }

        /** Short name used in log lines, e.g. {@code peoplesoft}. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** Port on 127.0.0.1; {@code 0} (default) picks a free ephemeral port. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Serve HTTPS with the server certificate of {@code tls}; null (default) serves plain HTTP. */
        public Builder tls(TlsMaterial tls) {
            this.tls = tls;
            return this;
        }

        /** Clock that stamps journal entries. */
        public Builder clock(SimClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder handler(SimHandler handler) {
            this.handler = handler;
            return this;
        }

        /** Most entries the journal keeps (default {@value RequestJournal#DEFAULT_CAPACITY}). */
        public Builder journalCapacity(int capacity) {
            this.journalCapacity = capacity;
            return this;
        }

        /** Most body characters the journal keeps over all its entries (default 16 Mi). */
        public Builder journalBodyBudget(long chars) {
            this.journalBodyBudget = chars;
            return this;
        }

        public SimServer start() throws IOException {
            return new SimServer(this);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:PORT} or {@code https://127.0.0.1:PORT}, without a trailing slash. */
    public String baseUrl() {
        return (https ? "https" : "http") + "://127.0.0.1:" + port();
    }

    public RequestJournal journal() {
        return journal;
    }

    public Faults faults() {
        return faults;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void exchange(HttpExchange exchange) throws IOException {
        long started = System.nanoTime();
        Instant at = clock.now();
        SimRequest request = read(exchange);
        Fault fault = faults.next(request).orElse(null);
        SimResponse response = respond(request, fault);
        int status = response == null ? 0 : response.status();
        // Journal before answering: a client that got its answer may look at the journal at once.
        journal.record(new JournalEntry(at, request.method(), request.path(), request.rawQuery(),
                journalHeaders(request.headers()), request.bodyAsString(), status));
        try {
            RequestObserver observer = faults.observer();
            if (observer != null) {
                observer.handled(request, status);
            }
            if (response == null) {
                dropAfterHeaders(exchange);
            }
            send(exchange, response, fault);
        } finally {
            String outcome = status == 0 ? "reset" : Integer.toString(status);
            log.log(System.Logger.Level.INFO, () -> String.format(Locale.ROOT, "%s %s %s%s -> %s %dms%s", name,
                    request.method(), request.path(), request.rawQuery() == null ? "" : "?" + request.rawQuery(),
                    outcome, (System.nanoTime() - started) / 1_000_000, fault == null ? "" : " [fault: " + fault + "]"));
        }
        exchange.close();
    }

    /**
     * Drops the connection once the status line and headers are out. Closing before any response byte would let
     * HTTP clients retry the request silently on a fresh connection, hiding the fault.
     */
    private static void dropAfterHeaders(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, 0);
        exchange.getResponseBody().flush();
        throw new IOException("fault: connection reset");
    }

    /** The response to send, or null to reset the connection. */
    private SimResponse respond(SimRequest request, Fault fault) throws IOException {
        if (fault == null) {
            return handle(request);
        }
        return switch (fault.kind()) {
            case STATUS, MALFORMED_BODY -> fault.cannedResponse();
            case CONNECTION_RESET -> null;
            case DELAY -> {
                sleep(fault.duration());
                yield handle(request);
            }
            case TRUNCATED_BODY, SLOW_BODY -> handle(request);
        };
    }

    private SimResponse handle(SimRequest request) {
        try {
            return handler.handle(request);
        } catch (IOException | RuntimeException e) {
            log.log(System.Logger.Level.WARNING, name + " handler failed on " + request.method() + " " + request.path(), e);
            return SimResponse.text(500, "text/plain; charset=UTF-8", "simulator error\n");
        }
    }

    private static void send(HttpExchange exchange, SimResponse response, Fault fault) throws IOException {
        response.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        boolean noBody = !response.isStreamed() && response.body().length == 0;
        long length = response.isStreamed() ? 0 : noBody ? -1 : response.body().length;
        exchange.sendResponseHeaders(response.status(), length);
        if (noBody) {
            return;
        }
        OutputStream out = exchange.getResponseBody();
        if (fault != null && fault.kind() == Fault.Kind.TRUNCATED_BODY) {
            out = new TruncatingOutputStream(out);
        } else if (fault != null && fault.kind() == Fault.Kind.SLOW_BODY) {
            out = new StallingOutputStream(out, fault.duration());
        }
        try (OutputStream body = out) {
            response.writeBody(body);
        }
    }

    private static SimRequest read(HttpExchange exchange) throws IOException {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, List.copyOf(v)));
        byte[] body = exchange.getRequestBody().readAllBytes();
        String rawQuery = exchange.getRequestURI().getRawQuery();
        return new SimRequest(exchange.getRequestMethod().toUpperCase(Locale.ROOT), exchange.getRequestURI().getPath(),
                rawQuery, parseQuery(rawQuery), Collections.unmodifiableMap(headers), body);
    }

    static Map<String, List<String>> parseQuery(String rawQuery) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            params.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return params;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static Map<String, String> journalHeaders(Map<String, List<String>> headers) {
        Map<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((k, v) -> copy.put(k, SECRET_HEADERS.contains(k.toLowerCase(Locale.ROOT)) ? REDACTED : String.join(", ", v)));
        return Collections.unmodifiableMap(copy);
    }

    static void sleep(Duration duration) throws InterruptedIOException {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while simulating a delay");
        }
    }

    /**
     * Passes on half of the body (at most {@value #LIMIT} bytes), then fails so the server drops the connection
     * before the body is complete.
     */
    private static final class TruncatingOutputStream extends OutputStream {
        private static final int LIMIT = 64 * 1024;
        private final OutputStream out;
        private final byte[] buffer = new byte[LIMIT];
        private int size;

        TruncatingOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            int room = Math.min(len, LIMIT - size);
            System.arraycopy(b, off, buffer, size, room);
            size += room;
            if (size == LIMIT) {
                cut();
            }
        }

        @Override
        public void close() throws IOException {
            cut();
        }

        private void cut() throws IOException {
            out.write(buffer, 0, size / 2);
            out.flush();
            throw new IOException("fault: truncated body");
        }
    }

    /** Sends the first few bytes, stalls, then passes everything through. */
    private static final class StallingOutputStream extends OutputStream {
        private static final int HEAD = 16;
        private final OutputStream out;
        private final Duration stall;
        private boolean stalled;

        StallingOutputStream(OutputStream out, Duration stall) {
            this.out = out;
            this.stall = stall;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (!stalled) {
                int head = Math.min(len, HEAD);
                out.write(b, off, head);
                out.flush();
                sleep(stall);
                stalled = true;
                out.write(b, off + head, len - head);
            } else {
                out.write(b, off, len);
            }
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    @Override
    public String toString() {
        return name + " at " + baseUrl();
    }
}
