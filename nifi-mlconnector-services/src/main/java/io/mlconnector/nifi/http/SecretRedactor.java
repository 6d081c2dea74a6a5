package io.mlconnector.nifi.http;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Removes a service's secrets from text that came from outside (a server's error body, a token provider's
 * exception message) before it goes into an exception message or a verification result.
 */
public final class SecretRedactor {

    private static final int EXCERPT_LENGTH = 300;

    private final List<String> secrets;

    public SecretRedactor(final String... secrets) {
        this.secrets = Arrays.stream(secrets).filter(Objects::nonNull).filter(s -> s.length() >= 4).toList();
    }

    public String redact(final String text) {
        if (text == null) {
            return "";
        }
        String redacted = text;
        for (final String secret : secrets) {
            redacted = redacted.replace(secret, "****");
        }
        return redacted;
    }

    /** The start of a response body as one redacted line, for error messages. */
    public String excerpt(final byte[] body) {
        final String text = redact(new String(body, 0, Math.min(body.length, EXCERPT_LENGTH * 4), StandardCharsets.UTF_8))
                .replaceAll("\\s+", " ").strip();
        return text.length() > EXCERPT_LENGTH ? text.substring(0, EXCERPT_LENGTH) + "..." : text;
    }

    @Override
    public String toString() {
        return "SecretRedactor[" + secrets.size() + " secrets]";
    }
}
