package io.mlconnector.nifi.mailchimp.sync;

import io.mlconnector.nifi.mailchimp.audience.MemberIndex;
import io.mlconnector.nifi.mailchimp.contact.Contact;
import io.mlconnector.nifi.mailchimp.contact.ContactMapper;
import io.mlconnector.nifi.mailchimp.contact.DuplicateFilter;
import io.mlconnector.nifi.mailchimp.contact.InvalidContactException;
import io.mlconnector.nifi.mailchimp.contact.Plan;
import io.mlconnector.nifi.mailchimp.contact.SyncAction;
import io.mlconnector.nifi.mailchimp.contact.SyncPlanner;
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
import java.util.ArrayList;
import java.util.List;

/**
 * Streams one FlowFile through the sync in two passes. The first pass maps each record only to find the ones a later
 * duplicate supersedes ({@link DuplicateFilter}: fingerprints, not records). The second pass reads windows of
 * {@code windowSize} records (Batch Size x the service's concurrency), plans each against the member index, runs the
 * window's calls in parallel and writes each audit record to its route before reading on. Memory is bounded by the
 * window, whatever the FlowFile's size.
 */
public final class FlowFileSync {

    static final String SUPERSEDED = "Superseded by another record with the same email address or source ID in this "
            + "FlowFile (the newest source version wins, else the last one)";

    private final RecordReaderFactory readerFactory;
    private final ContactMapper mapper;
    private final SyncPlanner planner;
    private final int windowSize;
    private final ComponentLog logger;

    public FlowFileSync(final RecordReaderFactory readerFactory, final ContactMapper mapper, final SyncPlanner planner,
                        final int windowSize, final ComponentLog logger) {
        this.readerFactory = readerFactory;
        this.mapper = mapper;
        this.planner = planner;
        this.windowSize = windowSize;
        this.logger = logger;
    }

    /** First pass: which records later duplicates supersede. */
    public DuplicateFilter findDuplicates(final ProcessSession session, final FlowFile flowFile)
            throws IOException, MalformedRecordException, SchemaNotFoundException {
        final DuplicateFilter duplicates = new DuplicateFilter();
        try (InputStream in = session.read(flowFile);
             RecordReader reader = readerFactory.createRecordReader(flowFile, in, logger)) {
            int position = 0;
            for (Record record; (record = reader.nextRecord()) != null; position++) {
                try {
                    final Contact contact = mapper.map(record);
                    duplicates.observe(position, contact.subscriberHash(), contact.sourceId(), contact.version());
                } catch (final InvalidContactException e) {
                    // Goes to failure on the second pass; it supersedes nothing.
                }
            }
        }
        return duplicates;
    }

    /**
     * Second pass. With an {@code index}, plans and runs every record; without one ({@code unavailable} set), every
     * valid record gets {@code unavailable} without any call.
     */
    public void sync(final ProcessSession session, final FlowFile flowFile, final DuplicateFilter duplicates,
                     final MemberIndex index, final PlanExecutor executor, final Outcome unavailable,
                     final String audienceId, final RecordOutputs outputs)
            throws IOException, MalformedRecordException, SchemaNotFoundException {
        final List<Pending> window = new ArrayList<>(windowSize);
        try (InputStream in = session.read(flowFile);
             RecordReader reader = readerFactory.createRecordReader(flowFile, in, logger)) {
            final AuditRecords audit = new AuditRecords(reader.getSchema(), audienceId);
            outputs.useSchema(audit.schema());
            int position = 0;
            for (Record record; (record = reader.nextRecord()) != null; position++) {
                window.add(pending(record, position, duplicates, index, unavailable));
                if (window.size() == windowSize) {
                    flush(window, executor, audit, outputs);
                }
            }
            flush(window, executor, audit, outputs);
        }
    }

    private record Pending(Record record, String sourceId, Plan plan, Outcome outcome) {
    }

    private Pending pending(final Record record, final int position, final DuplicateFilter duplicates, final MemberIndex index,
                            final Outcome unavailable) {
        final Contact contact;
        try {
            contact = mapper.map(record);
        } catch (final InvalidContactException e) {
            return new Pending(record, mapper.sourceId(record), null, Outcome.failure(null, e.getMessage()));
        }
        if (duplicates.isSuperseded(position)) {
            return new Pending(record, contact.sourceId(), null, Outcome.success(SyncAction.SKIPPED, null, SUPERSEDED));
        }
        if (index == null) {
            return new Pending(record, contact.sourceId(), null, unavailable);
        }
        final Plan plan = planner.plan(contact, index.bySourceId(contact.sourceId()), index.byHash(contact.subscriberHash()));
        return new Pending(record, contact.sourceId(), plan, null);
    }

    private static void flush(final List<Pending> window, final PlanExecutor executor, final AuditRecords audit,
                              final RecordOutputs outputs) throws IOException, SchemaNotFoundException {
        final List<Plan> plans = new ArrayList<>();
        for (final Pending pending : window) {
            if (pending.plan() != null) {
                plans.add(pending.plan());
            }
        }
        final Outcome[] outcomes = plans.isEmpty() ? new Outcome[0] : executor.execute(plans);
        int next = 0;
        for (final Pending pending : window) {
            final Outcome outcome = pending.plan() != null ? outcomes[next++] : pending.outcome();
            outputs.write(audit.audit(pending.record(), pending.sourceId(), outcome), outcome);
        }
        window.clear();
    }
}
