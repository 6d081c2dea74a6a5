package io.mlconnector.sandbox.core;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Predicate;

/**
 * The requests a simulator received, oldest first. Keeps memory bounded for long benchmark runs: the oldest entries
 * are dropped once there are more than {@code capacity} of them or their bodies hold more than {@code bodyBudget}
 * characters together.
 */
public final class RequestJournal {

    public static final int DEFAULT_CAPACITY = 10_000;
    public static final long DEFAULT_BODY_BUDGET = 16L * 1024 * 1024;

    private final int capacity;
    private final long bodyBudget;
    private final Deque<JournalEntry> entries = new ArrayDeque<>();
    private long bodyChars;

    public RequestJournal() {
        this(DEFAULT_CAPACITY, DEFAULT_BODY_BUDGET);
    }

    public RequestJournal(int capacity, long bodyBudget) {
        if (capacity < 1 || bodyBudget < 0) {
            throw new IllegalArgumentException("capacity must be positive and bodyBudget not negative");
        }
        this.capacity = capacity;
        this.bodyBudget = bodyBudget;
    }

    public synchronized void record(JournalEntry entry) {
        entries.addLast(entry);
        bodyChars += entry.body().length();
        while (entries.size() > 1 && (entries.size() > capacity || bodyChars > bodyBudget)) {
            bodyChars -= entries.removeFirst().body().length();
        }
    }

    public synchronized List<JournalEntry> entries() {
        return List.copyOf(entries);
    }

    public synchronized void clear() {
        entries.clear();
        bodyChars = 0;
    }

    public synchronized long count(Predicate<JournalEntry> predicate) {
        return entries.stream().filter(predicate).count();
    }
}
