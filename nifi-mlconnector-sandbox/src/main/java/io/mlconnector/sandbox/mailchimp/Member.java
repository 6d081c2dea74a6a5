package io.mlconnector.sandbox.mailchimp;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Snapshot of an audience member for test assertions.
 *
 * @param email       the address as stored
 * @param status      Mailchimp's lower-case status, {@code archived} included
 * @param mergeFields merge values by tag (only the ones set)
 * @param tags        active tag names
 * @param interests   ids of the interests the member is in
 * @param lastChanged last change, from the simulator clock
 */
public record Member(String email, String status, Map<String, Object> mergeFields, List<String> tags,
                     Set<String> interests, Instant lastChanged) {

    public String subscriberHash() {
        return Hashes.subscriberHash(email);
    }
}
