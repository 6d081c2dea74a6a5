package io.mlconnector.nifi.mailchimp;

import java.util.concurrent.Semaphore;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The requests this node may have in flight with one API key: Mailchimp's per-key budget (Max Concurrent Requests)
 * shared by the cluster's nodes, {@code max(1, floor(budget / nodes))} each, so a cluster stays within the budget
 * without anybody dividing by hand; a single node uses the whole budget. The node count is read again at most every
 * {@link #RECHECK_NANOS} while requests are made, so the share follows nodes joining and leaving. A fair semaphore, so no
 * caller starves.
 */
final class ConnectionBudget {

    static final long RECHECK_NANOS = 10_000_000_000L;

    private final int keyBudget;
    private final IntSupplier connectedNodes;
    private final LongSupplier nanoClock;
    private final Permits permits;
    private int nodes;
    private int perNode;
    private volatile long checkedAt;

    /** Exposes the semaphore's protected shrinking: a smaller share takes effect as requests in flight finish. */
    private static final class Permits extends Semaphore {
        Permits(final int permits) {
            super(permits, true);
        }

        void reduce(final int by) {
            reducePermits(by);
        }
    }

    /**
     * @param keyBudget      the most requests in flight with the key across the cluster
     * @param connectedNodes how many nodes share the key (1 when not clustered)
     */
    ConnectionBudget(final int keyBudget, final IntSupplier connectedNodes, final LongSupplier nanoClock) {
        this.keyBudget = keyBudget;
        this.connectedNodes = connectedNodes;
        this.nanoClock = nanoClock;
        this.nodes = Math.max(1, connectedNodes.getAsInt());
        this.perNode = share(keyBudget, nodes);
        this.permits = new Permits(perNode);
        this.checkedAt = nanoClock.getAsLong();
    }

    /** Each node's share of a key's budget. */
    static int share(final int keyBudget, final int nodes) {
        return Math.max(1, keyBudget / Math.max(1, nodes));
    }

    /** What Verify tells: the share each node uses. */
    static String describe(final int keyBudget, final int nodes) {
        if (nodes <= 1) {
            return "Single node: up to " + keyBudget + " requests at once with the key (Max Concurrent Requests)";
        }
        final int share = share(keyBudget, nodes);
        final String text = nodes + " connected nodes share Max Concurrent Requests " + keyBudget + ": each node sends up to "
                + share + " request(s) at once, " + share * nodes + " in all";
        return share * nodes > keyBudget
                ? text + ", more than the budget since every node needs one; expect throttling, which retries absorb"
                : text;
    }

    void acquire() throws InterruptedException {
        // Unlocked look first: every request passes here, the membership changes rarely.
        if (nanoClock.getAsLong() - checkedAt >= RECHECK_NANOS) {
            recheck(false);
        }
        permits.acquire();
    }

    void release() {
        permits.release();
    }

    /** This node's share now. */
    synchronized int perNode() {
        recheck(true);
        return perNode;
    }

    /** How many nodes the budget was last shared by. */
    synchronized int nodes() {
        return nodes;
    }

    int keyBudget() {
        return keyBudget;
    }

    private synchronized void recheck(final boolean now) {
        final long time = nanoClock.getAsLong();
        if (!now && time - checkedAt < RECHECK_NANOS) {
            return;
        }
        checkedAt = time;
        nodes = Math.max(1, connectedNodes.getAsInt());
        final int share = share(keyBudget, nodes);
        if (share > perNode) {
            permits.release(share - perNode);
        } else if (share < perNode) {
            permits.reduce(perNode - share);
        }
        perNode = share;
    }
}
