package io.mlconnector.nifi.mailchimp.sync;

import io.mlconnector.nifi.mailchimp.contact.Contact;
import io.mlconnector.nifi.mailchimp.contact.ContactMapper;
import io.mlconnector.nifi.mailchimp.contact.DuplicateFilter;
import io.mlconnector.nifi.mailchimp.contact.InvalidContactException;
import io.mlconnector.nifi.mailchimp.contact.Plan;
import io.mlconnector.nifi.mailchimp.contact.RecordContext;
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
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Streams one FlowFile through the sync in two passes. The first pass maps each record only to find the ones a later
 * duplicate supersedes ({@link DuplicateFilter}: fingerprints, not records). The second pass plans each record
 * against the member index and hands it to the FlowFile's {@link PlanExecutor}, whose calls run while reading goes on;
 * the outcomes queue in {@link PendingOutcomes}, which writes each audit record to its route in record order as soon
 * as it is settled and bounds how many records wait, then ends the FlowFile. Memory is bounded by the pending limit,
 * whatever the FlowFile's size.
 */
final class FlowFileSync {

    static final String SUPERSEDED = "Superseded by another record of the same person (source ID, or email address "
            + "without one) in this FlowFile (the newest source version wins, else the last one)";
    static final String FOLDED = "Decided with this person's first record in this FlowFile, for all their jobs (with the "
            + "fields of the newest record of an active job)";
    static final String FOLDED_NOT_APPLIED = "Not applied: this person's jobs are decided together, by their first record "
            + "in this FlowFile, which was not: ";

    private final RecordReaderFactory readerFactory;
    private final ContactMapper mapper;
    private final SyncPlanner planner;
    private final ComponentLog logger;

    FlowFileSync(final RecordReaderFactory readerFactory, final ContactMapper mapper, final SyncPlanner planner,
                 final ComponentLog logger) {
        this.readerFactory = readerFactory;
        this.mapper = mapper;
        this.planner = planner;
        this.logger = logger;
    }

    /** First pass: which records later duplicates supersede. */
    DuplicateFilter findDuplicates(final ProcessSession session, final FlowFile flowFile)
            throws IOException, MalformedRecordException, SchemaNotFoundException {
        final DuplicateFilter duplicates = new DuplicateFilter();
        try (InputStream in = session.read(flowFile);
             RecordReader reader = readerFactory.createRecordReader(flowFile, in, logger)) {
            int position = 0;
            for (Record record; (record = reader.nextRecord()) != null; position++) {
                try {
                    final Contact contact = mapper.map(record);
                    duplicates.observe(position, contact);
                } catch (final InvalidContactException e) {
                    // Goes to failure on the second pass; it supersedes nothing.
                }
            }
        }
        return duplicates;
    }

    /**
     * Second pass: plans and submits every record (with an unusable audience, every valid record gets its outcome
     * without any call). Returns once every record is read and queued; the FlowFile ends when the last one's audit
     * record is written.
     */
    void queue(final ProcessSession session, final FlowFileRun run, final DuplicateFilter duplicates, final PendingOutcomes pending) {
        final FlowFile flowFile = run.input();
        try (InputStream in = session.read(flowFile);
             RecordReader reader = readerFactory.createRecordReader(flowFile, in, logger)) {
            run.useSchema(reader.getSchema());
            int position = 0;
            final Map<String, CompletableFuture<Outcome>> deciding = new HashMap<>();
            for (Record record; (record = reader.nextRecord()) != null; position++) {
                queue(record, position, run, duplicates, pending, deciding);
            }
        } catch (final IOException | MalformedRecordException | SchemaNotFoundException | RuntimeException e) {
            run.executor().abandon("Not sent: the FlowFile cannot be read on");
            run.fail(e);
        }
        run.executor().flush();
        pending.afterAllQueued(run);
    }

    /** @param deciding the outcome of each person's deciding record, for their records folded into it */
    private void queue(final Record record, final int position, final FlowFileRun run, final DuplicateFilter duplicates,
                       final PendingOutcomes pending, final Map<String, CompletableFuture<Outcome>> deciding) {
        final Contact contact;
        try {
            contact = mapper.map(record);
        } catch (final InvalidContactException e) {
            pending.add(settled(Outcome.failure(null, e.getMessage())), outcome -> run.write(record, mapper.sourceId(record), outcome),
                    PersonKeys.NONE);
            return;
        }
        final CompletableFuture<Outcome> outcome;
        PersonKeys keys = PersonKeys.NONE;
        if (duplicates.isSuperseded(position)) {
            outcome = settled(Outcome.success(SyncAction.SKIPPED, null, SUPERSEDED));
        } else if (duplicates.isFolded(position)) {
            // Their state went with the deciding record: they share its route, so a retry takes them all again.
            outcome = deciding.get(contact.sourceId()).thenApply(FlowFileSync::folded);
        } else {
            switch (run.audience()) {
                case AudienceState.Unavailable unavailable -> outcome = settled(unavailable.outcome());
                case AudienceState.Ready ready -> {
                    pending.awaitEarlierRecordsOf(contact.subscriberHash(), contact.sourceId());
                    final Contact decided = duplicates.deciding(position, contact);
                    final Plan plan = planner.plan(decided, ready.index().bySourceId(decided.sourceId()),
                            ready.index().byHash(decided.subscriberHash()),
                            RecordContext.of(decided, duplicates, sourceId -> ready.index().bySourceId(sourceId) != null));
                    outcome = run.executor().submit(plan);
                    keys = new PersonKeys(contact.subscriberHash(), contact.sourceId(),
                            plan.target() == null ? null : plan.target().subscriberHash());
                }
            }
        }
        if (duplicates.decidesForOthers(position)) {
            deciding.put(contact.sourceId(), outcome);
        }
        pending.add(outcome, settledOutcome -> run.write(record, contact.sourceId(), settledOutcome), keys);
    }

    private static Outcome folded(final Outcome decided) {
        return decided.route() == Outcome.Route.SUCCESS ? Outcome.success(SyncAction.SKIPPED, decided.status(), FOLDED)
                : new Outcome(decided.action(), decided.status(), FOLDED_NOT_APPLIED + decided.reason(), decided.route(), decided.refusal());
    }

    private static CompletableFuture<Outcome> settled(final Outcome outcome) {
        return CompletableFuture.completedFuture(outcome);
    }
}
