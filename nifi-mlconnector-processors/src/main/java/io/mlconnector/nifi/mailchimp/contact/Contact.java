package io.mlconnector.nifi.mailchimp.contact;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The contact a record describes: the trimmed address, its subscriber hash, the source ID ({@code null} when the
 * record has none), whether the person is terminated (for a record of one job: whether that job ended), the merge
 * field values to send (source-ID and source-version fields included), the record's source version ({@code null} when
 * it has none), the {@link ContentFingerprint} of the mapped merge fields and the employment record the record is of
 * ({@code null} when records are people, not jobs).
 */
public record Contact(String emailAddress, String subscriberHash, String sourceId, boolean terminated,
                      Map<String, String> mergeFields, SourceVersion version, long fingerprint, String employmentRecord) {

    public Contact {
        mergeFields = mergeFields instanceof MergeValues ? mergeFields : Map.copyOf(mergeFields);
    }

    /** A contact of a record that is a person, not one of their jobs. */
    public Contact(final String emailAddress, final String subscriberHash, final String sourceId, final boolean terminated,
                   final Map<String, String> mergeFields, final SourceVersion version, final long fingerprint) {
        this(emailAddress, subscriberHash, sourceId, terminated, mergeFields, version, fingerprint, null);
    }

    /** A contact without a source version, whose content is not compared. */
    public Contact(final String emailAddress, final String subscriberHash, final String sourceId, final boolean terminated,
                   final Map<String, String> mergeFields) {
        this(emailAddress, subscriberHash, sourceId, terminated, mergeFields, null, ContentFingerprint.UNKNOWN);
    }

    /** This contact sending {@code fields} as well (the sync's memory, which is not part of the mapped content). */
    public Contact withFields(final Map<String, String> fields) {
        if (fields.isEmpty()) {
            return this;
        }
        final Map<String, String> all = new LinkedHashMap<>(mergeFields);
        all.putAll(fields);
        return new Contact(emailAddress, subscriberHash, sourceId, terminated, all, version, fingerprint, employmentRecord);
    }

    /** This record's job as {@link EmploymentRecords} keeps it; only for a record of a job. */
    public EmploymentRecords.Job job() {
        return new EmploymentRecords.Job(employmentRecord, !terminated, version);
    }
}
