package io.mlconnector.nifi.mailchimp.segment;

import io.mlconnector.nifi.mailchimp.contact.FieldPath;
import io.mlconnector.nifi.mailchimp.contact.InvalidContactException;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.components.Validator;
import org.apache.nifi.record.path.RecordPath;
import org.apache.nifi.record.path.exception.RecordPathException;
import org.apache.nifi.serialization.record.Record;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The segmentation a record asks for, carried as two hidden merge fields the sync owns: {@code SYNCTAGS}, the tags
 * taken from record fields (each value with its optional prefix, e.g. {@code Dept: Sales}), and {@code SYNCGROUP},
 * the interest group taken from a field. Stored in the member, they tell the next sync which tags it set before
 * (so only those are ever removed) and come back with the member-index pages at no extra call.
 */
public final class SegmentFields {

    public static final String SYNC_TAGS = "SYNCTAGS";
    public static final String SYNC_GROUP = "SYNCGROUP";
    public static final SegmentFields NONE = new SegmentFields(List.of(), null);

    /** Mailchimp's longest text merge value (mailchimp.md F6). */
    static final int MAX_LENGTH = 255;
    /** Separates tag names in SYNCTAGS; replaced by '/' inside a tag value. */
    private static final String SEPARATOR = "|";

    /** One line of the Tag Fields property: the RecordPath of the values and the prefix put before each. */
    public record TagField(String prefix, RecordPath path) {
    }

    private final List<TagField> tagFields;
    private final RecordPath interestPath;
    /** The paths of tagFields, in order, and of interestPath, as the mapping evaluates them. */
    private final List<FieldPath> tagPaths;
    private final FieldPath interestValues;

    public SegmentFields(final List<TagField> tagFields, final RecordPath interestPath) {
        this.tagFields = List.copyOf(tagFields);
        this.interestPath = interestPath;
        this.tagPaths = this.tagFields.stream().map(field -> FieldPath.of(field.path())).toList();
        this.interestValues = interestPath == null ? null : FieldPath.of(interestPath);
    }

    /**
     * Parses Tag Fields: one {@code prefix=RecordPath} or {@code RecordPath} per line (a RecordPath starts with '/',
     * so the first '=' of a line that does not separates the prefix).
     */
    public static List<TagField> parseTagFields(final String value) {
        final List<TagField> fields = new ArrayList<>();
        if (value == null) {
            return fields;
        }
        for (final String raw : value.split("\\R")) {
            final String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            final int equals = line.indexOf('=');
            final boolean prefixed = !line.startsWith("/") && equals > 0;
            final String prefix = prefixed ? line.substring(0, equals).stripLeading() : "";
            final String path = (prefixed ? line.substring(equals + 1) : line).strip();
            if (prefix.contains(SEPARATOR)) {
                throw new IllegalArgumentException("the prefix '" + prefix + "' contains '" + SEPARATOR + "'");
            }
            try {
                fields.add(new TagField(prefix, RecordPath.compile(path)));
            } catch (final RecordPathException e) {
                throw new IllegalArgumentException("'" + path + "' is not a valid RecordPath: " + e.getMessage());
            }
        }
        return fields;
    }

    /** Validates Tag Fields as {@link #parseTagFields} reads it. */
    public static final Validator TAG_FIELDS_VALIDATOR = (subject, input, context) -> {
        String explanation = null;
        try {
            if (parseTagFields(input).isEmpty()) {
                explanation = "no tag field given";
            }
        } catch (final IllegalArgumentException e) {
            explanation = e.getMessage();
        }
        return new ValidationResult.Builder().subject(subject).input(input).valid(explanation == null)
                .explanation(explanation == null ? "one prefix=RecordPath or RecordPath per line"
                        : explanation + "; expected one prefix=RecordPath or RecordPath per line, e.g. Dept: =/DEPT_DESCR")
                .build();
    };

    public boolean syncsTags() {
        return !tagFields.isEmpty();
    }

    public boolean syncsInterests() {
        return interestPath != null;
    }

    /** The hidden merge fields this mapping writes. */
    public Set<String> mergeTags() {
        final Set<String> tags = new LinkedHashSet<>();
        if (syncsTags()) {
            tags.add(SYNC_TAGS);
        }
        if (syncsInterests()) {
            tags.add(SYNC_GROUP);
        }
        return tags;
    }

    /**
     * SYNCTAGS for this record, empty when it names no tag (that clears what the sync set before); {@code null} when
     * tags are not synced.
     *
     * @throws InvalidContactException when the tags do not fit in SYNCTAGS, before any call
     */
    public String syncTagsValue(final Record record) throws InvalidContactException {
        if (!syncsTags()) {
            return null;
        }
        final String syncTags = syncTags(record);
        if (syncTags.length() > MAX_LENGTH) {
            throw new InvalidContactException("The tags from Tag Fields take " + syncTags.length() + " characters; "
                    + SYNC_TAGS + " holds at most " + MAX_LENGTH);
        }
        return syncTags;
    }

    /** SYNCGROUP for this record, empty when it names no group; {@code null} when interest groups are not synced. */
    public String syncGroupValue(final Record record) {
        return syncsInterests() ? values(record, interestValues).stream().findFirst().orElse("") : null;
    }

    /** The record's tag names, sorted, unique, joined by the separator. */
    private String syncTags(final Record record) {
        final Set<String> names = new TreeSet<>();
        for (int i = 0; i < tagFields.size(); i++) {
            final String prefix = tagFields.get(i).prefix();
            final List<String> values = values(record, tagPaths.get(i));
            if (tagFields.size() == 1 && values.size() == 1) {
                // One name: nothing to sort or join (the shipped flow's department tag).
                return prefix + values.getFirst().replace(SEPARATOR, "/");
            }
            values.forEach(value -> names.add(prefix + value.replace(SEPARATOR, "/")));
        }
        return String.join(SEPARATOR, names);
    }

    /** The tag names a SYNCTAGS value holds; empty for {@code null}. */
    public static Set<String> tags(final String syncTags) {
        if (syncTags == null || syncTags.isEmpty()) {
            return Set.of();
        }
        return new TreeSet<>(Arrays.asList(syncTags.split("\\" + SEPARATOR)));
    }

    /** Every non-blank value the path selects, arrays expanded (one tag per element). */
    private static List<String> values(final Record record, final FieldPath path) {
        final List<String> values = new ArrayList<>();
        path.forEach(record, value -> {
            if (value instanceof Object[] array) {
                Arrays.stream(array).forEach(element -> add(values, element));
            } else {
                add(values, value);
            }
        });
        return values;
    }

    private static void add(final List<String> values, final Object value) {
        if (value != null && !value.toString().isBlank()) {
            values.add(value.toString().strip());
        }
    }
}
