package io.mlconnector.nifi.mailchimp.sync;

import io.mlconnector.nifi.mailchimp.contact.Plan;

import java.util.List;

/** Carries out (or, in a dry run, predicts) the plans of a window of records. */
public interface PlanExecutor {

    /** The outcome of each plan, in the plans' order. */
    Outcome[] execute(List<Plan> plans);
}
