package io.mlconnector.nifi.peoplesoft.read;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.mlconnector.nifi.peoplesoft.PeopleSoftRequest;
import io.mlconnector.nifi.peoplesoft.PeopleSoftResponse;
import io.mlconnector.nifi.peoplesoft.poll.PollWindow;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Reads customers through the CI-based REST services of a component interface: {@code CIRT_<CI>_F_GET} lists the keys
 * matching the find keys, then {@code CIRT_<CI>_G_GET/<key>/<key>} reads each one. A CI has no "changed since" filter,
 * so every run reads every matching instance (1 + N requests) and keeps those whose modified timestamp is in the
 * window; at most {@code concurrency} G_GET requests are in flight, and results are handled in the F_GET order. The
 * F_GET answer is read to its end first, keeping only the key values: holding it open while the G_GET requests run
 * would tie up a pooled connection (with Max Connections 1 they would wait for ever) and leave the answer idle for
 * minutes, long enough for a server or proxy to drop it.
 */
public record ComponentInterfaceSource(SourceSettings settings, String componentInterface, Map<String, String> findKeys, List<String> getKeys,
                                       ExecutorService executor, int concurrency) implements RecordSource {

    private static final String PRIMARY_FLAG = "PRIMARY_FLAG";

    @Override
    public void read(final PollWindow window, final boolean sample, final RowHandler handler) throws IOException {
        final RowShaper shaper = settings.shaper();
        final Deque<Future<Map<String, Object>>> inFlight = new ArrayDeque<>();
        try {
            for (final List<String> instance : findInstances(sample)) {
                inFlight.add(executor.submit(() -> get(instance)));
                if (inFlight.size() >= concurrency) {
                    handle(inFlight.poll(), window, sample, shaper, handler);
                }
            }
            while (!inFlight.isEmpty()) {
                handle(inFlight.poll(), window, sample, shaper, handler);
            }
        } finally {
            inFlight.forEach(future -> future.cancel(true));
        }
    }

    /** The G_GET path of each instance the F_GET answer lists (only the first one for a sample). */
    private List<List<String>> findInstances(final boolean sample) throws IOException {
        final List<List<String>> instances = new ArrayList<>();
        try (PeopleSoftResponse response = settings.service().execute(findRequest());
             JsonParser parser = settings.objectMapper().getFactory().createParser(response.body())) {
            if (!seekKeyArray(parser)) {
                throw new IOException("The " + findOperation() + " answer has no array of keys");
            }
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                instances.add(getPath(JsonRows.readObject(parser)));
                if (sample) {
                    return instances;
                }
            }
            JsonRows.drain(parser);
        }
        return instances;
    }

    private void handle(final Future<Map<String, Object>> future, final PollWindow window, final boolean sample,
                        final RowShaper shaper, final RowHandler handler) throws IOException {
        final SourceRow row;
        try {
            row = shaper.shape(future.get());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while reading " + getOperation());
        } catch (final ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
        if (sample || window.contains(row.modified())) {
            handler.accept(row);
        }
    }

    /** The keys are the first array: the whole answer, or the value of its first array field, e.g. {@code CUSTOMER_CI}. */
    private static boolean seekKeyArray(final JsonParser parser) throws IOException {
        final JsonToken first = parser.nextToken();
        if (first == JsonToken.START_ARRAY) {
            return true;
        }
        if (first != JsonToken.START_OBJECT) {
            return false;
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            if (parser.nextToken() == JsonToken.START_ARRAY) {
                return true;
            }
            parser.skipChildren();
        }
        return false;
    }

    private List<String> getPath(final Map<String, Object> keys) throws IOException {
        final List<String> segments = new ArrayList<>();
        segments.add(getOperation());
        for (final String key : getKeys) {
            final Object value = keys.get(key);
            if (value == null) {
                throw new IOException("A " + findOperation() + " entry has no " + key + " (Record Key Fields), entry " + keys.keySet());
            }
            segments.add(value.toString());
        }
        return segments;
    }

    private Map<String, Object> get(final List<String> path) throws IOException {
        try (PeopleSoftResponse response = settings.service().execute(PeopleSoftRequest.get(path, Map.of()))) {
            return flatten(settings.objectMapper().readTree(response.body()));
        }
    }

    /**
     * The CI buffer as one flat row: its own fields, plus those of the primary (or first) row of each child
     * collection, e.g. the customer's primary contact; a child field whose name is taken is prefixed by its collection.
     */
    static Map<String, Object> flatten(final JsonNode buffer) throws IOException {
        if (buffer == null || !buffer.isObject()) {
            throw new IOException("The CI buffer is not a JSON object");
        }
        final Map<String, Object> row = new LinkedHashMap<>();
        final Map<String, JsonNode> children = new LinkedHashMap<>();
        for (final Iterator<Map.Entry<String, JsonNode>> fields = buffer.fields(); fields.hasNext(); ) {
            final Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue().isArray()) {
                children.put(field.getKey(), field.getValue());
            } else {
                row.put(field.getKey(), JsonRows.value(field.getValue()));
            }
        }
        children.forEach((collection, rows) -> {
            JsonNode chosen = rows.isEmpty() ? null : rows.get(0);
            for (final JsonNode child : rows) {
                if ("Y".equals(child.path(PRIMARY_FLAG).asText())) {
                    chosen = child;
                    break;
                }
            }
            if (chosen != null && chosen.isObject()) {
                chosen.fields().forEachRemaining(field -> row.put(
                        row.containsKey(field.getKey()) ? collection + "_" + field.getKey() : field.getKey(), JsonRows.value(field.getValue())));
            }
        });
        return row;
    }

    private PeopleSoftRequest findRequest() {
        return PeopleSoftRequest.get(List.of(findOperation()), findKeys);
    }

    private String findOperation() {
        return "CIRT_" + componentInterface + "_F_GET.v1";
    }

    private String getOperation() {
        return "CIRT_" + componentInterface + "_G_GET.v1";
    }

    @Override
    public boolean readsEveryInstance() {
        return true;
    }

    @Override
    public URI transitUri(final PollWindow window) {
        return settings.service().resolve(findRequest());
    }

    @Override
    public String describe() {
        return "Component Interface " + componentInterface + " (" + findOperation() + ", " + getOperation() + ")";
    }
}
