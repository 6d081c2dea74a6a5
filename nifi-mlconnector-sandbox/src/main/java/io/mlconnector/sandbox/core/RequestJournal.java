package io.mlconnector.sandbox.core;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Predicate;

/** The requests a simulator received, oldest first; keeps the most recent {@code capacity} entries. */
public final class RequestJournal {

    public static final int DEFAULT_CAPACITY = 10_000;

    private final int capacity;
    private final Deque<JournalEntry> entries = new ArrayDeque<>();

    public RequestJournal() {
        this(DEFAULT_CAPACITY);
    }

    public RequestJournal(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
    }

    public synchronized void record(JournalEntry entry) {
        if (entries.size() == capacity) {
            entries.removeFirst();
        }
        entries.addLast(entry);
    }

    public synchronized List<JournalEntry> entries() {
        return List.copyOf(entries);
    }

    public synchronized void clear() {
        entries.clear();
    }

    public synchronized long count(Predicate<JournalEntry> predicate) {
        return entries.stream().filter(predicate).count();
    }
}
