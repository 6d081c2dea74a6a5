package io.mlconnector.nifi.mailchimp.sync;

import io.mlconnector.nifi.mailchimp.contact.Contact;
import io.mlconnector.nifi.mailchimp.contact.SyncAction;
import io.mlconnector.nifi.records.RecordFlowFileWriter;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.flowfile.attributes.CoreAttributes;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.serialization.RecordSetWriterFactory;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordSchema;

import java.io.IOException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The audit records of one input FlowFile, written as they come into one child FlowFile per route (created on first
 * use), each with its own provenance event on the input ({@link RecordProvenance}), then transferred with per-action
 * counts as attributes and a provenance SEND event carrying the same counts. Records to retry later get a FlowFile of
 * their own ({@link RetryLater}).
 */
final class RecordOutputs {

    public static final String AUDIENCE_ID_ATTRIBUTE = "mailchimp.audience.id";

    private final ProcessSession session;
    private final FlowFile input;
    private final RecordSetWriterFactory writerFactory;
    private final ComponentLog logger;
    private final RecordProvenance provenance;
    private final RetryLater retryLater;
    private final RunMode mode;
    private final Map<Outcome.Route, Output> outputs = new EnumMap<>(Outcome.Route.class);
    private RecordSchema schema;
    private final Map<String, String> extraAttributes = new LinkedHashMap<>();
    private final Map<String, Long> figures = new LinkedHashMap<>();

    /** A route's FlowFile and how many of its records ended in each action, by the action's ordinal (no boxing per record). */
    private record Output(RecordFlowFileWriter writer, int[] counts) {
        int count(final SyncAction action) {
            return counts[action.ordinal()];
        }
    }

    /**
     * @param mode a preview counts the would_* actions instead of the writes, and reports no SEND events
     */
    RecordOutputs(final ProcessSession session, final FlowFile input, final RecordSetWriterFactory writerFactory,
                  final ComponentLog logger, final RecordProvenance provenance, final RetryLater retryLater, final RunMode mode) {
        this.session = session;
        this.input = input;
        this.writerFactory = writerFactory;
        this.logger = logger;
        this.provenance = provenance;
        this.retryLater = retryLater;
        this.mode = mode;
    }

    /** An attribute every output gets, e.g. a dry run's report. */
    void putAttribute(final String name, final String value) {
        extraAttributes.put(name, value);
    }

    /** A figure every output carries as {@code mailchimp.<name>.count} and in its SEND event's details, e.g. throttled answers. */
    void putFigure(final String name, final long value) {
        figures.put(name, value);
    }

    /** The schema of the records to come; set before the first {@link #write}. */
    void useSchema(final RecordSchema recordSchema) {
        this.schema = recordSchema;
    }

    /**
     * @param sourceId the audit record's source ID, or {@code null}
     * @param contact  the record's contact, or {@code null} when it has none
     */
    void write(final Record record, final String sourceId, final Contact contact, final Outcome outcome) throws IOException {
        Output output = outputs.get(outcome.route());
        if (output == null) {
            output = new Output(new RecordFlowFileWriter(session, input, writerFactory, logger, input.getAttributes(), schema),
                    new int[SyncAction.values().length]);
            outputs.put(outcome.route(), output);
        }
        output.writer.write(record);
        output.counts[outcome.action().ordinal()]++;
        if (mode.sends()) {
            provenance.report(session.getProvenanceReporter(), record, sourceId, contact, outcome);
        }
    }

    /** Finishes every output and transfers it with its counts and a SEND event to {@code transitUri}. */
    void transfer(final Map<Outcome.Route, Relationship> relationships, final String audienceId, final String transitUri,
                         final long millis) throws IOException {
        for (final Map.Entry<Outcome.Route, Output> entry : outputs.entrySet()) {
            final Output output = entry.getValue();
            final Map<String, String> attributes = new LinkedHashMap<>();
            attributes.put(AUDIENCE_ID_ATTRIBUTE, audienceId);
            // Unique per attempt: a file sink (the flow's durable audit copy) never overwrites one attempt with another.
            attributes.put(CoreAttributes.FILENAME.key(), "mailchimp-audit-" + audienceId + "-"
                    + output.writer.flowFile().getAttribute(CoreAttributes.UUID.key()));
            attributes.putAll(extraAttributes);
            figures.forEach((name, value) -> attributes.put("mailchimp." + name + ".count", String.valueOf(value)));
            for (final SyncAction action : counted().toList()) {
                attributes.put(countAttribute(action), String.valueOf(output.count(action)));
            }
            for (final SyncAction action : SyncAction.values()) {
                if (output.count(action) > 0) {
                    session.adjustCounter("Records " + action.value(), output.count(action), false);
                }
            }
            FlowFile flowFile = output.writer.finish(attributes);
            if (entry.getKey() == Outcome.Route.RETRY_LATER) {
                flowFile = session.putAttribute(flowFile, RetryLater.ATTRIBUTE, retryLater.after(Instant.now()));
            } else if (flowFile.getAttribute(RetryLater.ATTRIBUTE) != null) {
                flowFile = session.removeAttribute(flowFile, RetryLater.ATTRIBUTE);
            }
            if (mode.sends()) {
                session.getProvenanceReporter().send(flowFile, transitUri, details(output), millis);
            }
            if (entry.getKey() == Outcome.Route.RETRY || entry.getKey() == Outcome.Route.RETRY_LATER) {
                flowFile = session.penalize(flowFile);
            }
            session.transfer(flowFile, relationships.get(entry.getKey()));
        }
        outputs.clear();
    }

    /** Drops whatever was written, e.g. when the input turned out to be unreadable. */
    void discard() {
        outputs.values().forEach(output -> output.writer.abandon());
        outputs.clear();
    }

    public static String countAttribute(final SyncAction action) {
        return "mailchimp." + action.value() + ".count";
    }

    private Stream<SyncAction> counted() {
        return Stream.of(SyncAction.values()).filter(mode::counts);
    }

    private String details(final Output output) {
        return Stream.concat(counted().map(action -> action.value() + "=" + output.count(action)),
                        figures.entrySet().stream().map(figure -> figure.getKey() + "=" + figure.getValue()))
                .collect(Collectors.joining(", "));
    }
}
