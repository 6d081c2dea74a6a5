package io.mlconnector.nifi.peoplesoft;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlconnector.sandbox.core.SimClock;
import io.mlconnector.sandbox.peoplesoft.PeopleSoftSimulator;
import org.apache.nifi.components.state.Scope;
import org.apache.nifi.json.JsonRecordSetWriter;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A GetPeopleSoftRecords wired to the real connection service and the PeopleSoft simulator on loopback, both on the
 * simulator's clock, writing JSON records.
 */
final class PeopleSoftHarness implements AutoCloseable {

    static final ZoneId BASE_TIME_ZONE = ZoneId.of("America/Los_Angeles");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    final SimClock clock;
    final PeopleSoftSimulator simulator;
    final TestRunner runner;
    private final Duration nifiSkew;

    PeopleSoftHarness(final Instant start, final int employees, final int customers) throws IOException, InitializationException {
        this(start, builder -> builder.employees(employees, 7).customers(customers, 7));
    }

    PeopleSoftHarness(final Instant start, final UnaryOperator<PeopleSoftSimulator.Builder> simulatorSettings)
            throws IOException, InitializationException {
        this(start, simulatorSettings, Duration.ZERO);
    }

    /** @param nifiSkew how far the NiFi node's clock is ahead of PeopleSoft's (negative: behind) */
    PeopleSoftHarness(final Instant start, final UnaryOperator<PeopleSoftSimulator.Builder> simulatorSettings, final Duration nifiSkew)
            throws IOException, InitializationException {
        clock = SimClock.fixed(start);
        simulator = simulatorSettings.apply(PeopleSoftSimulator.builder().clock(clock).baseTimeZone(BASE_TIME_ZONE)).start();
        this.nifiSkew = nifiSkew;
        runner = newRunner();
    }

    /** Another GetPeopleSoftRecords (its own state) on the same simulator and clock, configured as {@link #runner} is at first. */
    TestRunner newRunner() throws InitializationException {
        final TestRunner runner = TestRunners.newTestRunner(new GetPeopleSoftRecords(new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(final ZoneId zone) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Instant instant() {
                return clock.now().plus(nifiSkew);
            }
        }));
        final StandardPeopleSoftConnectionService service = new StandardPeopleSoftConnectionService();
        runner.addControllerService("peoplesoft", service);
        runner.setProperty(service, "Base URL", simulator.baseUrl());
        runner.setProperty(service, "Gateway Path", simulator.gatewayPath());
        runner.setProperty(service, "Node Name", simulator.node());
        runner.setProperty(service, "Username", simulator.username());
        runner.setProperty(service, "Password", simulator.password());
        runner.enableControllerService(service);
        final JsonRecordSetWriter writer = new JsonRecordSetWriter();
        runner.addControllerService("writer", writer);
        runner.enableControllerService(writer);
        runner.setProperty(GetPeopleSoftRecords.CONNECTION_SERVICE, "peoplesoft");
        runner.setProperty(GetPeopleSoftRecords.RECORD_WRITER, "writer");
        runner.setProperty(GetPeopleSoftRecords.TIME_ZONE, BASE_TIME_ZONE.getId());
        runner.setProperty(GetPeopleSoftRecords.QUERY_NAME, "MC_EMPL_CHANGES");
        return runner;
    }

    /** Runs the processor once (scheduled, triggered, stopped) and returns the records it emitted. */
    List<JsonNode> run() throws IOException {
        runner.clearTransferState();
        runner.clearProvenanceEvents();
        runner.run();
        final List<JsonNode> records = new ArrayList<>();
        for (final MockFlowFile flowFile : flowFiles()) {
            MAPPER.readTree(flowFile.getContent()).forEach(records::add);
        }
        return records;
    }

    List<MockFlowFile> flowFiles() {
        return runner.getFlowFilesForRelationship(GetPeopleSoftRecords.REL_SUCCESS);
    }

    Map<String, String> state() throws IOException {
        return runner.getStateManager().getState(Scope.CLUSTER).toMap();
    }

    long requests(final String pathPart) {
        return simulator.journal().count(entry -> entry.path().contains(pathPart));
    }

    static List<String> values(final List<JsonNode> records, final String field) {
        return records.stream().map(r -> r.path(field).asText()).toList();
    }

    @Override
    public void close() {
        simulator.close();
    }
}
