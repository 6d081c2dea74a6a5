package io.mlconnector.nifi.peoplesoft;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlconnector.sandbox.core.Fault;
import io.mlconnector.sandbox.core.JournalEntry;
import io.mlconnector.sandbox.peoplesoft.ColumnKeys;
import io.mlconnector.sandbox.peoplesoft.Employee;
import io.mlconnector.sandbox.peoplesoft.PeopleSoftSimulator;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.state.Scope;
import org.apache.nifi.controller.ControllerService;
import org.apache.nifi.provenance.ProvenanceEventRecord;
import org.apache.nifi.provenance.ProvenanceEventType;
import org.apache.nifi.util.MockFlowFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static io.mlconnector.nifi.peoplesoft.PeopleSoftHarness.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GetPeopleSoftRecordsTest {

    /** 10:00 in Los Angeles, far from midnight and from DST changes. */
    private static final Instant T0 = Instant.parse("2025-03-04T18:00:00Z");

    private PeopleSoftHarness harness;

    @AfterEach
    void close() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void initialLoadOf50000EmployeesIsSplitIntoFlowFilesWithoutLossOrDuplicate() throws Exception {
        harness = new PeopleSoftHarness(T0, 50_000, 0);

        final List<JsonNode> records = harness.run();

        assertEquals(50_000, records.size());
        assertEquals(50_000, new HashSet<>(values(records, "EMPLID")).size());
        final List<MockFlowFile> flowFiles = harness.flowFiles();
        assertEquals(5, flowFiles.size());
        // about C / Max Rows + 1 requests: each cut-off request holds back only its last same-second group
        assertEquals(6, harness.requests("ExecuteQuery.v1"));
        final JsonNode first = records.getFirst();
        assertEquals(Set.of("EMPLID", "EMPL_RCD", "FIRST_NAME", "LAST_NAME", "NAME_DISPLAY", "EMAIL_ADDR", "DEPTID", "DESCR", "JOBCODE",
                "JOBTITLE", "HR_STATUS", "EMPL_STATUS", "EFFDT", "TERMINATION_DT", "LASTUPDDTTM"), fieldNames(first));
        assertTrue(records.stream().allMatch(r -> fieldNames(r).equals(fieldNames(first))), "one schema in every FlowFile");
        assertTrue(records.stream().anyMatch(r -> r.get("TERMINATION_DT").isNull()), "blank strings become null");
        assertTrue(first.get("LASTUPDDTTM").isNumber(), "PeopleSoft datetimes become timestamps");
        final MockFlowFile flowFile = flowFiles.getFirst();
        flowFile.assertAttributeEquals("record.count", "10000");
        flowFile.assertAttributeEquals("mime.type", "application/json");
        flowFile.assertAttributeEquals("peoplesoft.interface", "PeopleSoft Query");
        flowFile.assertAttributeEquals("peoplesoft.source", "MC_EMPL_CHANGES");
        flowFile.assertAttributeEquals("peoplesoft.node", "PSFT_HR");
        flowFile.assertAttributeEquals("peoplesoft.window.end", T0.minusSeconds(30).toString());
        flowFile.assertAttributeEquals("fragment.count", "5");
        assertEquals(1, flowFiles.stream().map(f -> f.getAttribute("fragment.identifier")).distinct().count());
        final List<ProvenanceEventRecord> events = harness.runner.getProvenanceEvents();
        assertEquals(5, events.size());
        assertTrue(events.stream().allMatch(e -> e.getEventType() == ProvenanceEventType.RECEIVE
                && e.getTransitUri().startsWith(harness.simulator.baseUrl() + "/PSIGW/RESTListeningConnector/PSFT_HR/ExecuteQuery.v1/PUBLIC/MC_EMPL_CHANGES/JSON/NONFILE")
                && !e.getTransitUri().contains(harness.simulator.password())
                && e.getDetails().contains(T0.minusSeconds(30).toString())));
    }

    @Test
    void nextRunEmitsExactlyTheHiresUpdatesEmailChangeTerminationAndRehire() throws Exception {
        harness = new PeopleSoftHarness(T0, 200, 0);
        assertEquals(200, harness.run().size());
        final Map<String, String> afterFirstRun = harness.state();

        harness.clock.advance(Duration.ofHours(2));
        final List<Employee> active = harness.simulator.hr().employees().stream().filter(e -> e.hrStatus().equals("A")).toList();
        final String terminatedBefore = harness.simulator.hr().employees().stream().filter(e -> e.hrStatus().equals("I")).findFirst().orElseThrow().emplid();
        final LocalDate today = harness.simulator.hr().today();
        final String hired = harness.simulator.hr().hire("Ada", "Lovelace", "ada.lovelace@example.com");
        harness.simulator.hr().updateDepartment(active.get(0).emplid(), otherDepartment(active.get(0)));
        harness.simulator.hr().changeEmail(active.get(1).emplid(), "new.address@example.com");
        harness.simulator.hr().terminate(active.get(2).emplid(), today);
        harness.simulator.hr().rehire(terminatedBefore, today);
        harness.clock.advance(Duration.ofMinutes(1));

        final List<JsonNode> changes = harness.run();

        assertEquals(Set.of(hired, active.get(0).emplid(), active.get(1).emplid(), active.get(2).emplid(), terminatedBefore),
                Set.copyOf(values(changes, "EMPLID")));
        assertEquals(5, changes.size());
        final JsonNode termination = changes.stream().filter(r -> r.get("EMPLID").asText().equals(active.get(2).emplid())).findFirst().orElseThrow();
        assertEquals("I", termination.get("HR_STATUS").asText());
        assertFalse(afterFirstRun.get("watermark").equals(harness.state().get("watermark")));

        harness.clock.advance(Duration.ofMinutes(3));
        assertEquals(List.of(), harness.run(), "rows re-read in the overlap are not emitted again");
    }

    @Test
    void countersShowTheRowsReadAndThoseReReadInTheOverlapAndNotEmittedAgain() throws Exception {
        harness = new PeopleSoftHarness(T0, 20, 0);
        assertEquals(20, harness.run().size());
        assertEquals(20, harness.runner.getCounterValue(GetPeopleSoftRecords.ROWS_READ));
        harness.clock.advance(Duration.ofHours(1));
        final String first = harness.simulator.hr().hire("Ada", "Lovelace", "ada@example.com");
        harness.clock.advance(Duration.ofMinutes(1));
        assertEquals(List.of(first), values(harness.run(), "EMPLID"));

        harness.clock.advance(Duration.ofMinutes(1));
        final String second = harness.simulator.hr().hire("Grace", "Hopper", "grace@example.com");
        harness.clock.advance(Duration.ofMinutes(1));
        assertEquals(List.of(second), values(harness.run(), "EMPLID"));

        assertEquals(20 + 1 + 2, harness.runner.getCounterValue(GetPeopleSoftRecords.ROWS_READ));
        assertEquals(1, harness.runner.getCounterValue(GetPeopleSoftRecords.ROWS_SKIPPED), "the first hire, read again in the overlap");
    }

    @Test
    void boundaryTiesAndALateCommitInsideTheOverlapAreEmittedOnce() throws Exception {
        harness = new PeopleSoftHarness(T0, 60, 0);
        harness.simulator.settings().columnKeys(ColumnKeys.BARE).querynameKey("queryname");
        harness.run();
        final List<String> ids = harness.simulator.hr().employees().stream().filter(e -> e.hrStatus().equals("A")).map(Employee::emplid).toList();
        final Instant boundary = T0.plus(Duration.ofHours(1));

        harness.clock.set(boundary.minusSeconds(1));
        harness.simulator.hr().changeEmail(ids.get(0), "before.boundary@example.com");
        harness.clock.set(boundary);
        harness.simulator.hr().changeEmail(ids.get(1), "tie.one@example.com");
        harness.simulator.hr().changeEmail(ids.get(2), "tie.two@example.com");
        harness.clock.set(boundary.plusSeconds(30));
        assertEquals(List.of(ids.get(0)), values(harness.run(), "EMPLID"), "the window ends before the boundary second");

        harness.simulator.hr().changeEmail(ids.get(3), "after.boundary@example.com");
        harness.clock.advance(Duration.ofMinutes(2));
        assertEquals(Set.of(ids.get(1), ids.get(2), ids.get(3)), Set.copyOf(values(harness.run(), "EMPLID")),
                "both rows of the boundary second and nothing twice");

        final Instant watermark = Instant.parse(harness.state().get("watermark"));
        harness.simulator.hr().commitLate(ids.get(4), watermark.minus(Duration.ofMinutes(2)));
        harness.clock.advance(Duration.ofMinutes(10));
        assertEquals(List.of(ids.get(4)), values(harness.run(), "EMPLID"), "a row committed late inside the overlap");
    }

    @Test
    void windowCutOffAtMaxRowsIsReadToTheEndAndASecondHoldingMoreThanMaxRowsFailsClearly() throws Exception {
        harness = new PeopleSoftHarness(T0, 40, 0);
        harness.runner.setProperty(GetPeopleSoftRecords.MAX_ROWS, "2");

        assertEquals(List.of(), harness.run());
        assertTrue(harness.runner.getLogger().getErrorMessages().getFirst().getMsg().contains("More than Max Rows (2) rows"));
        assertEquals(Map.of(), harness.state());

        harness.runner.setProperty(GetPeopleSoftRecords.MAX_ROWS, "7");
        harness.simulator.journal().clear();
        final List<JsonNode> records = harness.run();
        assertEquals(40, records.size());
        assertEquals(40, new HashSet<>(values(records, "EMPLID")).size());
        assertTrue(harness.requests("ExecuteQuery.v1") <= 40 / 4 + 1, "each request moves on by at least Max Rows minus a tie group");
    }

    @Test
    void failureMidRunLeavesStateUntouchedAndTheNextRunEmitsEverything() throws Exception {
        harness = new PeopleSoftHarness(T0, 30, 0);
        harness.runner.setProperty(GetPeopleSoftRecords.MAX_ROWS, "10");
        harness.runner.setProperty(GetPeopleSoftRecords.RECORDS_PER_FLOWFILE, "5");
        harness.simulator.faults().failNth(2, Fault.connectionReset());

        assertEquals(List.of(), harness.run());
        assertEquals(Map.of(), harness.state());
        assertTrue(harness.runner.getLogger().getErrorMessages().getFirst().getMsg().contains("PeopleSoft Query PUBLIC/MC_EMPL_CHANGES"));

        final List<JsonNode> records = harness.run();
        assertEquals(30, records.size());
        assertEquals(30, new HashSet<>(values(records, "EMPLID")).size());
    }

    @Test
    void futureDatedTerminationIsEmittedOnItsEffectiveDate() throws Exception {
        harness = new PeopleSoftHarness(T0, 50, 0);
        harness.run();
        final String leaver = harness.simulator.hr().employees().stream().filter(e -> e.hrStatus().equals("A")).findFirst().orElseThrow().emplid();
        final LocalDate effective = harness.simulator.hr().today().plusDays(7);
        harness.clock.advance(Duration.ofHours(1));
        harness.simulator.hr().terminate(leaver, effective);

        for (int day = 0; day < 7; day++) {
            harness.clock.advance(Duration.ofDays(1));
            final boolean effectiveToday = harness.simulator.hr().today().equals(effective);
            final List<JsonNode> leaverRows = harness.run().stream().filter(r -> r.get("EMPLID").asText().equals(leaver)).toList();
            if (effectiveToday) {
                assertEquals(1, leaverRows.size(), "emitted on " + effective);
                assertEquals("I", leaverRows.getFirst().get("HR_STATUS").asText());
                assertEquals("T", leaverRows.getFirst().get("EMPL_STATUS").asText());
                assertEquals(effective.toString(), leaverRows.getFirst().get("EFFDT").asText());
            } else {
                assertEquals(List.of(), leaverRows, "not emitted before " + effective);
            }
        }
        harness.clock.advance(Duration.ofDays(1));
        assertTrue(harness.run().stream().noneMatch(r -> r.get("EMPLID").asText().equals(leaver)), "and only once");
    }

    @Test
    void moreChangesTakingEffectOnOneDayThanMaxRowsFailClearlyUntilMaxRowsIsRaised() throws Exception {
        harness = new PeopleSoftHarness(T0, 30, 0);
        harness.runner.setProperty(GetPeopleSoftRecords.MAX_ROWS, "5");
        harness.run();
        final LocalDate effective = harness.simulator.hr().today().plusDays(2);
        final List<String> leavers = harness.simulator.hr().employees().stream().filter(e -> e.hrStatus().equals("A"))
                .limit(12).map(Employee::emplid).toList();
        harness.clock.advance(Duration.ofHours(1));
        for (final String leaver : leavers) {
            harness.clock.advance(Duration.ofSeconds(1));
            harness.simulator.hr().terminate(leaver, effective);
        }
        harness.clock.advance(Duration.ofDays(1));
        harness.run();

        harness.clock.advance(Duration.ofDays(1));
        final Map<String, String> state = harness.state();
        assertEquals(List.of(), harness.run());
        assertEquals(state, harness.state());
        final String error = harness.runner.getLogger().getErrorMessages().getLast().getMsg();
        assertTrue(error.contains("rows whose effective date falls in it"), error);

        harness.runner.setProperty(GetPeopleSoftRecords.MAX_ROWS, "20");
        final List<JsonNode> onEffectiveDate = harness.run();
        assertEquals(Set.copyOf(leavers), onEffectiveDate.stream().filter(r -> r.get("HR_STATUS").asText().equals("I"))
                .map(r -> r.get("EMPLID").asText()).collect(java.util.stream.Collectors.toSet()));
    }

    @Test
    void terminationEffectiveAtMidnightIsEmittedOnceByFrequentRunsAcrossMidnight() throws Exception {
        assertEquals(List.of("I"), leaverRowsAcrossMidnight(Duration.ZERO, Duration.ofMinutes(7), 6),
                "emitted once, terminated, although two windows reach its effective date");
    }

    @Test
    void terminationKeyedJustBeforeMidnightIsEmittedOnceByRunsCloserTogetherThanTheOverlap() throws Exception {
        assertEquals(List.of("I"), leaverRowsAcrossMidnight(Duration.ofMinutes(18), Duration.ofMinutes(2), 10));
    }

    /** HR_STATUS of the rows emitted for a termination keyed at 23:40 + {@code keyedAfter}, effective the next day. */
    private List<String> leaverRowsAcrossMidnight(final Duration keyedAfter, final Duration runEvery, final int runs) throws Exception {
        final Instant beforeMidnight = Instant.parse("2025-03-05T07:40:00Z"); // 23:40 in Los Angeles
        harness = new PeopleSoftHarness(beforeMidnight, 50, 0);
        harness.run();
        harness.clock.advance(keyedAfter);
        final String leaver = harness.simulator.hr().employees().stream().filter(e -> e.hrStatus().equals("A")).findFirst().orElseThrow().emplid();
        harness.simulator.hr().terminate(leaver, harness.simulator.hr().today().plusDays(1));
        final List<JsonNode> leaverRows = new java.util.ArrayList<>();
        for (int run = 0; run < runs; run++) {
            harness.clock.advance(runEvery);
            harness.run().stream().filter(r -> r.get("EMPLID").asText().equals(leaver)).forEach(leaverRows::add);
        }
        return values(leaverRows, "HR_STATUS");
    }

    @Test
    void changesOnADstFallBackDayAreEmittedByTheNextRunEvenInTheRepeatedHour() throws Exception {
        // 2025-11-02 in Los Angeles: 01:00-02:00 happens twice (PDT, then PST from 09:00Z)
        final Instant start = Instant.parse("2025-11-02T07:00:00Z");
        harness = new PeopleSoftHarness(start, 80, 0);
        harness.runner.setProperty(GetPeopleSoftRecords.INITIAL_WINDOW_START, start.toString());
        harness.runner.setProperty(GetPeopleSoftRecords.OVERLAP_WINDOW, "1 min");
        harness.run();
        final List<String> ids = harness.simulator.hr().employees().stream().filter(e -> e.hrStatus().equals("A")).map(Employee::emplid).toList();
        for (int step = 0; step < 24; step++) {
            harness.clock.advance(Duration.ofMinutes(9));
            harness.simulator.hr().changeEmail(ids.get(step), "step" + step + "@example.com");
            harness.clock.advance(Duration.ofMinutes(1));
            final List<JsonNode> records = harness.run();
            final String email = "step" + step + "@example.com";
            assertTrue(records.stream().anyMatch(r -> r.get("EMAIL_ADDR").asText().equals(email)), "change at " + harness.clock.now() + " emitted");
        }
    }

    @Test
    void unauthorizedServerErrorSignOnPageAndMalformedJsonChangeNoState() throws Exception {
        harness = new PeopleSoftHarness(T0, 20, 0);
        harness.run();
        final Map<String, String> state = harness.state();
        harness.clock.advance(Duration.ofHours(1));

        harness.simulator.faults().failNth(1, Fault.status(500, "text/plain", ""));
        assertFailsWithoutStateChange(state, "PeopleSoft Query PUBLIC/MC_EMPL_CHANGES on node PSFT_HR for window");
        harness.runner.disableControllerService(harness.runner.getControllerService("peoplesoft"));
        harness.runner.setProperty(harness.runner.getControllerService("peoplesoft"), "Read Timeout", "1 sec");
        harness.runner.enableControllerService(harness.runner.getControllerService("peoplesoft"));
        harness.simulator.faults().failNth(1, Fault.slowBody(Duration.ofSeconds(3)));
        assertFailsWithoutStateChange(state, "for window [");
        harness.simulator.faults().failNth(1, Fault.malformedBody());
        assertFailsWithoutStateChange(state, "for window [");
        harness.simulator.faults().failNth(1, Fault.truncatedBody());
        assertFailsWithoutStateChange(state, "for window [");
        harness.simulator.settings().signOnPage(true);
        assertFailsWithoutStateChange(state, "for window [");
        harness.simulator.settings().signOnPage(false);
        harness.simulator.settings().changePassword(harness.simulator.username(), "changed-elsewhere");
        assertFailsWithoutStateChange(state, "check the user name and password");
        assertTrue(harness.runner.getLogger().getErrorMessages().stream().noneMatch(m -> m.getMsg().contains(harness.simulator.password())));
    }

    private void assertFailsWithoutStateChange(final Map<String, String> state, final String message) throws Exception {
        assertEquals(List.of(), harness.run());
        assertEquals(state, harness.state());
        final String error = harness.runner.getLogger().getErrorMessages().getLast().getMsg();
        assertTrue(error.contains(message), error);
    }

    @Test
    void customersThroughComponentInterfaceAndThroughQuery() throws Exception {
        harness = new PeopleSoftHarness(T0, 0, 12);
        harness.runner.setProperty(GetPeopleSoftRecords.PEOPLESOFT_INTERFACE, PeopleSoftInterface.COMPONENT_INTERFACE.getValue());
        harness.runner.setProperty(GetPeopleSoftRecords.RECORD_KEY_FIELDS, "SETID,CUST_ID");
        harness.runner.setProperty("SETID", "SHARE");

        final List<JsonNode> initial = harness.run();
        assertEquals(12, initial.size());
        assertTrue(initial.stream().allMatch(r -> r.hasNonNull("EMAIL_ADDR") && r.hasNonNull("CUST_ID") && r.has("CNTCT_SEQ_NUM")));
        assertEquals(13, harness.requests("CIRT_CUSTOMER_CI"), "1 F_GET + 12 G_GET");

        harness.clock.advance(Duration.ofHours(1));
        final String custId = initial.getFirst().get("CUST_ID").asText();
        harness.simulator.hr().changeContactEmail("SHARE", custId, initial.getFirst().get("CNTCT_SEQ_NUM").asInt(), "buyer@acme.example");
        final String added = harness.simulator.hr().addCustomer("Initech", "Bill", "Lumbergh", "bill@initech.example");
        harness.clock.advance(Duration.ofMinutes(1));
        final List<JsonNode> changes = harness.run();
        assertEquals(Set.of(custId, added), Set.copyOf(values(changes, "CUST_ID")));

        harness.runner.setProperty(GetPeopleSoftRecords.PEOPLESOFT_INTERFACE, PeopleSoftInterface.QUERY.getValue());
        harness.runner.setProperty(GetPeopleSoftRecords.QUERY_NAME, "MC_CUST_CHANGES");
        final List<JsonNode> throughQuery = harness.run();
        assertEquals(13, throughQuery.size(), "another source starts from Initial Window Start");
        assertEquals(Set.of("SETID", "CUST_ID", "NAME1", "CUST_STATUS", "CNTCT_SEQ_NUM", "FIRST_NAME", "LAST_NAME", "EMAIL_ADDR", "LASTUPDDTTM"),
                fieldNames(throughQuery.getFirst()));
        harness.clock.advance(Duration.ofHours(1));
        harness.simulator.hr().inactivateCustomer("SHARE", custId);
        harness.clock.advance(Duration.ofMinutes(1));
        final List<JsonNode> inactivated = harness.run();
        assertEquals(List.of(custId), values(inactivated, "CUST_ID"));
        assertEquals("I", inactivated.getFirst().get("CUST_STATUS").asText());
    }

    @Test
    void componentInterfaceHoldsNoConnectionWhileReadingTheInstancesSoOneConnectionIsEnough() throws Exception {
        harness = new PeopleSoftHarness(T0, 0, 6);
        final ControllerService service = harness.runner.getControllerService("peoplesoft");
        harness.runner.disableControllerService(service);
        harness.runner.setProperty(service, "Max Connections", "1");
        harness.runner.setProperty(service, "Read Timeout", "10 sec");
        harness.runner.enableControllerService(service);
        harness.runner.setProperty(GetPeopleSoftRecords.PEOPLESOFT_INTERFACE, PeopleSoftInterface.COMPONENT_INTERFACE.getValue());
        harness.runner.setProperty(GetPeopleSoftRecords.RECORD_KEY_FIELDS, "SETID,CUST_ID");
        harness.runner.setProperty("SETID", "SHARE");

        assertEquals(6, harness.run().size());
        assertEquals(List.of(), harness.runner.getLogger().getErrorMessages());
    }

    @Test
    void restServiceOperationReadsTheRecordsAtTheJsonPointer() throws Exception {
        harness = new PeopleSoftHarness(T0, 25, 0);
        harness.runner.setProperty(GetPeopleSoftRecords.PEOPLESOFT_INTERFACE, PeopleSoftInterface.SERVICE_OPERATION.getValue());
        harness.runner.setProperty(GetPeopleSoftRecords.SERVICE_OPERATION, "MC_EMPLOYEE_DIRECTORY.v1/changes");
        harness.runner.setProperty(GetPeopleSoftRecords.RECORDS_JSON_POINTER, "/data/employees");

        assertEquals(25, harness.run().size());
        harness.clock.advance(Duration.ofHours(1));
        final String emplid = harness.simulator.hr().hire("Grace", "Hopper", "grace.hopper@example.com");
        harness.clock.advance(Duration.ofMinutes(1));
        assertEquals(List.of(emplid), values(harness.run(), "EMPLID"));
    }

    @Test
    void clearStateStartsFromInitialWindowStartAndChangingTheNodeResetsTheWatermark() throws Exception {
        harness = new PeopleSoftHarness(T0, 30, 0);
        assertEquals(30, harness.run().size());
        harness.clock.advance(Duration.ofHours(1));
        harness.runner.setProperty(GetPeopleSoftRecords.QUERY_NAME, "MC_EMPL_CHANGES");
        assertEquals(List.of(), harness.run(), "setting the same query again (as a restart does) keeps the watermark");

        harness.runner.getStateManager().clear(Scope.CLUSTER);
        harness.runner.setProperty(GetPeopleSoftRecords.INITIAL_WINDOW_START, T0.minus(Duration.ofDays(200)).toString());
        final List<JsonNode> recent = harness.run();
        assertTrue(recent.size() < 30 && !recent.isEmpty(), "only rows changed since Initial Window Start: " + recent.size());

        final Map<String, String> otherNode = new java.util.HashMap<>(harness.state());
        otherNode.put("source", otherNode.get("source").replace("/PSFT_HR|", "/PSFT_OLD|"));
        harness.runner.getStateManager().setState(otherNode, Scope.CLUSTER);
        assertEquals(recent.size(), harness.run().size(), "state written for another node is not used");
    }

    @Test
    void anotherPeopleSoftSystemWithTheSameNodeNameIsReadFromTheStart() throws Exception {
        harness = new PeopleSoftHarness(T0, 30, 0);
        assertEquals(30, harness.run().size());
        harness.clock.advance(Duration.ofHours(1));
        try (PeopleSoftSimulator production = PeopleSoftSimulator.builder().clock(harness.clock).baseTimeZone(PeopleSoftHarness.BASE_TIME_ZONE)
                .employees(45, 8).start()) {
            final ControllerService service = harness.runner.getControllerService("peoplesoft");
            harness.runner.disableControllerService(service);
            harness.runner.setProperty(service, "Base URL", production.baseUrl());
            harness.runner.enableControllerService(service);
            assertEquals(production.node(), harness.simulator.node());

            assertEquals(45, harness.run().size(), "the test system's watermark does not skip production's rows");
        }
    }

    @Test
    void verificationReportsTheColumnsAndWhetherTheKeyAndTimestampAreAmongThem() throws Exception {
        harness = new PeopleSoftHarness(T0, 50, 0);
        harness.simulator.hr().hire("Alan", "Turing", "alan.turing@example.com");
        harness.clock.advance(Duration.ofMinutes(1));
        final GetPeopleSoftRecords processor = (GetPeopleSoftRecords) harness.runner.getProcessor();
        final List<ConfigVerificationResult> results = processor.verify(harness.runner.getProcessContext(), harness.runner.getLogger(), Map.of());
        assertEquals(ConfigVerificationResult.Outcome.SUCCESSFUL, results.get(0).getOutcome(), results.get(0).getExplanation());
        assertTrue(results.get(0).getExplanation().contains("EMPLID"));
        assertEquals(ConfigVerificationResult.Outcome.SUCCESSFUL, results.get(1).getOutcome(), results.get(1).getExplanation());

        harness.runner.setProperty(GetPeopleSoftRecords.RECORD_KEY_FIELDS, "PERSON_ID");
        final List<ConfigVerificationResult> wrongKey = processor.verify(harness.runner.getProcessContext(), harness.runner.getLogger(), Map.of());
        assertEquals(ConfigVerificationResult.Outcome.FAILED, wrongKey.get(1).getOutcome());
        assertTrue(wrongKey.get(1).getExplanation().contains("PERSON_ID"));
    }

    @Test
    void verificationOnAQuietSystemLooksFurtherBackOneRowAtATimeAndNamesTheWindow() throws Exception {
        harness = new PeopleSoftHarness(T0, 0, 0);
        harness.simulator.hr().hire("Alan", "Turing", "alan.turing@example.com");
        harness.clock.advance(Duration.ofDays(10));
        harness.simulator.journal().clear();
        final GetPeopleSoftRecords processor = (GetPeopleSoftRecords) harness.runner.getProcessor();

        final List<ConfigVerificationResult> results = processor.verify(harness.runner.getProcessContext(), harness.runner.getLogger(), Map.of());
        final String read = results.get(0).getExplanation();
        assertEquals(ConfigVerificationResult.Outcome.SUCCESSFUL, results.get(0).getOutcome(), read);
        final Instant end = harness.clock.now().minus(Duration.ofSeconds(30)); // the default Window Lag
        assertTrue(read.contains("EMPLID") && read.contains("for window [" + end.minus(Duration.ofDays(31)) + ", " + end + ")"), read);
        assertEquals(ConfigVerificationResult.Outcome.SUCCESSFUL, results.get(1).getOutcome(), results.get(1).getExplanation());
        final List<JournalEntry> requests = harness.simulator.journal().entries().stream().filter(e -> e.path().contains("ExecuteQuery")).toList();
        assertEquals(3, requests.size(), "the last day, 7 days, then 31 days");
        requests.forEach(r -> assertTrue(r.query().toLowerCase(Locale.ROOT).contains("maxrows=1"), r.query()));

        harness.clock.advance(Duration.ofDays(400));
        final List<ConfigVerificationResult> quiet = processor.verify(harness.runner.getProcessContext(), harness.runner.getLogger(), Map.of());
        assertEquals(ConfigVerificationResult.Outcome.SUCCESSFUL, quiet.get(0).getOutcome(), quiet.get(0).getExplanation());
        assertTrue(quiet.get(0).getExplanation().contains("no row"), quiet.get(0).getExplanation());
        assertEquals(ConfigVerificationResult.Outcome.SKIPPED, quiet.get(1).getOutcome());
        assertTrue(quiet.get(1).getExplanation().contains("366 days"), quiet.get(1).getExplanation());
    }

    @Test
    void promptValuesWithACommaTimeZonesAndInitialStartsAreValidated() throws Exception {
        harness = new PeopleSoftHarness(T0, 1, 0);
        harness.runner.assertValid();
        harness.runner.setProperty("SETID", "SHARE,OTHER");
        harness.runner.assertNotValid();
        harness.runner.removeProperty("SETID");
        harness.runner.setProperty(GetPeopleSoftRecords.TIME_ZONE, "Pacific Time");
        harness.runner.assertNotValid();
        harness.runner.setProperty(GetPeopleSoftRecords.TIME_ZONE, "America/Chicago");
        harness.runner.setProperty(GetPeopleSoftRecords.INITIAL_WINDOW_START, "last tuesday");
        harness.runner.assertNotValid();
    }

    @Test
    void namesThatWouldLeaveTheirPathSegmentAndPatternsWithAnOffsetAreRefusedAtValidation() throws Exception {
        harness = new PeopleSoftHarness(T0, 1, 0);
        assertValidity(GetPeopleSoftRecords.QUERY_NAME, "MC_EMPL_CHANGES/JSON", false);
        assertValidity(GetPeopleSoftRecords.QUERY_NAME, "MC_EMPL_CHANGES", true);
        assertValidity(GetPeopleSoftRecords.DATETIME_FORMAT, "yyyy-MM-dd'T'HH:mm:ssXX", false);
        assertValidity(GetPeopleSoftRecords.DATETIME_FORMAT, "yyyy-MM-dd HH:mm:ss", true);

        harness.runner.setProperty(GetPeopleSoftRecords.PEOPLESOFT_INTERFACE, PeopleSoftInterface.SERVICE_OPERATION.getValue());
        harness.runner.setProperty(GetPeopleSoftRecords.RECORDS_JSON_POINTER, "/data/employees");
        assertValidity(GetPeopleSoftRecords.SERVICE_OPERATION, "MC_EMPLOYEE_DIRECTORY.v1/../changes", false);
        assertValidity(GetPeopleSoftRecords.SERVICE_OPERATION, "MC_EMPLOYEE_DIRECTORY.v1/changes?all=Y", false);
        assertValidity(GetPeopleSoftRecords.SERVICE_OPERATION, "/MC_EMPLOYEE_DIRECTORY.v1/changes", true);

        harness.runner.setProperty(GetPeopleSoftRecords.PEOPLESOFT_INTERFACE, PeopleSoftInterface.COMPONENT_INTERFACE.getValue());
        assertValidity(GetPeopleSoftRecords.COMPONENT_INTERFACE_NAME, "CUSTOMER_CI#", false);
    }

    private void assertValidity(final PropertyDescriptor property, final String value, final boolean valid) {
        harness.runner.setProperty(property, value);
        assertEquals(valid, harness.runner.isValid(), property.getName() + " = " + value);
    }

    private static Set<String> fieldNames(final JsonNode record) {
        final Set<String> names = new HashSet<>();
        record.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String otherDepartment(final Employee employee) {
        return employee.deptid().equals("10100") ? "10200" : "10100";
    }
}
