package io.mlconnector.nifi.mailchimp;

import io.mlconnector.nifi.mailchimp.contact.TerminationAction;
import io.mlconnector.sandbox.core.Fault;
import io.mlconnector.sandbox.mailchimp.MailchimpSwitches;
import org.apache.nifi.util.MockFlowFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static io.mlconnector.nifi.mailchimp.MailchimpSandbox.employee;
import static io.mlconnector.nifi.mailchimp.PutMailchimpContact.REL_FAILURE;
import static io.mlconnector.nifi.mailchimp.PutMailchimpContact.REL_RETRY;
import static io.mlconnector.nifi.mailchimp.PutMailchimpContact.REL_SUCCESS;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A preview (Dry Run) decides as the real run does: each scenario runs in preview, then for real from the same
 * starting audience (a preview writes nothing), and every would-be action, status, route, refusal class and reason
 * equals the real one. Refusals Mailchimp gives only on a write are the documented exception: the preview names the
 * write, the real run its refusal.
 */
@Timeout(60)
class DryRunParityTest {

    /** What the real run did with a record, as a preview names it. */
    private static final Map<String, String> WOULD = Map.of("created", "would_create", "updated", "would_update",
            "unsubscribed", "would_unsubscribe", "archived", "would_archive");

    private MailchimpSandbox sandbox;

    @AfterEach
    void stop() {
        sandbox.close();
    }

    /**
     * @param setUp         brings the audience to the scenario's start, with the processor configured
     * @param records       the scenario's FlowFile
     * @param writeRefused  the real run's outcome comes from a refusal only a write gets: the preview names the write
     */
    record Scenario(String name, Consumer<MailchimpSandbox> setUp, List<Map<String, Object>> records, String writeRefused) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Map<String, Object> versioned(final Map<String, Object> record, final String version) {
        record.put("LASTUPDDTTM", version);
        return record;
    }

    private static Map<String, Object> renamed(final Map<String, Object> record) {
        record.put("LAST_NAME", "Renamed");
        return record;
    }

    /** Three employees already synced, under the given Termination Action. */
    private static Consumer<MailchimpSandbox> base(final TerminationAction action) {
        return sandbox -> {
            sandbox.runner.setProperty(PutMailchimpContact.TERMINATION_ACTION, action.getValue());
            sandbox.sync(List.of(versioned(employee("E1", "one@example.com", "A"), "2026-01-02T00:00:00Z"),
                    employee("E2", "two@example.com", "A"), employee("E3", "three@example.com", "A")));
        };
    }

    static Stream<Scenario> scenarios() {
        return Stream.of(
                new Scenario("new", base(TerminationAction.UNSUBSCRIBE), List.of(employee("E9", "nine@example.com", "A")), null),
                new Scenario("update", base(TerminationAction.UNSUBSCRIBE), List.of(renamed(employee("E2", "two@example.com", "A"))), null),
                new Scenario("unchanged", base(TerminationAction.UNSUBSCRIBE), List.of(employee("E2", "two@example.com", "A")), null),
                new Scenario("termination, Unsubscribe", base(TerminationAction.UNSUBSCRIBE),
                        List.of(employee("E2", "two@example.com", "I")), null),
                new Scenario("termination, Archive", base(TerminationAction.ARCHIVE), List.of(employee("E2", "two@example.com", "I")), null),
                new Scenario("termination, None", base(TerminationAction.NONE), List.of(employee("E2", "two@example.com", "I")), null),
                new Scenario("termination of someone never added", base(TerminationAction.ARCHIVE),
                        List.of(employee("E8", "eight@example.com", "I")), null),
                new Scenario("rehire", base(TerminationAction.ARCHIVE).andThen(s -> s.sync(List.of(employee("E2", "two@example.com", "I")))),
                        List.of(employee("E2", "two@example.com", "A")), null),
                new Scenario("rehire with a new address", base(TerminationAction.ARCHIVE)
                        .andThen(s -> s.sync(List.of(employee("E2", "two@example.com", "I")))),
                        List.of(employee("E2", "two.again@example.com", "A")), null),
                new Scenario("email change", base(TerminationAction.UNSUBSCRIBE), List.of(employee("E2", "two.new@example.com", "A")), null),
                new Scenario("merge of addresses", base(TerminationAction.UNSUBSCRIBE)
                        .andThen(s -> s.audience().seedMember("two.other@example.com", "subscribed", Map.of())),
                        List.of(employee("E2", "two.other@example.com", "A")), null),
                new Scenario("merge onto an unsubscribed address", base(TerminationAction.UNSUBSCRIBE)
                        .andThen(s -> s.audience().seedMember("two.other@example.com", "unsubscribed", Map.of())),
                        List.of(employee("E2", "two.other@example.com", "A")), null),
                new Scenario("older version", base(TerminationAction.UNSUBSCRIBE),
                        List.of(renamed(versioned(employee("E1", "one@example.com", "A"), "2026-01-01T00:00:00Z"))), null),
                new Scenario("missing tag", base(TerminationAction.UNSUBSCRIBE)
                        .andThen(s -> s.runner.setProperty(PutMailchimpContact.TAG_FIELDS, "Dept: =/DEPT")),
                        List.of(department(employee("E2", "two@example.com", "A")), department(employee("E9", "nine@example.com", "A"))), null),
                new Scenario("missing group, not created", base(TerminationAction.UNSUBSCRIBE).andThen(s -> interests(s, false)),
                        List.of(department(employee("E9", "nine@example.com", "A"))), null),
                new Scenario("missing group, created", base(TerminationAction.UNSUBSCRIBE).andThen(s -> interests(s, true)),
                        List.of(department(employee("E9", "nine@example.com", "A"))), null),
                new Scenario("retry_now", base(TerminationAction.ARCHIVE).andThen(s -> s.simulator.faults()
                        .failWithProbability(1, Fault.status(503, "text/plain", "down"), 1)),
                        List.of(employee("E2", "two@example.com", "I")), null),
                new Scenario("configuration", base(TerminationAction.UNSUBSCRIBE)
                        .andThen(s -> s.runner.setProperty(PutMailchimpContact.AUDIENCE_ID, "nosuchlist")),
                        List.of(employee("E9", "nine@example.com", "A")), null),
                new Scenario("nothing_to_do: a contact no longer in the audience", base(TerminationAction.ARCHIVE)
                        .andThen(s -> s.audience().forget("two@example.com")),
                        List.of(employee("E2", "two@example.com", "I")), null),
                new Scenario("permanent_for_person", base(TerminationAction.UNSUBSCRIBE).andThen(s -> {
                    s.audience().seedMember("gone@example.com", "subscribed", Map.of());
                    s.audience().forget("gone@example.com");
                }), List.of(employee("E9", "gone@example.com", "A")), "skipped"),
                new Scenario("update, the account refusing batch items without a status (O4)", base(TerminationAction.UNSUBSCRIBE)
                        .andThen(s -> MailchimpSwitches.apply(s.simulator.settings(), "batch-missing-status=refused")),
                        List.of(renamed(employee("E2", "two@example.com", "A"))), null),
                new Scenario("retry_later", base(TerminationAction.UNSUBSCRIBE)
                        .andThen(s -> s.simulator.settings().signupThrottled(Set.of("nine@example.com"))),
                        List.of(employee("E9", "nine@example.com", "A")), "failed"),
                new Scenario("permanent_for_record", base(TerminationAction.UNSUBSCRIBE)
                        .andThen(s -> s.simulator.settings().fakeEmailDomains(Set.of("fake.test"))),
                        List.of(employee("E9", "nine@fake.test", "A")), "failed"),
                new Scenario("two jobs, one ending in the same FlowFile", jobs(TerminationAction.ARCHIVE),
                        List.of(job(employee("E7", "seven@example.com", "A"), 0), job(employee("E7", "seven@example.com", "I"), 1)), null),
                new Scenario("one job of two ending in a later poll", jobs(TerminationAction.ARCHIVE).andThen(s -> s.sync(List.of(
                        job(employee("E7", "seven@example.com", "A"), 0), job(employee("E7", "seven@example.com", "A"), 1)))),
                        List.of(job(employee("E7", "seven@example.com", "I"), 1)), null),
                new Scenario("the last job ending", jobs(TerminationAction.ARCHIVE).andThen(s -> s.sync(List.of(
                        job(employee("E7", "seven@example.com", "A"), 0), job(employee("E7", "seven@example.com", "I"), 1)))),
                        List.of(job(employee("E7", "seven@example.com", "I"), 0)), null),
                new Scenario("missing SYNCSHARED: another person at a contact's address", base(TerminationAction.ARCHIVE),
                        List.of(employee("E9", "two@example.com", "A")), null),
                new Scenario("the holder of a shared address leaving", base(TerminationAction.ARCHIVE)
                        .andThen(s -> s.sync(List.of(employee("E9", "two@example.com", "A")))),
                        List.of(employee("E2", "two@example.com", "I")), null),
                new Scenario("email swap", base(TerminationAction.UNSUBSCRIBE),
                        List.of(employee("E2", "three@example.com", "A"), employee("E3", "two@example.com", "A")), null));
    }

    /** Records are jobs (Employment Record Field /EMPL_RCD), under the given Termination Action. */
    private static Consumer<MailchimpSandbox> jobs(final TerminationAction action) {
        return base(action).andThen(s -> s.runner.setProperty(PutMailchimpContact.EMPLOYMENT_RECORD_FIELD, "/EMPL_RCD"));
    }

    private static Map<String, Object> job(final Map<String, Object> record, final int emplRcd) {
        record.put("EMPL_RCD", emplRcd);
        return record;
    }

    private static Map<String, Object> department(final Map<String, Object> record) {
        record.put("DEPT", "Sales");
        return record;
    }

    private static void interests(final MailchimpSandbox sandbox, final boolean create) {
        sandbox.runner.setProperty(PutMailchimpContact.INTEREST_FIELD, "/DEPT");
        sandbox.runner.setProperty(PutMailchimpContact.INTEREST_CATEGORY, "Department");
        sandbox.runner.setProperty(PutMailchimpContact.CREATE_MISSING_INTEREST_GROUPS, String.valueOf(create));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void aPreviewDecidesAsTheRealRun(final Scenario scenario) {
        sandbox = new MailchimpSandbox(io.mlconnector.sandbox.mailchimp.MailchimpSimulator.builder(), 10, 0);
        scenario.setUp().accept(sandbox);

        sandbox.runner.setProperty(PutMailchimpContact.DRY_RUN, "true");
        sandbox.sync(scenario.records());
        final List<List<Object>> preview = outcomes();
        final String creates = creates();
        sandbox.runner.setProperty(PutMailchimpContact.DRY_RUN, "false");
        sandbox.sync(scenario.records());
        final List<List<Object>> real = outcomes();

        if (scenario.writeRefused() == null) {
            assertEquals(real.stream().map(DryRunParityTest::asPreview).toList(), preview, scenario.name());
        } else {
            assertEquals(scenario.writeRefused(), real.getFirst().get(1), scenario.name());
            assertEquals(List.of("success"), preview.stream().map(o -> o.getFirst()).distinct().toList(), scenario.name());
        }
        if (scenario.name().startsWith("missing")) {
            assertEquals(expectedCreates(scenario.name()), creates, scenario.name());
        }
    }

    private String expectedCreates(final String name) {
        return switch (name) {
            case "missing tag" -> "merge field SYNCTAGS; tag Dept: Sales";
            case "missing group, created" -> "interest group Sales; merge field SYNCGROUP";
            case "missing SYNCSHARED: another person at a contact's address" -> "merge field SYNCSHARED";
            default -> "merge field SYNCGROUP";
        };
    }

    /** A real run's outcome as a preview reports it. */
    private static List<Object> asPreview(final List<Object> real) {
        final List<Object> preview = new ArrayList<>(real);
        preview.set(1, WOULD.getOrDefault((String) real.get(1), (String) real.get(1)));
        return preview;
    }

    /** Per record, in order: relationship, action, status, refusal class, reason. */
    private List<List<Object>> outcomes() {
        final Map<String, List<Object>> byRecord = new LinkedHashMap<>();
        for (final var relationship : List.of(REL_SUCCESS, REL_FAILURE, REL_RETRY)) {
            for (final Map<String, Object> audit : sandbox.audit(relationship)) {
                final List<Object> outcome = new ArrayList<>();
                outcome.add(relationship.getName());
                outcome.add(audit.get("mailchimp_action"));
                outcome.add(audit.get("mailchimp_status"));
                outcome.add(audit.get("mailchimp_refusal"));
                outcome.add(audit.get("mailchimp_reason"));
                byRecord.put(audit.get("EMPLID") + "/" + audit.get("EMPL_RCD"), outcome);
            }
        }
        return new ArrayList<>(byRecord.values());
    }

    private String creates() {
        return sandbox.runner.getFlowFilesForRelationship(REL_SUCCESS).stream().findFirst()
                .or(() -> sandbox.runner.getFlowFilesForRelationship(REL_FAILURE).stream().findFirst())
                .map((MockFlowFile f) -> f.getAttribute("mailchimp.dry_run.creates")).orElse(null);
    }
}
