package io.mlconnector.nifi.mailchimp.sync;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

/**
 * The records of one trigger whose audit records are not written yet, in record order across the trigger's
 * FlowFiles, each with its outcome to come. Outcomes are written from the head as soon as they are settled, so audit
 * records keep their order while calls overlap; at most {@code limit} records wait (memory stays bounded), and a
 * record's person waits until an earlier record of the same person, maybe of another FlowFile, is settled. A FlowFile
 * whose last record is written is ended: {@link #takeEnded()} hands it over. Used by the trigger's thread only (the
 * outcomes are completed by the executor's threads).
 */
final class PendingOutcomes {

    /** Writes one record's audit record; does not throw (a FlowFile that cannot be written notes it and fails whole). */
    @FunctionalInterface
    interface AuditWriter {
        void write(Outcome outcome);
    }

    /** Sends the call that holds an outcome while it is still being filled: someone waits for it. */
    @FunctionalInterface
    interface BatchFlusher {
        void sendBatchContaining(CompletableFuture<Outcome> outcome);
    }

    private sealed interface Entry {
    }

    private record Pending(CompletableFuture<Outcome> outcome, AuditWriter writer, PersonKeys keys) implements Entry {
    }

    private record End(FlowFileRun run) implements Entry {
    }

    private final int limit;
    private final BatchFlusher flusher;
    private final Deque<Entry> queue = new ArrayDeque<>();
    private final Map<String, Pending> byPerson = new HashMap<>();
    private final List<FlowFileRun> ended = new ArrayList<>();
    private int records;

    PendingOutcomes(final int limit, final BatchFlusher flusher) {
        this.limit = limit;
        this.flusher = flusher;
    }

    /**
     * Waits until no earlier record of the person (by subscriber hash or source ID, either may be {@code null}) awaits
     * its outcome, so that the person's record is planned against what that one did.
     */
    void awaitEarlierRecordsOf(final String subscriberHash, final String sourceId) {
        settleEarlier(subscriberHash);
        settleEarlier(sourceId);
    }

    private void settleEarlier(final String key) {
        final Pending earlier = key == null ? null : byPerson.get(key);
        if (earlier != null) {
            settle(earlier);
        }
    }

    /** Queues a record's outcome; writes the settled ones from the head, waiting for the head while {@code limit} records wait. */
    void add(final CompletableFuture<Outcome> outcome, final AuditWriter writer, final PersonKeys keys) {
        final Pending pending = new Pending(outcome, writer, keys);
        queue.addLast(pending);
        records++;
        if (!outcome.isDone()) {
            link(keys.subscriberHash(), pending);
            link(keys.sourceId(), pending);
            link(keys.targetHash(), pending);
        }
        writeSettled();
        while (records > limit) {
            settle((Pending) queue.peekFirst());
            writeSettled();
        }
    }

    /** Ends the FlowFile once every record queued before is written. */
    void afterAllQueued(final FlowFileRun run) {
        queue.addLast(new End(run));
        writeSettled();
    }

    /** Waits for every outcome and writes it. */
    void drain() {
        while (!queue.isEmpty()) {
            if (queue.peekFirst() instanceof Pending head) {
                settle(head);
            }
            writeSettled();
        }
    }

    /** The FlowFiles whose every audit record is written since the last call, in order. */
    List<FlowFileRun> takeEnded() {
        final List<FlowFileRun> taken = List.copyOf(ended);
        ended.clear();
        return taken;
    }

    private void writeSettled() {
        for (Entry head; (head = queue.peekFirst()) != null && (head instanceof End || ((Pending) head).outcome().isDone()); ) {
            queue.removeFirst();
            switch (head) {
                case End end -> ended.add(end.run());
                case Pending pending -> {
                    records--;
                    unlink(pending.keys().subscriberHash(), pending);
                    unlink(pending.keys().sourceId(), pending);
                    unlink(pending.keys().targetHash(), pending);
                    pending.writer().write(pending.outcome().join());
                }
            }
        }
    }

    /** Waits for a record's outcome, sending its batch first if it is still being filled. */
    private void settle(final Pending pending) {
        if (pending.outcome().isDone()) {
            return;
        }
        flusher.sendBatchContaining(pending.outcome());
        // Outcomes are always completed normally (a call settles its records whatever it throws): only the wait can fail.
        final CountDownLatch settled = new CountDownLatch(1);
        pending.outcome().whenComplete((outcome, never) -> settled.countDown());
        try {
            settled.await();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Mailchimp", e);
        }
    }

    private void link(final String key, final Pending pending) {
        if (key != null) {
            byPerson.put(key, pending);
        }
    }

    private void unlink(final String key, final Pending pending) {
        if (key != null) {
            byPerson.remove(key, pending);
        }
    }
}
