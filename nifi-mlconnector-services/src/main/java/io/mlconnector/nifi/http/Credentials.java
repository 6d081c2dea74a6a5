package io.mlconnector.nifi.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Authorization header values. Callers put them on requests only, never in messages. */
public final class Credentials {

    private Credentials() {
    }

    public static String basic(final String user, final String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    public static String bearer(final String token) {
        return "Bearer " + token;
    }
}
