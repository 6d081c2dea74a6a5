package io.mlconnector.demo.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlconnector.nifi.mailchimp.audience.MailchimpAnswers;
import io.mlconnector.nifi.mailchimp.audience.Refusal;
import io.mlconnector.sandbox.core.JournalEntry;
import io.mlconnector.sandbox.core.SimClock;
import io.mlconnector.sandbox.mailchimp.MailchimpSimulator;
import io.mlconnector.sandbox.mailchimp.MailchimpSwitches;
import io.mlconnector.sandbox.mailchimp.Member;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * bin/mailchimp-contract-check against the simulator under several switch settings: the table names, for every
 * behaviour with a switch, the setting the simulator runs with; the key never shows; the check's contacts end
 * archived; no request ever asks for a status that sends email.
 */
@Timeout(60)
class ContractCheckTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What one run printed, and the table's switch column and its "product handles it" column by behaviour. */
    private record Result(int exitCode, String out, String err, Map<String, String> matches, Map<String, String> covered) {
    }

    private static Result check(final MailchimpSimulator mc, final String audienceId, final List<String> extraArgs,
                                final Map<String, String> environment, final SimClock clock) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final List<String> args = new ArrayList<>(List.of("--audience", audienceId, "--email-domain", "example.org",
                "--api-base-url", mc.baseUrl()));
        args.addAll(extraArgs);
        final int code = ContractCheckMain.run(args.toArray(String[]::new), environment::get,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), clock::advance);
        final String printed = out.toString(StandardCharsets.UTF_8);
        final Map<String, String> matches = new LinkedHashMap<>();
        final Map<String, String> covered = new LinkedHashMap<>();
        printed.lines().filter(l -> l.matches("[OR]\\d+ +\\|.*")).forEach(l -> {
            final String[] cells = l.split(" \\| ");
            matches.put(cells[0].strip() + " " + cells[1].strip(), cells[3].strip());
            covered.put(cells[0].strip() + " " + cells[1].strip(), cells[4].strip());
        });
        return new Result(code, printed, err.toString(StandardCharsets.UTF_8), matches, covered);
    }

    private static MailchimpSimulator simulator(final SimClock clock, final String... switches) {
        final MailchimpSimulator mc = MailchimpSimulator.builder().clock(clock).start();
        for (final String assignment : switches) {
            MailchimpSwitches.apply(mc.settings(), assignment);
        }
        return mc;
    }

    /** Every switch the table names is set so in the simulator; every other behaviour is the recorded one. */
    private static void assertTableMatches(final MailchimpSimulator mc, final Result result) {
        assertTrue(result.matches().size() >= 18, result.out());
        result.matches().forEach((behaviour, matched) -> {
            if (matched.contains("=")) {
                final String name = matched.substring(0, matched.indexOf('='));
                final String value = matched.substring(name.length() + 1);
                final String actual = MailchimpSwitches.named(name).valueIn(mc.settings());
                assertTrue(value.equals(actual) || value.equals(ContractCheck.EITHER_BOUNDARY) && !mc.settings().sincePrecision().name().equals("SECOND"),
                        () -> behaviour + ": the table says " + matched + ", the simulator runs with " + actual + "\n" + result.out());
            } else if (!matched.equals(Finding.NOT_PROVOKED)) {
                assertEquals(Finding.RECORDED, matched, () -> behaviour + "\n" + result.out());
            }
        });
        assertEquals(List.of("R1", "R2", "R3", "R4", "R9"), result.matches().entrySet().stream()
                .filter(e -> e.getValue().equals(Finding.NOT_PROVOKED)).map(e -> e.getKey().substring(0, e.getKey().indexOf(' '))).toList());
        assertTrue(result.covered().get("R4 an address that signed up to many lists very recently").startsWith("yes: class retry_later"),
                result.out());
        assertTrue(result.covered().get("R1 subscribing an address in a compliance state").startsWith("yes: class permanent_for_person"),
                result.out());
        for (final String name : List.of("archived-listing", "batch-archived", "batch-missing-status", "batch-unknown-merge-tag",
                "since-precision", "batch-answer-order", "lower-case-merge-keys")) {
            assertTrue(result.matches().values().stream().anyMatch(m -> m.startsWith(name + "=")), () -> name + " told\n" + result.out());
        }
        assertTrue(result.matches().containsKey("R10 a key Mailchimp does not know"), result.out());
    }

    private static void assertSafe(final MailchimpSimulator mc, final String audienceId, final Result result) throws IOException {
        final String secret = mc.apiKey().substring(0, mc.apiKey().indexOf('-'));
        assertFalse(result.out().contains(secret) || result.err().contains(secret), "the key never shows");
        final List<Member> contacts = mc.audience(audienceId).members().stream().filter(m -> m.email().startsWith("mlc-contract-")).toList();
        assertFalse(contacts.isEmpty());
        assertTrue(contacts.stream().allMatch(m -> m.status().equals("archived")), contacts::toString);
        for (final JournalEntry entry : mc.journal().entries()) {
            if (entry.body() != null && entry.body().startsWith("{")) {
                final List<String> statuses = new ArrayList<>();
                collectStatuses(JSON.readTree(entry.body()), statuses);
                assertTrue(statuses.stream().noneMatch(Set.of("subscribed", "pending")::contains),
                        () -> "a status that could send email: " + entry.body());
            }
        }
    }

    private static void collectStatuses(final JsonNode node, final List<String> statuses) {
        node.properties().forEach(e -> {
            if (e.getKey().startsWith("status")) {
                statuses.add(e.getValue().asText());
            }
        });
        node.forEach(child -> collectStatuses(child, statuses));
    }

    @Test
    void underTheDefaultsTheTableNamesTheDefaultsAndTheProductHandlesEveryAnswer() throws IOException {
        final SimClock clock = SimClock.fixed(Instant.parse("2026-12-07T10:00:00Z"));
        try (MailchimpSimulator mc = simulator(clock)) {
            final String audienceId = mc.createAudience("Contract check");
            final Result result = check(mc, audienceId, List.of(), Map.of(ContractCheckMain.KEY_VARIABLE, mc.apiKey()), clock);

            assertTableMatches(mc, result);
            assertEquals("archived-listing=hidden", result.matches().get("O1 archived contact in the listing without status"));
            assertEquals("batch-archived=unarchive-as-new", result.matches().get("O3 batch subscribe of the archived address"));
            assertEquals("since-boundary=exclusive", result.matches().get("O10 since_last_changed boundary"));
            assertEquals(0, result.exitCode(), result.out() + result.err());
            assertTrue(result.out().contains("The product handles every answer this account gave."), result.out());
            assertSafe(mc, audienceId, result);
        }
    }

    @Test
    void underOtherSettingsTheTableNamesThem(@TempDir final Path dir) throws IOException {
        final SimClock clock = SimClock.fixed(Instant.parse("2026-12-07T10:00:00Z"));
        try (MailchimpSimulator mc = simulator(clock, "archived-listing=listed", "batch-archived=contact-exists",
                "batch-missing-status=refused", "batch-unknown-merge-tag=refused", "since-precision=millisecond",
                "batch-answer-order=reversed", "lower-case-merge-keys=saved")) {
            final String audienceId = mc.createAudience("Contract check");
            final Path keyFile = Files.writeString(dir.resolve("key"), mc.apiKey() + "\n");
            final Result result = check(mc, audienceId, List.of("--api-key-file", keyFile.toString()), Map.of(), clock);

            assertTableMatches(mc, result);
            assertEquals("batch-missing-status=refused", result.matches().get("O4 batch update without status"));
            assertTrue(result.covered().get("O4 batch update without status").startsWith("yes: class ordering"), result.out());
            assertTrue(result.covered().get("O3 batch subscribe of the archived address").startsWith("yes: class ordering"), result.out());
            assertEquals(0, result.exitCode(), result.out());
            assertSafe(mc, audienceId, result);
        }
    }

    @Test
    void whenEveryAnswerIsHandledTheCheckPasses() throws IOException {
        final SimClock clock = SimClock.fixed(Instant.parse("2026-12-07T10:00:00Z"));
        try (MailchimpSimulator mc = simulator(clock, "batch-archived=contact-exists", "since-boundary=inclusive")) {
            final String audienceId = mc.createAudience("Contract check");
            final Result result = check(mc, audienceId, List.of("--delete-permanently"), Map.of(ContractCheckMain.KEY_VARIABLE, mc.apiKey()), clock);

            assertTableMatches(mc, result);
            assertEquals(0, result.exitCode(), result.out() + result.err());
            assertTrue(result.out().contains("The product handles every answer this account gave."), result.out());
            assertTrue(mc.audience(audienceId).members().stream().noneMatch(m -> m.email().startsWith("mlc-contract-")), "deleted when told");
        }
    }

    /** The column comes from the product's classification: an answer it would read otherwise is flagged. */
    @Test
    void aRefusalTheProductReadsOtherwiseIsNotCovered() {
        final Refusal unrecognised = MailchimpAnswers.refusal("ERROR_GENERIC", "Invalid Resource", "", "");
        assertTrue(ContractCheck.covers(unrecognised, Refusal.Kind.STATUS_NEEDED).startsWith("NO: "));
        assertFalse(new Finding("O4", "batch update without status", "refused", "batch-missing-status=refused",
                ContractCheck.covers(unrecognised, Refusal.Kind.STATUS_NEEDED)).isCovered());
    }

    @Test
    void theKeyIsNeverTakenOnTheCommandLine() {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int code = ContractCheckMain.run(new String[] {"--audience", "a1", "--email-domain", "example.org", "--api-key", "x-us21"},
                name -> null, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8), d -> { });
        assertEquals(2, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("use --api-key-file or MAILCHIMP_API_KEY"));
    }
}
