package io.mlconnector.nifi.mailchimp.sync;

import io.mlconnector.nifi.mailchimp.contact.Plan;

import java.util.concurrent.CompletableFuture;

/** Carries out (or, in a dry run, predicts) plans one at a time, as they are read. Called from one thread. */
public interface PlanExecutor {

    /** The plan's outcome, settled now or once its call answers. */
    CompletableFuture<Outcome> submit(Plan plan);

    /** Sends whatever is held for a fuller call, however full: at the end of the FlowFile. */
    default void flush() {
    }

    /** Sends what holds this outcome's plan, however full: someone waits for it. */
    default void sendHolding(final CompletableFuture<Outcome> outcome) {
    }

    /** Settles the plans held for a fuller call as failed without sending them: the FlowFile cannot be read on. */
    default void abandon(final String reason) {
    }
}
