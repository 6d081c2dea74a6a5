package io.mlconnector.nifi.records;

import org.apache.nifi.serialization.record.MapRecord;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordSchema;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Records of one schema kept for later, as their values alone in an array in the schema's field order. A record as a
 * reader makes it holds a map entry per field and, for its serialized form, maybe the whole parsed input (NiFi's
 * JSON readers keep the JSON tree): records held for seconds, as a sync's are until Mailchimp answers, then cost the
 * heap and the collector several times their values, and reading them back walks cold entries one by one.
 */
public final class CompactRecords {

    /** A field the record has no value for, not even {@code null} (it was missing from the input). */
    private static final Object ABSENT = new Object();

    private final RecordSchema schema;
    private final String[] names;
    private final Map<String, Integer> slots;

    public CompactRecords(final RecordSchema schema) {
        this.schema = schema;
        final List<RecordField> fields = schema.getFields();
        this.names = new String[fields.size()];
        this.slots = HashMap.newHashMap(fields.size());
        for (int i = 0; i < names.length; i++) {
            names[i] = fields.get(i).getFieldName();
            slots.put(names[i], i);
        }
    }

    /**
     * The record's values in a record of the same schema, or the record itself when it is not of this schema or holds
     * a value under a name the schema has no field for. The copy reads as the record does (missing fields stay
     * missing); it cannot take values for names outside the schema.
     */
    public Record compact(final Record record) {
        if (record.getSchema() != schema) {
            return record;
        }
        final Object[] values = new Object[names.length];
        Arrays.fill(values, ABSENT);
        for (final Map.Entry<String, Object> value : record.toMap().entrySet()) {
            final Integer slot = slots.get(value.getKey());
            if (slot == null) {
                return record;
            }
            values[slot] = value.getValue();
        }
        return new MapRecord(schema, new Values(values));
    }

    /** The values of one record, by the schema's slots. */
    private final class Values extends AbstractMap<String, Object> {
        private final Object[] values;

        private Values(final Object[] values) {
            this.values = values;
        }

        @Override
        public Object get(final Object key) {
            final Integer slot = slots.get(key);
            return slot == null || values[slot] == ABSENT ? null : values[slot];
        }

        @Override
        public boolean containsKey(final Object key) {
            final Integer slot = slots.get(key);
            return slot != null && values[slot] != ABSENT;
        }

        @Override
        public Object put(final String key, final Object value) {
            final Integer slot = slots.get(key);
            if (slot == null) {
                throw new UnsupportedOperationException("A kept record takes values only for the fields of its schema");
            }
            final Object before = values[slot];
            values[slot] = value;
            return before == ABSENT ? null : before;
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, Object>> iterator() {
                    return new Iterator<>() {
                        private int next = advance(0);

                        private int advance(final int from) {
                            int slot = from;
                            while (slot < values.length && values[slot] == ABSENT) {
                                slot++;
                            }
                            return slot;
                        }

                        @Override
                        public boolean hasNext() {
                            return next < values.length;
                        }

                        @Override
                        public Entry<String, Object> next() {
                            if (!hasNext()) {
                                throw new NoSuchElementException();
                            }
                            final Entry<String, Object> entry = new SimpleImmutableEntry<>(names[next], values[next]);
                            next = advance(next + 1);
                            return entry;
                        }
                    };
                }

                @Override
                public int size() {
                    int present = 0;
                    for (final Object value : values) {
                        if (value != ABSENT) {
                            present++;
                        }
                    }
                    return present;
                }
            };
        }
    }
}
