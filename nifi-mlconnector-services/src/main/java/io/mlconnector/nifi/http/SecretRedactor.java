package io.mlconnector.nifi.http;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Removes a service's secrets from text that came from outside (a server's error body, a token provider's
 * exception message) before it goes into an exception message or a verification result.
 */
public final class SecretRedactor {

    private static final int EXCERPT_LENGTH = 300;

    private final Supplier<List<String>> secrets;

    /** Redacts secrets that may change while the service runs, such as the latest OAuth2 access token. */
    public SecretRedactor(final Supplier<List<String>> secrets) {
        this.secrets = secrets;
    }

    public static SecretRedactor of(final String... secrets) {
        final List<String> fixed = Arrays.stream(secrets).filter(Objects::nonNull).toList();
        return new SecretRedactor(() -> fixed);
    }

    public String redact(final String text) {
        if (text == null) {
            return "";
        }
        String redacted = text;
        for (final String secret : secrets.get()) {
            // Very short values would blank out ordinary words; they are not worth hiding this way either.
            if (secret != null && secret.length() >= 4) {
                redacted = redacted.replace(secret, "****");
            }
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
        return "SecretRedactor";
    }
}
