package io.mlconnector.nifi.mailchimp.reconcile;

import io.mlconnector.nifi.mailchimp.contact.Fnv;

/**
 * The source IDs of one pass, as 64-bit digests in an open-addressing table of longs: 8 to 16 bytes a key, whatever the
 * IDs' length, for as long as the pass's end is handled. Two IDs with one digest (about one pair in 10^10 for 100,000
 * IDs) would make a contact look present: an orphan missed, never a contact taken for an orphan.
 */
public final class SourceIdSet {

    private static final long EMPTY = 0L;

    private long[] table = new long[16];
    private int size;
    private boolean holdsEmptyDigest;

    void add(final String sourceId) {
        final long digest = digest(sourceId);
        if (digest == EMPTY) {
            holdsEmptyDigest = true;
            return;
        }
        if ((size + 1) * 10 > table.length * 7) {
            grow();
        }
        if (insert(table, digest)) {
            size++;
        }
    }

    public boolean contains(final String sourceId) {
        final long digest = digest(sourceId);
        if (digest == EMPTY) {
            return holdsEmptyDigest;
        }
        final int mask = table.length - 1;
        for (int slot = spread(digest) & mask; table[slot] != EMPTY; slot = (slot + 1) & mask) {
            if (table[slot] == digest) {
                return true;
            }
        }
        return false;
    }

    /** Distinct source IDs held. */
    public int size() {
        return size + (holdsEmptyDigest ? 1 : 0);
    }

    private void grow() {
        final long[] old = table;
        table = new long[old.length * 2];
        for (final long digest : old) {
            if (digest != EMPTY) {
                insert(table, digest);
            }
        }
    }

    private static boolean insert(final long[] into, final long digest) {
        final int mask = into.length - 1;
        int slot = spread(digest) & mask;
        while (into[slot] != EMPTY) {
            if (into[slot] == digest) {
                return false;
            }
            slot = (slot + 1) & mask;
        }
        into[slot] = digest;
        return true;
    }

    /** FNV-1a over the UTF-8 bytes, then a final mix so that the table's low bits vary. */
    private static long digest(final String sourceId) {
        long hash = Fnv.utf8(Fnv.OFFSET_BASIS, sourceId);
        hash ^= hash >>> 33;
        hash *= 0xff51afd7ed558ccdL;
        return hash ^ (hash >>> 33);
    }

    private static int spread(final long digest) {
        return (int) (digest ^ (digest >>> 32));
    }
}
