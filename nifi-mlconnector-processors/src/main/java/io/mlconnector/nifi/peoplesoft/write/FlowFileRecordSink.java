package io.mlconnector.nifi.peoplesoft.write;

import io.mlconnector.nifi.peoplesoft.read.SourceRow;
import io.mlconnector.nifi.records.RecordFlowFileWriter;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.flowfile.attributes.FragmentAttributes;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.serialization.RecordSetWriterFactory;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordSchema;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes rows into FlowFiles with the Record Writer as they arrive, widening the schema when a row needs it and starting a
 * new FlowFile every {@code recordsPerFlowFile} records (or when the schema grows), so no more than one row is held at a time.
 */
public final class FlowFileRecordSink {

    private final ProcessSession session;
    private final RecordSetWriterFactory writerFactory;
    private final ComponentLog logger;
    private final int recordsPerFlowFile;
    private final Map<String, String> attributes;
    private final RowSchemas schemas;
    private final List<FlowFile> completed = new ArrayList<>();
    private RecordSchema schema;
    private RecordFlowFileWriter current;

    /**
     * @param attributes   every FlowFile's, also what the Record Writer evaluates its properties against
     * @param storedSchema the schema kept in state (encoded), or null: the records keep its columns, in its order
     */
    public FlowFileRecordSink(final ProcessSession session, final RecordSetWriterFactory writerFactory, final ComponentLog logger,
                              final int recordsPerFlowFile, final Map<String, String> attributes, final RowSchemas schemas, final String storedSchema) {
        this.session = session;
        this.writerFactory = writerFactory;
        this.logger = logger;
        this.recordsPerFlowFile = recordsPerFlowFile;
        this.attributes = attributes;
        this.schemas = schemas;
        this.schema = RowSchemas.decode(storedSchema);
    }

    /** Writes the row as a record; the record takes over the row's values. */
    public void write(final SourceRow row) throws IOException {
        final Record record = schemas.record(schema, row);
        schema = record.getSchema();
        if (current != null && (current.recordCount() >= recordsPerFlowFile || !schema.equals(current.schema()))) {
            completed.add(current.finish(attributes));
            current = null;
        }
        if (current == null) {
            current = new RecordFlowFileWriter(session, null, writerFactory, logger, attributes, schema);
        }
        current.write(record);
    }

    /** The schema to keep in state (encoded): the stored one, widened by the records written; null when there is none. */
    public String schemaToStore() {
        return schema == null ? null : RowSchemas.encode(schema);
    }

    /**
     * Completes the last FlowFile and numbers them all as fragments of one run.
     *
     * @param runAttributes what every FlowFile of the run gets besides, e.g. the window read
     */
    public List<FlowFile> finish(final String runId, final Map<String, String> runAttributes) throws IOException {
        if (current != null) {
            completed.add(current.finish(attributes));
            current = null;
        }
        final List<FlowFile> flowFiles = new ArrayList<>();
        for (int i = 0; i < completed.size(); i++) {
            final Map<String, String> fragment = new HashMap<>(runAttributes);
            fragment.put(FragmentAttributes.FRAGMENT_ID.key(), runId);
            fragment.put(FragmentAttributes.FRAGMENT_INDEX.key(), String.valueOf(i));
            fragment.put(FragmentAttributes.FRAGMENT_COUNT.key(), String.valueOf(completed.size()));
            flowFiles.add(session.putAllAttributes(completed.get(i), fragment));
        }
        return flowFiles;
    }

    /** Closes an open FlowFile after a failure; the caller rolls the session back. */
    public void abandon() {
        if (current != null) {
            current.abandon();
        }
    }
}
