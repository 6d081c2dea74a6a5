package io.mlconnector.sandbox.mailchimp;

import io.mlconnector.sandbox.core.SimRequest;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Holds requests inside the connection gate until released, so tests can fill the gate deterministically instead of
 * relying on latency and luck.
 */
public final class RequestHold {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final Semaphore held = new Semaphore(0);
    private final CountDownLatch release = new CountDownLatch(1);
    private final Predicate<SimRequest> which;
    private final AtomicInteger left;

    RequestHold(final Predicate<SimRequest> which, final int count) {
        this.which = which;
        this.left = new AtomicInteger(count);
    }

    /** Blocks until {@code count} requests are held inside the gate. */
    public void awaitHeld(final int count) {
        try {
            if (!held.tryAcquire(count, PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("fewer than " + count + " requests reached the gate");
            }
            held.release(count);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Lets every held request, and any later one, go on. */
    public void release() {
        release.countDown();
    }

    /** Holds the request if it is one of those to hold. */
    void holdIfChosen(final SimRequest request) {
        if (which.test(request) && left.getAndDecrement() > 0) {
            holdHere();
        }
    }

    private void holdHere() {
        held.release();
        try {
            release.await(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
