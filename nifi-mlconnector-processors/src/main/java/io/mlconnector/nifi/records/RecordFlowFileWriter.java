package io.mlconnector.nifi.records;

import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.flowfile.attributes.CoreAttributes;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.schema.access.SchemaNotFoundException;
import org.apache.nifi.serialization.RecordSetWriter;
import org.apache.nifi.serialization.RecordSetWriterFactory;
import org.apache.nifi.serialization.WriteResult;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordSchema;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * One child FlowFile written with the Record Writer: created on the first record (so a route or part with no record
 * leaves no FlowFile), finished with the writer's attributes, {@code record.count} and {@code mime.type}, or abandoned
 * (closed and removed) when the caller gives up on it.
 */
public final class RecordFlowFileWriter {

    public static final String RECORD_COUNT = "record.count";

    private final ProcessSession session;
    private final FlowFile parent;
    private final RecordSetWriterFactory writerFactory;
    private final ComponentLog logger;
    private final Map<String, String> variables;
    private final RecordSchema schema;
    private FlowFile flowFile;
    private OutputStream out;
    private RecordSetWriter writer;
    private int recordCount;

    /**
     * @param parent    the FlowFile the child derives from, or null for a FlowFile of its own (a source's)
     * @param variables what the writer may evaluate its properties against, e.g. the parent's attributes
     * @param schema    the schema of the records to come, given to the writer (which may inherit it)
     */
    public RecordFlowFileWriter(final ProcessSession session, final FlowFile parent, final RecordSetWriterFactory writerFactory,
                                final ComponentLog logger, final Map<String, String> variables, final RecordSchema schema) {
        this.session = session;
        this.parent = parent;
        this.writerFactory = writerFactory;
        this.logger = logger;
        this.variables = variables;
        this.schema = schema;
    }

    public void write(final Record record) throws IOException {
        if (writer == null) {
            open();
        }
        writer.write(record);
        recordCount++;
    }

    private void open() throws IOException {
        flowFile = parent == null ? session.create() : session.create(parent);
        out = new ClosedOnce(session.write(flowFile));
        try {
            writer = writerFactory.createWriter(logger, writerFactory.getSchema(variables, schema), out, variables);
        } catch (final SchemaNotFoundException e) {
            throw new IOException("The Record Writer has no schema for the records: " + e.getMessage(), e);
        }
        writer.beginRecordSet();
    }

    public RecordSchema schema() {
        return schema;
    }

    /** The records written so far. */
    public int recordCount() {
        return recordCount;
    }

    /** The FlowFile being written (e.g. for a provenance event per record), or null before the first record. */
    public FlowFile flowFile() {
        return flowFile;
    }

    /**
     * Finishes the record set (an empty one when nothing was written) and closes the content.
     *
     * @param attributes set after the writer's own, {@code record.count} and {@code mime.type}
     * @return the FlowFile with its attributes, not yet transferred
     */
    public FlowFile finish(final Map<String, String> attributes) throws IOException {
        if (writer == null) {
            open();
        }
        final WriteResult result = writer.finishRecordSet();
        final Map<String, String> written = new HashMap<>(result.getAttributes());
        written.put(RECORD_COUNT, String.valueOf(result.getRecordCount()));
        written.put(CoreAttributes.MIME_TYPE.key(), writer.getMimeType());
        written.putAll(attributes);
        writer.close();
        out.close();
        writer = null;
        out = null;
        flowFile = session.putAllAttributes(flowFile, written);
        return flowFile;
    }

    /**
     * The content stream, closed once whoever closes it: the writer, the generator inside it and this class each do, and
     * a session may do work at each close (nifi-mock copies the whole content every time).
     */
    private static final class ClosedOnce extends FilterOutputStream {
        private boolean closed;

        private ClosedOnce(final OutputStream out) {
            super(out);
        }

        @Override
        public void write(final byte[] bytes, final int offset, final int length) throws IOException {
            out.write(bytes, offset, length);
        }

        @Override
        public void close() throws IOException {
            if (!closed) {
                closed = true;
                super.close();
            }
        }
    }

    /** Closes what is open and removes the FlowFile, e.g. after a failure. */
    public void abandon() {
        try {
            if (writer != null) {
                writer.close();
            }
            if (out != null) {
                out.close();
            }
        } catch (final IOException e) {
            logger.debug("Closing an abandoned record FlowFile failed", e);
        }
        if (flowFile != null) {
            session.remove(flowFile);
        }
        writer = null;
        out = null;
        flowFile = null;
    }
}
