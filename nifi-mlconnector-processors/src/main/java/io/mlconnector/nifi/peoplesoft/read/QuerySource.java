package io.mlconnector.nifi.peoplesoft.read;

import io.mlconnector.nifi.peoplesoft.PeopleSoftRequest;
import io.mlconnector.nifi.peoplesoft.PeopleSoftResponse;
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
 * start (effective-dated rows) were all returned by the request before it and are skipped. Those rows come first in
 * every request of the window, so when they alone fill Max Rows the window cannot be read, and the run fails.
 */
public record QuerySource(SourceSettings settings, String owner, String queryName, String startPrompt, String endPrompt,
                          Map<String, String> extraPrompts, int maxRows) implements RecordSource {

    @Override
    public void read(final PollWindow window, final boolean sample, final RowHandler handler) throws IOException {
        PollWindow remaining = window;
        boolean followUp = false;
        while (true) {
            final Pass pass = new Pass(remaining.start(), followUp, handler);
            final QueryResponseReader.Envelope envelope;
            try (PeopleSoftResponse response = settings.service().execute(request(remaining, sample ? 1 : maxRows))) {
                envelope = new QueryResponseReader(settings.objectMapper().getFactory()).readFields(response.body(), pass::accept);
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
                throw new IOException("The query returned Max Rows (" + maxRows + ") rows not ordered by " + settings.modifiedField()
                        + ", so the rest of the window cannot be read safely: order the query by " + settings.modifiedField() + " or raise Max Rows");
            }
            if (!pass.lastModified.isBefore(window.end())) {
                return;
            }
            if (pass.lastModified.isBefore(window.start())) {
                // Every request returns these rows first, whatever its start, so the window cannot be paged through.
                throw new IOException("The query returned Max Rows (" + maxRows + ") rows changed before window " + window
                        + ": rows whose effective date falls in it (changes keyed in advance, e.g. a reorganisation) fill"
                        + " the answer and cannot be read in parts; raise Max Rows above the number of rows taking effect on one day");
            }
            if (!pass.lastModified.isAfter(remaining.start())) {
                throw new IOException("More than Max Rows (" + maxRows + ") rows have " + settings.modifiedField() + " at or before "
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
        private final RowShaper shaper = settings.shaper();
        private final List<SourceRow> group = new ArrayList<>();
        private Instant lastModified = Instant.MIN;
        private boolean ordered = true;

        private Pass(final Instant start, final boolean followUp, final RowHandler handler) {
            this.start = start;
            this.followUp = followUp;
            this.handler = handler;
        }

        private boolean accept(final RowFields raw) throws IOException {
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
        final String[] bounds = settings.prompts().bounds(window);
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
        return settings.service().resolve(request(window, maxRows));
    }

    @Override
    public String describe() {
        return "PeopleSoft Query " + owner + "/" + queryName;
    }
}
