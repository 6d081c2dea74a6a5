package io.mlconnector.nifi.peoplesoft.read;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields of one row as the answer holds them (raw names, converted values), in order. One instance is filled again
 * for every row of an answer, so reading a row costs no map of its own: the row's only map is the one with normalised
 * names that {@link RowShaper} builds.
 */
public final class RowFields {

    private final List<String> names = new ArrayList<>();
    private final List<Object> values = new ArrayList<>();

    void clear() {
        names.clear();
        values.clear();
    }

    void add(final String name, final Object value) {
        names.add(name);
        values.add(value);
    }

    static RowFields of(final Map<String, Object> row) {
        final RowFields fields = new RowFields();
        row.forEach(fields::add);
        return fields;
    }

    public int size() {
        return names.size();
    }

    public String name(final int index) {
        return names.get(index);
    }

    public Object value(final int index) {
        return values.get(index);
    }

    /** A map of the fields under their raw names; a name that repeats keeps its last value, as a JSON parser's tree does. */
    public Map<String, Object> toMap() {
        final Map<String, Object> map = LinkedHashMap.newLinkedHashMap(names.size());
        for (int i = 0; i < names.size(); i++) {
            map.put(names.get(i), values.get(i));
        }
        return map;
    }
}
