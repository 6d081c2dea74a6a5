package io.mlconnector.nifi.peoplesoft.write;

import io.mlconnector.nifi.records.RecordFlowFileWriter;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.flowfile.attributes.FragmentAttributes;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.serialization.RecordSetWriterFactory;
import org.apache.nifi.serialization.record.Record;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes records into FlowFiles with the Record Writer as they arrive, starting a new FlowFile every
 * {@code recordsPerFlowFile} records (or when the schema grows), so no more than one record is held at a time.
 */
public final class FlowFileRecordSink {

    private final ProcessSession session;
    private final RecordSetWriterFactory writerFactory;
    private final ComponentLog logger;
    private final int recordsPerFlowFile;
    private final Map<String, String> attributes;
    private final List<FlowFile> completed = new ArrayList<>();
    private RecordFlowFileWriter current;

    public FlowFileRecordSink(final ProcessSession session, final RecordSetWriterFactory writerFactory, final ComponentLog logger,
                              final int recordsPerFlowFile, final Map<String, String> attributes) {
        this.session = session;
        this.writerFactory = writerFactory;
        this.logger = logger;
        this.recordsPerFlowFile = recordsPerFlowFile;
        this.attributes = attributes;
    }

    public void write(final Record record) throws IOException {
        if (current != null && (current.recordCount() >= recordsPerFlowFile || !record.getSchema().equals(current.schema()))) {
            completed.add(current.finish(attributes));
            current = null;
        }
        if (current == null) {
            current = new RecordFlowFileWriter(session, null, writerFactory, logger, attributes, record.getSchema());
        }
        current.write(record);
    }

    /** Completes the last FlowFile and numbers them all as fragments of one run. */
    public List<FlowFile> finish() throws IOException {
        if (current != null) {
            completed.add(current.finish(attributes));
            current = null;
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
        if (current != null) {
            current.abandon();
        }
    }
}
