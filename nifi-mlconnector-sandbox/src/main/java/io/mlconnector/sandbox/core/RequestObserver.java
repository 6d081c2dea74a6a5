package io.mlconnector.sandbox.core;

import java.io.IOException;

/**
 * Sees each request a {@link SimServer} took, after the simulator acted on it (or a fault replaced the answer) and
 * before the answer leaves: lets a test change the world between two calls (a marketer archiving a contact), or hold
 * the answer back so the client stops dead right after its call took effect (a crash).
 */
@FunctionalInterface
public interface RequestObserver {

    /**
     * @param request the request
     * @param status  the status about to be sent, 0 for a connection reset
     * @throws IOException to drop the connection instead of answering
     */
    void handled(SimRequest request, int status) throws IOException;
}
