package io.mlconnector.nifi.peoplesoft.poll;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;

/**
 * Formats a window's bounds as PeopleSoft prompt or parameter values: local times in the base time zone, because that
 * is how PeopleSoft stores and compares datetimes. When the base time zone falls back (DST ends), local times repeat;
 * the bounds are then widened so that every instant of the window lies between them.
 */
public final class DateTimePrompts {

    /** The lower bound used when there is no watermark and no initial window start: everything. */
    public static final LocalDateTime EVERYTHING = LocalDateTime.of(1900, 1, 1, 0, 0);

    private final DateTimeFormatter formatter;
    private final ZoneId baseTimeZone;

    public DateTimePrompts(final String pattern, final ZoneId baseTimeZone) {
        this.formatter = DateTimeFormatter.ofPattern(pattern);
        this.baseTimeZone = baseTimeZone;
    }

    public ZoneId baseTimeZone() {
        return baseTimeZone;
    }

    /** The start and end values, in that order, covering every instant of the window in base-time local terms. */
    public String[] bounds(final PollWindow window) {
        LocalDateTime start = LocalDateTime.ofInstant(window.start(), baseTimeZone);
        LocalDateTime end = LocalDateTime.ofInstant(window.end(), baseTimeZone);
        final ZoneRules rules = baseTimeZone.getRules();
        ZoneOffsetTransition transition = rules.nextTransition(window.start());
        while (transition != null && transition.getInstant().isBefore(window.end())) {
            if (transition.isOverlap()) {
                start = min(start, transition.getDateTimeAfter());
                end = max(end, transition.getDateTimeBefore());
            }
            transition = rules.nextTransition(transition.getInstant());
        }
        return new String[] {formatter.format(start), formatter.format(end)};
    }

    private static LocalDateTime min(final LocalDateTime a, final LocalDateTime b) {
        return a.isBefore(b) ? a : b;
    }

    private static LocalDateTime max(final LocalDateTime a, final LocalDateTime b) {
        return a.isAfter(b) ? a : b;
    }
}
