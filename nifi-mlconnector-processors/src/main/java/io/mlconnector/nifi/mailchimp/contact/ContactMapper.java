package io.mlconnector.nifi.mailchimp.contact;

import io.mlconnector.nifi.mailchimp.segment.SegmentFields;
import org.apache.nifi.record.path.RecordPath;
import org.apache.nifi.serialization.record.Record;

import java.time.DateTimeException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
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
    static final Pattern EMAIL = Pattern.compile("^" + LOCAL_PART + "@" + DOMAIN_LABEL + "(?:\\." + DOMAIN_LABEL + ")+$");
    private static final int MAX_EMAIL_LENGTH = 254;

    private final FieldPath emailPath;
    private final FieldPath sourceIdPath;
    private final String sourceIdMergeField;
    private final FieldPath terminationPath;
    private final Set<String> terminationValues;
    private final Map<String, FieldPath> mergeFieldPaths;
    private final FieldPath versionPath;
    private final String versionMergeField;
    private final ContentFingerprint content;
    private final SegmentFields segmentFields;
    private final FieldPath employmentRecordPath;
    /** The tags of {@link #mergeTags()}, in order: the mapped ones first, so a mapped path's slot is its position. */
    private final List<String> tags;
    private final FieldPath[] mappedPaths;
    /** Where each tag of the content fingerprint sits in {@link #tags}. */
    private final int[] contentSlots;
    private final int sourceIdSlot;
    private final int versionSlot;
    private final int syncTagsSlot;
    private final int syncGroupSlot;

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
        this(FieldPath.of(emailPath), sourceIdPath == null ? null : FieldPath.of(sourceIdPath), sourceIdMergeField,
                terminationPath == null ? null : FieldPath.of(terminationPath), terminationValues, fieldPaths(mergeFieldPaths),
                versionPath == null ? null : FieldPath.of(versionPath), versionMergeField, segmentFields, null);
    }

    private ContactMapper(final FieldPath emailPath, final FieldPath sourceIdPath, final String sourceIdMergeField,
                          final FieldPath terminationPath, final Set<String> terminationValues,
                          final Map<String, FieldPath> mergeFieldPaths, final FieldPath versionPath,
                          final String versionMergeField, final SegmentFields segmentFields, final FieldPath employmentRecordPath) {
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
        this.tags = List.copyOf(mergeTags());
        this.contentSlots = content.slotsIn(tags);
        this.mappedPaths = this.mergeFieldPaths.values().toArray(FieldPath[]::new);
        this.sourceIdSlot = sourceIdPath == null || sourceIdMergeField == null ? -1 : tags.indexOf(sourceIdMergeField);
        this.versionSlot = this.versionMergeField == null ? -1 : tags.indexOf(this.versionMergeField);
        this.syncTagsSlot = tags.indexOf(SegmentFields.SYNC_TAGS);
        this.syncGroupSlot = tags.indexOf(SegmentFields.SYNC_GROUP);
    }

    private static Map<String, FieldPath> fieldPaths(final Map<String, RecordPath> paths) {
        final Map<String, FieldPath> fieldPaths = new LinkedHashMap<>();
        paths.forEach((tag, path) -> fieldPaths.put(tag, FieldPath.of(path)));
        return fieldPaths;
    }

    /**
     * This mapping for records that are jobs of a person (one row per employment record, such as PeopleSoft's
     * {@code EMPL_RCD}): {@code path} selects the employment record. Needs a source ID (the person).
     */
    public ContactMapper withEmploymentRecord(final RecordPath path) {
        return new ContactMapper(emailPath, sourceIdPath, sourceIdMergeField, terminationPath, terminationValues, mergeFieldPaths,
                versionPath, versionMergeField, segmentFields, path == null ? null : FieldPath.of(path));
    }

    public Contact map(final Record record) throws InvalidContactException {
        final String email = email(record);
        final String sourceId = sourceId(record);
        final String[] values = new String[tags.size()];
        for (int slot = 0; slot < mappedPaths.length; slot++) {
            values[slot] = valueOf(record, mappedPaths[slot]);
        }
        if (sourceId != null && sourceIdSlot >= 0) {
            values[sourceIdSlot] = sourceId;
        }
        final SourceVersion version = version(record);
        if (version != null) {
            values[versionSlot] = version.text();
        }
        final String syncTags = segmentFields.syncTagsValue(record);
        if (syncTags != null) {
            values[syncTagsSlot] = syncTags;
        }
        final String syncGroup = segmentFields.syncGroupValue(record);
        if (syncGroup != null) {
            values[syncGroupSlot] = syncGroup;
        }
        final long fingerprint = content.of(values, contentSlots);
        final MergeValues mergeFields = new MergeValues(tags, values);
        final String termination = terminationPath == null ? null : valueOf(record, terminationPath);
        final boolean terminated = termination != null && terminationValues.contains(termination.trim());
        return new Contact(email, SubscriberHash.of(email), sourceId, terminated, mergeFields, version,
                fingerprint, employmentRecord(record, sourceId));
    }

    private String employmentRecord(final Record record, final String sourceId) throws InvalidContactException {
        if (employmentRecordPath == null || sourceId == null) {
            return null;
        }
        final String employmentRecord;
        try {
            employmentRecord = EmploymentRecords.canonical(employmentRecordPath.first(record));
        } catch (final IllegalArgumentException e) {
            throw new InvalidContactException("Malformed employment record (" + employmentRecordPath.path() + "): " + e.getMessage());
        }
        if (employmentRecord == null) {
            throw new InvalidContactException("Missing employment record (" + employmentRecordPath.path() + ")");
        }
        return employmentRecord;
    }

    private String email(final Record record) throws InvalidContactException {
        final String rawEmail = valueOf(record, emailPath);
        if (rawEmail == null) {
            throw new InvalidContactException("Missing email address (" + emailPath.path() + ")");
        }
        final String email = rawEmail.trim();
        if (email.length() > MAX_EMAIL_LENGTH || !wellFormed(email)) {
            throw new InvalidContactException("Malformed email address (" + emailPath.path() + ")");
        }
        return email;
    }

    /** {@link #EMAIL}, checked by hand for an ASCII address (the regular expression costs more than the rest of the mapping). */
    static boolean wellFormed(final String email) {
        final int at = email.indexOf('@');
        if (at < 1 || at > 64) {
            return false;
        }
        for (int i = 0; i < email.length(); i++) {
            if (email.charAt(i) > 126) {
                return EMAIL.matcher(email).matches();
            }
        }
        for (int i = 0; i < at; i++) {
            final char c = email.charAt(i);
            if (c <= ' ' || "\"(),:;<>[]\\".indexOf(c) >= 0) {
                return false;
            }
        }
        return domain(email, at + 1);
    }

    /** Two or more dot-separated labels of letters, digits and inner hyphens. */
    private static boolean domain(final String email, final int from) {
        int labels = 0;
        int start = from;
        for (int i = from; i <= email.length(); i++) {
            if (i == email.length() || email.charAt(i) == '.') {
                if (i == start || email.charAt(start) == '-' || email.charAt(i - 1) == '-') {
                    return false;
                }
                labels++;
                start = i + 1;
            } else {
                final char c = email.charAt(i);
                if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-')) {
                    return false;
                }
            }
        }
        return labels >= 2;
    }

    private SourceVersion version(final Record record) throws InvalidContactException {
        if (versionPath == null) {
            return null;
        }
        final Object value = versionPath.first(record);
        try {
            return SourceVersion.of(value);
        } catch (final DateTimeException | ArithmeticException e) {
            throw new InvalidContactException("Malformed source version (" + versionPath.path() + "): " + e.getMessage());
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

    private static String valueOf(final Record record, final FieldPath path) {
        final Object value = path.first(record);
        final String text = switch (value) {
            case null -> null;
            case Object[] array -> Arrays.stream(array).map(String::valueOf).collect(Collectors.joining(", "));
            default -> value.toString();
        };
        return text == null || text.isBlank() ? null : text;
    }
}
