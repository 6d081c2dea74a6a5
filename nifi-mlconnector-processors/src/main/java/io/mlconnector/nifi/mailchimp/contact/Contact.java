package io.mlconnector.nifi.mailchimp.contact;

import java.util.Map;

/**
 * The contact a record describes: the trimmed address, its subscriber hash, the source ID ({@code null} when the
 * record has none), whether the person is terminated, the merge field values to send (source-ID and source-version
 * fields included), the record's source version ({@code null} when it has none) and the {@link ContentFingerprint}
 * of the merge fields.
 */
public record Contact(String emailAddress, String subscriberHash, String sourceId, boolean terminated,
                      Map<String, String> mergeFields, SourceVersion version, long fingerprint) {

    public Contact {
        mergeFields = Map.copyOf(mergeFields);
    }

    /** A contact without a source version, whose content is not compared. */
    public Contact(final String emailAddress, final String subscriberHash, final String sourceId, final boolean terminated,
                   final Map<String, String> mergeFields) {
        this(emailAddress, subscriberHash, sourceId, terminated, mergeFields, null, ContentFingerprint.UNKNOWN);
    }
}
