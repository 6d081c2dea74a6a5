package io.mlconnector.nifi.time;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.regex.Pattern;

/**
 * Reads datetimes as text, in the forms records from PeopleSoft carry them: QAS style {@code 2024-05-01T09:30:00-0700}
 * (offset without colon), ISO-8601 with a colon offset or {@code Z}, and values without an offset (read in a zone the
 * caller gives: PeopleSoft keeps datetimes in base time), including the {@code 2024-05-01-09.30.00.000000} style of PS
 * Query expressions. Both sides meet these forms: the Get in rows, the Put in the source versions of records.
 */
public final class PeopleSoftDateTimes {

    private static final Pattern DATETIME = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}:\\d{2}|-\\d{2}\\.\\d{2}\\.\\d{2})(\\.\\d{1,9})?([+-]\\d{2}:?\\d{2}|Z)?");

    private static final DateTimeFormatter ISO_STYLE = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .appendLiteral('T')
            .appendPattern("HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .optionalStart().appendPattern("[XXX][XX]").optionalEnd()
            .toFormatter();

    private static final DateTimeFormatter DASH_DOT_STYLE = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .appendPattern("-HH.mm.ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .toFormatter();

    private PeopleSoftDateTimes() {
    }

    /** Whether the text has the shape of a datetime in one of these forms (not a bare date). */
    public static boolean isDateTime(final String text) {
        return text != null && DATETIME.matcher(text).matches();
    }

    /**
     * @param zone the zone of values without an offset (PeopleSoft's base time zone for its rows)
     * @throws DateTimeParseException when the text is not a datetime in one of these forms
     */
    public static Instant parse(final String text, final ZoneId zone) {
        final String value = text.trim();
        final TemporalAccessor parsed = value.indexOf('T') > 0 ? ISO_STYLE.parse(value) : DASH_DOT_STYLE.parse(value);
        final LocalDateTime local = LocalDateTime.from(parsed);
        if (parsed.isSupported(ChronoField.OFFSET_SECONDS)) {
            return local.toInstant(ZoneOffset.ofTotalSeconds(parsed.get(ChronoField.OFFSET_SECONDS)));
        }
        return local.atZone(zone).toInstant();
    }
}
