package io.mlconnector.nifi.mailchimp.sync;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The records of one trigger whose audit records are not written yet, in record order across the trigger's
 * FlowFiles, each with its outcome to come. Outcomes are written from the head as soon as they are settled, so audit
 * records keep their order while calls overlap; at most {@code limit} records wait (memory stays bounded), and a
 * record's person waits until an earlier record of the same person, maybe of another FlowFile, is settled. Used by
 * the trigger's thread only (the outcomes are completed by the executor's threads).
 */
public final class PendingOutcomes {

    /** Writes one record's audit record; does not throw (a FlowFile that cannot be written notes it and fails whole). */
    @FunctionalInterface
    public interface Writer {
        void write(Outcome outcome);
    }

    private record Pending(CompletableFuture<Outcome> outcome, Writer writer, PlanExecutor executor, String[] keys,
                           Runnable then) {
    }

    private final int limit;
    private final Deque<Pending> queue = new ArrayDeque<>();
    private final Map<String, Pending> byPerson = new HashMap<>();
    private int records;

    public PendingOutcomes(final int limit) {
        this.limit = limit;
    }

    /**
     * Waits until no earlier record of the person (by any of {@code keys}: subscriber hash, source ID) awaits its
     * outcome, so that the person's record is planned against what that one did.
     */
    public void awaitPerson(final String... keys) {
        for (final String key : keys) {
            final Pending earlier = key == null ? null : byPerson.get(key);
            if (earlier != null) {
                settle(earlier);
            }
        }
    }

    /** Queues a record's outcome; writes the settled ones from the head, waiting for the head while {@code limit} records wait. */
    public void add(final CompletableFuture<Outcome> outcome, final Writer writer, final PlanExecutor executor, final String... keys) {
        final Pending pending = new Pending(outcome, writer, executor, keys, null);
        queue.addLast(pending);
        records++;
        for (final String key : keys) {
            if (key != null && !outcome.isDone()) {
                byPerson.put(key, pending);
            }
        }
        writeSettled();
        while (records > limit) {
            settle(queue.peekFirst());
            writeSettled();
        }
    }

    /** Runs {@code then} (finish a FlowFile) once every record queued before is written. */
    public void then(final Runnable then) {
        queue.addLast(new Pending(null, null, null, new String[0], then));
        writeSettled();
    }

    /** Waits for every outcome and writes it. */
    public void drain() {
        while (!queue.isEmpty()) {
            settle(queue.peekFirst());
            writeSettled();
        }
    }

    private void writeSettled() {
        for (Pending head; (head = queue.peekFirst()) != null && (head.outcome() == null || head.outcome().isDone()); ) {
            queue.removeFirst();
            if (head.then() != null) {
                head.then().run();
            } else {
                records--;
                for (final String key : head.keys()) {
                    if (key != null && byPerson.get(key) == head) {
                        byPerson.remove(key);
                    }
                }
                head.writer().write(head.outcome().join());
            }
        }
    }

    /** Waits for a record's outcome, sending its batch first if it is still being filled. */
    private static void settle(final Pending pending) {
        if (pending.outcome() == null || pending.outcome().isDone()) {
            return;
        }
        pending.executor().sendHolding(pending.outcome());
        try {
            pending.outcome().get();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Mailchimp", e);
        } catch (final ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }
}
