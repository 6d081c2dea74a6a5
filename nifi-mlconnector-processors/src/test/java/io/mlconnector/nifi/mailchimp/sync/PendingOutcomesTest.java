package io.mlconnector.nifi.mailchimp.sync;

import io.mlconnector.nifi.mailchimp.contact.SyncAction;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The order, bound and same-person wait of the records awaiting their outcome, without Mailchimp. */
class PendingOutcomesTest {

    private final List<String> written = new ArrayList<>();
    private final List<CompletableFuture<Outcome>> hurried = new ArrayList<>();
    /** A call that answers only when someone waits for it, as an open batch does. */
    private final PendingOutcomes.BatchFlusher answerWhenAsked = outcome -> {
        hurried.add(outcome);
        outcome.complete(Outcome.success(SyncAction.CREATED, "subscribed", null));
    };

    private PendingOutcomes.AuditWriter writer(final String name) {
        return outcome -> written.add(name + " " + outcome.action().value());
    }

    private static FlowFileRun run() {
        return new FlowFileRun(null, null, null, null, null, RunMode.APPLY, java.util.Set.of(), null);
    }

    @Test
    void recordsAreWrittenInOrderAcrossFlowFilesAndAFlowFileEndsAfterItsLastRecord() {
        final PendingOutcomes pending = new PendingOutcomes(100, answerWhenAsked);
        final CompletableFuture<Outcome> slow = new CompletableFuture<>();
        final FlowFileRun first = run();
        pending.add(slow, writer("a1"), PersonKeys.NONE);
        pending.afterAllQueued(first);
        pending.add(CompletableFuture.completedFuture(Outcome.success(SyncAction.SKIPPED, null, "x")), writer("b1"), PersonKeys.NONE);
        final FlowFileRun second = run();
        pending.afterAllQueued(second);

        assertEquals(List.of(), written, "b1 is settled but waits behind a1");
        assertEquals(List.of(), pending.takeEnded());
        slow.complete(Outcome.retry("later"));
        pending.drain();

        assertEquals(List.of("a1 failed", "b1 skipped"), written);
        assertEquals(List.of(first, second), pending.takeEnded());
    }

    @Test
    void atMostTheLimitOfRecordsWait() {
        final PendingOutcomes pending = new PendingOutcomes(3, answerWhenAsked);
        final List<CompletableFuture<Outcome>> outcomes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
            outcomes.add(outcome);
            pending.add(outcome, writer("r" + i), PersonKeys.NONE);
        }

        assertEquals(outcomes.subList(0, 2), hurried, "the fourth and fifth records waited for the head's call");
        assertEquals(List.of("r0 created", "r1 created"), written);
    }

    @Test
    void aPersonsRecordWaitsForTheEarlierOneOfTheSamePerson() {
        final PendingOutcomes pending = new PendingOutcomes(100, answerWhenAsked);
        final CompletableFuture<Outcome> other = new CompletableFuture<>();
        final CompletableFuture<Outcome> earlier = new CompletableFuture<>();
        pending.add(other, writer("other"), new PersonKeys("hash-other", "E2", null));
        pending.add(earlier, writer("earlier"), new PersonKeys("hash-new", "E1", "hash-old"));

        pending.awaitEarlierRecordsOf("hash-unrelated", "E3");
        assertTrue(hurried.isEmpty(), "nobody else's record is waited for");
        pending.awaitEarlierRecordsOf("hash-old", null);
        assertEquals(List.of(earlier), hurried, "found by the address its plan changed; only that record's call was sent");
        pending.awaitEarlierRecordsOf(null, "E1");
        assertEquals(List.of(earlier), hurried, "settled already: not sent again");
    }
}
