package io.mlconnector.nifi.peoplesoft.read;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A row's values under its column names, in column order: the names are the answer's (one array shared by its rows, never
 * changed), the values the row's own. A row costs one array instead of a hash map's entry per column; a value is found by
 * its name among a few dozen columns, the names being the same instances the row was built with.
 */
final class RowValues extends AbstractMap<String, Object> {

    private String[] names;
    private Object[] values;

    /** @param names distinct column names, shared with other rows */
    RowValues(final String[] names, final Object[] values) {
        this.names = names;
        this.values = values;
    }

    private int indexOf(final Object name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i] == name) {
                return i;
            }
        }
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public int size() {
        return names.length;
    }

    @Override
    public boolean containsKey(final Object name) {
        return indexOf(name) >= 0;
    }

    @Override
    public Object get(final Object name) {
        final int index = indexOf(name);
        return index < 0 ? null : values[index];
    }

    @Override
    public Object put(final String name, final Object value) {
        final int index = indexOf(name);
        if (index >= 0) {
            final Object previous = values[index];
            values[index] = value;
            return previous;
        }
        // A new column: this row's names part from the shared ones.
        names = Arrays.copyOf(names, names.length + 1);
        values = Arrays.copyOf(values, values.length + 1);
        names[names.length - 1] = name;
        values[values.length - 1] = value;
        return null;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return names.length;
            }

            @Override
            public Iterator<Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < names.length;
                    }

                    @Override
                    public Entry<String, Object> next() {
                        if (next >= names.length) {
                            throw new NoSuchElementException();
                        }
                        return new Column(next++);
                    }
                };
            }
        };
    }

    /** One column of the row, whose value may be set (a record takes the row's values over, converted in place). */
    private final class Column implements Entry<String, Object> {
        private final int index;

        private Column(final int index) {
            this.index = index;
        }

        @Override
        public String getKey() {
            return names[index];
        }

        @Override
        public Object getValue() {
            return values[index];
        }

        @Override
        public Object setValue(final Object value) {
            final Object previous = values[index];
            values[index] = value;
            return previous;
        }

        @Override
        public boolean equals(final Object other) {
            return other instanceof Entry<?, ?> entry && getKey().equals(entry.getKey()) && java.util.Objects.equals(getValue(), entry.getValue());
        }

        @Override
        public int hashCode() {
            return getKey().hashCode() ^ java.util.Objects.hashCode(getValue());
        }

        @Override
        public String toString() {
            return getKey() + "=" + getValue();
        }
    }
}
