package io.mlconnector.sandbox.peoplesoft;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** A public PS Query the simulator can run: its prompts, its columns, and its rows for given prompt values. */
interface QueryDefinition {

    String name();

    List<QueryPrompt> prompts();

    List<QueryColumn> columns();

    /**
     * The rows, in the query's ORDER BY, as values aligned with {@link #columns()}. Lazy; may be read once.
     *
     * @param prompts a value for every prompt, by unique prompt name
     * @throws IllegalArgumentException when a prompt value has the wrong type
     */
    Stream<Object[]> rows(HrSnapshot data, Map<String, String> prompts);
}
