package io.mlconnector.nifi.peoplesoft.read;

import java.io.IOException;

/** Receives the rows of a window, one at a time, as they stream in. */
@FunctionalInterface
public interface RowHandler {

    void accept(SourceRow row) throws IOException;
}
