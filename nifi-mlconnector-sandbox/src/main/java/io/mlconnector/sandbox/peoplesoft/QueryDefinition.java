package io.mlconnector.sandbox.peoplesoft;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A public PS Query the simulator can run: its prompts, its columns, and its rows. Every fixture query is a change
 * query windowed by the datetime prompts {@code FROM_DTTM} and {@code TO_DTTM}.
 */
abstract class QueryDefinition {

    private final String name;
    private final List<QueryPrompt> prompts;
    private final List<QueryColumn> columns;
    private final PeopleSoftFormats formats;

    QueryDefinition(String name, List<QueryPrompt> prompts, List<QueryColumn> columns, PeopleSoftFormats formats) {
        this.name = name;
        this.prompts = List.copyOf(prompts);
        this.columns = List.copyOf(columns);
        this.formats = formats;
    }

    /** The two window prompts every fixture query has. */
    static List<QueryPrompt> windowPrompts() {
        return List.of(
                new QueryPrompt("FROM_DTTM", "LASTUPDDTTM", "Changed From", FieldType.CHAR, 19, "YYYY-MM-DD-HH.MI.SS"),
                new QueryPrompt("TO_DTTM", "LASTUPDDTTM", "Changed Before", FieldType.CHAR, 19, "YYYY-MM-DD-HH.MI.SS"));
    }

    final String name() {
        return name;
    }

    final List<QueryPrompt> prompts() {
        return prompts;
    }

    final List<QueryColumn> columns() {
        return columns;
    }

    final PeopleSoftFormats formats() {
        return formats;
    }

    /**
     * The rows, in the query's ORDER BY, as values aligned with {@link #columns()}. Lazy.
     *
     * @param promptValues a value for every prompt, by unique prompt name
     * @throws IllegalArgumentException when a prompt value has the wrong type
     */
    final Stream<Object[]> rows(HrSnapshot data, Map<String, String> promptValues) {
        Instant from = formats.parseDateTime(promptValues.get("FROM_DTTM"));
        Instant to = formats.parseDateTime(promptValues.get("TO_DTTM"));
        return rows(data, from, to, promptValues);
    }

    abstract Stream<Object[]> rows(HrSnapshot data, Instant from, Instant to, Map<String, String> promptValues);
}
