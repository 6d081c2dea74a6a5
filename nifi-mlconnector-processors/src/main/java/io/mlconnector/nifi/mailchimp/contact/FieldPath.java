package io.mlconnector.nifi.mailchimp.contact;

import org.apache.nifi.record.path.FieldValue;
import org.apache.nifi.record.path.RecordPath;
import org.apache.nifi.serialization.record.Record;

import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * A RecordPath as the mapping evaluates it, once per record and field: a path to a top-level field ({@code /EMPLID},
 * what the shipped flow maps) is read straight from the record, since RecordPath's general evaluation costs more than
 * the rest of the mapping; any other path is evaluated by RecordPath.
 */
public final class FieldPath {

    private static final Pattern TOP_LEVEL_FIELD = Pattern.compile("/([A-Za-z_][A-Za-z0-9_]*)");

    private final RecordPath path;
    /** The top-level field the path names, or {@code null} for any other path. */
    private final String field;

    private FieldPath(final RecordPath path, final String field) {
        this.path = path;
        this.field = field;
    }

    public static FieldPath of(final RecordPath path) {
        final var matcher = TOP_LEVEL_FIELD.matcher(path.getPath().strip());
        return new FieldPath(path, matcher.matches() ? matcher.group(1) : null);
    }

    /** The path as the user wrote it. */
    public String path() {
        return path.getPath();
    }

    /** The first non-null value the path selects, or {@code null}. */
    public Object first(final Record record) {
        if (field != null) {
            return record.getValue(field);
        }
        return path.evaluate(record).getSelectedFields().map(FieldValue::getValue).filter(Objects::nonNull).findFirst().orElse(null);
    }

    /** Every value the path selects, in order ({@code null}s included). */
    public void forEach(final Record record, final Consumer<Object> action) {
        if (field != null) {
            action.accept(record.getValue(field));
        } else {
            path.evaluate(record).getSelectedFields().map(FieldValue::getValue).forEach(action);
        }
    }
}
