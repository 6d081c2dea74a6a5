package io.mlconnector.nifi.mailchimp.contact;

import java.nio.charset.StandardCharsets;
import java.util.BitSet;

/**
 * Finds the records of a FlowFile that a later record with the same address or source ID supersedes (the last one
 * wins). It is fed during a first streaming pass over the FlowFile and keeps only 64-bit fingerprints of the keys
 * with the position of their latest record in an open-addressing table (under 130 bytes per record), then one bit
 * per record; no record is held.
 */
public final class DuplicateFilter {

    private static final long EMPTY = 0L;

    private long[] keys = new long[1024];
    private int[] positions = new int[1024];
    private int size;
    private final BitSet superseded = new BitSet();

    /** Notes that the record at {@code position} (increasing) is the latest for its address and source ID. */
    public void observe(final int position, final String subscriberHash, final String sourceId) {
        supersede(fingerprint('e', subscriberHash), position);
        if (sourceId != null) {
            supersede(fingerprint('s', sourceId), position);
        }
    }

    public boolean isSuperseded(final int position) {
        return superseded.get(position);
    }

    public int supersededCount() {
        return superseded.cardinality();
    }

    private void supersede(final long key, final int position) {
        if (size * 2 >= keys.length) {
            grow();
        }
        int slot = slot(key, keys.length);
        while (keys[slot] != EMPTY) {
            if (keys[slot] == key) {
                if (positions[slot] != position) {
                    superseded.set(positions[slot]);
                    positions[slot] = position;
                }
                return;
            }
            slot = (slot + 1) & (keys.length - 1);
        }
        keys[slot] = key;
        positions[slot] = position;
        size++;
    }

    private void grow() {
        final long[] oldKeys = keys;
        final int[] oldPositions = positions;
        keys = new long[oldKeys.length * 2];
        positions = new int[oldKeys.length * 2];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                int slot = slot(oldKeys[i], keys.length);
                while (keys[slot] != EMPTY) {
                    slot = (slot + 1) & (keys.length - 1);
                }
                keys[slot] = oldKeys[i];
                positions[slot] = oldPositions[i];
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
