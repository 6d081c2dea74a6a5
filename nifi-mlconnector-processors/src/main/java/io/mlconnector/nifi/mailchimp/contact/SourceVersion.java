package io.mlconnector.nifi.mailchimp.contact;

import io.mlconnector.nifi.time.PeopleSoftDateTimes;

import java.time.DateTimeException;
import java.time.Instant;
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

    /** The canonical text, as stored in Mailchimp. */
    public String text() {
        return Instant.ofEpochMilli(epochMillis).toString();
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
