package io.mlconnector.nifi.http;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Builds request URIs from a fixed base and caller-supplied path segments and query parameters. Every segment is
 * percent-encoded, and one that could leave its place in the path ({@code /}, {@code \}, {@code ..}, {@code ?},
 * {@code #}, or empty) is refused, so no caller value can point a request, and its credentials, elsewhere.
 */
public final class SafeUris {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private SafeUris() {
    }

    /**
     * {@code base} (scheme, host, port and an optional path without a trailing slash) followed by the encoded segments
     * and the encoded query.
     *
     * @throws IllegalArgumentException naming the refused segment
     */
    public static URI resolve(final String base, final List<String> segments, final Map<String, String> query) {
        final StringBuilder uri = new StringBuilder(base);
        for (final String segment : segments) {
            uri.append('/').append(encode(checkSegment(segment), false));
        }
        String separator = "?";
        for (final Map.Entry<String, String> parameter : query.entrySet()) {
            uri.append(separator).append(encode(parameter.getKey(), true)).append('=')
                    .append(encode(parameter.getValue() == null ? "" : parameter.getValue(), true));
            separator = "&";
        }
        return URI.create(uri.toString());
    }

    /** {@code uri} without its query and fragment, which may carry tokens, for messages. */
    public static String withoutQuery(final String uri) {
        final int end = uri.indexOf('?') >= 0 ? uri.indexOf('?') : uri.indexOf('#');
        return end >= 0 ? uri.substring(0, end) : uri;
    }

    /**
     * Returns the segment when it stays within one path segment.
     *
     * @throws IllegalArgumentException when it is empty or holds {@code /}, {@code \}, {@code ..}, {@code ?} or {@code #}
     */
    public static String checkSegment(final String segment) {
        if (segment == null || segment.isEmpty()) {
            throw new IllegalArgumentException("A path segment must not be empty");
        }
        if (segment.equals(".") || segment.contains("..") || segment.chars().anyMatch(c -> "/\\?#".indexOf(c) >= 0)) {
            throw new IllegalArgumentException("Path segment [" + segment
                    + "] was refused: it must not contain '/', '\\', '..', '?' or '#'");
        }
        return segment;
    }

    /**
     * Percent-encodes UTF-8 bytes, leaving RFC 3986 unreserved characters as they are. In a query ',' and ':' stay
     * too: PeopleSoft splits prompt lists on a literal comma, and datetimes read better unencoded.
     */
    static String encode(final String value, final boolean query) {
        final StringBuilder encoded = new StringBuilder(value.length());
        for (final byte b : value.getBytes(StandardCharsets.UTF_8)) {
            final char c = (char) (b & 0xFF);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0
                    || (query && (c == ',' || c == ':'))) {
                encoded.append(c);
            } else {
                encoded.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return encoded.toString();
    }
}
