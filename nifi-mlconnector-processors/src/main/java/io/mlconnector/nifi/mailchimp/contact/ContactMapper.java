package io.mlconnector.nifi.mailchimp.contact;

import org.apache.nifi.record.path.FieldValue;
import org.apache.nifi.record.path.RecordPath;
import org.apache.nifi.serialization.record.Record;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns a record into a {@link Contact} with RecordPaths: the address (validated before any call to Mailchimp),
 * the source ID, the termination flag and the mapped merge fields. Empty values are not sent, so a blank column
 * never erases what a marketer entered in Mailchimp.
 */
public final class ContactMapper {

    /**
     * Deliberately simple: one {@code @}, no spaces, control or invisible format characters (they would reach Mailchimp
     * and every mail client unseen), a dot in the domain; Mailchimp checks deliverability itself.
     */
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s\\p{Cntrl}\\p{Z}\\p{Cf}\"(),:;<>\\[\\]\\\\]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$");
    private static final int MAX_EMAIL_LENGTH = 254;

    private final RecordPath emailPath;
    private final RecordPath sourceIdPath;
    private final String sourceIdMergeField;
    private final RecordPath terminationPath;
    private final Set<String> terminationValues;
    private final Map<String, RecordPath> mergeFieldPaths;

    /**
     * @param sourceIdPath      {@code null} when records carry no source ID
     * @param terminationPath   {@code null} when no record is ever terminated
     * @param mergeFieldPaths   merge tag to RecordPath, in the user's order
     */
    public ContactMapper(final RecordPath emailPath, final RecordPath sourceIdPath, final String sourceIdMergeField,
                         final RecordPath terminationPath, final Set<String> terminationValues,
                         final Map<String, RecordPath> mergeFieldPaths) {
        this.emailPath = emailPath;
        this.sourceIdPath = sourceIdPath;
        this.sourceIdMergeField = sourceIdMergeField;
        this.terminationPath = terminationPath;
        this.terminationValues = Set.copyOf(terminationValues);
        this.mergeFieldPaths = new LinkedHashMap<>(mergeFieldPaths);
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
        final String termination = terminationPath == null ? null : valueOf(record, terminationPath);
        final boolean terminated = termination != null && terminationValues.contains(termination.trim());
        return new Contact(email, SubscriberHash.of(email), sourceId, terminated, mergeFields);
    }

    /** The record's source ID, or {@code null}; also used for records that fail mapping. */
    public String sourceId(final Record record) {
        if (sourceIdPath == null) {
            return null;
        }
        final String value = valueOf(record, sourceIdPath);
        return value == null ? null : value.trim();
    }

    /** The merge tags this mapping writes, source-ID field included. */
    public Set<String> mergeTags() {
        final Set<String> tags = new java.util.LinkedHashSet<>(mergeFieldPaths.keySet());
        if (sourceIdPath != null && sourceIdMergeField != null) {
            tags.add(sourceIdMergeField);
        }
        return tags;
    }

    private static String valueOf(final Record record, final RecordPath path) {
        final Object value = path.evaluate(record).getSelectedFields()
                .map(FieldValue::getValue)
                .filter(v -> v != null)
                .findFirst()
                .orElse(null);
        final String text = switch (value) {
            case null -> null;
            case Object[] array -> Arrays.stream(array).map(String::valueOf).collect(Collectors.joining(", "));
            default -> value.toString();
        };
        return text == null || text.isBlank() ? null : text;
    }
}
