package io.mlconnector.nifi.peoplesoft;

import io.mlconnector.nifi.http.SafeUris;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.components.Validator;

import java.util.Arrays;

/** Validators for the gateway path and node, so a wrong value is refused with a message that says what is expected. */
final class PeopleSoftValidators {

    static final Validator GATEWAY_PATH = (subject, input, context) -> result(subject, input, gatewayPathProblem(input));

    static final Validator SEGMENT = (subject, input, context) -> result(subject, input, segmentProblem(input));

    private PeopleSoftValidators() {
    }

    private static String gatewayPathProblem(final String input) {
        if (!input.startsWith("/")) {
            return "must start with '/', e.g. /PSIGW/RESTListeningConnector";
        }
        final String trimmed = input.replaceAll("/+$", "");
        if (trimmed.isEmpty()) {
            return "must name the REST listener's path, e.g. /PSIGW/RESTListeningConnector";
        }
        return Arrays.stream(trimmed.substring(1).split("/", -1)).map(PeopleSoftValidators::segmentProblem)
                .filter(problem -> problem != null).findFirst().orElse(null);
    }

    private static String segmentProblem(final String input) {
        try {
            SafeUris.checkSegment(input);
            return null;
        } catch (final IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private static ValidationResult result(final String subject, final String input, final String problem) {
        return new ValidationResult.Builder().subject(subject).input(input).valid(problem == null)
                .explanation(problem == null ? null : subject + " " + problem).build();
    }
}
