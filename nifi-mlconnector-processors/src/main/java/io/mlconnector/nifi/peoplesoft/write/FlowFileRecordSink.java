package io.mlconnector.nifi.peoplesoft.write;

import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.flowfile.attributes.CoreAttributes;
import org.apache.nifi.flowfile.attributes.FragmentAttributes;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.schema.access.SchemaNotFoundException;
import org.apache.nifi.serialization.RecordSetWriter;
import org.apache.nifi.serialization.RecordSetWriterFactory;
import org.apache.nifi.serialization.WriteResult;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordSchema;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes records into FlowFiles with the Record Writer as they arrive, starting a new FlowFile every
 * {@code recordsPerFlowFile} records (or when the schema grows), so no more than one record is held at a time.
 */
public final class FlowFileRecordSink {

    public static final String RECORD_COUNT = "record.count";

    private final ProcessSession session;
    private final RecordSetWriterFactory writerFactory;
    private final ComponentLog logger;
    private final int recordsPerFlowFile;
    private final Map<String, String> attributes;
    private final List<FlowFile> completed = new ArrayList<>();

    private FlowFile flowFile;
    private OutputStream out;
    private RecordSetWriter writer;
    private RecordSchema schema;
    private int count;

    public FlowFileRecordSink(final ProcessSession session, final RecordSetWriterFactory writerFactory, final ComponentLog logger,
                              final int recordsPerFlowFile, final Map<String, String> attributes) {
        this.session = session;
        this.writerFactory = writerFactory;
        this.logger = logger;
        this.recordsPerFlowFile = recordsPerFlowFile;
        this.attributes = attributes;
    }

    public void write(final Record record) throws IOException {
        if (writer != null && (count >= recordsPerFlowFile || !record.getSchema().equals(schema))) {
            complete();
        }
        if (writer == null) {
            open(record.getSchema());
        }
        writer.write(record);
        count++;
    }

    private void open(final RecordSchema recordSchema) throws IOException {
        flowFile = session.create();
        out = session.write(flowFile);
        try {
            writer = writerFactory.createWriter(logger, writerFactory.getSchema(attributes, recordSchema), out, attributes);
        } catch (final SchemaNotFoundException e) {
            throw new IOException("The Record Writer has no schema for the records", e);
        }
        writer.beginRecordSet();
        schema = recordSchema;
        count = 0;
    }

    private void complete() throws IOException {
        final WriteResult result = writer.finishRecordSet();
        final Map<String, String> written = new HashMap<>(attributes);
        written.putAll(result.getAttributes());
        written.put(RECORD_COUNT, String.valueOf(result.getRecordCount()));
        written.put(CoreAttributes.MIME_TYPE.key(), writer.getMimeType());
        writer.close();
        out.close();
        completed.add(session.putAllAttributes(flowFile, written));
        writer = null;
        out = null;
    }

    /** Completes the last FlowFile and numbers them all as fragments of one run. */
    public List<FlowFile> finish() throws IOException {
        if (writer != null) {
            complete();
        }
        final String identifier = UUID.randomUUID().toString();
        final List<FlowFile> flowFiles = new ArrayList<>();
        for (int i = 0; i < completed.size(); i++) {
            flowFiles.add(session.putAllAttributes(completed.get(i), Map.of(
                    FragmentAttributes.FRAGMENT_ID.key(), identifier,
                    FragmentAttributes.FRAGMENT_INDEX.key(), String.valueOf(i),
                    FragmentAttributes.FRAGMENT_COUNT.key(), String.valueOf(completed.size()))));
        }
        return flowFiles;
    }

    /** Closes an open FlowFile after a failure; the caller rolls the session back. */
    public void abandon() {
        try {
            if (writer != null) {
                writer.close();
            }
            if (out != null) {
                out.close();
            }
        } catch (final IOException ignored) {
            // the session is rolled back and the content discarded
        }
    }
}
