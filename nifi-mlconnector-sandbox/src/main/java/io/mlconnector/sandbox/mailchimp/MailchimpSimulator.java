package io.mlconnector.sandbox.mailchimp;

import io.mlconnector.sandbox.core.Faults;
import io.mlconnector.sandbox.core.RequestJournal;
import io.mlconnector.sandbox.core.SimClock;
import io.mlconnector.sandbox.core.SimServer;
import io.mlconnector.sandbox.core.TlsMaterial;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A stateful simulator of the Mailchimp Marketing API 3.0 on 127.0.0.1 (mailchimp.md §11): audiences, members and
 * their status rules, merge fields, tags, interests, batch subscribe, async batches, problem+json errors and the
 * limit of simultaneous connections per key.
 *
 * <pre>{@code
 * try (MailchimpSimulator mc = MailchimpSimulator.builder().start()) {
 *     String listId = mc.createAudience("Employees");
 *     // point the client at mc.baseUrl() with mc.apiKey()
 * }
 * }</pre>
 */
public final class MailchimpSimulator implements AutoCloseable {

    /** How the simulator answers when the simultaneous-connection gate is full (mailchimp.md §7.1, observed R9). */
    public enum ThrottleResponse { TOO_MANY_REQUESTS_429, TOO_MANY_REQUESTS_EMPTY_429, FORBIDDEN_EMPTY_403 }

    private final String apiKey;
    private final String dataCenter;
    private final MailchimpSettings settings;
    private final MailchimpApi api;
    private final SimServer server;

    private MailchimpSimulator(Builder b) throws IOException {
        this.dataCenter = b.dataCenter;
        this.apiKey = b.apiKey != null ? b.apiKey : randomHex() + randomHex() + "-" + b.dataCenter;
        this.settings = new MailchimpSettings().throttleResponse(b.throttleResponse);
        this.api = new MailchimpApi(apiKey, dataCenter, settings, b.maxConnections, b.perRequest, b.perBatchMember,
                b.clock::now, this::origin);
        this.server = SimServer.builder().name("mailchimp").port(b.port).tls(b.tls).clock(b.clock).handler(api)
                .journalCapacity(b.journalCapacity).journalBodyBudget(b.journalBodyBudget).start();
    }

    private static String randomHex() {
        return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private String dataCenter = "us21";
        private String apiKey;
        private int maxConnections = 10;
        private ThrottleResponse throttleResponse = ThrottleResponse.TOO_MANY_REQUESTS_429;
        private Duration perRequest = Duration.ZERO;
        private Duration perBatchMember = Duration.ZERO;
        private SimClock clock = SimClock.system();
        private TlsMaterial tls;
        private int port;
        private int journalCapacity = RequestJournal.DEFAULT_CAPACITY;
        private long journalBodyBudget = RequestJournal.DEFAULT_BODY_BUDGET;

        private Builder() {
        }

        /** How many requests, and body characters over all of them, the journal keeps: benchmarks count every request. */
        public Builder journal(int capacity, long bodyBudget) {
            this.journalCapacity = capacity;
            this.journalBodyBudget = bodyBudget;
            return this;
        }

        /** The data center ("server prefix"), default {@code us21}; keys of another one are refused. */
        public Builder dataCenter(String dataCenter) {
            this.dataCenter = Objects.requireNonNull(dataCenter);
            return this;
        }

        /** The one valid API key; default: 32 random hex chars, {@code -}, the data center. */
        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        /** Simultaneous requests allowed per key (default 10). */
        public Builder maxConnections(int maxConnections) {
            this.maxConnections = maxConnections;
            return this;
        }

        public Builder throttleResponse(ThrottleResponse throttleResponse) {
            this.throttleResponse = Objects.requireNonNull(throttleResponse);
            return this;
        }

        /** Latency added to every request, and to a batch subscribe per member; both count against the gate. */
        public Builder latency(Duration perRequest, Duration perBatchMember) {
            this.perRequest = Objects.requireNonNull(perRequest);
            this.perBatchMember = Objects.requireNonNull(perBatchMember);
            return this;
        }

        /** Clock for timestamps, {@code since_last_changed} and async batch progress. */
        public Builder clock(SimClock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /** Serve HTTPS with this certificate material. */
        public Builder tls(TlsMaterial tls) {
            this.tls = tls;
            return this;
        }

        /** Port on 127.0.0.1; 0 (default) = ephemeral. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public MailchimpSimulator start() {
            try {
                return new MailchimpSimulator(this);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the Mailchimp simulator", e);
            }
        }
    }

    /** {@code http://127.0.0.1:PORT/3.0}: the API base URL a client is configured with. */
    public String baseUrl() {
        return origin() + MailchimpApi.API_PREFIX;
    }

    private String origin() {
        return server.baseUrl();
    }

    public String apiKey() {
        return apiKey;
    }

    public String dataCenter() {
        return dataCenter;
    }

    /** Creates an audience with the default merge fields FNAME, LNAME, ADDRESS, PHONE; returns its list id. */
    public String createAudience(String name) {
        return api.createAudience(name).id();
    }

    /** Deletes the audience as its owner would in the UI: every later call on it answers 404. */
    public void deleteAudience(String listId) {
        api.deleteAudience(listId);
    }

    /** The audience with this list id. */
    public Audience audience(String listId) {
        try {
            return api.audience(listId);
        } catch (ApiException e) {
            throw new IllegalArgumentException("no audience " + listId, e);
        }
    }

    /**
     * From now on every authenticated request waits inside the connection gate until the returned hold is released:
     * lets tests fill the gate without depending on timing.
     */
    public RequestHold holdRequests() {
        return api.holdRequests();
    }

    /**
     * As {@link #holdRequests()}, for the first {@code count} requests {@code which} selects only (e.g. one batch
     * call): lets tests show what goes on while one call is slow.
     */
    public RequestHold holdRequests(java.util.function.Predicate<io.mlconnector.sandbox.core.SimRequest> which, int count) {
        return api.holdRequests(which, count);
    }

    /** The most requests in flight at once with the key so far: what a cluster sharing the key sent at its peak. */
    public int peakConnections() {
        return api.gate().peak(apiKey);
    }

    /** How many requests the connection gate refused so far (429, or an empty 403): throttling as Mailchimp counts it. */
    public long throttledRequests() {
        return api.gate().refused(apiKey);
    }

    /**
     * Another client of the same key (a signup form, another integration) holds {@code count} of the key's connections
     * from now on, leaving the rest to the client under test; 0 frees them.
     */
    public void occupyConnections(int count) {
        api.gate().occupy(apiKey, count);
    }

    /** The behaviour switches ({@link MailchimpSwitches} names them), changeable while running. */
    public MailchimpSettings settings() {
        return settings;
    }

    public Faults faults() {
        return server.faults();
    }

    public RequestJournal journal() {
        return server.journal();
    }

    @Override
    public void close() {
        server.close();
    }
}
