package io.mlconnector.demo.reliability;

import io.mlconnector.sandbox.core.RequestObserver;
import io.mlconnector.sandbox.core.SimRequest;

import java.io.InterruptedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The moment the NiFi JVM dies: observes both simulators and, at the {@code at}-th call counted over both, lets the
 * call take effect, fires the crash signal and never answers, so the caller stays blocked and commits nothing more
 * (until the simulators close). With {@code at} = 0 it only counts.
 */
final class CrashPoint implements RequestObserver {

    private final int at;
    private final AtomicInteger calls = new AtomicInteger();
    private final CompletableFuture<Void> signal = new CompletableFuture<>();
    private final CountDownLatch never = new CountDownLatch(1);
    private volatile boolean armed = true;

    CrashPoint(final int at) {
        this.at = at;
    }

    @Override
    public void handled(final SimRequest request, final int status) throws InterruptedIOException {
        if (armed && calls.incrementAndGet() == at) {
            signal.complete(null);
            try {
                never.await();
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("the simulator closed");
            }
        }
    }

    CompletableFuture<Void> signal() {
        return signal;
    }

    /** After the restart, calls are the new flow's: no longer counted, never held. */
    void disarm() {
        armed = false;
    }

    int calls() {
        return calls.get();
    }
}
