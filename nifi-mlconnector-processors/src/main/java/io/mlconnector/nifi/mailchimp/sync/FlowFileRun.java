package io.mlconnector.nifi.mailchimp.sync;

import io.mlconnector.nifi.mailchimp.audience.AudienceClient;
import io.mlconnector.nifi.mailchimp.contact.Contact;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordSchema;

import java.io.IOException;
import java.util.Set;
import java.util.TreeSet;

/**
 * One input FlowFile being synced: its audience and how it was found, the executor of its plans, where its audit
 * records go, and the first reason it cannot be finished whole. Used by the trigger's thread only.
 */
final class FlowFileRun {

    private final FlowFile input;
    private final AudienceClient client;
    private final AudienceState audience;
    private final PlanExecutor executor;
    private final RecordOutputs outputs;
    private final RunMode mode;
    private final long started = System.nanoTime();
    private final Set<String> wouldCreate;
    private final PassRecords pass;
    private AuditRecords audit;
    private Exception failure;

    FlowFileRun(final FlowFile input, final AudienceClient client, final AudienceState audience, final PlanExecutor executor,
                final RecordOutputs outputs, final RunMode mode, final Set<String> wouldCreate, final PassRecords pass) {
        this.input = input;
        this.client = client;
        this.audience = audience;
        this.executor = executor;
        this.outputs = outputs;
        this.mode = mode;
        this.wouldCreate = wouldCreate;
        this.pass = pass;
    }

    FlowFile input() {
        return input;
    }

    AudienceClient client() {
        return client;
    }

    AudienceState audience() {
        return audience;
    }

    PlanExecutor executor() {
        return executor;
    }

    RecordOutputs outputs() {
        return outputs;
    }

    long started() {
        return started;
    }

    /** In a preview, what the real run would create in Mailchimp (merge fields, tags, groups), sorted. */
    Set<String> wouldCreate() {
        return new TreeSet<>(wouldCreate);
    }

    /** The records' tally when the input is a FlowFile of a reconciliation pass, else {@code null}. */
    PassRecords pass() {
        return pass;
    }

    /** The audit schema of the input's records, known once the second pass opens it. */
    void useSchema(final RecordSchema auditSchema) {
        audit = new AuditRecords(auditSchema, client.audienceId());
        outputs.useSchema(auditSchema);
    }

    /**
     * Writes one record's audit record, as the run mode reports its outcome; once the FlowFile failed, nothing more.
     *
     * @param contact the record's contact, or {@code null} when it has none
     */
    void write(final Record record, final String sourceId, final Contact contact, final Outcome outcome) {
        if (failure == null) {
            if (pass != null) {
                pass.settled(outcome);
            }
            final Outcome reported = mode.report(outcome);
            try {
                outputs.write(audit.audit(record, sourceId, reported), sourceId, contact, reported);
            } catch (final IOException | RuntimeException e) {
                fail(e);
            }
        }
    }

    /** Notes the first reason the FlowFile cannot be finished whole. */
    void fail(final Exception e) {
        if (failure == null) {
            failure = e;
        }
    }

    /** The first reason the FlowFile cannot be finished whole, or {@code null}. */
    Exception failure() {
        return failure;
    }
}
