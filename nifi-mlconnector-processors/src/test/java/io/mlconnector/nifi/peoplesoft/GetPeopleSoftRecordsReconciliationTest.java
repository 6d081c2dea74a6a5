package io.mlconnector.nifi.peoplesoft;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlconnector.nifi.peoplesoft.write.PassWriter;
import io.mlconnector.sandbox.core.Fault;
import io.mlconnector.sandbox.peoplesoft.Employee;
import org.apache.nifi.components.state.Scope;
import org.apache.nifi.provenance.ProvenanceEventType;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.mlconnector.nifi.peoplesoft.PeopleSoftHarness.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Full Reconciliation Pass: a second instance re-reads the whole population on its own schedule and ends with the keys it held. */
class GetPeopleSoftRecordsReconciliationTest {

    private static final Instant T0 = Instant.parse("2025-03-04T18:00:00Z");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PeopleSoftHarness harness;
    private TestRunner pass;

    @AfterEach
    void close() {
        if (harness != null) {
            harness.close();
        }
    }

    private void start(final int employees, final int customers) throws Exception {
        harness = new PeopleSoftHarness(T0, employees, customers);
        pass = harness.newRunner();
        pass.setProperty(GetPeopleSoftRecords.POLL_MODE, PollMode.FULL_RECONCILIATION_PASS.getValue());
        pass.setProperty(GetPeopleSoftRecords.RECORDS_PER_FLOWFILE, "5");
    }

    @Test
    void aPassReReadsEveryoneAndEndsWithTheirKeysWhileTheIncrementalWatermarkStaysWhereItIs() throws Exception {
        start(30, 0);
        assertEquals(30, harness.run().size());
        final Map<String, String> incremental = harness.state();

        final List<JsonNode> records = runPass();

        assertEquals(30, records.size());
        final Set<String> everyone = emplids();
        assertEquals(incremental, harness.state(), "the incremental instance's watermark is its own");
        assertEquals(everyone, Set.copyOf(values(records, "EMPLID")));
        final List<MockFlowFile> flowFiles = pass.getFlowFilesForRelationship(GetPeopleSoftRecords.REL_SUCCESS);
        final MockFlowFile end = pass.getFlowFilesForRelationship(GetPeopleSoftRecords.REL_PASS_COMPLETE).getFirst();
        final String passId = end.getAttribute(PassWriter.PASS_ID);
        assertEquals(6, flowFiles.size());
        for (final MockFlowFile flowFile : flowFiles) {
            flowFile.assertAttributeEquals(PassWriter.PASS_ID, passId);
            flowFile.assertAttributeEquals("fragment.identifier", passId);
            flowFile.assertAttributeEquals("fragment.count", "6");
            flowFile.assertAttributeNotExists(PassWriter.PASS_COMPLETE);
        }
        end.assertAttributeEquals(PassWriter.PASS_COMPLETE, "true");
        end.assertAttributeEquals(PassWriter.PASS_RECORD_COUNT, "30");
        end.assertAttributeEquals(PassWriter.PASS_FLOWFILE_COUNT, "6");
        end.assertAttributeEquals("record.count", "30");
        end.assertAttributeNotExists(GetPeopleSoftRecords.PREVIOUS_RECORD_COUNT);
        end.assertAttributeEquals(PollSettings.PASS_WHOLE_POPULATION, "true");
        end.assertAttributeEquals(PollSettings.PASS_STARTED, T0.toString());
        end.assertAttributeEquals("peoplesoft.window.end", T0.minusSeconds(30).toString());
        final List<JsonNode> keys = records(end);
        assertEquals(everyone, Set.copyOf(values(keys, "EMPLID")));
        assertTrue(keys.stream().allMatch(k -> fieldNames(k).equals(Set.of("EMPLID"))), "only the Record Key Fields, under their own names");
        assertTrue(pass.getProvenanceEvents().stream().allMatch(e -> e.getEventType() == ProvenanceEventType.RECEIVE));
        assertEquals(7, pass.getProvenanceEvents().size());
        assertEquals(30, pass.getCounterValue(GetPeopleSoftRecords.ROWS_READ));
        assertEquals(1, pass.getCounterValue(GetPeopleSoftRecords.PASSES_COMPLETED));
    }

    @Test
    void aPassIsMadeOnlyWhenDueSoASchedulePassingSeveralTimesANightMakesOne() throws Exception {
        start(10, 0);
        pass.setProperty(GetPeopleSoftRecords.MINIMUM_PASS_INTERVAL, "1 day");
        assertEquals(10, runPass().size());
        final String first = passId();
        final long requests = harness.requests("ExecuteQuery.v1");

        harness.clock.advance(Duration.ofHours(1));
        assertEquals(List.of(), runPass());
        assertEquals(List.of(), pass.getFlowFilesForRelationship(GetPeopleSoftRecords.REL_PASS_COMPLETE));
        assertEquals(requests, harness.requests("ExecuteQuery.v1"), "a run that is not due asks PeopleSoft nothing");

        harness.clock.advance(Duration.ofHours(23));
        assertEquals(10, runPass().size());
        assertNotEquals(first, passId());
        pass.getFlowFilesForRelationship(GetPeopleSoftRecords.REL_PASS_COMPLETE).getFirst()
                .assertAttributeEquals(GetPeopleSoftRecords.PREVIOUS_RECORD_COUNT, "10");
    }

    @Test
    void someoneChangedWhileThePassReadsIsAmongItsKeys() throws Exception {
        start(30, 0);
        pass.setProperty(GetPeopleSoftRecords.MAX_ROWS, "10");
        final Employee last = harness.simulator.hr().employees().stream().max(Comparator.comparing(Employee::lastUpdated)).orElseThrow();
        final AtomicBoolean changed = new AtomicBoolean();
        // After the first page: the last page's employee changes now, so the pass's window (ending now - lag) no longer holds them.
        harness.simulator.faults().observe((request, status) -> {
            if (request.path().contains("ExecuteQuery") && changed.compareAndSet(false, true)) {
                harness.simulator.hr().changeEmail(last.emplid(), "changed.during.pass@example.com");
            }
        });

        final List<JsonNode> records = runPass();

        assertTrue(values(records(pass.getFlowFilesForRelationship(GetPeopleSoftRecords.REL_PASS_COMPLETE).getFirst()), "EMPLID").contains(last.emplid()));
        assertTrue(records.stream().anyMatch(r -> r.path("EMAIL_ADDR").asText().equals("changed.during.pass@example.com")), "read after the window");
    }

    @Test
    void aPassInterruptedAtAnyCallEmitsNothingIsNeverCompleteAndTheNextRunMakesAWholeNewOne() throws Exception {
        start(30, 0);
        pass.setProperty(GetPeopleSoftRecords.MAX_ROWS, "10");
        harness.simulator.journal().clear();
        assertEquals(30, runPass().size());
        final long calls = harness.requests("ExecuteQuery.v1");
        assertTrue(calls >= 4, "pages and the read of what changed meanwhile: " + calls);

        for (int k = 1; k <= calls; k++) {
            pass.getStateManager().clear(Scope.CLUSTER);
            harness.simulator.faults().failNth(k, Fault.connectionReset());
            assertEquals(List.of(), runPass(), "interrupted at call " + k);
            assertEquals(List.of(), pass.getFlowFilesForRelationship(GetPeopleSoftRecords.REL_PASS_COMPLETE));
            final Map<String, String> state = pass.getStateManager().getState(Scope.CLUSTER).toMap();
            final String interrupted = state.get("pass.in.progress.id");
            assertTrue(interrupted != null && !state.containsKey("pass.complete.id"), "in progress, never complete: " + state);

            final List<JsonNode> records = runPass();
            assertEquals(30, records.size(), "after the interruption at call " + k);
            assertNotEquals(interrupted, passId());
            assertEquals(Set.copyOf(values(records, "EMPLID")), Set.copyOf(values(records(
                    pass.getFlowFilesForRelationship(GetPeopleSoftRecords.REL_PASS_COMPLETE).getFirst()), "EMPLID")));
            assertTrue(pass.getLogger().getWarnMessages().getLast().getMsg().contains("never completed"));
            assertNull(pass.getStateManager().getState(Scope.CLUSTER).get("pass.in.progress.id"));
        }
    }

    @Test
    void aComponentInterfacePassReadsEveryInstanceOnce() throws Exception {
        start(0, 8);
        pass.setProperty(GetPeopleSoftRecords.PEOPLESOFT_INTERFACE, PeopleSoftInterface.COMPONENT_INTERFACE.getValue());
        pass.setProperty(GetPeopleSoftRecords.RECORD_KEY_FIELDS, "SETID,CUST_ID");
        pass.setProperty("SETID", "SHARE");
        harness.simulator.journal().clear();

        final List<JsonNode> records = runPass();

        assertEquals(8, records.size());
        assertEquals(9, harness.requests("CIRT_CUSTOMER_CI"), "1 F_GET + 8 G_GET, no second read");
        final List<JsonNode> keys = records(pass.getFlowFilesForRelationship(GetPeopleSoftRecords.REL_PASS_COMPLETE).getFirst());
        assertEquals(Set.of("SETID", "CUST_ID"), fieldNames(keys.getFirst()));
        assertEquals(Set.copyOf(values(records, "CUST_ID")), Set.copyOf(values(keys, "CUST_ID")));
    }

    @Test
    void onlyAPassInstanceHasThePassCompleteRelationshipAndAPassFromALaterStartSaysItIsNotTheWholePopulation() throws Exception {
        start(10, 0);
        assertEquals(Set.of(GetPeopleSoftRecords.REL_SUCCESS), harness.runner.getProcessor().getRelationships());
        assertEquals(Set.of(GetPeopleSoftRecords.REL_SUCCESS, GetPeopleSoftRecords.REL_PASS_COMPLETE), pass.getProcessor().getRelationships());

        pass.setProperty(GetPeopleSoftRecords.INITIAL_WINDOW_START, T0.minus(Duration.ofDays(200)).toString());
        runPass();
        pass.getFlowFilesForRelationship(GetPeopleSoftRecords.REL_PASS_COMPLETE).getFirst()
                .assertAttributeEquals(PollSettings.PASS_WHOLE_POPULATION, "false");
    }

    private List<JsonNode> runPass() throws IOException {
        pass.clearTransferState();
        pass.clearProvenanceEvents();
        pass.run();
        final List<JsonNode> records = new ArrayList<>();
        for (final MockFlowFile flowFile : pass.getFlowFilesForRelationship(GetPeopleSoftRecords.REL_SUCCESS)) {
            records.addAll(records(flowFile));
        }
        return records;
    }

    private String passId() {
        return pass.getFlowFilesForRelationship(GetPeopleSoftRecords.REL_PASS_COMPLETE).getFirst().getAttribute(PassWriter.PASS_ID);
    }

    private Set<String> emplids() {
        final Set<String> ids = new HashSet<>();
        harness.simulator.hr().employees().forEach(e -> ids.add(e.emplid()));
        return ids;
    }

    private static List<JsonNode> records(final MockFlowFile flowFile) throws IOException {
        final List<JsonNode> records = new ArrayList<>();
        MAPPER.readTree(flowFile.getContent()).forEach(records::add);
        return records;
    }

    private static Set<String> fieldNames(final JsonNode record) {
        final Set<String> names = new HashSet<>();
        record.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
