package io.mlconnector.nifi.peoplesoft;

import com.fasterxml.jackson.core.JsonPointer;
import io.mlconnector.nifi.http.SafeUris;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.components.Validator;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;

/** The validators of {@link GetPeopleSoftRecords}'s properties that NiFi's StandardValidators do not offer. */
final class PropertyValidators {

    private PropertyValidators() {
    }

    static Validator zone() {
        return (subject, input, context) -> checked(subject, input, () -> ZoneId.of(input), "not a time zone ID such as America/Los_Angeles");
    }

    /** The pattern must format a local date-time: window values carry no zone or offset. */
    static Validator localDateTimePattern() {
        return (subject, input, context) -> checked(subject, input, () -> DateTimeFormatter.ofPattern(input).format(LocalDateTime.of(2024, 5, 1, 9, 30)),
                "not a DateTimeFormatter pattern of a local date-time (no zone or offset letters), such as yyyy-MM-dd-HH.mm.ss");
    }

    /** Names that go into the request path, checked as the connection service will check them, so a bad one fails here, not every run. */
    static Validator pathSegments(final boolean severalSegments) {
        return (subject, input, context) -> {
            if (context.isExpressionLanguageSupported(subject) && context.isExpressionLanguagePresent(input)) {
                return new ValidationResult.Builder().subject(subject).input(input).valid(true).explanation("Expression Language").build();
            }
            final List<String> segments = severalSegments
                    ? Arrays.stream(input.split("/")).filter(segment -> !segment.isEmpty()).toList() : List.of(input);
            try {
                segments.forEach(SafeUris::checkSegment);
            } catch (final IllegalArgumentException e) {
                return invalid(subject, input, e.getMessage());
            }
            return new ValidationResult.Builder().subject(subject).input(input).valid(!segments.isEmpty()).explanation(subject + " is empty").build();
        };
    }

    static Validator jsonPointer() {
        return (subject, input, context) -> checked(subject, input, () -> JsonPointer.compile(input), "not a JSON Pointer such as /data/employees");
    }

    static ValidationResult invalid(final String subject, final String input, final String explanation) {
        return new ValidationResult.Builder().subject(subject).input(input).valid(false).explanation(explanation).build();
    }

    private static ValidationResult checked(final String subject, final String input, final Runnable check, final String explanation) {
        try {
            check.run();
            return new ValidationResult.Builder().subject(subject).input(input).valid(true).build();
        } catch (final RuntimeException e) {
            return invalid(subject, input, explanation);
        }
    }
}
