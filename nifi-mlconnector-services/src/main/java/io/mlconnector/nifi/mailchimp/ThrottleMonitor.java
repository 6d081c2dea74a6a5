package io.mlconnector.nifi.mailchimp;

import org.apache.nifi.logging.ComponentLog;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Counts the throttled answers and retries of one key's requests until they are taken ({@link MailchimpTraffic}), and
 * warns, as a bulletin on the service, when throttling persists: throttled answers for at least {@link #PERSIST_NANOS}
 * with no pause longer than {@link #PAUSE_NANOS}; again every {@link #REPEAT_NANOS} while it goes on. A short burst,
 * such as just after a node left the cluster (the other nodes' shares follow within seconds), passes without one.
 */
final class ThrottleMonitor {

    static final long PERSIST_NANOS = TimeUnit.SECONDS.toNanos(60);
    static final long PAUSE_NANOS = TimeUnit.SECONDS.toNanos(30);
    static final long REPEAT_NANOS = TimeUnit.MINUTES.toNanos(10);

    private final AtomicLong throttled = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final LongSupplier nanoClock;
    private final Supplier<String> share;
    private final ComponentLog log;
    private boolean throttling;
    private long since;
    private long lastThrottled;
    private long answers;
    private long warnedAt;
    private boolean warned;

    /** @param share this node's share of the budget in words, for the warning */
    ThrottleMonitor(final LongSupplier nanoClock, final Supplier<String> share, final ComponentLog log) {
        this.nanoClock = nanoClock;
        this.share = share;
        this.log = log;
    }

    /** Mailchimp answered 429, or 403 with an empty body. */
    void throttled() {
        throttled.incrementAndGet();
        final String warning = warningDue(nanoClock.getAsLong());
        if (warning != null) {
            log.warn(warning);
        }
    }

    /** A request is sent again. */
    void retried() {
        retries.incrementAndGet();
    }

    /** The figures since the last call; each answer is counted in one taking only. */
    MailchimpTraffic take() {
        return new MailchimpTraffic(throttled.getAndSet(0), retries.getAndSet(0));
    }

    private synchronized String warningDue(final long now) {
        if (!throttling || now - lastThrottled > PAUSE_NANOS) {
            throttling = true;
            since = now;
            answers = 0;
            warned = false;
        }
        lastThrottled = now;
        answers++;
        if (now - since < PERSIST_NANOS || warned && now - warnedAt < REPEAT_NANOS) {
            return null;
        }
        warned = true;
        warnedAt = now;
        return "Mailchimp has throttled requests with this API key for " + TimeUnit.NANOSECONDS.toSeconds(now - since)
                + " s without a pause (" + answers + " throttled answers, 429 or an empty 403). The service retries them, but"
                + " records go to retry once Max Retries is used up. This node sends " + share.get() + ". Likely causes:"
                + " another integration or system using the same API key (a signup form, another flow or NiFi), or more nodes"
                + " than the budget allows (every node needs one connection; nodes that share a host name count once unless"
                + " Cluster Nodes Sharing This Key is set). Give this flow its own key, or lower Max Concurrent Requests by what"
                + " the others use. The counters '" + MailchimpTraffic.THROTTLED_COUNTER + "' and '"
                + MailchimpTraffic.RETRIES_COUNTER + "' add up the figures.";
    }
}
