package io.mlconnector.nifi.mailchimp.sync;

import io.mlconnector.nifi.mailchimp.contact.Plan;

import java.util.List;
import java.util.function.IntPredicate;

/**
 * The plans of one call to Mailchimp (a batch, or a single-member call) with their outcomes as the call settles them.
 * Used by the call's thread only.
 */
final class CallRecords {

    private final List<Plan> plans;
    private final Outcome[] outcomes;

    CallRecords(final List<Plan> plans) {
        this.plans = List.copyOf(plans);
        this.outcomes = new Outcome[plans.size()];
    }

    int size() {
        return plans.size();
    }

    Plan plan(final int i) {
        return plans.get(i);
    }

    List<Plan> plans() {
        return plans;
    }

    boolean isSettled(final int i) {
        return outcomes[i] != null;
    }

    /** The outcome of record {@code i}, or {@code null} while it is unsettled. */
    Outcome outcome(final int i) {
        return outcomes[i];
    }

    void settle(final int i, final Outcome outcome) {
        outcomes[i] = outcome;
    }

    /** Settles every unsettled record that {@code which} selects. */
    void settleUnsettled(final IntPredicate which, final Outcome outcome) {
        for (int i = 0; i < outcomes.length; i++) {
            if (outcomes[i] == null && which.test(i)) {
                outcomes[i] = outcome;
            }
        }
    }

    /** Settles every record still unsettled: with what the call threw, or as a call that forgot it (none is left without an outcome). */
    void settleRest(final Outcome outcome) {
        settleUnsettled(i -> true, outcome);
    }
}
