package io.mlconnector.nifi.time;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
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

    /** The shapes read, as a regular expression (for the test that checks {@link #isDateTime} against it). */
    static final Pattern SHAPE = Pattern.compile(
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

    /**
     * Whether the text has the shape of a datetime in one of these forms (not a bare date): that of {@link #SHAPE}, told
     * without a regular expression, since every value of a datetime column is asked.
     */
    public static boolean isDateTime(final String text) {
        if (text == null || text.length() < 19 || !digitsAt(text, 0, 4) || text.charAt(4) != '-' || !digitsAt(text, 5, 2)
                || text.charAt(7) != '-' || !digitsAt(text, 8, 2) || !digitsAt(text, 11, 2) || !digitsAt(text, 14, 2) || !digitsAt(text, 17, 2)) {
            return false;
        }
        final boolean iso = text.charAt(10) == 'T';
        final char separator = iso ? ':' : '.';
        if (!iso && text.charAt(10) != '-' || text.charAt(13) != separator || text.charAt(16) != separator) {
            return false;
        }
        int position = 19;
        if (position < text.length() && text.charAt(position) == '.') {
            final int start = ++position;
            while (position < text.length() && position - start < 9 && isDigit(text.charAt(position))) {
                position++;
            }
            if (position == start) {
                return false;
            }
        }
        final int rest = text.length() - position;
        if (rest == 0 || rest == 1 && text.charAt(position) == 'Z') {
            return true;
        }
        final char sign = text.charAt(position);
        return (sign == '+' || sign == '-') && digitsAt(text, position + 1, 2)
                && (rest == 5 && digitsAt(text, position + 3, 2) || rest == 6 && text.charAt(position + 3) == ':' && digitsAt(text, position + 4, 2));
    }

    private static boolean digitsAt(final String text, final int from, final int count) {
        if (from + count > text.length()) {
            return false;
        }
        for (int i = from; i < from + count; i++) {
            if (!isDigit(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * @param zone the zone of values without an offset (PeopleSoft's base time zone for its rows)
     * @throws DateTimeParseException when the text is not a datetime in one of these forms
     */
    public static Instant parse(final String text, final ZoneId zone) {
        final String value = text.trim();
        final Instant read = readPlain(value, zone);
        return read != null ? read : parseWithFormatter(value, zone);
    }

    /** What {@link #parse} does for values it cannot read plainly; package-private for the test that compares the two. */
    static Instant parseWithFormatter(final String value, final ZoneId zone) {
        final TemporalAccessor parsed = value.indexOf('T') > 0 ? ISO_STYLE.parse(value) : DASH_DOT_STYLE.parse(value);
        final LocalDateTime local = LocalDateTime.from(parsed);
        if (parsed.isSupported(ChronoField.OFFSET_SECONDS)) {
            return local.toInstant(ZoneOffset.ofTotalSeconds(parsed.get(ChronoField.OFFSET_SECONDS)));
        }
        return local.atZone(zone).toInstant();
    }

    /**
     * The same reading without the formatters, which take most of the time a row costs: digits at fixed places. Null
     * for whatever it does not read plainly (out-of-range fields, other shapes), which the formatters then read or refuse.
     */
    private static Instant readPlain(final String value, final ZoneId zone) {
        final int length = value.length();
        if (length < 19 || value.charAt(4) != '-' || value.charAt(7) != '-') {
            return null;
        }
        final boolean iso = value.charAt(10) == 'T';
        final char timeSeparator = iso ? ':' : '.';
        if (!iso && value.charAt(10) != '-' || value.charAt(13) != timeSeparator || value.charAt(16) != timeSeparator) {
            return null;
        }
        final int year = digits(value, 0, 4);
        final int month = digits(value, 5, 2);
        final int day = digits(value, 8, 2);
        final int hour = digits(value, 11, 2);
        final int minute = digits(value, 14, 2);
        final int second = digits(value, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 28 && day > YearMonth.of(year, month).lengthOfMonth()
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        int position = 19;
        int nanos = 0;
        if (position < length && value.charAt(position) == '.') {
            final int start = ++position;
            while (position < length && position - start < 9 && isDigit(value.charAt(position))) {
                nanos = nanos * 10 + value.charAt(position++) - '0';
            }
            if (position == start) {
                return null;
            }
            for (int scale = position - start; scale < 9; scale++) {
                nanos *= 10;
            }
        }
        final LocalDateTime local = LocalDateTime.of(year, month, day, hour, minute, second, nanos);
        if (position == length) {
            return local.atZone(zone).toInstant();
        }
        final int offset = iso ? offsetSeconds(value, position) : Integer.MIN_VALUE;
        return offset == Integer.MIN_VALUE ? null : Instant.ofEpochSecond(local.toEpochSecond(ZoneOffset.UTC) - offset, nanos);
    }

    /** The offset that ends the value at {@code position}: Z, +hh:mm or +hhmm; MIN_VALUE for anything else. */
    private static int offsetSeconds(final String value, final int position) {
        final int rest = value.length() - position;
        final char sign = value.charAt(position);
        if (sign == 'Z') {
            return rest == 1 ? 0 : Integer.MIN_VALUE;
        }
        if (sign != '+' && sign != '-' || rest != 5 && rest != 6 || rest == 6 && value.charAt(position + 3) != ':') {
            return Integer.MIN_VALUE;
        }
        final int hours = digits(value, position + 1, 2);
        final int minutes = digits(value, position + rest - 2, 2);
        if (hours < 0 || hours > 17 || minutes < 0 || minutes > 59) {
            return Integer.MIN_VALUE;
        }
        return (sign == '-' ? -1 : 1) * (hours * 3600 + minutes * 60);
    }

    /** The number written by {@code count} digits at {@code from}, or -1 when one is not a digit. */
    private static int digits(final String value, final int from, final int count) {
        int number = 0;
        for (int i = from; i < from + count; i++) {
            final char c = value.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            number = number * 10 + c - '0';
        }
        return number;
    }

    private static boolean isDigit(final char c) {
        return c >= '0' && c <= '9';
    }
}
