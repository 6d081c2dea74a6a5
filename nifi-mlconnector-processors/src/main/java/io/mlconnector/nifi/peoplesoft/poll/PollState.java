package io.mlconnector.nifi.peoplesoft.poll;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * What the processor keeps in cluster state: the source it polled (interface, node address, query or operation, extra
 * prompts), the watermark (the end of the last completed window), the record schema of the source, and the rows
 * emitted inside the overlap. State of another source is ignored, so changing the source starts from the initial
 * window start.
 */
public record PollState(String source, Instant watermark, String schema, EmittedRows emitted) {

    static final String SOURCE = "source";
    static final String WATERMARK = "watermark";
    static final String SCHEMA = "schema";
    static final String EMITTED = "emitted";

    public static PollState read(final Map<String, String> state, final String source) {
        if (!source.equals(state.get(SOURCE)) || state.get(WATERMARK) == null) {
            return new PollState(source, null, null, new EmittedRows());
        }
        return new PollState(source, Instant.parse(state.get(WATERMARK)), state.get(SCHEMA), EmittedRows.decode(state.get(EMITTED)));
    }

    public Map<String, String> toMap() {
        final Map<String, String> map = new HashMap<>();
        map.put(SOURCE, source);
        map.put(WATERMARK, watermark.toString());
        if (schema != null) {
            map.put(SCHEMA, schema);
        }
        map.put(EMITTED, emitted.encode());
        return map;
    }
}
