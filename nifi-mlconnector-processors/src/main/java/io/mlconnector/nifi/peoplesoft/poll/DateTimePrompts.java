package io.mlconnector.nifi.peoplesoft.poll;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;

/**
 * Formats a window's bounds as PeopleSoft prompt or parameter values: local times in the base time zone, because that
 * is how PeopleSoft stores and compares datetimes. When the base time zone falls back (DST ends), local times repeat;
 * the bounds are then widened so that every instant of the window lies between them however they are read.
 */
public final class DateTimePrompts {

    /** The lower bound used when there is no watermark and no initial window start: everything. */
    public static final LocalDateTime EVERYTHING = LocalDateTime.of(1900, 1, 1, 0, 0);

    /** No time zone shifts its clocks by more than this. */
    private static final Duration LONGEST_SHIFT = Duration.ofHours(2);

    private final DateTimeFormatter formatter;
    private final ZoneId baseTimeZone;

    public DateTimePrompts(final String pattern, final ZoneId baseTimeZone) {
        this.formatter = DateTimeFormatter.ofPattern(pattern);
        this.baseTimeZone = baseTimeZone;
    }

    public ZoneId baseTimeZone() {
        return baseTimeZone;
    }

    /**
     * The start and end values, in that order. Near a fall-back, local times between the two offsets are ambiguous and
     * PeopleSoft (or the database) may read a bound in either hour; a window touching those two hours therefore asks for
     * all of them (e.g. 01:00 to 02:00), so no row is missed, at the cost of reading them again.
     */
    public String[] bounds(final PollWindow window) {
        LocalDateTime start = LocalDateTime.ofInstant(window.start(), baseTimeZone);
        LocalDateTime end = LocalDateTime.ofInstant(window.end(), baseTimeZone);
        final ZoneRules rules = baseTimeZone.getRules();
        ZoneOffsetTransition transition = rules.nextTransition(window.start().minus(LONGEST_SHIFT));
        while (transition != null && transition.getInstant().isBefore(window.end().plus(LONGEST_SHIFT))) {
            final Duration shift = transition.getDuration().abs();
            if (transition.isOverlap() && window.start().isBefore(transition.getInstant().plus(shift))
                    && window.end().isAfter(transition.getInstant().minus(shift))) {
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
