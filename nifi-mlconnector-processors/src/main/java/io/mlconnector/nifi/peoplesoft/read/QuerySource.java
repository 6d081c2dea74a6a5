package io.mlconnector.nifi.peoplesoft.read;

import com.fasterxml.jackson.core.JsonFactory;
import io.mlconnector.nifi.peoplesoft.PeopleSoftConnectionService;
import io.mlconnector.nifi.peoplesoft.PeopleSoftRequest;
import io.mlconnector.nifi.peoplesoft.PeopleSoftResponse;
import io.mlconnector.nifi.peoplesoft.poll.DateTimePrompts;
import io.mlconnector.nifi.peoplesoft.poll.PollWindow;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a window through QAS {@code ExecuteQuery.v1}. The query returns at most Max Rows rows ordered by the modified
 * timestamp; when it returns that many, the answer may be cut off: the rows before the last timestamp are complete and
 * emitted, and the rest of the window is read again from that timestamp. So C changed rows take about
 * C / Max Rows + 1 requests, and no row is lost at a cut. Rows a follow-up request returns with a timestamp before its
 * start (effective-dated rows) were all returned by the request before it and are skipped.
 */
public final class QuerySource implements RecordSource {

    private final PeopleSoftConnectionService service;
    private final String owner;
    private final String queryName;
    private final String startPrompt;
    private final String endPrompt;
    private final Map<String, String> extraPrompts;
    private final int maxRows;
    private final DateTimePrompts prompts;
    private final String modifiedField;
    private final QueryResponseReader reader;

    public QuerySource(final PeopleSoftConnectionService service, final String owner, final String queryName,
                       final String startPrompt, final String endPrompt, final Map<String, String> extraPrompts,
                       final int maxRows, final DateTimePrompts prompts, final String modifiedField, final JsonFactory jsonFactory) {
        this.service = service;
        this.owner = owner;
        this.queryName = queryName;
        this.startPrompt = startPrompt;
        this.endPrompt = endPrompt;
        this.extraPrompts = extraPrompts;
        this.maxRows = maxRows;
        this.prompts = prompts;
        this.modifiedField = modifiedField;
        this.reader = new QueryResponseReader(jsonFactory);
    }

    @Override
    public void read(final PollWindow window, final boolean sample, final RowHandler handler) throws IOException {
        PollWindow remaining = window;
        boolean followUp = false;
        while (true) {
            final Pass pass = new Pass(remaining.start(), followUp, handler);
            final QueryResponseReader.Envelope envelope;
            try (PeopleSoftResponse response = service.execute(request(remaining, sample ? 1 : maxRows))) {
                envelope = reader.read(response.body(), pass::accept);
            }
            if (sample) {
                pass.flush();
                return;
            }
            final boolean cutOff = envelope.numRows() >= maxRows || envelope.rowsRead() >= maxRows;
            if (!cutOff) {
                pass.flush();
                return;
            }
            if (!pass.ordered) {
                throw new IOException("The query returned Max Rows (" + maxRows + ") rows not ordered by " + modifiedField
                        + ", so the rest of the window cannot be read safely: order the query by " + modifiedField + " or raise Max Rows");
            }
            if (!pass.lastModified.isBefore(window.end())) {
                return;
            }
            if (!pass.lastModified.isAfter(remaining.start())) {
                throw new IOException("More than Max Rows (" + maxRows + ") rows have " + modifiedField + " at or before "
                        + remaining.start() + " in window " + window + ", so they cannot be read without loss: raise Max Rows");
            }
            remaining = remaining.from(pass.lastModified);
            followUp = true;
        }
    }

    /** One request: emits rows group by group and holds back the last timestamp's group until it is known complete. */
    private final class Pass {
        private final Instant start;
        private final boolean followUp;
        private final RowHandler handler;
        private final RowShaper shaper = new RowShaper(modifiedField, prompts.baseTimeZone());
        private final List<SourceRow> group = new ArrayList<>();
        private Instant lastModified = Instant.MIN;
        private boolean ordered = true;

        private Pass(final Instant start, final boolean followUp, final RowHandler handler) {
            this.start = start;
            this.followUp = followUp;
            this.handler = handler;
        }

        private boolean accept(final Map<String, Object> raw) throws IOException {
            final SourceRow row = shaper.shape(raw);
            if (followUp && row.modified().isBefore(start)) {
                return true;
            }
            final int order = row.modified().compareTo(lastModified);
            if (order > 0) {
                flush();
                lastModified = row.modified();
                group.add(row);
            } else if (order == 0) {
                group.add(row);
            } else {
                ordered = false;
                handler.accept(row);
            }
            return true;
        }

        private void flush() throws IOException {
            for (final SourceRow row : group) {
                handler.accept(row);
            }
            group.clear();
        }
    }

    private PeopleSoftRequest request(final PollWindow window, final int rows) {
        final String[] bounds = prompts.bounds(window);
        final Map<String, String> promptValues = new LinkedHashMap<>(extraPrompts);
        promptValues.put(startPrompt, bounds[0]);
        promptValues.put(endPrompt, bounds[1]);
        final Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("isconnectedquery", "N");
        parameters.put("maxrows", String.valueOf(rows));
        parameters.put("prompt_uniquepromptname", String.join(",", promptValues.keySet()));
        parameters.put("prompt_fieldvalue", String.join(",", promptValues.values()));
        parameters.put("json_resp", "true");
        return PeopleSoftRequest.get(List.of("ExecuteQuery.v1", owner, queryName, "JSON", "NONFILE"), parameters);
    }

    @Override
    public URI transitUri(final PollWindow window) {
        return service.resolve(request(window, maxRows));
    }

    @Override
    public String describe() {
        return "PeopleSoft Query " + owner + "/" + queryName;
    }
}
