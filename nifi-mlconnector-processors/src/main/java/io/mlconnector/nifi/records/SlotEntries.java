package io.mlconnector.nifi.records;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The entries of a map kept as one array of values by slot, over names that many such maps share: the slots in order,
 * leaving out the empty ones.
 *
 * @param <V> the values' type
 */
public final class SlotEntries<V> extends AbstractSet<Map.Entry<String, V>> {

    private final List<String> names;
    private final V[] values;
    private final Object empty;
    private final int size;

    /**
     * @param names  the name of each slot
     * @param values the value of each slot, {@code empty} where there is none
     * @param empty  what an empty slot holds (compared by identity)
     * @param size   how many slots are not empty
     */
    public SlotEntries(final List<String> names, final V[] values, final Object empty, final int size) {
        this.names = names;
        this.values = values;
        this.empty = empty;
        this.size = size;
    }

    @Override
    public Iterator<Map.Entry<String, V>> iterator() {
        return new Iterator<>() {
            private int next = advance(0);

            private int advance(final int from) {
                int slot = from;
                while (slot < values.length && values[slot] == empty) {
                    slot++;
                }
                return slot;
            }

            @Override
            public boolean hasNext() {
                return next < values.length;
            }

            @Override
            public Map.Entry<String, V> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                final Map.Entry<String, V> entry = new AbstractMap.SimpleImmutableEntry<>(names.get(next), values[next]);
                next = advance(next + 1);
                return entry;
            }
        };
    }

    @Override
    public int size() {
        return size;
    }
}
