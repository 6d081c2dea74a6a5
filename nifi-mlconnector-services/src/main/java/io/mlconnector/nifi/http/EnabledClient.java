package io.mlconnector.nifi.http;

import java.io.Closeable;
import java.io.IOException;

/** The client a controller service opens when enabled and closes when disabled; callers between get it. */
public final class EnabledClient<T extends Closeable> {

    private final String serviceName;
    private volatile T client;

    /**
     * @param serviceName how messages name the service, e.g. "The Mailchimp connection service"
     */
    public EnabledClient(final String serviceName) {
        this.serviceName = serviceName;
    }

    public void open(final T opened) {
        client = opened;
    }

    /** @throws IllegalStateException when the service is not enabled */
    public T get() {
        final T current = client;
        if (current == null) {
            throw new IllegalStateException(serviceName + " is not enabled");
        }
        return current;
    }

    public void close() throws IOException {
        final T current = client;
        client = null;
        if (current != null) {
            current.close();
        }
    }
}
