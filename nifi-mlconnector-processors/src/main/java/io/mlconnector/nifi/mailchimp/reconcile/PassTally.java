package io.mlconnector.nifi.mailchimp.reconcile;

import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The settled records of a reconciliation pass in one audience, counted by {@link DriftKind}, and how often each merge
 * field was overwritten. Records still to be retried are not counted: they are counted when they settle. Used by one
 * thread at a time.
 */
public final class PassTally {

    private final Map<DriftKind, Long> kinds = new EnumMap<>(DriftKind.class);
    private final Map<String, Long> fields = new TreeMap<>();

    public void add(final DriftKind kind, final Collection<String> overwritten) {
        kinds.merge(kind, 1L, Long::sum);
        if (overwritten != null && DriftKind.CORRECTIONS.contains(kind)) {
            overwritten.forEach(field -> fields.merge(field, 1L, Long::sum));
        }
    }

    public void add(final PassTally other) {
        other.kinds.forEach((kind, count) -> kinds.merge(kind, count, Long::sum));
        other.fields.forEach((field, count) -> fields.merge(field, count, Long::sum));
    }

    public long count(final DriftKind kind) {
        return kinds.getOrDefault(kind, 0L);
    }

    /** Every record counted. */
    public long settled() {
        return kinds.values().stream().mapToLong(Long::longValue).sum();
    }

    public long corrected() {
        return DriftKind.CORRECTIONS.stream().mapToLong(this::count).sum();
    }

    /** Merge tag to the number of records whose value of it was overwritten, by tag. */
    public Map<String, Long> fieldsOverwritten() {
        return Map.copyOf(fields);
    }

    public boolean isEmpty() {
        return kinds.isEmpty();
    }

    Map<DriftKind, Long> kinds() {
        return kinds;
    }

    Map<String, Long> fields() {
        return fields;
    }
}
