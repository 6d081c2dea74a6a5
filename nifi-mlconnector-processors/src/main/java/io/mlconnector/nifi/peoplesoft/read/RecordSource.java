package io.mlconnector.nifi.peoplesoft.read;

import io.mlconnector.nifi.peoplesoft.poll.PollWindow;

import java.io.IOException;
import java.net.URI;

/** One way of reading changed rows from PeopleSoft: a query, a REST service operation or a component interface. */
public interface RecordSource {

    /**
     * Streams every row of the window to the handler. Rows may be repeated (the caller removes what it already
     * emitted); none may be missing. No more rows are held than one group sharing a timestamp (a component interface
     * also keeps the key values of its instances).
     *
     * @param sample read at most one row, for verification
     * @throws IOException when PeopleSoft fails or answers something unreadable; the caller then discards the window
     */
    void read(PollWindow window, boolean sample, RowHandler handler) throws IOException;

    /**
     * Whether every read asks for every instance and keeps those of the window (a component interface), rather than asking
     * PeopleSoft for the window's rows.
     */
    default boolean readsEveryInstance() {
        return false;
    }

    /** The URI of the window's first request, without credentials, for provenance. */
    URI transitUri(PollWindow window);

    /** What is read, for messages, e.g. {@code PeopleSoft Query PUBLIC/MC_EMPL_CHANGES}. */
    String describe();
}
