package io.mlconnector.nifi.time;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The plain reading of datetimes agrees with java.time's formatters, and the plain shape check with the regular expression, on every value. */
class PeopleSoftDateTimesTest {

    private static final ZoneId LOS_ANGELES = ZoneId.of("America/Los_Angeles");
    private static final List<String> OFFSETS = List.of("", "", "Z", "-0700", "-07:00", "+0530", "+05:30", "+1800", "-00:00", "+7", "Z1", "-07:0");

    @Test
    void plainReadingAgreesWithTheFormattersAndThePlainShapeWithTheRegularExpression() {
        final Random random = new Random(11);
        for (int i = 0; i < 50_000; i++) {
            final String value = value(random);
            assertEquals(formatter(value), plain(value), value);
            assertEquals(PeopleSoftDateTimes.SHAPE.matcher(value).matches(), PeopleSoftDateTimes.isDateTime(value), value);
        }
    }

    @Test
    void theRepeatedHourOfAFallBackAndLeapDaysReadAsBefore() {
        for (final String value : List.of("2025-11-02T01:30:00", "2025-11-02-01.30.00", "2024-02-29T12:00:00", "2023-02-29T12:00:00",
                "2024-04-31-10.00.00", "2024-05-01T24:00:00", " 2024-05-01T09:30:00.123456789-0700 ", "2024-05-01T09:30:00.1234567890")) {
            assertEquals(formatter(value), plain(value), value);
        }
    }

    private static String value(final Random random) {
        final boolean iso = random.nextBoolean();
        final StringBuilder text = new StringBuilder()
                .append(1990 + random.nextInt(50)).append('-').append(two(1 + random.nextInt(random.nextInt(20) == 0 ? 14 : 12)))
                .append('-').append(two(1 + random.nextInt(random.nextInt(10) == 0 ? 32 : 28)))
                .append(iso ? 'T' : '-').append(two(random.nextInt(random.nextInt(20) == 0 ? 26 : 24)))
                .append(iso ? ':' : '.').append(two(random.nextInt(60))).append(iso ? ':' : '.').append(two(random.nextInt(random.nextInt(20) == 0 ? 62 : 60)));
        if (random.nextBoolean()) {
            text.append('.');
            for (int digits = random.nextInt(11); digits > 0; digits--) {
                text.append(random.nextInt(10));
            }
        }
        text.append(OFFSETS.get(random.nextInt(OFFSETS.size())));
        if (random.nextInt(30) == 0) {
            text.setCharAt(random.nextInt(text.length()), (char) ('-' + random.nextInt(60)));
        }
        return text.toString();
    }

    private static String two(final int number) {
        return number < 10 ? "0" + number : String.valueOf(number);
    }

    private static Object plain(final String value) {
        try {
            return PeopleSoftDateTimes.parse(value, LOS_ANGELES);
        } catch (final RuntimeException e) {
            return e.getClass();
        }
    }

    private static Object formatter(final String value) {
        try {
            final Instant instant = PeopleSoftDateTimes.parseWithFormatter(value.trim(), LOS_ANGELES);
            return instant;
        } catch (final RuntimeException e) {
            return e.getClass();
        }
    }
}
