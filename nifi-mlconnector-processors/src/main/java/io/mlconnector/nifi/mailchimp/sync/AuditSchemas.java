package io.mlconnector.nifi.mailchimp.sync;

import org.apache.nifi.serialization.record.RecordSchema;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The audit schema of each input schema, made once per processor rather than once per FlowFile. A Record Writer that
 * caches per schema (NiFi's "Set 'avro.schema' Attribute" strategy looks each record's schema up) then finds the very
 * instance it holds instead of comparing an equal one field by field on every record.
 */
final class AuditSchemas {

    /** Input schemas rarely change; a flow whose every FlowFile brings its own still holds only this many. */
    private static final int KEPT = 16;

    private final Map<RecordSchema, RecordSchema> schemas = new LinkedHashMap<>(KEPT, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(final Map.Entry<RecordSchema, RecordSchema> eldest) {
            return size() > KEPT;
        }
    };

    synchronized RecordSchema of(final RecordSchema inputSchema) {
        return schemas.computeIfAbsent(inputSchema, AuditRecords::schemaOf);
    }
}
