package io.mlconnector.demo;

import io.mlconnector.sandbox.peoplesoft.HrData;
import io.mlconnector.sandbox.service.AudienceCheck;
import io.mlconnector.sandbox.service.HrChanges;
import io.mlconnector.sandbox.service.PeopleSoftRows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the shipped flow definition, as it is in the file, against the simulators: the initial load, a round of HR
 * changes, a rehire of the person just terminated, and a person's second job, whose first then last job ends. After each run Mailchimp must hold exactly what PeopleSoft
 * does, nothing may wait in the failure queues, and the second and third runs must move only the changed rows.
 */
class FlowRunTest {

    private static final FlowDefinition FLOW = FlowDefinition.shipped();
    private static Sandbox sandbox;
    private static FlowRunner runner;

    @BeforeAll
    static void start() throws IOException {
        sandbox = Sandbox.start(3_000, 400, 11);
        runner = FlowRunner.create(FLOW, ComponentCatalog.fromClasspath(), sandbox.parameterBindings(), step -> { });
    }

    @AfterAll
    static void stop() {
        if (runner != null) {
            runner.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    @Timeout(300) // a processor that never returns must fail the build, not hang it
    void flowKeepsMailchimpEqualToPeopleSoftThroughHrChanges() throws InterruptedException {
        final HrData hr = sandbox.peopleSoft().hr();

        final FlowRunner.RunResult initial = runner.runOnce();
        assertClean(initial);
        final Map<String, SyncReport> first = reportsByProcessor(initial);
        assertEquals(PeopleSoftRows.employees(hr).size(), first.get("Put Employees into Mailchimp").read());
        assertEquals(PeopleSoftRows.customers(hr).size(), first.get("Put Customer Contacts into Mailchimp").read());
        first.values().forEach(r -> assertEquals(r.read(), r.written(), () -> "every record read leaves with an action: " + r));
        assertAudiencesMatch();
        // Each contact carries its PeopleSoft version (LASTUPDDTTM through the flow's JSON writer and reader), in UTC.
        for (final String audience : List.of(sandbox.employeeAudience(), sandbox.customerAudience())) {
            sandbox.mailchimp().audience(audience).members().forEach(member -> assertTrue(String.valueOf(
                    member.mergeFields().get("SRCVERSION")).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{3})?Z"),
                    () -> member.email() + " " + member.mergeFields()));
        }

        final List<HrChanges.Change> changes = sandbox.changes().applyRound();
        Sandbox.letChangesSettle();
        final FlowRunner.RunResult second = runner.runOnce();
        assertClean(second);
        final SyncReport employees = reportsByProcessor(second).get("Put Employees into Mailchimp");
        final SyncReport customers = reportsByProcessor(second).get("Put Customer Contacts into Mailchimp");
        assertEquals(4, employees.read(), "hire, email change, termination, rehire: " + changes);
        assertEquals(2, employees.count("created"), "the hire and the rehire (never synced while terminated)");
        assertEquals(1, employees.count("updated"), "the email change moves the contact");
        assertEquals(1, employees.count("archived"), "the termination, under the flow's Archive policy");
        assertEquals(2, customers.read(), "the new customer and the inactivated one");
        assertEquals(1, customers.count("created"));
        assertEquals(1, customers.count("unsubscribed"), "the inactivation, under the flow's Unsubscribe policy");
        assertAudiencesMatch();

        final String terminated = changes.stream().filter(c -> c.kind().equals("termination")).findFirst().orElseThrow().key();
        hr.rehire(terminated, hr.today());
        Sandbox.letChangesSettle();
        final FlowRunner.RunResult third = runner.runOnce();
        assertClean(third);
        final SyncReport rehire = reportsByProcessor(third).get("Put Employees into Mailchimp");
        assertEquals(1, rehire.read());
        assertEquals(0, reportsByProcessor(third).get("Put Customer Contacts into Mailchimp").read());
        assertAudiencesMatch(); // the archived contact is subscribed again

        // A second concurrent job (one more JOB row), then the end of the first job: the person stays subscribed.
        final String twoJobs = sandbox.changes().addJob(null, null, null).key();
        assertOnly(runPeople(), "updated"); // the second job's row, remembered with the contact
        sandbox.changes().endJob(twoJobs, 0, null);
        assertOnly(runPeople(), "updated"); // only the contact's memory of the jobs is written
        assertEquals("subscribed", sandbox.mailchimp().audience(sandbox.employeeAudience())
                .member(hr.employee(twoJobs).orElseThrow().email()).orElseThrow().status());
        sandbox.changes().endJob(twoJobs, null, null);
        assertOnly(runPeople(), "archived"); // the last job ends: the flow's Archive policy applies
    }

    private static void assertOnly(final SyncReport report, final String action) {
        assertEquals(1, report.read(), report::toString);
        assertEquals(1, report.count(action), report::toString);
    }

    /** After an HR change: one run of the flow, clean and in parity; the employees' report. */
    private static SyncReport runPeople() throws InterruptedException {
        Sandbox.letChangesSettle();
        final FlowRunner.RunResult run = runner.runOnce();
        assertClean(run);
        assertAudiencesMatch();
        return reportsByProcessor(run).get("Put Employees into Mailchimp");
    }

    private static void assertClean(final FlowRunner.RunResult result) {
        assertEquals(List.of(), result.errors());
        assertEquals(Map.of(), runner.queued(), "nothing may wait in the failure queues");
    }

    private static void assertAudiencesMatch() {
        final List<AudienceCheck.Result> results = sandbox.checkAudiences(FLOW);
        assertEquals(2, results.size());
        results.forEach(r -> assertTrue(r.matches(), r::toString));
    }

    private static Map<String, SyncReport> reportsByProcessor(final FlowRunner.RunResult result) {
        return SyncReport.of(FLOW, result).stream()
                .collect(java.util.stream.Collectors.toMap(SyncReport::destination, r -> r));
    }
}
