package io.mlconnector.nifi.peoplesoft.poll;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * What a processor in Full Reconciliation Pass mode keeps in cluster state: the source it reads, the record schema, the
 * pass in progress (recorded when it starts, so one that never completes, through a stop, a crash or a failover, is
 * known as interrupted) and the last complete pass. It holds no watermark: a pass moves none.
 */
public record PassState(String source, String schema, Pass inProgress, Pass lastComplete) {

    /** One pass: its identifier, when it started (NiFi's clock) and, once complete, how many records it held. */
    public record Pass(String id, Instant started, long records) {
    }

    static final String SOURCE = "source";
    static final String SCHEMA = "schema";
    static final String IN_PROGRESS_ID = "pass.in.progress.id";
    static final String IN_PROGRESS_STARTED = "pass.in.progress.started";
    static final String COMPLETE_ID = "pass.complete.id";
    static final String COMPLETE_STARTED = "pass.complete.started";
    static final String COMPLETE_RECORDS = "pass.complete.records";

    /** The state of this source; another source's state (or none) is a fresh start. */
    public static PassState read(final Map<String, String> state, final String source) {
        if (!source.equals(state.get(SOURCE))) {
            return new PassState(source, null, null, null);
        }
        final Pass inProgress = state.get(IN_PROGRESS_ID) == null ? null
                : new Pass(state.get(IN_PROGRESS_ID), Instant.parse(state.get(IN_PROGRESS_STARTED)), 0);
        final Pass complete = state.get(COMPLETE_ID) == null ? null
                : new Pass(state.get(COMPLETE_ID), Instant.parse(state.get(COMPLETE_STARTED)), Long.parseLong(state.get(COMPLETE_RECORDS)));
        return new PassState(source, state.get(SCHEMA), inProgress, complete);
    }

    /** Whether a pass is due: none has completed, or the last one started at least {@code interval} ago. */
    public boolean due(final Instant now, final Duration interval) {
        return lastComplete == null || !now.isBefore(lastComplete.started().plus(interval));
    }

    public PassState starting(final String id, final Instant started) {
        return new PassState(source, schema, new Pass(id, started, 0), lastComplete);
    }

    /** The pass in progress, complete with {@code records} records written with {@code passSchema}. */
    public PassState completed(final String passSchema, final long records) {
        return new PassState(source, passSchema, null, new Pass(inProgress.id(), inProgress.started(), records));
    }

    public Map<String, String> toMap() {
        final Map<String, String> map = new HashMap<>();
        map.put(SOURCE, source);
        if (schema != null) {
            map.put(SCHEMA, schema);
        }
        if (inProgress != null) {
            map.put(IN_PROGRESS_ID, inProgress.id());
            map.put(IN_PROGRESS_STARTED, inProgress.started().toString());
        }
        if (lastComplete != null) {
            map.put(COMPLETE_ID, lastComplete.id());
            map.put(COMPLETE_STARTED, lastComplete.started().toString());
            map.put(COMPLETE_RECORDS, String.valueOf(lastComplete.records()));
        }
        return map;
    }
}
