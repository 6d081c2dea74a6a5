package io.mlconnector.nifi.mailchimp.sync;

import io.mlconnector.nifi.mailchimp.MailchimpTransientException;
import io.mlconnector.nifi.mailchimp.audience.AudienceException;
import io.mlconnector.nifi.mailchimp.contact.Plan;

import java.util.List;
import java.util.function.IntPredicate;

/**
 * The plans of one call to Mailchimp (a batch, or a single-member call) with their outcomes as the call settles them.
 * Used by the call's thread only.
 */
final class CallRecords {

    /** A call of one record's own, made once the call holding it is done: it settles that record. */
    @FunctionalInterface
    interface FollowUp {
        Outcome run() throws MailchimpTransientException, AudienceException;
    }

    private final List<Plan> plans;
    private final Outcome[] outcomes;
    private final FollowUp[] followUps;

    CallRecords(final List<Plan> plans) {
        this.plans = List.copyOf(plans);
        this.outcomes = new Outcome[plans.size()];
        this.followUps = new FollowUp[plans.size()];
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

    /** Whether record {@code i} has its outcome, or a follow-up call that gives it. */
    boolean isSettled(final int i) {
        return outcomes[i] != null || followUps[i] != null;
    }

    /** Leaves record {@code i} to a call of its own, e.g. the archive after a termination's batch item. */
    void followUp(final int i, final FollowUp call) {
        followUps[i] = call;
    }

    /** The follow-up call of record {@code i}, or {@code null}. */
    FollowUp followUpOf(final int i) {
        return followUps[i];
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
            if (!isSettled(i) && which.test(i)) {
                outcomes[i] = outcome;
            }
        }
    }

    /** Settles every record still unsettled: with what the call threw, or as a call that forgot it (none is left without an outcome). */
    void settleRest(final Outcome outcome) {
        settleUnsettled(i -> true, outcome);
    }
}
