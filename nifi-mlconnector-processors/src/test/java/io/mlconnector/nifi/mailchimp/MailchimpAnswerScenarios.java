package io.mlconnector.nifi.mailchimp;

import io.mlconnector.nifi.mailchimp.contact.TerminationAction;
import io.mlconnector.sandbox.core.JournalEntry;
import io.mlconnector.sandbox.mailchimp.Member;
import io.mlconnector.sandbox.mailchimp.MailchimpSwitches;
import org.junit.jupiter.params.provider.Arguments;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.mlconnector.nifi.mailchimp.MailchimpSandbox.employee;
import static io.mlconnector.nifi.mailchimp.PutMailchimpContact.REL_FAILURE;
import static io.mlconnector.nifi.mailchimp.PutMailchimpContact.REL_RETRY;
import static io.mlconnector.nifi.mailchimp.PutMailchimpContact.REL_SUCCESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sync's key scenarios under every answer Mailchimp may give where the evidence leaves it open (issue 17.2): each
 * scenario runs against a simulator set to one "world" of switch settings and must converge to parity with nothing
 * lost, duplicated, re-subscribed or looping through retry. Between runs the processor stops (NiFi restarted: its
 * member index is gone) unless the scenario keeps it running.
 */
final class MailchimpAnswerScenarios {

    /** One setting of the simulator's switches: the defaults, each non-default value alone, and two combinations. */
    record World(String name, List<String> switches) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** What an operator, HR or a marketer does, in order; then the audience Mailchimp must end with. */
    record Scenario(String name, TerminationAction action, List<Step> steps, List<String> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    @FunctionalInterface
    interface Step {
        void apply(Run run);
    }

    static final List<World> WORLDS = worlds();

    private static List<World> worlds() {
        final List<World> worlds = new ArrayList<>();
        worlds.add(new World("defaults", List.of()));
        for (final String name : List.of("archived-listing", "batch-archived", "batch-missing-status", "batch-unknown-merge-tag",
                "since-precision", "since-boundary", "batch-answer-order")) {
            MailchimpSwitches.named(name).values().stream().skip(1)
                    .forEach(value -> worlds.add(new World(name + "=" + value, List.of(name + "=" + value))));
        }
        worlds.add(new World("listed archived, contact exists", List.of("archived-listing=listed", "batch-archived=contact-exists")));
        worlds.add(new World("finest since, inclusive, reversed", List.of("since-precision=millisecond", "since-boundary=inclusive",
                "batch-answer-order=reversed")));
        return List.copyOf(worlds);
    }

    private static final String V1 = "2026-11-01T08:00:00-07:00";
    private static final String V2 = "2026-11-02T09:00:00-08:00";
    private static final String V3 = "2026-11-20T09:00:00-08:00";

    static final List<Scenario> SCENARIOS = List.of(
            new Scenario("initial load", TerminationAction.ARCHIVE, List.of(
                    r -> r.sync(List.of(pat("pat@example.org", "A", V1, "Pat"), lee("A", V1), person("E3", "gone@example.org", "I", V1)))),
                    List.of("lee@example.org subscribed E2 Lee", "pat@example.org subscribed E1 Pat")),
            new Scenario("incremental after a restart", TerminationAction.ARCHIVE, List.of(
                    r -> r.sync(List.of(pat("pat@example.org", "A", V1, "Pat"), lee("A", V1))),
                    r -> r.sync(List.of(pat("pat@example.org", "A", V2, "Patricia"), lee("A", V1)))),
                    List.of("lee@example.org subscribed E2 Lee", "pat@example.org subscribed E1 Patricia")),
            new Scenario("incremental while running, opted out in between", TerminationAction.ARCHIVE, List.of(
                    r -> r.syncKeepRunning(List.of(pat("pat@example.org", "A", V1, "Pat"), lee("A", V1))),
                    r -> r.marketerSets("lee@example.org", "unsubscribed"),
                    r -> r.syncKeepRunning(List.of(pat("pat@example.org", "A", V2, "Patricia"), lee("A", V2)))),
                    List.of("lee@example.org unsubscribed E2 Lee", "pat@example.org subscribed E1 Patricia")),
            new Scenario("termination, archive", TerminationAction.ARCHIVE, terminatedThen(),
                    List.of("pat@example.org archived E1 Pat")),
            new Scenario("termination, unsubscribe", TerminationAction.UNSUBSCRIBE, terminatedThen(),
                    List.of("pat@example.org unsubscribed E1 Pat")),
            new Scenario("rehire after a restart", TerminationAction.ARCHIVE,
                    terminatedThen(r -> r.sync(List.of(pat("pat@example.org", "A", V3, "Pat")))),
                    List.of("pat@example.org subscribed E1 Pat")),
            new Scenario("rehire with a new address", TerminationAction.ARCHIVE,
                    terminatedThen(r -> r.sync(List.of(pat("pat.new@example.org", "A", V3, "Pat")))),
                    List.of("pat.new@example.org subscribed E1 Pat", "pat@example.org archived E1 Pat")),
            new Scenario("replay of an older FlowFile after a restart", TerminationAction.ARCHIVE,
                    terminatedThen(r -> r.sync(List.of(pat("pat@example.org", "A", V1, "Pat")))),
                    List.of("pat@example.org archived E1 Pat")),
            new Scenario("email change", TerminationAction.ARCHIVE, List.of(
                    r -> r.sync(List.of(pat("pat@example.org", "A", V1, "Pat"))),
                    r -> r.sync(List.of(pat("pat.new@example.org", "A", V2, "Pat")))),
                    List.of("pat.new@example.org subscribed E1 Pat")),
            new Scenario("archived by a marketer while running, then updated", TerminationAction.UNSUBSCRIBE, List.of(
                    r -> r.syncKeepRunning(List.of(pat("pat@example.org", "A", V1, "Pat"), lee("A", V1))),
                    r -> r.marketerSets("lee@example.org", "archived"),
                    r -> r.syncKeepRunning(List.of(lee("A", V2)))),
                    List.of("lee@example.org archived E2 Lee", "pat@example.org subscribed E1 Pat")),
            new Scenario("archived by a marketer while running, then updated, under Termination Action Archive", TerminationAction.ARCHIVE,
                    List.of(r -> r.syncKeepRunning(List.of(pat("pat@example.org", "A", V1, "Pat"), lee("A", V1))),
                            r -> r.marketerSets("lee@example.org", "archived"),
                            r -> r.syncKeepRunning(List.of(married(lee("A", V2))))),
                    List.of("lee@example.org archived E2 Lee", "pat@example.org subscribed E1 Pat")),
            new Scenario("terminated by another node while running, then rehired", TerminationAction.ARCHIVE, List.of(
                    r -> r.syncKeepRunning(List.of(pat("pat@example.org", "A", V1, "Pat"), lee("A", V1))),
                    r -> r.anotherNodeArchives("lee@example.org"),
                    r -> r.syncKeepRunning(List.of(lee("A", V3, "Leigh")))),
                    List.of("lee@example.org subscribed E2 Leigh", "pat@example.org subscribed E1 Pat")),
            new Scenario("opted out and archived between the index read and the write", TerminationAction.ARCHIVE, List.of(
                    r -> r.syncKeepRunning(List.of(pat("pat@example.org", "A", V1, "Pat"), lee("A", V1))),
                    r -> r.afterTheNextIndexRead(Map.of("pat@example.org", "unsubscribed", "lee@example.org", "archived")),
                    r -> r.syncKeepRunning(List.of(married(pat("pat@example.org", "A", V2, "Pat")), married(lee("A", V2))))),
                    List.of("lee@example.org archived E2 Lee", "pat@example.org unsubscribed E1 Pat")));

    private MailchimpAnswerScenarios() {
    }

    /** Pat synced on V1, terminated on V2 (each run followed by a restart), then {@code next}. */
    private static List<Step> terminatedThen(final Step... next) {
        final List<Step> steps = new ArrayList<>(List.of(
                r -> r.sync(List.of(pat("pat@example.org", "A", V1, "Pat"))),
                r -> r.sync(List.of(pat("pat@example.org", "I", V2, "Pat")))));
        steps.addAll(List.of(next));
        return List.copyOf(steps);
    }

    /** Every scenario under every world. */
    static Stream<Arguments> cases() {
        return SCENARIOS.stream().flatMap(s -> WORLDS.stream().map(w -> Arguments.of(s, w)));
    }

    static String key(final Scenario scenario, final World world) {
        return scenario.name() + " @ " + world.name();
    }

    private static Map<String, Object> person(final String emplid, final String email, final String hrStatus, final String version) {
        final Map<String, Object> record = new LinkedHashMap<>(employee(emplid, email, hrStatus));
        record.put("LASTUPDDTTM", version);
        return record;
    }

    private static Map<String, Object> pat(final String email, final String hrStatus, final String version, final String firstName) {
        final Map<String, Object> record = person("E1", email, hrStatus, version);
        record.put("FIRST_NAME", firstName);
        return record;
    }

    /**
     * A new last name, which the audience check does not show: whether a contact left alone for its status gets the
     * new merge field values depends on the answer (a batch keeps the status, a refusal leaves all unchanged).
     */
    private static Map<String, Object> married(final Map<String, Object> record) {
        record.put("LAST_NAME", "Married");
        return record;
    }

    private static Map<String, Object> lee(final String hrStatus, final String version) {
        return lee(hrStatus, version, "Lee");
    }

    private static Map<String, Object> lee(final String hrStatus, final String version, final String firstName) {
        final Map<String, Object> record = person("E2", "lee@example.org", hrStatus, version);
        record.put("FIRST_NAME", firstName);
        return record;
    }

    /** Runs the scenario in the world and checks parity, and that nothing failed or looped. */
    static void check(final Scenario scenario, final World world) {
        try (MailchimpSandbox sandbox = new MailchimpSandbox()) {
            world.switches().forEach(s -> MailchimpSwitches.apply(sandbox.simulator.settings(), s));
            sandbox.runner.setProperty(PutMailchimpContact.TERMINATION_ACTION, scenario.action().getValue());
            final Run run = new Run(sandbox);
            scenario.steps().forEach(step -> step.apply(run));
            final List<String> audience = sandbox.audience().members().stream().sorted(Comparator.comparing(Member::email))
                    .map(m -> m.email() + " " + m.status() + " " + m.mergeFields().get("EMPLID") + " " + m.mergeFields().get("FNAME"))
                    .toList();
            assertEquals(scenario.expected(), audience, () -> key(scenario, world) + "; audit: " + run.audit);
            assertTrue(run.failed.isEmpty(), () -> key(scenario, world) + ": failed " + run.failed);
            // O4: "status": "" fails the whole request, every member of it.
            assertEquals(List.of(), sandbox.simulator.journal().entries().stream().map(JournalEntry::body)
                    .filter(body -> EMPTY_STATUS.matcher(body).find()).toList(), () -> key(scenario, world) + ": an empty status sent");
        }
    }

    private static final Pattern EMPTY_STATUS = Pattern.compile("\"status\"\\s*:\\s*\"\"");

    /** The runs of one scenario; records sent back to retry are replayed, as the flow's RetryFlowFile loop does. */
    static final class Run {
        private static final int RETRY_ROUNDS = 3;

        private final MailchimpSandbox sandbox;
        private final List<Map<String, Object>> audit = new ArrayList<>();
        private final List<Map<String, Object>> failed = new ArrayList<>();

        private Run(final MailchimpSandbox sandbox) {
            this.sandbox = sandbox;
        }

        /** One run, then the processor stops: the next run reads the audience anew. */
        void sync(final List<Map<String, Object>> records) {
            converge(records, false);
        }

        /** One run, the processor left running: the next run refreshes its member index. */
        void syncKeepRunning(final List<Map<String, Object>> records) {
            converge(records, true);
        }

        void marketerSets(final String email, final String status) {
            final Member member = sandbox.audience().member(email).orElseThrow();
            sandbox.audience().seedMember(email, status, member.mergeFields());
        }

        /** What the sync on another node of the cluster does at a termination: marks the contact, then archives it. */
        void anotherNodeArchives(final String email) {
            marketerSets(email, "archived");
            sandbox.audience().tagMember(email, "Archived at termination while subscribed");
        }

        /** A marketer (or the people themselves) changes statuses just after the next run reads the member index. */
        void afterTheNextIndexRead(final Map<String, String> statuses) {
            final AtomicBoolean done = new AtomicBoolean();
            sandbox.simulator.faults().observe((request, status) -> {
                if (request.method().equals("GET") && request.path().endsWith("/members") && !done.getAndSet(true)) {
                    statuses.forEach(this::marketerSets);
                }
            });
        }

        private void converge(final List<Map<String, Object>> records, final boolean keepRunning) {
            List<Map<String, Object>> next = records;
            for (int round = 0; !next.isEmpty(); round++) {
                assertTrue(round <= RETRY_ROUNDS, () -> "still on retry after " + RETRY_ROUNDS + " rounds (looping): " + audit);
                if (keepRunning) {
                    sandbox.syncAndKeepRunning(next);
                } else {
                    sandbox.sync(next);
                }
                audit.addAll(sandbox.audit(REL_SUCCESS));
                audit.addAll(sandbox.audit(REL_RETRY));
                failed.addAll(sandbox.audit(REL_FAILURE));
                next = sandbox.audit(REL_RETRY);
            }
        }
    }
}
