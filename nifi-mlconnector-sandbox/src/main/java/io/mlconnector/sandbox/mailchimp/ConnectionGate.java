package io.mlconnector.sandbox.mailchimp;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Mailchimp's limit of simultaneous connections per API key (mailchimp.md §7.1, §11.7 L1), with what a cluster test
 * reads of it: the requests in flight at once at most, and how many were refused.
 */
final class ConnectionGate {

    private final int limit;
    private final Map<String, KeyGate> perKey = new ConcurrentHashMap<>();

    ConnectionGate(int limit) {
        this.limit = limit;
    }

    int limit() {
        return limit;
    }

    /** True when the key may start one more request; pair with {@link #leave(String)}. */
    boolean tryEnter(String key) {
        return gate(key).tryEnter();
    }

    void leave(String key) {
        gate(key).leave();
    }

    /** The most requests in flight at once with the key so far. */
    int peak(String key) {
        return gate(key).peak.get();
    }

    /** How many requests with the key the gate refused so far. */
    long refused(String key) {
        return gate(key).refused.get();
    }

    /** Another client of the key (a signup form, another integration) holds {@code count} of its connections from now on. */
    void occupy(String key, int count) {
        gate(key).occupy(count);
    }

    private KeyGate gate(String key) {
        return perKey.computeIfAbsent(key, k -> new KeyGate(limit));
    }

    private static final class KeyGate {
        private final Permits permits;
        private final AtomicInteger inFlight = new AtomicInteger();
        private final AtomicInteger peak = new AtomicInteger();
        private final AtomicLong refused = new AtomicLong();
        private int occupied;

        KeyGate(int limit) {
            permits = new Permits(limit);
        }

        boolean tryEnter() {
            if (!permits.tryAcquire()) {
                refused.incrementAndGet();
                return false;
            }
            peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            return true;
        }

        void leave() {
            inFlight.decrementAndGet();
            permits.release();
        }

        synchronized void occupy(int count) {
            if (count > occupied) {
                permits.reduce(count - occupied);
            } else if (count < occupied) {
                permits.release(occupied - count);
            }
            occupied = count;
        }
    }

    /** Exposes the semaphore's protected shrinking: connections taken by others, even while ours are in flight. */
    private static final class Permits extends Semaphore {
        Permits(int permits) {
            super(permits);
        }

        void reduce(int by) {
            reducePermits(by);
        }
    }
}
