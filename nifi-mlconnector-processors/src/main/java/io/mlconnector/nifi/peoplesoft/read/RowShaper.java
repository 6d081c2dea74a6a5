package io.mlconnector.nifi.peoplesoft.read;

import io.mlconnector.nifi.time.PeopleSoftDateTimes;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;

/** Turns raw rows of one response into {@link SourceRow}s: normalised column names and the parsed modified timestamp. */
public final class RowShaper {

    private final ColumnNames columnNames = new ColumnNames();
    /** The previous row's raw names and their normalised names. */
    private String[] rawNames = new String[0];
    private String[] names = new String[0];
    /** Whether the normalised names are distinct (a name repeated in the answer's rows makes the last value win, as in a map). */
    private boolean distinctNames = true;
    private final String modifiedField;
    private final ZoneId baseTimeZone;

    public RowShaper(final String modifiedField, final ZoneId baseTimeZone) {
        this.modifiedField = modifiedField;
        this.baseTimeZone = baseTimeZone;
    }

    public SourceRow shape(final Map<String, Object> raw) throws IOException {
        return shape(RowFields.of(raw));
    }

    public SourceRow shape(final RowFields raw) throws IOException {
        final Map<String, Object> values = normalised(raw);
        final Object modified = values.get(modifiedField);
        if (!(modified instanceof String text)) {
            throw new IOException("A row has no " + modifiedField + " value (columns " + values.keySet() + "), so its window cannot be"
                    + " told: every row needs one; in the query, wrap timestamps that may be null in NVL (GREATEST is null when any argument is)");
        }
        try {
            return new SourceRow(values, parse(text));
        } catch (final DateTimeParseException e) {
            throw new IOException("A row's " + modifiedField + " value [" + text + "] is not a PeopleSoft datetime", e);
        }
    }

    /**
     * The row under normalised column names. Every name of the row is known before the first is renamed: a name that comes
     * later in the row may rename an earlier one (D.DESCR is DESCR until E.DESCR comes).
     */
    private Map<String, Object> normalised(final RowFields raw) {
        if (!sameNamesAsBefore(raw)) {
            for (int i = 0; i < raw.size(); i++) {
                columnNames.normalise(raw.name(i));
            }
            rawNames = new String[raw.size()];
            names = new String[raw.size()];
            for (int i = 0; i < raw.size(); i++) {
                rawNames[i] = raw.name(i);
                names[i] = columnNames.normalise(rawNames[i]);
            }
            distinctNames = new HashSet<>(Arrays.asList(names)).size() == names.length;
        }
        if (distinctNames) {
            final Object[] values = new Object[names.length];
            for (int i = 0; i < values.length; i++) {
                values[i] = raw.value(i);
            }
            return new RowValues(names, values);
        }
        final Map<String, Object> values = LinkedHashMap.newLinkedHashMap(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            values.put(names[i], raw.value(i));
        }
        return values;
    }

    /** Whether the row has the previous row's raw names, in its order, as the rows of one answer do: their names are known. */
    private boolean sameNamesAsBefore(final RowFields raw) {
        if (raw.size() != rawNames.length) {
            return false;
        }
        for (int i = 0; i < rawNames.length; i++) {
            if (!rawNames[i].equals(raw.name(i))) {
                return false;
            }
        }
        return true;
    }

    private Instant parse(final String text) {
        return PeopleSoftDateTimes.parse(text, baseTimeZone);
    }
}
