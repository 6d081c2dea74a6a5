package io.mlconnector.nifi.peoplesoft.poll;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** A half-open time window {@code [start, end)} over the modified timestamp, in whole seconds like PeopleSoft's. */
public record PollWindow(Instant start, Instant end) {

    /** Where a window without end ends: later than any timestamp. */
    private static final Instant END_OF_TIME = Instant.parse("9999-12-31T00:00:00Z");

    /**
     * The window of the next run: from the watermark minus the overlap (or the initial start when there is no
     * watermark yet) up to now minus the lag; empty when that end is not after the start.
     */
    public static Optional<PollWindow> next(final Instant watermark, final Instant initialStart, final Duration overlap,
                                            final Duration lag, final Instant now) {
        final Instant start = (watermark == null ? initialStart : watermark.minus(overlap)).truncatedTo(ChronoUnit.SECONDS);
        final Instant end = now.minus(lag).truncatedTo(ChronoUnit.SECONDS);
        return end.isAfter(start) ? Optional.of(new PollWindow(start, end)) : Optional.empty();
    }

    /**
     * The start of the first window: an ISO-8601 instant ({@code 2024-01-01T00:00:00Z}), a local date-time or a date in
     * the base time zone, or, when blank, 1900-01-01 (everything).
     */
    public static Instant initialStart(final String value, final ZoneId baseTimeZone) {
        if (value == null || value.isBlank()) {
            return DateTimePrompts.EVERYTHING.atZone(baseTimeZone).toInstant();
        }
        final String text = value.trim();
        if (text.length() == 10) {
            return LocalDate.parse(text).atStartOfDay(baseTimeZone).toInstant();
        }
        final TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parse(text);
        return parsed.isSupported(ChronoField.OFFSET_SECONDS) ? Instant.from(parsed) : LocalDateTime.from(parsed).atZone(baseTimeZone).toInstant();
    }

    public boolean contains(final Instant instant) {
        return !instant.isBefore(start) && instant.isBefore(end);
    }

    public PollWindow from(final Instant newStart) {
        return new PollWindow(newStart, end);
    }

    /** This window without its end. */
    public PollWindow withoutEnd() {
        return new PollWindow(start, END_OF_TIME);
    }

    /** The window after this one up to {@code now}, its second included: what changed while this one was read. */
    public PollWindow after(final Instant now) {
        return new PollWindow(end, now.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1));
    }

    @Override
    public String toString() {
        return "[" + start + ", " + end + ")";
    }
}
