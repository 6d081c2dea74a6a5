package io.mlconnector.sandbox.peoplesoft;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;

/**
 * Value rendering and parsing in the base time zone: datetimes out as {@code YYYY-MM-DDTHH:MM:SS±hhmm} (no colon in
 * the offset), dates as {@code YYYY-MM-DD}, blanks per the settings; datetime prompt values in as
 * {@code YYYY-MM-DD-HH.MI.SS} or a bare {@code YYYY-MM-DD} (midnight).
 */
final class PeopleSoftFormats {

    private static final DateTimeFormatter OUT_DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxx");
    private static final DateTimeFormatter IN_DATETIME = DateTimeFormatter.ofPattern("uuuu-MM-dd-HH.mm.ss")
            .withResolverStyle(ResolverStyle.STRICT);

    private final ZoneId zone;
    private final PeopleSoftSettings settings;

    PeopleSoftFormats(ZoneId zone, PeopleSoftSettings settings) {
        this.zone = zone;
        this.settings = settings;
    }

    ZoneId zone() {
        return zone;
    }

    String dateTime(Instant instant) {
        return instant == null ? settings.blankValue() : OUT_DATETIME.format(instant.atZone(zone));
    }

    /** Text of a non-numeric value of {@code type}; null and empty render as the configured blank. */
    String text(FieldType type, Object value) {
        if (value == null || "".equals(value)) {
            return settings.blankValue();
        }
        return switch (type) {
            case DATETIME -> dateTime((Instant) value);
            case DATE -> value.toString();
            case CHAR, NUMBER -> value.toString();
        };
    }

    /**
     * Parses a datetime prompt value in the base time zone. In the repeated hour of a DST change the earlier offset
     * wins; a time in the skipped hour moves forward.
     *
     * @throws IllegalArgumentException when the value is not of either form
     */
    Instant parseDateTime(String value) {
        if (value == null) {
            throw new IllegalArgumentException("Missing date/time value");
        }
        try {
            LocalDateTime local = value.length() == 10
                    ? LocalDate.parse(value).atStartOfDay()
                    : LocalDateTime.parse(value, IN_DATETIME);
            return ZonedDateTime.ofLocal(local, zone, null).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("Invalid date/time value '" + value + "', expected YYYY-MM-DD-HH.MI.SS");
        }
    }
}
