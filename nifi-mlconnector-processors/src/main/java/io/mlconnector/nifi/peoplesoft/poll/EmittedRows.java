package io.mlconnector.nifi.peoplesoft.poll;

import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Fingerprints of rows already emitted that a later run may read again (inside the overlap), each kept until a given
 * instant: once the next window starts at or after it, the row can no longer come back and is forgotten. Encoded
 * compactly for cluster state as {@code keepUntil:fp.fp;keepUntil:fp} (epoch seconds, base-36 fingerprints).
 */
public final class EmittedRows {

    private final TreeMap<Long, Set<Long>> byKeepUntil = new TreeMap<>();
    private final Set<Long> fingerprints = new HashSet<>();

    public static EmittedRows decode(final String encoded) {
        final EmittedRows rows = new EmittedRows();
        if (encoded == null || encoded.isEmpty()) {
            return rows;
        }
        for (final String group : encoded.split(";")) {
            final int colon = group.indexOf(':');
            final long keepUntil = Long.parseLong(group.substring(0, colon));
            for (final String fingerprint : group.substring(colon + 1).split("\\.")) {
                rows.add(Long.parseLong(fingerprint, 36), keepUntil);
            }
        }
        return rows;
    }

    public boolean contains(final long fingerprint) {
        return fingerprints.contains(fingerprint);
    }

    public void add(final long fingerprint, final Instant keepUntil) {
        add(fingerprint, keepUntil.getEpochSecond());
    }

    private void add(final long fingerprint, final long keepUntil) {
        if (fingerprints.add(fingerprint)) {
            byKeepUntil.computeIfAbsent(keepUntil, k -> new HashSet<>()).add(fingerprint);
        }
    }

    public boolean isEmpty() {
        return fingerprints.isEmpty();
    }

    public int size() {
        return fingerprints.size();
    }

    /**
     * The rows a window starting at {@code nextStart} may still return, at most {@code limit} of them (those kept
     * longest win; a forgotten row can only be emitted twice, never lost).
     */
    public EmittedRows retainedFor(final Instant nextStart, final int limit) {
        final EmittedRows retained = new EmittedRows();
        for (final Map.Entry<Long, Set<Long>> group : byKeepUntil.descendingMap().entrySet()) {
            if (group.getKey() <= nextStart.getEpochSecond()) {
                break;
            }
            for (final long fingerprint : group.getValue()) {
                if (retained.size() >= limit) {
                    return retained;
                }
                retained.add(fingerprint, group.getKey());
            }
        }
        return retained;
    }

    public String encode() {
        final StringBuilder encoded = new StringBuilder();
        for (final Map.Entry<Long, Set<Long>> group : byKeepUntil.entrySet()) {
            if (!encoded.isEmpty()) {
                encoded.append(';');
            }
            encoded.append(group.getKey()).append(':');
            boolean first = true;
            for (final long fingerprint : group.getValue()) {
                encoded.append(first ? "" : ".").append(Long.toString(fingerprint, 36));
                first = false;
            }
        }
        return encoded.toString();
    }
}
