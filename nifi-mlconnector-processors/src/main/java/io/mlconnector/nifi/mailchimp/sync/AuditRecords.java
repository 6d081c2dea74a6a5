package io.mlconnector.nifi.mailchimp.sync;

import org.apache.nifi.serialization.SimpleRecordSchema;
import org.apache.nifi.serialization.record.MapRecord;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.apache.nifi.serialization.record.RecordSchema;

import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The audit trail of a record: the input record plus what the sync did with it. Fields already present (a replayed
 * audit record) are replaced, so replaying never nests audits.
 */
public final class AuditRecords {

    private static final String PREFIX = "mailchimp_";
    public static final String ACTION = PREFIX + "action";
    public static final String STATUS = PREFIX + "status";
    public static final String REASON = PREFIX + "reason";
    /** The class of Mailchimp's refusal that decided the record ({@code retry_later}, ...); empty when none did. */
    public static final String REFUSAL = PREFIX + "refusal";
    public static final String SYNCED_AT = PREFIX + "synced_at";
    public static final String AUDIENCE_ID = PREFIX + "audience_id";
    public static final String SOURCE_ID = PREFIX + "source_id";

    private static final List<String> NAMES = List.of(ACTION, STATUS, REASON, REFUSAL, SYNCED_AT, AUDIENCE_ID, SOURCE_ID);

    private final RecordSchema schema;
    private final String audienceId;
    /** The last timestamp written, and its millisecond: records audited in the same one share it. */
    private long syncedAtMillis = -1;
    private String syncedAt;

    /** @param schema the audit schema of the input's records ({@link #schemaOf}) */
    public AuditRecords(final RecordSchema schema, final String audienceId) {
        this.schema = schema;
        this.audienceId = audienceId;
    }

    /** The input's fields, but those of an earlier audit, then the audit's own. */
    public static RecordSchema schemaOf(final RecordSchema inputSchema) {
        final Set<String> ours = Set.copyOf(NAMES);
        final List<RecordField> fields = new ArrayList<>();
        inputSchema.getFields().stream().filter(f -> !ours.contains(f.getFieldName())).forEach(fields::add);
        NAMES.forEach(name -> fields.add(new RecordField(name, RecordFieldType.STRING.getDataType(), true)));
        return new SimpleRecordSchema(fields);
    }

    private String syncedAt() {
        final long now = System.currentTimeMillis();
        if (now != syncedAtMillis) {
            syncedAtMillis = now;
            syncedAt = Instant.ofEpochMilli(now).toString();
        }
        return syncedAt;
    }

    public Record audit(final Record input, final String sourceId, final Outcome outcome) {
        return new MapRecord(schema, new AuditValues(input.toMap(), new Object[] {outcome.action().value(), outcome.status(),
                outcome.reason(), outcome.refusal() == null ? null : outcome.refusal().value(), syncedAt(), audienceId, sourceId}));
    }

    /**
     * The input record's values with the audit's over them, read in place: the writer and the provenance event only
     * read single fields, so the map of every field is copied (as the input's, then the audit's, in that order) only
     * when someone iterates or changes it.
     */
    private static final class AuditValues extends AbstractMap<String, Object> {
        private static final Map<String, Integer> INDEX = IntStream.range(0, NAMES.size()).boxed()
                .collect(Collectors.toUnmodifiableMap(NAMES::get, Function.identity()));

        private final Map<String, Object> input;
        /** The audit's values, in the order of {@link #NAMES}. */
        private final Object[] audit;
        private Map<String, Object> copy;

        private AuditValues(final Map<String, Object> input, final Object[] audit) {
            this.input = input;
            this.audit = audit;
        }

        @Override
        public Object get(final Object key) {
            if (copy != null) {
                return copy.get(key);
            }
            // The writer asks for every field of every record: only names with our prefix need the index.
            final Integer index = key instanceof String name && name.startsWith(PREFIX) ? INDEX.get(key) : null;
            return index == null ? input.get(key) : audit[index];
        }

        @Override
        public boolean containsKey(final Object key) {
            return copy != null ? copy.containsKey(key) : INDEX.containsKey(key) || input.containsKey(key);
        }

        @Override
        public Object put(final String key, final Object value) {
            return copied().put(key, value);
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return copied().entrySet();
        }

        private Map<String, Object> copied() {
            if (copy == null) {
                copy = LinkedHashMap.newLinkedHashMap(input.size() + NAMES.size());
                copy.putAll(input);
                for (int i = 0; i < NAMES.size(); i++) {
                    copy.put(NAMES.get(i), audit[i]);
                }
            }
            return copy;
        }
    }
}
