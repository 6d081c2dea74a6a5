package io.mlconnector.nifi.mailchimp.sync;

import io.mlconnector.nifi.mailchimp.contact.Plan;

import java.util.concurrent.CompletableFuture;

/** Carries out plans one at a time, as they are read: a real run's {@link SyncExecutor}, or a {@link PreviewExecutor}. */
interface PlanExecutor extends PendingOutcomes.BatchFlusher {

    /** The plan's outcome, settled now or once its call answers. */
    CompletableFuture<Outcome> submit(Plan plan);

    /** Sends whatever is held for a fuller call, however full: at the end of the FlowFile. */
    void flush();

    /** Settles the plans held for a fuller call as failed without sending them: the FlowFile cannot be read on. */
    void abandon(String reason);
}
