package io.mlconnector.nifi.mailchimp.sync;

import io.mlconnector.nifi.mailchimp.contact.Contact;
import io.mlconnector.nifi.mailchimp.contact.ContactMapper;
import io.mlconnector.nifi.mailchimp.contact.DuplicateFilter;
import io.mlconnector.nifi.mailchimp.contact.InvalidContactException;
import io.mlconnector.nifi.mailchimp.contact.Plan;
import io.mlconnector.nifi.mailchimp.contact.RecordContext;
import io.mlconnector.nifi.mailchimp.contact.SyncAction;
import io.mlconnector.nifi.mailchimp.contact.SyncPlanner;
import io.mlconnector.nifi.records.CompactRecords;
import io.mlconnector.nifi.records.RecordFlowFileWriter;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.schema.access.SchemaNotFoundException;
import org.apache.nifi.serialization.MalformedRecordException;
import org.apache.nifi.serialization.RecordReader;
import org.apache.nifi.serialization.RecordReaderFactory;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordSchema;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Streams one FlowFile through the sync in two passes. The first pass maps each record to find the ones a later
 * duplicate supersedes ({@link DuplicateFilter}: fingerprints, not records); a small FlowFile's records are kept,
 * mapped, for the second pass, a large one is read and mapped again. Every record waits for its outcome as its values
 * alone ({@link CompactRecords}), not as the reader made it. The second pass plans each record against the
 * member index and hands it to the {@link PlanExecutor}, whose calls run while reading goes on; the outcomes queue in
 * {@link PendingOutcomes}, which writes each audit record to its route in record order as soon as it is settled and
 * bounds how many records wait, then ends the FlowFile. Memory is bounded by the pending limit and the held
 * FlowFile's size, whatever the FlowFile's size.
 */
final class FlowFileSync {

    /**
     * A FlowFile up to this size is read once: the first pass keeps its records for the second (some 8 MB of heap for
     * 4 MB of JSON, the records compact); a larger one is read twice, so memory stays bounded whatever its size.
     */
    static final long HELD_CONTENT_BYTES = 4L * 1024 * 1024;

    /**
     * The most records a FlowFile's {@code record.count} makes the first pass's tables room for at once (some 8 MB), so
     * that a usual FlowFile's tables are built once instead of growing from empty; beyond, they grow.
     */
    static final int PRESIZED_RECORDS = 1 << 16;

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
    private final AuditSchemas auditSchemas = new AuditSchemas();

    FlowFileSync(final RecordReaderFactory readerFactory, final ContactMapper mapper, final SyncPlanner planner,
                 final ComponentLog logger) {
        this.readerFactory = readerFactory;
        this.mapper = mapper;
        this.planner = planner;
        this.logger = logger;
    }

    /**
     * What the first pass learnt of a FlowFile: which records later duplicates supersede and, for a FlowFile of at
     * most {@link #HELD_CONTENT_BYTES}, its records as mapped and their schema, so that the second pass neither reads
     * nor maps them again.
     */
    record FirstPass(DuplicateFilter duplicates, RecordSchema schema, List<Mapped> records) {
    }

    /** A record and its contact, or why it has none. */
    private record Mapped(Record record, Contact contact, InvalidContactException invalid) {
    }

    /** First pass: which records later duplicates supersede; a small FlowFile's records are kept for the second. */
    FirstPass findDuplicates(final ProcessSession session, final FlowFile flowFile)
            throws IOException, MalformedRecordException, SchemaNotFoundException {
        final DuplicateFilter duplicates = new DuplicateFilter(expectedRecords(flowFile));
        final List<Mapped> held = flowFile.getSize() <= HELD_CONTENT_BYTES ? new ArrayList<>() : null;
        try (InputStream in = session.read(flowFile);
             RecordReader reader = readerFactory.createRecordReader(flowFile, in, logger)) {
            // Only a held FlowFile's records are kept: a large one's are read again by the second pass.
            final CompactRecords kept = held == null ? null : new CompactRecords(reader.getSchema());
            int position = 0;
            for (Record record; (record = reader.nextRecord()) != null; position++) {
                final Mapped mapped = map(record, kept == null ? record : kept.compact(record));
                if (held != null) {
                    held.add(mapped);
                }
                // A record that cannot be mapped goes to failure on the second pass; it supersedes nothing.
                if (mapped.contact() != null) {
                    duplicates.observe(position, mapped.contact());
                }
            }
            return new FirstPass(duplicates, held == null ? null : reader.getSchema(), held);
        }
    }

    /** The FlowFile's {@code record.count}, as a size hint, at most {@link #PRESIZED_RECORDS}; 0 without a usable one. */
    private static int expectedRecords(final FlowFile flowFile) {
        final String count = flowFile.getAttribute(RecordFlowFileWriter.RECORD_COUNT);
        try {
            return count == null ? 0 : Math.clamp(Long.parseLong(count.strip()), 0, PRESIZED_RECORDS);
        } catch (final NumberFormatException e) {
            return 0; // only a hint: the first pass's tables grow as the records come
        }
    }

    /**
     * Second pass: plans and submits every record (with an unusable audience, every valid record gets its outcome
     * without any call). Returns once every record is read and queued; the FlowFile ends when the last one's audit
     * record is written. Its upserts may wait in open batches for the next FlowFile's to fill them.
     *
     * @return how many records were read
     */
    int queue(final ProcessSession session, final FlowFileRun run, final FirstPass first, final PendingOutcomes pending) {
        final FlowFile flowFile = run.input();
        final DuplicateFilter duplicates = first.duplicates();
        final Map<String, CompletableFuture<Outcome>> deciding = new HashMap<>();
        int position = 0;
        if (first.records() != null) {
            run.useSchema(auditSchemas.of(first.schema()));
            for (final Mapped mapped : first.records()) {
                queue(mapped, position++, run, duplicates, pending, deciding);
            }
        } else {
            try (InputStream in = session.read(flowFile);
                 RecordReader reader = readerFactory.createRecordReader(flowFile, in, logger)) {
                run.useSchema(auditSchemas.of(reader.getSchema()));
                final CompactRecords kept = new CompactRecords(reader.getSchema());
                for (Record record; (record = reader.nextRecord()) != null; position++) {
                    queue(map(record, kept.compact(record)), position, run, duplicates, pending, deciding);
                }
            } catch (final IOException | MalformedRecordException | SchemaNotFoundException | RuntimeException e) {
                run.executor().abandon(flowFile, "Not sent: the FlowFile cannot be read on");
                run.fail(e);
            }
        }
        pending.afterAllQueued(run);
        return position;
    }

    /** Maps the record as read; {@code keptAs} is what waits for its audit record, e.g. its compact copy. */
    private Mapped map(final Record record, final Record keptAs) {
        try {
            return new Mapped(keptAs, mapper.map(record), null);
        } catch (final InvalidContactException e) {
            return new Mapped(keptAs, null, e);
        }
    }

    /** @param deciding the outcome of each person's deciding record, for their records folded into it */
    private void queue(final Mapped mapped, final int position, final FlowFileRun run, final DuplicateFilter duplicates,
                       final PendingOutcomes pending, final Map<String, CompletableFuture<Outcome>> deciding) {
        final Record record = mapped.record();
        final Contact contact = mapped.contact();
        if (contact == null) {
            pending.add(settled(Outcome.failure(null, mapped.invalid().getMessage())),
                    outcome -> run.write(record, mapper.sourceId(record), null, outcome), PersonKeys.NONE);
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
                    outcome = run.executor().submit(plan, run.input());
                    keys = new PersonKeys(contact.subscriberHash(), contact.sourceId(),
                            plan.target() == null ? null : plan.target().subscriberHash());
                }
            }
        }
        if (duplicates.decidesForOthers(position)) {
            deciding.put(contact.sourceId(), outcome);
        }
        pending.add(outcome, settledOutcome -> run.write(record, contact.sourceId(), contact, settledOutcome), keys);
    }

    private static Outcome folded(final Outcome decided) {
        return decided.route() == Outcome.Route.SUCCESS ? Outcome.success(SyncAction.SKIPPED, decided.status(), FOLDED)
                : decided.withReason(FOLDED_NOT_APPLIED + decided.reason());
    }

    private static CompletableFuture<Outcome> settled(final Outcome outcome) {
        return CompletableFuture.completedFuture(outcome);
    }
}
