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
import java.util.concurrent.CompletableFuture;

/**
 * Streams one FlowFile through the sync in two passes. The first pass maps each record only to find the ones a later
 * duplicate supersedes ({@link DuplicateFilter}: fingerprints, not records). The second pass plans each record
 * against the member index and hands it to the {@link PlanExecutor} ({@link SyncExecutor}, or {@link DryRun}), whose
 * calls run while reading goes on; the outcomes queue in {@link PendingOutcomes}, which writes each audit record to
 * its route in record order as soon as it is settled (on the trigger's thread) and bounds how many records wait. The FlowFile is finished once its last audit record is written, while
 * the next FlowFile of the trigger may already be reading. Memory is bounded by the pending limit, whatever the
 * FlowFile's size.
 */
public final class FlowFileSync {

    static final String SUPERSEDED = "Superseded by another record with the same email address or source ID in this "
            + "FlowFile (the newest source version wins, else the last one)";

    private final RecordReaderFactory readerFactory;
    private final ContactMapper mapper;
    private final SyncPlanner planner;
    private final ComponentLog logger;

    public FlowFileSync(final RecordReaderFactory readerFactory, final ContactMapper mapper, final SyncPlanner planner,
                        final ComponentLog logger) {
        this.readerFactory = readerFactory;
        this.mapper = mapper;
        this.planner = planner;
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

    /** How a FlowFile ends once every audit record of it is written: whole, or failed when it could not be read or written. */
    public interface Ending {
        void succeeded();

        void failed(Exception cause);
    }

    /**
     * Second pass. With an {@code index}, plans and runs every record; without one ({@code unavailable} set), every
     * valid record gets {@code unavailable} without any call. Returns once every record is read and queued; {@code
     * ending} runs when the last one's audit record is written.
     */
    public void sync(final ProcessSession session, final FlowFile flowFile, final DuplicateFilter duplicates,
                     final MemberIndex index, final PlanExecutor executor, final Outcome unavailable,
                     final String audienceId, final RecordOutputs outputs, final PendingOutcomes pending,
                     final Ending ending) {
        final Failure failure = new Failure();
        try (InputStream in = session.read(flowFile);
             RecordReader reader = readerFactory.createRecordReader(flowFile, in, logger)) {
            final AuditRecords audit = new AuditRecords(reader.getSchema(), audienceId);
            outputs.useSchema(audit.schema());
            int position = 0;
            for (Record record; (record = reader.nextRecord()) != null; position++) {
                queue(record, position, duplicates, index, unavailable, executor, pending, audit, outputs, failure);
            }
        } catch (final IOException | MalformedRecordException | SchemaNotFoundException | RuntimeException e) {
            executor.abandon("Not sent: the FlowFile cannot be read on");
            failure.note(e);
        }
        executor.flush();
        pending.then(() -> {
            if (failure.cause == null) {
                ending.succeeded();
            } else {
                ending.failed(failure.cause);
            }
        });
    }

    /** The first reason a FlowFile cannot be finished whole. */
    private static final class Failure {
        private Exception cause;

        private void note(final Exception e) {
            if (cause == null) {
                cause = e;
            }
        }
    }

    private static CompletableFuture<Outcome> settled(final Outcome outcome) {
        return CompletableFuture.completedFuture(outcome);
    }

    private void queue(final Record record, final int position, final DuplicateFilter duplicates, final MemberIndex index,
                       final Outcome unavailable, final PlanExecutor executor, final PendingOutcomes pending,
                       final AuditRecords audit, final RecordOutputs outputs, final Failure failure) {
        final String sourceId;
        final CompletableFuture<Outcome> outcome;
        final String[] keys;
        Contact contact = null;
        String invalid = null;
        try {
            contact = mapper.map(record);
        } catch (final InvalidContactException e) {
            invalid = e.getMessage();
        }
        if (contact == null) {
            sourceId = mapper.sourceId(record);
            outcome = settled(Outcome.failure(null, invalid));
            keys = new String[0];
        } else if (duplicates.isSuperseded(position)) {
            sourceId = contact.sourceId();
            outcome = settled(Outcome.success(SyncAction.SKIPPED, null, SUPERSEDED));
            keys = new String[0];
        } else if (index == null) {
            sourceId = contact.sourceId();
            outcome = settled(unavailable);
            keys = new String[0];
        } else {
            sourceId = contact.sourceId();
            pending.awaitPerson(contact.subscriberHash(), contact.sourceId());
            final Plan plan = planner.plan(contact, index.bySourceId(contact.sourceId()), index.byHash(contact.subscriberHash()));
            outcome = executor.submit(plan);
            keys = new String[] {contact.subscriberHash(), contact.sourceId(),
                    plan.target() == null ? null : plan.target().subscriberHash()};
        }
        pending.add(outcome, settledOutcome -> {
            if (failure.cause == null) {
                try {
                    outputs.write(audit.audit(record, sourceId, settledOutcome), settledOutcome);
                } catch (final IOException | SchemaNotFoundException | RuntimeException e) {
                    failure.note(e);
                }
            }
        }, executor, keys);
    }
}
