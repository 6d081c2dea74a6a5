package io.mlconnector.nifi.mailchimp;

import io.mlconnector.sandbox.core.Fault;
import io.mlconnector.sandbox.core.SimClock;
import io.mlconnector.nifi.mailchimp.contact.TerminationAction;
import io.mlconnector.sandbox.mailchimp.Member;
import io.mlconnector.sandbox.core.JournalEntry;
import io.mlconnector.sandbox.mailchimp.MailchimpSettings.SinceBoundary;
import io.mlconnector.sandbox.mailchimp.MailchimpSettings.SincePrecision;
import io.mlconnector.sandbox.mailchimp.MailchimpSimulator;
import io.mlconnector.sandbox.mailchimp.RequestHold;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static io.mlconnector.nifi.mailchimp.PutMailchimpContact.REL_SUCCESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How calls flow: no barrier between windows, full batches, index refreshes that do not read back our own writes. */
class PutMailchimpContactPipelineTest {

    private MailchimpSandbox sandbox;

    @AfterEach
    void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void aSlowCallDoesNotHoldBackTheNextBatches() throws Exception {
        // Windows of Batch Size x concurrency = 4 records: a window barrier would keep batches 3 and 4 behind batch 1.
        // (Two windows, 8 records, may await their outcome: beyond that the reader waits for the slow one, by design.)
        sandbox = new MailchimpSandbox(MailchimpSimulator.builder(), 2, 1);
        sandbox.runner.setProperty(PutMailchimpContact.BATCH_SIZE, "2");
        sandbox.syncAndKeepRunning(employees(0, 2));
        sandbox.simulator.journal().clear();
        final RequestHold slow = sandbox.simulator.holdRequests(r -> r.method().equals("POST")
                && r.path().endsWith("/lists/" + sandbox.audienceId) && r.bodyAsString().contains("person100@"), 1);

        final List<Map<String, Object>> records = employees(100, 8);
        final CompletableFuture<Void> run = CompletableFuture.runAsync(() -> sandbox.syncAndKeepRunning(records));
        slow.awaitHeld(1);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (sandbox.batchCalls() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        final long answeredWhileHeld = sandbox.batchCalls();
        slow.release();
        run.get(30, TimeUnit.SECONDS);

        assertEquals(3, answeredWhileHeld, "batches 2 to 4 went out and were answered while batch 1 was held");
        final List<JournalEntry> batches = sandbox.simulator.journal().entries().stream().filter(this::isBatch).toList();
        assertTrue(batches.getLast().body().contains("person100@example.com"), "the held first batch answered last");
        assertEquals(records.stream().map(r -> r.get("EMPLID")).toList(),
                sandbox.audit(REL_SUCCESS).stream().map(r -> r.get("EMPLID")).toList(), "audit records in record order");
        assertTrue(sandbox.audit(REL_SUCCESS).stream().allMatch(r -> "created".equals(r.get("mailchimp_action"))));
    }

    @Test
    void aPersonsRecordInTheNextFlowFileWaitsForTheEarlierOne() {
        sandbox = new MailchimpSandbox();
        sandbox.syncAndKeepRunning(employees(0, 2));
        // The first FlowFile's batch (request 2) answers late: planned at once, the second record would add a duplicate.
        sandbox.simulator.faults().failNth(2, Fault.delay(Duration.ofSeconds(1)));
        sandbox.runner.clearTransferState();
        sandbox.enqueue(List.of(MailchimpSandbox.employee("E100", "before@example.com", "A")));
        sandbox.enqueue(List.of(MailchimpSandbox.employee("E100", "after@example.com", "A")));

        sandbox.runner.run(1, false, false);

        sandbox.runner.assertAllFlowFilesTransferred(REL_SUCCESS, 2);
        assertEquals(List.of("created", "updated"),
                sandbox.audit(REL_SUCCESS).stream().map(r -> r.get("mailchimp_action")).toList(), "one trigger, in order");
        assertEquals("subscribed", sandbox.statusOf("after@example.com"));
        assertEquals(null, sandbox.statusOf("before@example.com"), "the contact moved; no duplicate");
    }

    @Test
    void batchesAreFullWhateverTheMixOfCreatesAndUpdates() {
        // Windows of 1,500 records would split each kind into a batch of 500 and one of 250.
        sandbox = new MailchimpSandbox(MailchimpSimulator.builder(), 3, 1);
        sandbox.syncAndKeepRunning(employees(0, 1_500));
        final long before = sandbox.batchCalls();
        final List<Map<String, Object>> mixed = new ArrayList<>();
        IntStream.range(0, 1_500).forEach(i -> {
            mixed.add(MailchimpSandbox.employee("E" + i, "person" + i + "@example.com", "A"));
            mixed.add(MailchimpSandbox.employee("E" + (5_000 + i), "person" + (5_000 + i) + "@example.com", "A"));
        });
        mixed.forEach(r -> r.put("LAST_NAME", "Changed"));

        sandbox.syncAndKeepRunning(mixed);

        assertEquals(3_000 / 500, sandbox.batchCalls() - before, "ceil(changed / 500) batch calls");
        assertEquals(3_000, sandbox.audience().members().size());
    }

    @Test
    void refreshesDoNotReadBackOurOwnWrites() {
        sandbox = new MailchimpSandbox();
        sandbox.syncAndKeepRunning(employees(0, 2_500));
        sandbox.simulator.journal().clear();

        final List<Map<String, Object>> changes = employees(0, 10);
        changes.forEach(r -> r.put("LAST_NAME", "Changed"));
        sandbox.syncAndKeepRunning(changes);

        assertEquals(1, memberPages(), "one listing since the watermark, not the 3 pages of contacts we wrote");
        assertEquals(10, sandbox.audit(REL_SUCCESS).stream().filter(r -> "updated".equals(r.get("mailchimp_action"))).count());
    }

    @Test
    void refreshesStillReadWhatOthersChanged() {
        sandbox = new MailchimpSandbox();
        sandbox.syncAndKeepRunning(employees(0, 2_500));
        // A signup form adds a contact PeopleSoft is about to send: the listing holds one member we did not write.
        sandbox.audience().seedMember("person9000@example.com", "subscribed", Map.of());
        sandbox.simulator.journal().clear();

        sandbox.syncAndKeepRunning(employees(9_000, 1));

        assertEquals(3, memberPages(), "2,501 changed members: every page is read");
        assertEquals("updated", sandbox.auditOf("E9000").get("mailchimp_action"), "known from the refresh, so updated at once");
    }

    @Test
    void partialBatchesOfConsecutiveFlowFilesFillEachOther() {
        sandbox = new MailchimpSandbox();
        sandbox.enqueue(employees(0, 300));
        sandbox.enqueue(employees(300, 300));
        sandbox.enqueue(employees(600, 300));

        sandbox.runner.run(1, false, true);

        sandbox.runner.assertAllFlowFilesTransferred(REL_SUCCESS, 3);
        assertEquals(List.of(400, 500), batchSizes().stream().sorted().toList(), "one batch per 500 contacts, not one partial batch per FlowFile");
        assertEquals(900, sandbox.audience().members().size());
    }

    @Test
    void theMergeFieldCheckAndTheListingAreReadAtOnce() throws Exception {
        sandbox = new MailchimpSandbox();
        sandbox.syncAndKeepRunning(employees(0, 2));
        final RequestHold mergeFields = sandbox.simulator.holdRequests(r -> r.method().equals("GET") && r.path().endsWith("/merge-fields"), 1);
        sandbox.simulator.journal().clear();

        final CompletableFuture<Void> run = CompletableFuture.runAsync(() -> sandbox.syncAndKeepRunning(employees(2, 2)));
        mergeFields.awaitHeld(1);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (memberPages() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        final long pagesWhileHeld = memberPages();
        mergeFields.release();
        run.get(30, TimeUnit.SECONDS);

        assertEquals(1, pagesWhileHeld, "the listing was answered while the merge-field check was held");
        assertEquals(4, sandbox.audience().members().size());
    }

    /**
     * A load over three triggers whose writes span three seconds, then an increment, with the processor running
     * throughout: however Mailchimp compares since_last_changed (O10), the increment's refresh counts the load's writes
     * as ours and reads one page, not the three the load wrote.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"SECOND, EXCLUSIVE", "SECOND, INCLUSIVE", "MILLISECOND, EXCLUSIVE", "MILLISECOND, INCLUSIVE"})
    void anIncrementAfterALoadReadsOnePageHoweverMailchimpComparesSince(final SincePrecision precision,
                                                                       final SinceBoundary boundary) {
        loadOverThreeSeconds(precision, boundary);
        sandbox.simulator.journal().clear();

        final List<Map<String, Object>> changes = employees(0, 10);
        changes.forEach(r -> r.put("LAST_NAME", "Changed"));
        sandbox.syncAndKeepRunning(changes);

        assertEquals(1, memberPages(), "one listing since the watermark, not the 4 pages of contacts the load wrote");
        assertEquals(10, sandbox.audit(REL_SUCCESS).stream().filter(r -> "updated".equals(r.get("mailchimp_action"))).count());
    }

    /**
     * Where Mailchimp leaves the since second out, as many changes of others as we wrote in that second must not pass
     * for those writes of ours: the listing's count matches "ours, boundary included", but nothing showed that
     * Mailchimp lists the boundary, so every page is read.
     */
    @Test
    void othersChangesCannotHideInPlaceOfOurWritesOnTheBoundary() {
        loadOverThreeSeconds(SincePrecision.SECOND, SinceBoundary.EXCLUSIVE);
        // As many signups as the load wrote in the boundary second (10:00:00).
        IntStream.range(0, 1_200).forEach(i -> sandbox.audience().seedMember("signup" + i + "@example.com", "subscribed", Map.of()));
        sandbox.simulator.journal().clear();

        sandbox.syncAndKeepRunning(employees(0, 1));

        assertEquals(4, memberPages(), "3,600 changed members: every page is read");
        assertEquals(4_800, sandbox.audience().members().size());
    }

    /**
     * Per change, beyond the batch and tag calls its records share: a termination (archive) costs its DELETE, an email
     * change its PATCH. The terminations' merge fields and source version travel in the batch, their archive marker
     * in one call for all of them.
     */
    @Test
    void aTerminationCostsOneCallBeyondSharedOnesAndAnEmailChangeOne() {
        sandbox = new MailchimpSandbox();
        sandbox.runner.setProperty(PutMailchimpContact.TERMINATION_ACTION, TerminationAction.ARCHIVE.getValue());
        final List<Map<String, Object>> load = versioned(employees(0, 10), "2026-11-01T08:00:00Z");
        sandbox.syncAndKeepRunning(load);
        sandbox.simulator.journal().clear();

        final List<Map<String, Object>> changes = versioned(employees(0, 5), "2026-11-02T08:00:00Z");
        IntStream.range(0, 3).forEach(i -> changes.get(i).put("HR_STATUS", "I"));
        changes.get(3).put("EMAIL_ADDR", "moved3@example.com");
        changes.get(4).put("LAST_NAME", "Changed");
        sandbox.syncAndKeepRunning(changes);

        assertEquals(List.of("archived", "archived", "archived", "updated", "updated"),
                sandbox.audit(REL_SUCCESS).stream().map(r -> r.get("mailchimp_action")).toList());
        assertEquals(3, sandbox.requests(e -> e.method().equals("DELETE")), "one archive per termination");
        assertEquals(1, sandbox.requests(e -> e.method().equals("PATCH")), "one call for the email change");
        assertEquals(1, sandbox.batchCalls(), "the update and the terminations' merge fields, in one batch");
        assertEquals(1, sandbox.requests(e -> e.method().equals("POST") && e.path().matches(".*/segments/[^/]+$")),
                "the three archive markers in one call");
        assertEquals(0, sandbox.requests(e -> e.path().endsWith("/tags")), "no tag call per member");
        for (int i = 0; i < 3; i++) {
            final Member archived = sandbox.audience().member("person" + i + "@example.com").orElseThrow();
            assertEquals("archived", archived.status());
            assertEquals(List.of("Archived at termination while subscribed"), archived.tags());
            assertEquals("2026-11-02T08:00:00Z", archived.mergeFields().get("SRCVERSION"), "the version went with the batch");
        }
        assertEquals("subscribed", sandbox.statusOf("moved3@example.com"));

        sandbox.simulator.journal().clear();
        sandbox.syncAndKeepRunning(changes);
        assertEquals(0, sandbox.requests(e -> !e.method().equals("GET")), "replayed: nothing changes");
    }

    private static List<Map<String, Object>> versioned(final List<Map<String, Object>> records, final String version) {
        records.forEach(r -> r.put("LASTUPDDTTM", version));
        return records;
    }

    /** 3,600 employees in three triggers, half a second apart from 10:00:00.700: their writes span three seconds. */
    private void loadOverThreeSeconds(final SincePrecision precision, final SinceBoundary boundary) {
        final SimClock clock = SimClock.fixed(Instant.parse("2026-12-07T10:00:00.700Z"));
        sandbox = new MailchimpSandbox(MailchimpSimulator.builder().clock(clock), 10, 5);
        sandbox.simulator.settings().sincePrecision(precision).sinceBoundary(boundary);
        for (int trigger = 0; trigger < 3; trigger++) {
            sandbox.syncAndKeepRunning(employees(trigger * 1_200, 1_200));
            clock.advance(Duration.ofMillis(500));
        }
    }

    private List<Integer> batchSizes() {
        return sandbox.simulator.journal().entries().stream().filter(this::isBatch)
                .map(e -> e.body().split("\"email_address\"", -1).length - 1).toList();
    }

    private long memberPages() {
        return sandbox.requests(e -> e.method().equals("GET") && e.path().endsWith("/lists/" + sandbox.audienceId + "/members"));
    }

    private boolean isBatch(final JournalEntry entry) {
        return entry.method().equals("POST") && entry.path().endsWith("/lists/" + sandbox.audienceId);
    }

    private static List<Map<String, Object>> employees(final int from, final int count) {
        return new ArrayList<>(IntStream.range(from, from + count)
                .mapToObj(i -> MailchimpSandbox.employee("E" + i, "person" + i + "@example.com", "A")).toList());
    }
}
