package io.mlconnector.nifi.peoplesoft.write;

import io.mlconnector.nifi.peoplesoft.poll.EmittedRows;
import io.mlconnector.nifi.peoplesoft.poll.OverlapRetention;
import io.mlconnector.nifi.peoplesoft.poll.PollState;
import io.mlconnector.nifi.peoplesoft.poll.PollWindow;
import io.mlconnector.nifi.peoplesoft.poll.RowFingerprint;
import io.mlconnector.nifi.peoplesoft.read.RowHandler;
import io.mlconnector.nifi.peoplesoft.read.SourceRow;
import org.apache.nifi.flowfile.FlowFile;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * Writes the rows of one window as they stream in: drops the rows already emitted (read again in the overlap), widens
 * the schema when a row needs it, writes the rest through the sink, and remembers the rows the next window may read
 * again. {@link #finish} gives the FlowFiles and the state that goes with them.
 */
public final class WindowWriter implements RowHandler {

    /** Remembered overlap rows beyond this are forgotten (oldest first): they may then be emitted twice, never lost. */
    public static final int MAX_REMEMBERED_ROWS = 20_000;

    /** What a window wrote: its FlowFiles, the state to commit with them, and what was read. */
    public record Written(List<FlowFile> flowFiles, PollState state, long rowsRead, long rowsSkipped, boolean forgotRows) {

        public long rowsEmitted() {
            return rowsRead - rowsSkipped;
        }
    }

    private final PollState previous;
    private final PollWindow window;
    private final OverlapRetention retention;
    private final EmittedRows emitted;
    private final FlowFileRecordSink sink;
    private long rowsRead;
    private long rowsSkipped;

    /** @param sink writes the records, starting from the schema of the previous state */
    public WindowWriter(final PollState previous, final PollWindow window, final Duration overlap, final ZoneId zone, final FlowFileRecordSink sink) {
        this.previous = previous;
        this.window = window;
        this.retention = new OverlapRetention(window, overlap, zone);
        this.emitted = previous.emitted();
        this.sink = sink;
    }

    @Override
    public void accept(final SourceRow row) throws IOException {
        rowsRead++;
        final Instant keepUntil = retention.keepUntil(row.modified());
        // A row's fingerprint costs more than writing it: only taken when there is something to compare it with or to keep.
        final long fingerprint = keepUntil != null || !emitted.isEmpty() ? RowFingerprint.of(row) : 0;
        if (!emitted.isEmpty() && emitted.contains(fingerprint)) {
            rowsSkipped++;
            return;
        }
        sink.write(row);
        if (keepUntil != null) {
            emitted.add(fingerprint, keepUntil);
        }
    }

    /**
     * Completes the FlowFiles; the watermark moves to the window's end.
     *
     * @param runAttributes what every FlowFile of the window gets besides its records' attributes
     */
    public Written finish(final String runId, final Map<String, String> runAttributes) throws IOException {
        final List<FlowFile> flowFiles = sink.finish(runId, runAttributes);
        EmittedRows remembered = emitted.retainedFor(retention.nextStart(), MAX_REMEMBERED_ROWS + 1);
        final boolean forgotRows = remembered.size() > MAX_REMEMBERED_ROWS;
        if (forgotRows) {
            remembered = remembered.retainedFor(retention.nextStart(), MAX_REMEMBERED_ROWS);
        }
        return new Written(flowFiles, new PollState(previous.source(), window.end(), sink.schemaToStore(), remembered), rowsRead, rowsSkipped, forgotRows);
    }

    /** Closes what is open after a failure; the caller rolls the session back. */
    public void abandon() {
        sink.abandon();
    }
}
