package io.mlconnector.nifi.records;

import org.apache.nifi.serialization.record.MapRecord;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordSchema;

import java.util.AbstractMap;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    private final List<String> names;
    private final Map<String, Integer> slots;

    public CompactRecords(final RecordSchema schema) {
        this.schema = schema;
        this.names = schema.getFieldNames();
        this.slots = HashMap.newHashMap(names.size());
        for (int i = 0; i < names.size(); i++) {
            slots.put(names.get(i), i);
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
        final Object[] values = new Object[names.size()];
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
            int present = 0;
            for (final Object value : values) {
                if (value != ABSENT) {
                    present++;
                }
            }
            return new SlotEntries<>(names, values, ABSENT, present);
        }
    }
}
