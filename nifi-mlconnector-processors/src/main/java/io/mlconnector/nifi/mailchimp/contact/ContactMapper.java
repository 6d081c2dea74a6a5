package io.mlconnector.nifi.mailchimp.contact;

import io.mlconnector.nifi.mailchimp.segment.SegmentFields;
import org.apache.nifi.record.path.FieldValue;
import org.apache.nifi.record.path.RecordPath;
import org.apache.nifi.serialization.record.Record;

import java.time.DateTimeException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns a record into a {@link Contact} with RecordPaths: the address (validated before any call to Mailchimp),
 * the source ID, the termination flag, the source version and the mapped merge fields. Empty values are not sent, so
 * a blank column never erases what a marketer entered in Mailchimp.
 */
public final class ContactMapper {

    /**
     * Deliberately simple: one {@code @}, no spaces, control or invisible format characters (they would reach Mailchimp
     * and every mail client unseen), a dot in the domain; Mailchimp checks deliverability itself.
     */
    private static final String LOCAL_PART = "[^@\\s\\p{Cntrl}\\p{Z}\\p{Cf}\"(),:;<>\\[\\]\\\\]{1,64}";
    private static final String DOMAIN_LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?";
    private static final Pattern EMAIL = Pattern.compile("^" + LOCAL_PART + "@" + DOMAIN_LABEL + "(?:\\." + DOMAIN_LABEL + ")+$");
    private static final int MAX_EMAIL_LENGTH = 254;

    private final RecordPath emailPath;
    private final RecordPath sourceIdPath;
    private final String sourceIdMergeField;
    private final RecordPath terminationPath;
    private final Set<String> terminationValues;
    private final Map<String, RecordPath> mergeFieldPaths;
    private final RecordPath versionPath;
    private final String versionMergeField;
    private final ContentFingerprint content;
    private final SegmentFields segmentFields;
    private final RecordPath employmentRecordPath;

    /**
     * @param sourceIdPath      {@code null} when records carry no source ID
     * @param terminationPath   {@code null} when no record is ever terminated
     * @param mergeFieldPaths   merge tag to RecordPath, in the user's order
     * @param versionPath       the source version's RecordPath, or {@code null} when records carry none
     * @param versionMergeField the merge tag that holds the version in Mailchimp, or {@code null}
     */
    public ContactMapper(final RecordPath emailPath, final RecordPath sourceIdPath, final String sourceIdMergeField,
                         final RecordPath terminationPath, final Set<String> terminationValues,
                         final Map<String, RecordPath> mergeFieldPaths, final RecordPath versionPath,
                         final String versionMergeField) {
        this(emailPath, sourceIdPath, sourceIdMergeField, terminationPath, terminationValues, mergeFieldPaths, versionPath,
                versionMergeField, SegmentFields.NONE);
    }

    /** @param segmentFields the tags and interest group taken from the record, sent as hidden merge fields */
    public ContactMapper(final RecordPath emailPath, final RecordPath sourceIdPath, final String sourceIdMergeField,
                         final RecordPath terminationPath, final Set<String> terminationValues,
                         final Map<String, RecordPath> mergeFieldPaths, final RecordPath versionPath,
                         final String versionMergeField, final SegmentFields segmentFields) {
        this(emailPath, sourceIdPath, sourceIdMergeField, terminationPath, terminationValues, mergeFieldPaths, versionPath,
                versionMergeField, segmentFields, null);
    }

    private ContactMapper(final RecordPath emailPath, final RecordPath sourceIdPath, final String sourceIdMergeField,
                          final RecordPath terminationPath, final Set<String> terminationValues,
                          final Map<String, RecordPath> mergeFieldPaths, final RecordPath versionPath,
                          final String versionMergeField, final SegmentFields segmentFields, final RecordPath employmentRecordPath) {
        this.employmentRecordPath = sourceIdPath == null ? null : employmentRecordPath;
        this.segmentFields = segmentFields;
        this.emailPath = emailPath;
        this.sourceIdPath = sourceIdPath;
        this.sourceIdMergeField = sourceIdMergeField;
        this.terminationPath = terminationPath;
        this.terminationValues = Set.copyOf(terminationValues);
        this.mergeFieldPaths = new LinkedHashMap<>(mergeFieldPaths);
        this.versionPath = versionMergeField == null ? null : versionPath;
        this.versionMergeField = versionPath == null ? null : versionMergeField;
        this.content = new ContentFingerprint(mergeTags());
    }

    /**
     * This mapping for records that are jobs of a person (one row per employment record, such as PeopleSoft's
     * {@code EMPL_RCD}): {@code path} selects the employment record. Needs a source ID (the person).
     */
    public ContactMapper withEmploymentRecord(final RecordPath path) {
        return new ContactMapper(emailPath, sourceIdPath, sourceIdMergeField, terminationPath, terminationValues, mergeFieldPaths,
                versionPath, versionMergeField, segmentFields, path);
    }

    public Contact map(final Record record) throws InvalidContactException {
        final String rawEmail = valueOf(record, emailPath);
        if (rawEmail == null) {
            throw new InvalidContactException("Missing email address (" + emailPath.getPath() + ")");
        }
        final String email = rawEmail.trim();
        if (email.length() > MAX_EMAIL_LENGTH || !EMAIL.matcher(email).matches()) {
            throw new InvalidContactException("Malformed email address (" + emailPath.getPath() + ")");
        }
        final String sourceId = sourceId(record);
        final Map<String, String> mergeFields = new LinkedHashMap<>();
        mergeFieldPaths.forEach((tag, path) -> {
            final String value = valueOf(record, path);
            if (value != null) {
                mergeFields.put(tag, value);
            }
        });
        if (sourceId != null && sourceIdMergeField != null) {
            mergeFields.put(sourceIdMergeField, sourceId);
        }
        final SourceVersion version = version(record);
        if (version != null) {
            mergeFields.put(versionMergeField, version.text());
        }
        mergeFields.putAll(segmentFields.values(record));
        final String termination = terminationPath == null ? null : valueOf(record, terminationPath);
        final boolean terminated = termination != null && terminationValues.contains(termination.trim());
        return new Contact(email, SubscriberHash.of(email), sourceId, terminated, mergeFields, version,
                content.of(mergeFields::get), employmentRecord(record, sourceId));
    }

    private String employmentRecord(final Record record, final String sourceId) throws InvalidContactException {
        if (employmentRecordPath == null || sourceId == null) {
            return null;
        }
        final String employmentRecord;
        try {
            employmentRecord = EmploymentRecords.canonical(rawValueOf(record, employmentRecordPath));
        } catch (final IllegalArgumentException e) {
            throw new InvalidContactException("Malformed employment record (" + employmentRecordPath.getPath() + "): " + e.getMessage());
        }
        if (employmentRecord == null) {
            throw new InvalidContactException("Missing employment record (" + employmentRecordPath.getPath() + ")");
        }
        return employmentRecord;
    }

    private SourceVersion version(final Record record) throws InvalidContactException {
        if (versionPath == null) {
            return null;
        }
        final Object value = rawValueOf(record, versionPath);
        try {
            return SourceVersion.of(value);
        } catch (final DateTimeException | ArithmeticException e) {
            throw new InvalidContactException("Malformed source version (" + versionPath.getPath() + "): " + e.getMessage());
        }
    }

    /** How the merge fields this mapping writes are fingerprinted, for contacts and members alike. */
    public ContentFingerprint content() {
        return content;
    }

    /** The merge tag holding the source version, or {@code null} when records carry none. */
    public String versionMergeField() {
        return versionMergeField;
    }

    /** The record's email address, trimmed, whether well-formed or not; {@code null} when it has none. */
    public String emailAddress(final Record record) {
        final String value = valueOf(record, emailPath);
        return value == null ? null : value.trim();
    }

    /** The record's source ID, or {@code null}; also used for records that fail mapping. */
    public String sourceId(final Record record) {
        if (sourceIdPath == null) {
            return null;
        }
        final String value = valueOf(record, sourceIdPath);
        return value == null ? null : value.trim();
    }

    /** The merge tags this mapping writes, source-ID and source-version fields included. */
    public Set<String> mergeTags() {
        final Set<String> tags = new LinkedHashSet<>(mergeFieldPaths.keySet());
        if (sourceIdPath != null && sourceIdMergeField != null) {
            tags.add(sourceIdMergeField);
        }
        if (versionMergeField != null) {
            tags.add(versionMergeField);
        }
        tags.addAll(segmentFields.mergeTags());
        return tags;
    }

    /**
     * The hidden merge fields holding what the sync remembers of every person, not part of the mapped content: their
     * employment records, when records are jobs. ({@code SYNCSHARED} is created only when first needed.)
     */
    public Set<String> memoryTags() {
        final Set<String> tags = new LinkedHashSet<>();
        if (employmentRecordPath != null) {
            tags.add(EmploymentRecords.MERGE_FIELD);
        }
        return tags;
    }

    /** Every merge tag the processor writes, and so creates when missing: the mapped ones and the hidden memory. */
    public Set<String> writtenTags() {
        final Set<String> tags = mergeTags();
        tags.addAll(memoryTags());
        return tags;
    }

    private static Object rawValueOf(final Record record, final RecordPath path) {
        return path.evaluate(record).getSelectedFields()
                .map(FieldValue::getValue)
                .filter(v -> v != null)
                .findFirst()
                .orElse(null);
    }

    private static String valueOf(final Record record, final RecordPath path) {
        final Object value = rawValueOf(record, path);
        final String text = switch (value) {
            case null -> null;
            case Object[] array -> Arrays.stream(array).map(String::valueOf).collect(Collectors.joining(", "));
            default -> value.toString();
        };
        return text == null || text.isBlank() ? null : text;
    }
}
