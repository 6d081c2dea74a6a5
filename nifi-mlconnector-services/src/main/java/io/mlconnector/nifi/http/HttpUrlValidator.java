package io.mlconnector.nifi.http;

import org.apache.nifi.components.ValidationContext;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.components.Validator;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Accepts an http(s) URL with a host and without credentials, query or fragment; optionally without a path, and
 * optionally with plain http only to this machine (a test server), so credentials never cross a network unencrypted.
 */
public final class HttpUrlValidator implements Validator {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("\\[?[0-9a-fA-F:.]*:[0-9a-fA-F:.]*]?");

    private final boolean pathAllowed;
    private final boolean httpOnlyOnLoopback;
    private final String example;

    /**
     * @param pathAllowed whether the URL may carry a path
     * @param example     a valid value, shown in messages
     */
    public HttpUrlValidator(final boolean pathAllowed, final String example) {
        this(pathAllowed, false, example);
    }

    /**
     * @param httpOnlyOnLoopback whether plain http is refused unless the host is this machine (localhost or a
     *                           loopback address)
     */
    public HttpUrlValidator(final boolean pathAllowed, final boolean httpOnlyOnLoopback, final String example) {
        this.pathAllowed = pathAllowed;
        this.httpOnlyOnLoopback = httpOnlyOnLoopback;
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
        if (httpOnlyOnLoopback && "http".equalsIgnoreCase(uri.getScheme()) && !isLoopback(uri.getHost())) {
            return "must start with https:// (plain http is accepted only for a test server on this machine)";
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

    /** Names other than localhost are not resolved: validation must not depend on DNS, nor be fooled by it. */
    private static boolean isLoopback(final String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!IPV4.matcher(host).matches() && !IPV6.matcher(host).matches()) {
            return false;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (final UnknownHostException e) {
            return false;
        }
    }
}
