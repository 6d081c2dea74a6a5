package io.mlconnector.nifi.mailchimp.sync;

import io.mlconnector.nifi.mailchimp.MailchimpConnectionService;
import io.mlconnector.nifi.mailchimp.contact.ContactMapper;
import io.mlconnector.nifi.mailchimp.contact.SyncPlanner;
import io.mlconnector.nifi.mailchimp.segment.SegmentFields;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.serialization.RecordReaderFactory;
import org.apache.nifi.serialization.RecordSetWriterFactory;

import java.util.List;
import java.util.function.Function;

/**
 * A PutMailchimpContact's configuration, read once when it is scheduled.
 *
 * @param audienceId          the audience of a FlowFile (Expression Language)
 * @param tags                the tags given to contacts a FlowFile's records add (Expression Language)
 * @param sourceIdMergeField  the name the source ID goes by in provenance details
 * @param interestCategory    the Interest Category, or {@code null}
 * @param batchSize           the most members in one batch subscribe call
 * @param unchangedEvents     whether records settled as unchanged get a provenance event each
 */
public record SyncSettings(MailchimpConnectionService service, RecordReaderFactory readerFactory, RecordSetWriterFactory writerFactory,
                           Function<FlowFile, String> audienceId, Function<FlowFile, List<String>> tags, ContactMapper mapper,
                           SyncPlanner planner, SegmentFields segmentFields, String sourceIdMergeField,
                           boolean createMissingMergeFields, String interestCategory, boolean createMissingInterestGroups,
                           int batchSize, RetryLater retryLater, boolean emailInProvenance, boolean unchangedEvents, RunMode mode) {

    /**
     * Records awaiting their outcome, in windows of Batch Size x concurrency: one window in flight, one being read and
     * planned, so connections never wait for the reader.
     */
    private static final int PENDING_WINDOWS = 2;

    /** How many calls run at once: the connection service's limit for the key. */
    int concurrency() {
        return Math.max(1, service.getMaxConcurrentRequests());
    }

    int pendingLimit() {
        return PENDING_WINDOWS * batchSize * concurrency();
    }
}
