package io.mlconnector.nifi.mailchimp.contact;

import java.util.Map;

/**
 * The contact a record describes: the trimmed address, its subscriber hash, the source ID ({@code null} when the
 * record has none), whether the person is terminated, and the merge field values to send (source-ID field included).
 */
public record Contact(String emailAddress, String subscriberHash, String sourceId, boolean terminated,
                      Map<String, String> mergeFields) {

    public Contact {
        mergeFields = Map.copyOf(mergeFields);
    }
}
