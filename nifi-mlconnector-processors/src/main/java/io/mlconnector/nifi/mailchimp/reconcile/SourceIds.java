package io.mlconnector.nifi.mailchimp.reconcile;

import io.mlconnector.nifi.mailchimp.contact.ContactMapper;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.schema.access.SchemaNotFoundException;
import org.apache.nifi.serialization.MalformedRecordException;
import org.apache.nifi.serialization.RecordReader;
import org.apache.nifi.serialization.RecordReaderFactory;
import org.apache.nifi.serialization.record.Record;

import java.io.IOException;
import java.io.InputStream;

/** Reads the source IDs of a pass's end FlowFile, with the Put's Record Reader and Source ID Field, as the records' are read. */
public final class SourceIds {

    private SourceIds() {
    }

    /** @throws IOException when the keys cannot be read: the pass's absences cannot be decided */
    public static SourceIdSet read(final ProcessSession session, final FlowFile end, final RecordReaderFactory readerFactory,
                                   final ContactMapper mapper, final ComponentLog logger) throws IOException {
        final SourceIdSet ids = new SourceIdSet();
        try (InputStream in = session.read(end);
             RecordReader reader = readerFactory.createRecordReader(end, in, logger)) {
            for (Record record; (record = reader.nextRecord()) != null; ) {
                final String sourceId = mapper.sourceId(record);
                if (sourceId != null) {
                    ids.add(sourceId);
                }
            }
        } catch (final MalformedRecordException | SchemaNotFoundException e) {
            throw new IOException("The keys of the pass cannot be read: " + e.getMessage(), e);
        }
        return ids;
    }
}
