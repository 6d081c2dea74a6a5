package io.mlconnector.nifi.mailchimp.sync;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The audiences whose account refuses batch items without a status (mailchimp-observed.md O4, undocumented), learnt
 * from the first such refusal of a member that then took the update alone, and kept until the processor stops. Their
 * updates go alone from then on, rather than in batches whose every item would be refused.
 */
final class StatuslessUpdates {

    private final Set<String> refusing = ConcurrentHashMap.newKeySet();

    boolean refusedIn(final String audienceId) {
        return refusing.contains(audienceId);
    }

    void learnRefusedIn(final String audienceId) {
        refusing.add(audienceId);
    }
}
