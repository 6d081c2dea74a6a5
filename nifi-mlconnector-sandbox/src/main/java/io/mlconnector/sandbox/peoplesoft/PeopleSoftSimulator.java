package io.mlconnector.sandbox.peoplesoft;

import io.mlconnector.sandbox.core.Faults;
import io.mlconnector.sandbox.core.RequestJournal;
import io.mlconnector.sandbox.core.SimClock;
import io.mlconnector.sandbox.core.SimServer;
import io.mlconnector.sandbox.core.TlsMaterial;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A running simulator of a PeopleSoft Integration Broker REST listener with QAS, an employee-directory operation and
 * CUSTOMER_CI REST services over seeded, mutable HR data. Start with {@link #builder()}; close to stop.
 *
 * <p>Seeded people and customers are generated from (seed, index) on demand; their update times spread over the
 * {@value SeedTimeline#HISTORY_DAYS} days before midnight (base time zone) of the clock's date at start.
 */
public final class PeopleSoftSimulator implements AutoCloseable {

    private final SimServer server;
    private final String gatewayPath;
    private final String node;
    private final String username;
    private final String password;
    private final HrData hr;
    private final PeopleSoftSettings settings;

    private PeopleSoftSimulator(Builder b) throws IOException {
        this.gatewayPath = b.gatewayPath;
        this.node = b.node;
        Map.Entry<String, Builder.User> firstUser = b.users.entrySet().iterator().next();
        this.username = firstUser.getKey();
        this.password = firstUser.getValue().password();

        PeopleSoftAuth auth = new PeopleSoftAuth();
        b.users.forEach((oprid, user) -> auth.addUser(oprid, user.password(), user.permissions()));
        b.tokens.forEach(auth::addToken);
        this.settings = new PeopleSoftSettings(auth);
        PeopleSoftFormats formats = new PeopleSoftFormats(b.zone, settings);

        Instant historyEnd = b.clock.now().atZone(b.zone).toLocalDate().atStartOfDay(b.zone).toInstant();
        this.hr = new HrData(b.clock, b.zone, new EmployeeSeed(b.employeeSeed, b.employees, historyEnd, b.zone),
                new CustomerSeed(b.customerSeed, b.customers, historyEnd, b.zone));

        QueryAccessService qas = new QueryAccessService(
                List.of(new EmployeeChangesQuery(formats), new CustomerChangesQuery(formats)), hr::snapshot, settings, formats);
        CustomerCiOperations ci = new CustomerCiOperations(hr::snapshot, settings, formats);
        Map<IbOperation, IbOperationHandler> handlers = new EnumMap<>(IbOperation.class);
        handlers.put(IbOperation.QAS_EXECUTEQRY_REST_GET, qas::executeQuery);
        handlers.put(IbOperation.QAS_LISTQUERYPROMPTS_REST_GET, qas::queryPrompts);
        handlers.put(IbOperation.MC_EMPLOYEE_DIRECTORY_GET, new EmployeeDirectoryOperation(hr::snapshot, settings, formats));
        handlers.put(IbOperation.CIRT_CUSTOMER_CI_F_GET, ci::find);
        handlers.put(IbOperation.CIRT_CUSTOMER_CI_G_GET, ci::get);

        this.server = SimServer.builder().name("peoplesoft").port(b.port).tls(b.tls).clock(b.clock)
                .handler(new IntegrationBrokerListener(gatewayPath, node, auth, settings, handlers)).start();
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private record User(String password, Set<IbOperation> permissions) {
        }

        private String node = "PSFT_HR";
        private String gatewayPath = "/PSIGW/RESTListeningConnector";
        private final Map<String, User> users = new LinkedHashMap<>();
        private final Map<String, String> tokens = new LinkedHashMap<>();
        private ZoneId zone = ZoneId.of("America/Los_Angeles");
        private SimClock clock = SimClock.system();
        private int employees = 100;
        private long employeeSeed = 1;
        private int customers = 50;
        private long customerSeed = 1;
        private TlsMaterial tls;
        private int port;

        private Builder() {
        }

        /** The default local node in URLs; requests to any other node get 404. Default {@code PSFT_HR}. */
        public Builder node(String node) {
            this.node = Objects.requireNonNull(node, "node");
            return this;
        }

        /** Default {@code /PSIGW/RESTListeningConnector}; a longer path emulates a reverse-proxy prefix. */
        public Builder gatewayPath(String gatewayPath) {
            String path = gatewayPath.startsWith("/") ? gatewayPath : "/" + gatewayPath;
            this.gatewayPath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
            return this;
        }

        /**
         * An OPRID allowed every operation. The first user added is {@link #username()}; default {@code PS} /
         * {@code PS-secret} when none is added.
         */
        public Builder user(String oprid, String password) {
            users.put(oprid, new User(password, Set.of()));
            return this;
        }

        /** An OPRID allowed only the given operations (names or aliases); others get 401. */
        public Builder user(String oprid, String password, String... operations) {
            users.put(oprid, new User(password, Arrays.stream(operations)
                    .map(IbOperation::byNameOrAlias).collect(Collectors.toSet())));
            return this;
        }

        /** Accepts {@code Authorization: Bearer token} as {@code oprid}. */
        public Builder bearerToken(String token, String oprid) {
            tokens.put(token, oprid);
            return this;
        }

        /** The base time zone datetimes are stored and rendered in. Default America/Los_Angeles. */
        public Builder baseTimeZone(ZoneId zone) {
            this.zone = Objects.requireNonNull(zone, "zone");
            return this;
        }

        public Builder clock(SimClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Seeded employees (default 100, seed 1). */
        public Builder employees(int count, long seed) {
            this.employees = requireCount(count);
            this.employeeSeed = seed;
            return this;
        }

        /** Seeded customers of SETID SHARE (default 50, seed 1). */
        public Builder customers(int count, long seed) {
            this.customers = requireCount(count);
            this.customerSeed = seed;
            return this;
        }

        /** Serve HTTPS with this material's server certificate. */
        public Builder tls(TlsMaterial tls) {
            this.tls = tls;
            return this;
        }

        /** Port on 127.0.0.1; 0 (default) picks an ephemeral one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public PeopleSoftSimulator start() throws IOException {
            if (users.isEmpty()) {
                user("PS", "PS-secret");
            }
            return new PeopleSoftSimulator(this);
        }

        private static int requireCount(int count) {
            if (count < 0) {
                throw new IllegalArgumentException("count must be 0 or more");
            }
            return count;
        }
    }

    /** {@code http://127.0.0.1:PORT} (or https), without a path. */
    public String baseUrl() {
        return server.baseUrl();
    }

    public String gatewayPath() {
        return gatewayPath;
    }

    public String node() {
        return node;
    }

    /** The REST target location: {@code baseUrl() + gatewayPath() + "/" + node()}. */
    public String targetLocation() {
        return baseUrl() + gatewayPath + "/" + node;
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    public HrData hr() {
        return hr;
    }

    public PeopleSoftSettings settings() {
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
