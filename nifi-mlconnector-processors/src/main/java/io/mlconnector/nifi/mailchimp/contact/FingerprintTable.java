package io.mlconnector.nifi.mailchimp.contact;

/**
 * 64-bit fingerprints of keys numbered in the order first added (0, 1, ...): an open-addressing table of primitive
 * arrays, 12 bytes a slot at a load of at most one half. The numbers index the caller's own column arrays.
 */
final class FingerprintTable {

    private static final long EMPTY = 0L;

    private long[] keys;
    private int[] numbers;
    private int size;

    /** @param expectedKeys how many keys to make room for at once (more may come: the table then grows) */
    FingerprintTable(final int expectedKeys) {
        // A power of two at least twice the keys, so that they fit at a load of one half.
        final int capacity = Math.max(256, Integer.highestOneBit(Math.max(1, expectedKeys) * 2 - 1) << 1);
        keys = new long[capacity];
        numbers = new int[capacity];
    }

    /** FNV-1a over the kind and the UTF-8 key; 0 is reserved for empty slots. */
    static long fingerprint(final char kind, final String key) {
        return finish(Fnv.utf8(Fnv.step(Fnv.OFFSET_BASIS, kind), key));
    }

    /** The fingerprint of {@code key + '\u0000' + part}, without concatenating them. */
    static long fingerprint(final char kind, final String key, final String part) {
        return finish(Fnv.utf8(Fnv.step(Fnv.utf8(Fnv.step(Fnv.OFFSET_BASIS, kind), key), 0), part));
    }

    private static long finish(final long fnv) {
        final long hash = fnv ^ fnv >>> 29;
        return hash == EMPTY ? 1L : hash;
    }

    /** The number of the key, or -1 when it was never added. */
    int find(final long key) {
        for (int slot = slot(key, keys.length); keys[slot] != EMPTY; slot = (slot + 1) & (keys.length - 1)) {
            if (keys[slot] == key) {
                return numbers[slot];
            }
        }
        return -1;
    }

    /** Adds a key not in the table and returns its number. */
    int add(final long key) {
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        int slot = slot(key, keys.length);
        while (keys[slot] != EMPTY) {
            slot = (slot + 1) & (keys.length - 1);
        }
        keys[slot] = key;
        numbers[slot] = size;
        return size++;
    }

    int size() {
        return size;
    }

    private void grow() {
        final long[] oldKeys = keys;
        final int[] oldNumbers = numbers;
        keys = new long[oldKeys.length * 2];
        numbers = new int[oldKeys.length * 2];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                int slot = slot(oldKeys[i], keys.length);
                while (keys[slot] != EMPTY) {
                    slot = (slot + 1) & (keys.length - 1);
                }
                keys[slot] = oldKeys[i];
                numbers[slot] = oldNumbers[i];
            }
        }
    }

    private static int slot(final long key, final int capacity) {
        return (int) (key ^ (key >>> 32)) & (capacity - 1);
    }
}
