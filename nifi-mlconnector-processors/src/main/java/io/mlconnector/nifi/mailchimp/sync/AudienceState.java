package io.mlconnector.nifi.mailchimp.sync;

import io.mlconnector.nifi.mailchimp.audience.MemberIndex;

import java.util.Set;

/** An audience as one trigger found it: ready with its member index, or unusable with the outcome every record gets. */
sealed interface AudienceState {

    /** @param wouldCreate in a preview, the merge fields the real run would create */
    record Ready(MemberIndex index, Set<String> wouldCreate) implements AudienceState {
    }

    record Unavailable(Outcome outcome) implements AudienceState {
        /** Transient: the FlowFiles still queued wait for the next trigger rather than go round the retry loop. */
        boolean forNow() {
            return outcome.route() == Outcome.Route.RETRY;
        }
    }
}
