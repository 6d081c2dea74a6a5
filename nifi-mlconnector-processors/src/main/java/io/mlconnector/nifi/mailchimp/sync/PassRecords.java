package io.mlconnector.nifi.mailchimp.sync;

import io.mlconnector.nifi.mailchimp.contact.Plan;
import io.mlconnector.nifi.mailchimp.reconcile.DriftKind;
import io.mlconnector.nifi.mailchimp.reconcile.PassTally;

import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The records of one FlowFile of a reconciliation pass being tallied: the executor notes what each plan was and which
 * merge fields its write overwrote as its outcome comes ({@link #decided}, on the calls' threads), and each audit record
 * written counts the record by its {@link DriftKind} ({@link #settled}, on the trigger's thread). Records leaving on
 * retry are not counted: they come back and are counted when they settle.
 */
final class PassRecords {

    private record Decided(Plan plan, List<String> overwritten) {
    }

    private final String passId;
    private final Set<String> segmentTags;
    private final PassTally tally = new PassTally();
    private final Map<Outcome, Decided> decided = new IdentityHashMap<>();

    PassRecords(final String passId, final Set<String> segmentTags) {
        this.passId = passId;
        this.segmentTags = Set.copyOf(segmentTags);
    }

    String passId() {
        return passId;
    }

    synchronized void decided(final Plan plan, final Outcome outcome, final Collection<String> overwritten) {
        decided.put(outcome, new Decided(plan, overwritten == null ? null : List.copyOf(overwritten)));
    }

    /** Counts a record by the outcome written for it, unless it leaves to be retried. */
    void settled(final Outcome outcome) {
        final Decided known;
        synchronized (this) {
            known = decided.remove(outcome);
        }
        if (outcome.route() == Outcome.Route.SUCCESS || outcome.route() == Outcome.Route.FAILURE) {
            final List<String> overwritten = known == null ? null : known.overwritten();
            tally.add(DriftKind.of(known == null ? null : known.plan(), outcome, overwritten, segmentTags), overwritten);
        }
    }

    PassTally tally() {
        return tally;
    }
}
