package io.mlconnector.nifi.http;

import org.apache.nifi.components.ValidationContext;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.components.Validator;

import java.net.URI;
import java.net.URISyntaxException;

/** Accepts an http(s) URL with a host and without credentials, query or fragment; optionally without a path. */
public final class HttpUrlValidator implements Validator {

    private final boolean pathAllowed;
    private final String example;

    /**
     * @param pathAllowed whether the URL may carry a path
     * @param example     a valid value, shown in messages
     */
    public HttpUrlValidator(final boolean pathAllowed, final String example) {
        this.pathAllowed = pathAllowed;
        this.example = example;
    }

    @Override
    public ValidationResult validate(final String subject, final String input, final ValidationContext context) {
        final String problem = problem(input);
        return new ValidationResult.Builder().subject(subject).input(input).valid(problem == null)
                .explanation(problem == null ? null : subject + " " + problem + ", e.g. " + example).build();
    }

    private String problem(final String input) {
        final URI uri;
        try {
            uri = new URI(input.strip());
        } catch (final URISyntaxException e) {
            return "is not a URL (" + e.getReason() + ")";
        }
        if (!"https".equalsIgnoreCase(uri.getScheme()) && !"http".equalsIgnoreCase(uri.getScheme())) {
            return "must start with https:// (or http:// for tests)";
        }
        if (uri.getHost() == null) {
            return "has no host name";
        }
        if (uri.getRawUserInfo() != null) {
            return "must not contain credentials";
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return "must not have a query or fragment";
        }
        if (!pathAllowed && !(uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))) {
            return "must hold only scheme, host and port (the path has its own property)";
        }
        return null;
    }
}
