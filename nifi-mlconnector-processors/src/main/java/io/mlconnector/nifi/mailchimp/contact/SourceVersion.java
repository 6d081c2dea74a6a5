package io.mlconnector.nifi.mailchimp.contact;

import io.mlconnector.nifi.time.PeopleSoftDateTimes;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.regex.Pattern;

/**
 * When the source last changed a person (PeopleSoft's {@code LASTUPDDTTM}), to the millisecond: what decides which of
 * two records of one person is newer. Records carry it in whatever form their reader gives (a timestamp, epoch
 * milliseconds, ISO-8601 with an offset, PeopleSoft's own formats); Mailchimp holds it in one canonical text, ISO-8601
 * in UTC such as {@code 2026-11-20T17:00:00Z}, so versions written from any form compare. Values without an offset
 * are read as UTC.
 */
public record SourceVersion(long epochMillis) implements Comparable<SourceVersion> {

    private static final long MILLIS_PER_SECOND = 1000L;
    private static final long SECONDS_PER_DAY = 86_400L;
    private static final Pattern EPOCH_MILLIS = Pattern.compile("-?\\d{1,18}");

    /**
     * @return the version the value stands for, or {@code null} for no value
     * @throws DateTimeException when the value is neither a datetime nor epoch milliseconds
     */
    public static SourceVersion of(final Object value) {
        return switch (value) {
            case null -> null;
            case Date date -> new SourceVersion(date.getTime());
            case Instant instant -> of(instant);
            case OffsetDateTime dateTime -> of(dateTime.toInstant());
            case ZonedDateTime dateTime -> of(dateTime.toInstant());
            case LocalDateTime dateTime -> of(dateTime.toInstant(ZoneOffset.UTC));
            case Number number -> new SourceVersion(number.longValue());
            default -> parse(value.toString());
        };
    }

    private static SourceVersion parse(final String text) {
        final String value = text.strip();
        if (value.isEmpty()) {
            return null;
        }
        if (EPOCH_MILLIS.matcher(value).matches()) {
            return new SourceVersion(Long.parseLong(value));
        }
        // java.sql.Timestamp's text has a space where ISO-8601 has a T.
        final String iso = value.length() > 10 && value.charAt(10) == ' ' ? value.substring(0, 10) + 'T' + value.substring(11) : value;
        if (!PeopleSoftDateTimes.isDateTime(iso)) {
            throw new DateTimeException("[" + value + "] is neither a datetime nor epoch milliseconds");
        }
        return of(PeopleSoftDateTimes.parse(iso, ZoneOffset.UTC));
    }

    /** The version Mailchimp holds, or {@code null} when the field is empty or was edited into something else. */
    public static SourceVersion lenient(final String text) {
        try {
            return of(text);
        } catch (final DateTimeException | ArithmeticException e) {
            return null;
        }
    }

    private static SourceVersion of(final Instant instant) {
        return new SourceVersion(instant.toEpochMilli());
    }

    /** The newer of two versions, either of which may be {@code null}. */
    public static SourceVersion newest(final SourceVersion a, final SourceVersion b) {
        return a == null || (b != null && b.compareTo(a) > 0) ? b : a;
    }

    public boolean isOlderThan(final SourceVersion other) {
        return other != null && compareTo(other) < 0;
    }

    /**
     * The canonical text, as stored in Mailchimp: {@link Instant#toString()}'s, written by hand for the years 1000 to
     * 9999 (every record maps its version to it, and the formatter costs more than the rest of the mapping).
     */
    public String text() {
        final long seconds = Math.floorDiv(epochMillis, MILLIS_PER_SECOND);
        final LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, SECONDS_PER_DAY));
        if (date.getYear() < 1000 || date.getYear() > 9999) {
            return Instant.ofEpochMilli(epochMillis).toString();
        }
        final int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
        final int millis = (int) Math.floorMod(epochMillis, MILLIS_PER_SECOND);
        final byte[] text = "0000-00-00T00:00:00.000Z".getBytes(StandardCharsets.US_ASCII);
        digits(text, 0, date.getYear(), 4);
        digits(text, 5, date.getMonthValue(), 2);
        digits(text, 8, date.getDayOfMonth(), 2);
        digits(text, 11, secondOfDay / 3600, 2);
        digits(text, 14, secondOfDay / 60 % 60, 2);
        digits(text, 17, secondOfDay % 60, 2);
        if (millis == 0) {
            text[19] = 'Z';
            return new String(text, 0, 20, StandardCharsets.US_ASCII);
        }
        digits(text, 20, millis, 3);
        return new String(text, StandardCharsets.US_ASCII);
    }

    /** Writes {@code value}'s last {@code count} decimal digits into {@code text} from {@code at}. */
    private static void digits(final byte[] text, final int at, final int value, final int count) {
        int rest = value;
        for (int i = at + count - 1; i >= at; i--) {
            text[i] = (byte) ('0' + rest % 10);
            rest /= 10;
        }
    }

    @Override
    public int compareTo(final SourceVersion other) {
        return Long.compare(epochMillis, other.epochMillis);
    }

    @Override
    public String toString() {
        return text();
    }
}
