package io.mlconnector.sandbox.mailchimp;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/** Mailchimp's limit of simultaneous connections per API key (mailchimp.md §7.1, §11.7 L1). */
final class ConnectionGate {

    private final int limit;
    private final Map<String, Semaphore> perKey = new ConcurrentHashMap<>();

    ConnectionGate(int limit) {
        this.limit = limit;
    }

    int limit() {
        return limit;
    }

    /** True when the key may start one more request; pair with {@link #leave(String)}. */
    boolean tryEnter(String key) {
        return perKey.computeIfAbsent(key, k -> new Semaphore(limit)).tryAcquire();
    }

    void leave(String key) {
        perKey.get(key).release();
    }
}
