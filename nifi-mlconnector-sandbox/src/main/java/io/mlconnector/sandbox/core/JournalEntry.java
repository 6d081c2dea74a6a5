package io.mlconnector.sandbox.core;

import java.time.Instant;
import java.util.Map;

/**
 * One request a simulator received. Header names are case-insensitive; credentials are replaced by
 * {@code <redacted>}. {@code status} is {@code 0} when no response was sent (connection reset).
 */
public record JournalEntry(Instant at, String method, String path, String query, Map<String, String> headers,
                           String body, int status) {

    /** Header value by case-insensitive name, or null. */
    public String header(String name) {
        return headers.get(name);
    }
}
