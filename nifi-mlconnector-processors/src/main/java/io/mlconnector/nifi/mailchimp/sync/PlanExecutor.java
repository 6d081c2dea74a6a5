package io.mlconnector.nifi.mailchimp.sync;

import io.mlconnector.nifi.mailchimp.contact.Plan;
import org.apache.nifi.flowfile.FlowFile;

import java.util.concurrent.CompletableFuture;

/**
 * Carries out plans one at a time, as they are read: a real run's {@link SyncExecutor} (shared by the FlowFiles of a
 * trigger for one audience), or a {@link PreviewExecutor}.
 */
interface PlanExecutor extends PendingOutcomes.BatchFlusher {

    /** The plan's outcome, settled now or once its call answers; {@code input} is the FlowFile the record comes from. */
    CompletableFuture<Outcome> submit(Plan plan, FlowFile input);

    /** Sends whatever is held for a fuller call, however full: at the end of the trigger. */
    void flush();

    /** Settles the plans of {@code input} held for a fuller call as failed without sending them: it cannot be read on. */
    void abandon(FlowFile input, String reason);
}
