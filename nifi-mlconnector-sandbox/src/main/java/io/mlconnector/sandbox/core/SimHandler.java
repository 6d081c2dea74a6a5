package io.mlconnector.sandbox.core;

import java.io.IOException;

/** A simulator's request handling, plugged into a {@link SimServer}. Called concurrently from many threads. */
@FunctionalInterface
public interface SimHandler {
    SimResponse handle(SimRequest request) throws IOException;
}
