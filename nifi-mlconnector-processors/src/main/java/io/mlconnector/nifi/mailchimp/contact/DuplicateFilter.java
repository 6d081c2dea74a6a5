package io.mlconnector.nifi.mailchimp.contact;

import java.nio.charset.StandardCharsets;
import java.util.BitSet;

/**
 * Finds the records of a FlowFile that another record with the same address or source ID supersedes: the one with the
 * newest source version wins, and the last one when versions tie or are missing. It is fed during a first streaming
 * pass over the FlowFile and keeps only 64-bit fingerprints of the keys with the position and version of their winning
 * record in an open-addressing table (20 bytes a slot, at most 8 slots per record), then one bit per record; no record is held.
 */
public final class DuplicateFilter {

    private static final long EMPTY = 0L;
    private static final long NO_VERSION = Long.MIN_VALUE;

    private long[] keys = new long[1024];
    private int[] positions = new int[1024];
    private long[] versions = new long[1024];
    private int size;
    private final BitSet superseded = new BitSet();

    /** Notes the record at {@code position} (increasing), which has no source version. */
    public void observe(final int position, final String subscriberHash, final String sourceId) {
        observe(position, subscriberHash, sourceId, null);
    }

    /** Notes the record at {@code position} (increasing) with its source version ({@code null} when none). */
    public void observe(final int position, final String subscriberHash, final String sourceId, final SourceVersion version) {
        final long versionMillis = version == null ? NO_VERSION : version.epochMillis();
        supersede(fingerprint('e', subscriberHash), position, versionMillis);
        if (sourceId != null) {
            supersede(fingerprint('s', sourceId), position, versionMillis);
        }
    }

    public boolean isSuperseded(final int position) {
        return superseded.get(position);
    }

    public int supersededCount() {
        return superseded.cardinality();
    }

    private void supersede(final long key, final int position, final long version) {
        if (size * 2 >= keys.length) {
            grow();
        }
        int slot = slot(key, keys.length);
        while (keys[slot] != EMPTY) {
            if (keys[slot] == key) {
                if (positions[slot] == position) {
                    return;
                }
                if (version != NO_VERSION && versions[slot] != NO_VERSION && version < versions[slot]) {
                    superseded.set(position);
                } else {
                    superseded.set(positions[slot]);
                    positions[slot] = position;
                    versions[slot] = version;
                }
                return;
            }
            slot = (slot + 1) & (keys.length - 1);
        }
        keys[slot] = key;
        positions[slot] = position;
        versions[slot] = version;
        size++;
    }

    private void grow() {
        final long[] oldKeys = keys;
        final int[] oldPositions = positions;
        final long[] oldVersions = versions;
        keys = new long[oldKeys.length * 2];
        positions = new int[oldKeys.length * 2];
        versions = new long[oldKeys.length * 2];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                int slot = slot(oldKeys[i], keys.length);
                while (keys[slot] != EMPTY) {
                    slot = (slot + 1) & (keys.length - 1);
                }
                keys[slot] = oldKeys[i];
                positions[slot] = oldPositions[i];
                versions[slot] = oldVersions[i];
            }
        }
    }

    private static int slot(final long key, final int capacity) {
        return (int) (key ^ (key >>> 32)) & (capacity - 1);
    }

    /** FNV-1a over the kind and the UTF-8 key; 0 is reserved for empty slots. */
    private static long fingerprint(final char kind, final String key) {
        long hash = 0xcbf29ce484222325L;
        hash = (hash ^ kind) * 0x100000001b3L;
        for (final byte b : key.getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
        }
        hash ^= hash >>> 29;
        return hash == EMPTY ? 1L : hash;
    }
}
