package io.mlconnector.nifi.peoplesoft.read;

import java.time.Instant;
import java.util.Map;

/** One row as read from PeopleSoft: normalised column names, trimmed values (blank as null) and its modified timestamp. */
public record SourceRow(Map<String, Object> values, Instant modified) {
}
