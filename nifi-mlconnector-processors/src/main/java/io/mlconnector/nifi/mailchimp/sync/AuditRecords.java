package io.mlconnector.nifi.mailchimp.sync;

import org.apache.nifi.serialization.SimpleRecordSchema;
import org.apache.nifi.serialization.record.MapRecord;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.apache.nifi.serialization.record.RecordSchema;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The audit trail of a record: the input record plus what the sync did with it. Fields already present (a replayed
 * audit record) are replaced, so replaying never nests audits.
 */
public final class AuditRecords {

    public static final String ACTION = "mailchimp_action";
    public static final String STATUS = "mailchimp_status";
    public static final String REASON = "mailchimp_reason";
    /** The class of Mailchimp's refusal that decided the record ({@code retry_later}, ...); empty when none did. */
    public static final String REFUSAL = "mailchimp_refusal";
    public static final String SYNCED_AT = "mailchimp_synced_at";
    public static final String AUDIENCE_ID = "mailchimp_audience_id";
    public static final String SOURCE_ID = "mailchimp_source_id";

    private static final List<String> NAMES = List.of(ACTION, STATUS, REASON, REFUSAL, SYNCED_AT, AUDIENCE_ID, SOURCE_ID);

    private final RecordSchema schema;
    private final String audienceId;
    /** The last timestamp written, and its millisecond: records audited in the same one share it. */
    private long syncedAtMillis = -1;
    private String syncedAt;

    public AuditRecords(final RecordSchema inputSchema, final String audienceId) {
        final Set<String> ours = Set.copyOf(NAMES);
        final List<RecordField> fields = new ArrayList<>();
        inputSchema.getFields().stream().filter(f -> !ours.contains(f.getFieldName())).forEach(fields::add);
        NAMES.forEach(name -> fields.add(new RecordField(name, RecordFieldType.STRING.getDataType(), true)));
        this.schema = new SimpleRecordSchema(fields);
        this.audienceId = audienceId;
    }

    private String syncedAt() {
        final long now = System.currentTimeMillis();
        if (now != syncedAtMillis) {
            syncedAtMillis = now;
            syncedAt = Instant.ofEpochMilli(now).toString();
        }
        return syncedAt;
    }

    public RecordSchema schema() {
        return schema;
    }

    public Record audit(final Record input, final String sourceId, final Outcome outcome) {
        final Map<String, Object> fields = input.toMap();
        final Map<String, Object> values = LinkedHashMap.newLinkedHashMap(fields.size() + NAMES.size());
        values.putAll(fields);
        values.put(ACTION, outcome.action().value());
        values.put(STATUS, outcome.status());
        values.put(REASON, outcome.reason());
        values.put(REFUSAL, outcome.refusal() == null ? null : outcome.refusal().value());
        values.put(SYNCED_AT, syncedAt());
        values.put(AUDIENCE_ID, audienceId);
        values.put(SOURCE_ID, sourceId);
        return new MapRecord(schema, values);
    }
}
