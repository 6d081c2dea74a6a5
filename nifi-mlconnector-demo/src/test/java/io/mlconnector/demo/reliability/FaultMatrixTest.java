package io.mlconnector.demo.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlconnector.demo.FlowRunner;
import io.mlconnector.demo.Sandbox;
import io.mlconnector.demo.SyncReport;
import io.mlconnector.sandbox.core.Fault;
import io.mlconnector.sandbox.core.Faults;
import io.mlconnector.sandbox.mailchimp.Audience;
import io.mlconnector.sandbox.mailchimp.Member;
import io.mlconnector.sandbox.peoplesoft.Employee;
import io.mlconnector.sandbox.peoplesoft.HrData;
import io.mlconnector.sandbox.report.ReliabilityReport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fault matrix: each scenario runs the shipped flow from a clean start against fresh simulators with one kind of
 * fault, through to quiet; then the invariant must hold (nothing lost, nothing duplicated, no opt-out re-subscribed,
 * nothing leaked), and replaying the review queues once the fault is gone must reach parity. A scenario is one line:
 * a name, the fault, how to set it up. The rows are published in docs/reliability.md.
 */
class FaultMatrixTest {

    private static final int EMPLOYEES = 24;
    private static final int CUSTOMERS = 6;
    private static final Fault THROTTLED = Fault.status(429, "application/problem+json",
            "{\"type\":\"https://mailchimp.com/developer/marketing/docs/errors/\",\"title\":\"Too Many Requests\",\"status\":429}");
    private static final Fault SIGN_ON_PAGE = Fault.status(200, "text/html; charset=UTF-8",
            "<html><head><title>Oracle PeopleSoft Sign-in</title></head><body><form name=\"login\">userid pwd</form></body></html>");
    private static final Fault IB_ERROR = Fault.status(500, "application/json",
            "{\"IBResponse\":{\"type\":\"error\",\"DefaultTitle\":\"Integration Broker Response\",\"StatusCode\":20,"
                    + "\"MessageID\":10,\"DefaultMessage\":\"Integration Gateway: General Error\",\"MessageParameters\":[]}}");
    private static final String API_KEY_INVALID = "{\"type\":\"https://mailchimp.com/developer/marketing/docs/errors/\",\"title\":\"API Key Invalid\","
            + "\"status\":401,\"detail\":\"Your API key may be invalid, or you've attempted to access the wrong datacenter.\"}";
    private static final String HELD_FOR_RETRY = "Employee records to send again";
    private static final List<String> ROWS = Collections.synchronizedList(new ArrayList<>());
    private static long secretPaths;

    /** How a scenario sets up its fault (and any run before it); {@code heal} removes it before the replay. */
    @FunctionalInterface
    interface Setup {
        void apply(FlowUnderFaults flow) throws Exception;
    }

    /**
     * One row of the matrix. {@code heldBy}: a log text that shows the source holds the changes back with a clear
     * error (then the differences are held, not lost); {@code remedy}: what the operator does once the fault is gone,
     * before the review queues are replayed; {@code noReplay}: why parity cannot be reached (null when it must be).
     */
    record Scenario(String name, String fault, Map<String, String> properties, Setup setup, String heldBy,
                    boolean heldInAudience, Setup remedy, String noReplay) {
        @Override
        public String toString() {
            return name;
        }

        Scenario with(final Map<String, String> processorProperties) {
            return new Scenario(name, fault, processorProperties, setup, heldBy, heldInAudience, remedy, noReplay);
        }

        Scenario heldBy(final String logText, final Setup operatorRemedy) {
            return new Scenario(name, fault, properties, setup, logText, false, operatorRemedy, noReplay);
        }

        /** The marketer destroyed what parity needs: held back are the differences containing {@code heldText}. */
        Scenario noParity(final String why, final String heldText) {
            return new Scenario(name, fault, properties, setup, heldText, true, remedy, why);
        }

        /**
         * The marketer destroyed values in Mailchimp (the differences containing {@code heldText}); parity must come
         * back with {@code operatorRemedy}.
         */
        Scenario restoredBy(final String heldText, final Setup operatorRemedy) {
            return new Scenario(name, fault, properties, setup, heldText, true, operatorRemedy, null);
        }

        /** Once the fault is gone, the operator (or marketer) does {@code operatorRemedy} before the replay. */
        Scenario remediedBy(final Setup operatorRemedy) {
            return new Scenario(name, fault, properties, setup, heldBy, heldInAudience, operatorRemedy, noReplay);
        }
    }

    private static Scenario scenario(final String name, final String fault, final Setup setup) {
        return new Scenario(name, fault, Map.of(), setup, null, false, f -> { }, null);
    }

    static List<Scenario> scenarios() {
        return List.of(
                scenario("baseline", "none", f -> { }),
                // Mailchimp. Calls 1-5 prepare the employee audience (merge fields, index); from 6 on, batches.
                scenario("429 storm", "6 answers 429, no Retry-After", f -> nth(mailchimp(f), 6, 11, THROTTLED)),
                scenario("429 storm, Retry-After", "6 answers 429 with Retry-After: 1", f -> nth(mailchimp(f), 6, 11, THROTTLED.withHeader("Retry-After", "1"))),
                scenario("403 empty body", "4 answers 403 without a body (throttling)", f -> nth(mailchimp(f), 6, 9, Fault.status(403, null, ""))),
                scenario("429 empty body", "4 answers 429 without a body (R9, at very high volume)", f -> nth(mailchimp(f), 6, 9, Fault.status(429, null, ""))),
                scenario("API key rejected", "2 batch calls answered 401 API Key Invalid (R10)",
                        f -> nth(mailchimp(f), 9, 10, Fault.status(401, "application/problem+json", API_KEY_INVALID))),
                scenario("signups throttled for one address", "one new address \"has signed up to a lot of lists very recently\" (R4):"
                        + " held on retry for the Retry Later Delay (2 s here, 6 h by default), lifted before it ends",
                        f -> {
                            f.setProperty(FlowUnderFaults.PUT_EMPLOYEES, "Retry Later Delay", "2 sec");
                            f.sandbox.mailchimp().settings().signupThrottled(Set.of(active(f.sandbox.peopleSoft().hr(), 2).email()));
                        }).remediedBy(FaultMatrixTest::waitOutTheRetryLaterDelay),
                scenario("required merge field added mid-run", "a marketer adds a required field PROMO after the first employee batch:"
                        + " the next batches are refused (R5 \"Your merge fields were invalid.\"); deleted before the replay",
                        f -> afterFirstEmployeeBatch(f, () -> employees(f).addMergeField("PROMO", "text", true)))
                        .remediedBy(f -> employees(f).deleteMergeField("PROMO")),
                scenario("5xx burst", "500, 502, 503, 504, 500, 503", f -> {
                    final int[] codes = {500, 502, 503, 504, 500, 503};
                    IntStream.range(0, codes.length).forEach(i -> mailchimp(f).failNth(6 + i, Fault.status(codes[i], "text/html", "<html>error</html>")));
                }),
                scenario("connection resets", "6 connections reset after the headers, preparation included", f -> nth(mailchimp(f), 3, 8, Fault.connectionReset())),
                // Requests 9 and on are the employees' batch calls (1 to 8 prepare the audience: one trigger takes every FlowFile).
                scenario("slower than read timeout", "2 answers 1.5 s late (read timeout 1 s), applied anyway", f -> nth(mailchimp(f), 9, 10, Fault.delay(Duration.ofMillis(1_500)))),
                scenario("malformed JSON", "3 answers 200 with a body that is not JSON", f -> {
                    mailchimp(f).failNth(4, Fault.malformedBody()).failNth(6, Fault.malformedBody()).failNth(8, Fault.malformedBody());
                }),
                scenario("truncated JSON", "2 answers cut half-way, after the change was applied", f -> {
                    mailchimp(f).failNth(8, Fault.truncatedBody()).failNth(10, Fault.truncatedBody());
                }),
                scenario("partial batch failure", "per-member errors inside a 200 (addresses at example.net look fake)",
                        f -> f.sandbox.mailchimp().settings().fakeEmailDomains(Set.of("example.net"))),
                scenario("merge field deleted mid-run", "DEPT deleted by a marketer after the first batch (Mailchimp deletes its values)",
                        f -> afterFirstEmployeeBatch(f, () -> employees(f).deleteMergeField("DEPT")))
                        .restoredBy(" DEPT: Mailchimp has 'null'", FlowUnderFaults::rereadPeopleSoft),
                scenario("audience deleted mid-run", "the customer audience deleted after the first employee batch",
                        f -> afterFirstEmployeeBatch(f, () -> f.sandbox.mailchimp().deleteAudience(f.sandbox.customerAudience())))
                        .noParity("n/a: the audience is gone", "\u0000"),
                scenario("opted out between read and write", "after the index read, a marketer unsubscribes one changed contact and archives another",
                        FaultMatrixTest::optOutBetweenReadAndWrite),
                // PeopleSoft: the first poll fails; the next scheduled one must read everything.
                scenario("PeopleSoft 401 mid-run", "401 on the first query call", f -> peopleSoft(f).failNth(1, Fault.status(401, "text/plain", ""))),
                scenario("PeopleSoft 500, production", "500 with an empty body", f -> nth(peopleSoft(f), 1, 2, Fault.status(500, null, ""))),
                scenario("PeopleSoft 500, development", "500 with an IBResponse error body", f -> nth(peopleSoft(f), 1, 2, IB_ERROR)),
                scenario("PeopleSoft sign-on page", "200 with the HTML sign-on page", f -> peopleSoft(f).failNth(1, SIGN_ON_PAGE)),
                scenario("PeopleSoft truncated body", "the query answer cut half-way", f -> peopleSoft(f).failNth(1, Fault.truncatedBody())),
                scenario("PeopleSoft slow body", "the query answer stalls 1.5 s after 16 bytes", f -> peopleSoft(f).failNth(1, Fault.slowBody(Duration.ofMillis(1_500)))),
                scenario("late commit, older timestamp", "a department change committed 2 min after its timestamp", f -> {
                    f.run();
                    final HrData hr = f.sandbox.peopleSoft().hr();
                    hr.commitLate(active(hr, 0).emplid(), Instant.now().minusSeconds(120));
                    Sandbox.letChangesSettle();
                }),
                scenario("more rows in one second than Max Rows", "8 changes in one second, Max Rows 5; held with an error until Max Rows is raised", f -> {
                    f.run();
                    final HrData hr = f.sandbox.peopleSoft().hr();
                    final List<String> departments = List.copyOf(hr.departments().keySet());
                    IntStream.range(0, 8).forEach(i -> hr.updateDepartment(active(hr, i).emplid(), departments.get(i % departments.size())));
                    Sandbox.letChangesSettle();
                }).with(Map.of("Max Rows", "5")).heldBy("raise Max Rows", f -> f.reconfigure(Map.of("Max Rows", "10"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    @Timeout(120)
    void invariantHoldsAfterTheFault(final Scenario scenario) throws Exception {
        try (FlowUnderFaults flow = new FlowUnderFaults(Sandbox.start(EMPLOYEES, CUSTOMERS, 17), scenario.properties())) {
            scenario.setup().apply(flow);
            flow.runToQuiet();
            final FlowUnderFaults.Verdict verdict = flow.verdict(d -> scenario.heldBy() != null
                    && (scenario.heldInAudience() ? d.contains(scenario.heldBy()) : flow.logged(scenario.heldBy())));

            flow.sandbox.mailchimp().faults().clear();
            flow.sandbox.mailchimp().faults().observe(null);
            flow.sandbox.mailchimp().settings().fakeEmailDomains(Set.of()).signupThrottled(Set.of());
            flow.sandbox.peopleSoft().faults().clear();
            scenario.remedy().apply(flow);
            final boolean converged;
            flow.replayReviewQueues();
            converged = scenario.noReplay() == null && flow.atParity();
            secretPaths += flow.secretPathsChecked();
            final long leakedAfterReplay = flow.leaks();
            ROWS.add(String.format("| %s | %s | %d | %d | %d | %d | %d | %d | %d | %d | %s |", scenario.name(), scenario.fault(),
                    verdict.in(), verdict.created(), verdict.updated(), verdict.failed(), verdict.onReview() + verdict.held(),
                    verdict.duplicates(), verdict.lost(),
                    leakedAfterReplay, scenario.noReplay() == null ? (converged ? "yes" : "**no**") : scenario.noReplay()));

            assertTrue(verdict.holds(), () -> scenario + ": " + verdict);
            assertEquals(0, leakedAfterReplay, "no secret anywhere");
            if (scenario.noReplay() == null) {
                assertTrue(converged, () -> scenario + ": replay did not reach parity: " + flow.sandbox.checkAudiences(flow.flow)
                        + ", still queued " + flow.runner.queued().keySet());
            }
        }
    }

    @AfterAll
    static void publish() {
        final List<String> rows = new ArrayList<>(ROWS);
        rows.sort(null);
        ReliabilityReport.writeSection("matrix", String.join("\n",
                "| Scenario | Fault | Records in | Created | Updated | Failed | On review or held | Duplicates | Lost | Leaked | Replay converged |",
                "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
                String.join("\n", rows),
                "",
                rows.size() + " scenarios; " + secretPaths + " secret checks (3 secrets x every log line, error, attribute set,"
                        + " content and provenance event of every scenario)."));
    }

    private static void optOutBetweenReadAndWrite(final FlowUnderFaults f) throws InterruptedException {
        f.run();
        final HrData hr = f.sandbox.peopleSoft().hr();
        final Employee unsubscribes = active(hr, 0);
        final Employee archived = active(hr, 1);
        hr.changeName(unsubscribes.emplid(), "Changed", unsubscribes.lastName());
        hr.changeName(archived.emplid(), "Changed", archived.lastName());
        Sandbox.letChangesSettle();
        f.optedOut.add(unsubscribes.emplid());
        f.optedOut.add(archived.emplid());
        final AtomicBoolean done = new AtomicBoolean();
        mailchimp(f).observe((request, status) -> {
            if (request.method().equals("GET") && request.path().endsWith(f.sandbox.employeeAudience() + "/members") && !done.getAndSet(true)) {
                final Audience audience = employees(f);
                final Member one = audience.member(unsubscribes.email()).orElseThrow();
                audience.seedMember(one.email(), "unsubscribed", one.mergeFields());
                final Member other = audience.member(archived.email()).orElseThrow();
                audience.seedMember(other.email(), "archived", other.mergeFields());
            }
        });
    }

    /**
     * R4: the throttled record waits in the retry loop, named with its class, reason and retry time, and no round of the
     * loop is spent on it; once the time has come (and the address is no longer throttled) the next run sends it.
     */
    private static void waitOutTheRetryLaterDelay(final FlowUnderFaults f) throws InterruptedException {
        final List<FlowRunner.Queued> held = f.runner.queued().get(HELD_FOR_RETRY);
        assertEquals(1, held == null ? 0 : held.size(), () -> "held on retry: " + f.runner.queued().keySet());
        final FlowRunner.Queued flowFile = held.getFirst();
        assertEquals("1", flowFile.attributes().get("mailchimp.retries"), "one pass through the retry loop, none spent while held");
        final JsonNode record = SyncReport.records(flowFile.content()).getFirst();
        assertEquals("retry_later", record.path("mailchimp_refusal").asText(), record::toString);
        assertTrue(record.path("mailchimp_reason").asText().contains("has signed up to a lot of lists very recently"), record::toString);
        final Instant after = Instant.parse(flowFile.attributes().get("mailchimp.retry.after"));
        assertTrue(after.isBefore(Instant.now().plusSeconds(3)), () -> "the row's Retry Later Delay: " + after);
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), after).toMillis() + 100));
    }

    private static Audience employees(final FlowUnderFaults f) {
        return f.sandbox.mailchimp().audience(f.sandbox.employeeAudience());
    }

    /** Lets the first employee batch call through, then does what a marketer does at that moment. */
    private static void afterFirstEmployeeBatch(final FlowUnderFaults f, final Runnable marketer) {
        final AtomicBoolean done = new AtomicBoolean();
        mailchimp(f).observe((request, status) -> {
            if (request.method().equals("POST") && request.path().endsWith("/lists/" + f.sandbox.employeeAudience()) && !done.getAndSet(true)) {
                marketer.run();
            }
        });
    }

    private static Employee active(final HrData hr, final int index) {
        return hr.employeeStream().filter(Employee::isActive).filter(e -> e.email() != null).skip(index).findFirst().orElseThrow();
    }

    private static Faults mailchimp(final FlowUnderFaults flow) {
        return flow.sandbox.mailchimp().faults();
    }

    private static Faults peopleSoft(final FlowUnderFaults flow) {
        return flow.sandbox.peopleSoft().faults();
    }

    private static void nth(final Faults faults, final int from, final int to, final Fault fault) {
        IntStream.rangeClosed(from, to).forEach(n -> faults.failNth(n, fault));
    }
}
