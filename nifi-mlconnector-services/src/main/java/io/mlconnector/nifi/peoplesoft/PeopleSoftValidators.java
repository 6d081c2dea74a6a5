package io.mlconnector.nifi.peoplesoft;

import io.mlconnector.nifi.http.SafeUris;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.components.Validator;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;

/** Validators for the address properties, so a wrong value is refused with a message that says what is expected. */
final class PeopleSoftValidators {

    static final Validator BASE_URL = (subject, input, context) -> result(subject, input, baseUrlProblem(input));

    static final Validator GATEWAY_PATH = (subject, input, context) -> result(subject, input, gatewayPathProblem(input));

    static final Validator SEGMENT = (subject, input, context) -> result(subject, input, segmentProblem(input));

    private PeopleSoftValidators() {
    }

    private static String baseUrlProblem(final String input) {
        final URI uri;
        try {
            uri = new URI(input.strip());
        } catch (final URISyntaxException e) {
            return "is not a URL (" + e.getReason() + "); expected scheme, host and port, e.g. https://hr.example.com:8443";
        }
        if (!"https".equalsIgnoreCase(uri.getScheme()) && !"http".equalsIgnoreCase(uri.getScheme())) {
            return "must start with https:// (or http:// for tests), e.g. https://hr.example.com:8443";
        }
        if (uri.getHost() == null) {
            return "has no host name; expected e.g. https://hr.example.com:8443";
        }
        if (uri.getRawUserInfo() != null) {
            return "must not contain credentials; use Username and Password";
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null || !(uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))) {
            return "must hold only scheme, host and port; put the path (e.g. /PSIGW/RESTListeningConnector) in Gateway Path";
        }
        return null;
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
