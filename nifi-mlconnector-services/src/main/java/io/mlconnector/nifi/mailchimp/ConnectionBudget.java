package io.mlconnector.nifi.mailchimp;

import io.mlconnector.nifi.mailchimp.ClusterMembership.Basis;
import io.mlconnector.nifi.mailchimp.ClusterMembership.NodeCount;

import java.util.concurrent.Semaphore;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The requests this node may have in flight with one API key: Mailchimp's per-key budget (Max Concurrent Requests)
 * shared by the nodes that use the key, {@code max(1, floor(budget / nodes))} each, so a cluster stays within the budget
 * without anybody dividing by hand; a single node uses the whole budget. {@link ClusterMembership} tells the nodes; the
 * count is read again at most every {@link #RECHECK_NANOS} while requests are made, so the share follows nodes joining
 * and leaving. A fair semaphore, so no caller starves.
 */
final class ConnectionBudget {

    static final long RECHECK_NANOS = 10_000_000_000L;

    private final int keyBudget;
    private final Supplier<NodeCount> nodeCount;
    private final LongSupplier nanoClock;
    private final Permits permits;
    private NodeCount nodes;
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
     * @param keyBudget the most requests in flight with the key across the cluster
     * @param nodeCount how many nodes share the key, and why
     */
    ConnectionBudget(final int keyBudget, final Supplier<NodeCount> nodeCount, final LongSupplier nanoClock) {
        this.keyBudget = keyBudget;
        this.nodeCount = nodeCount;
        this.nanoClock = nanoClock;
        this.nodes = nodeCount.get();
        this.perNode = share(keyBudget, nodes.nodes());
        this.permits = new Permits(perNode);
        this.checkedAt = nanoClock.getAsLong();
    }

    /** Each node's share of a key's budget. */
    static int share(final int keyBudget, final int nodes) {
        return Math.max(1, keyBudget / Math.max(1, nodes));
    }

    /** What Verify tells: what was counted, and the share each node uses. */
    static String describe(final int keyBudget, final NodeCount count) {
        final int nodes = count.nodes();
        final int share = share(keyBudget, nodes);
        final String text = switch (count.basis()) {
            case STANDALONE -> "Single node (not clustered): up to " + keyBudget + " requests at once with the key (Max Concurrent Requests)";
            case CONFIGURED -> "Cluster Nodes Sharing This Key is " + nodes + ": each node sends up to " + share
                    + " request(s) at once, " + share * nodes + " in all"
                    + (count.listed() > 0 && count.listed() != nodes ? " (NiFi lists " + count.listed() + " cluster member(s) by host name)" : "");
            case MEMBERS -> nodes + " cluster member(s) share Max Concurrent Requests " + keyBudget + ": each node sends up to "
                    + share + " request(s) at once, " + share * nodes + " in all. Counted are the members NiFi lists, connected or"
                    + " not (a stopped or disconnected node keeps its share), by host name: nodes that share a host name count"
                    + " once, so when several nodes run on one host or behind one name, set Cluster Nodes Sharing This Key";
            case LAST_KNOWN -> "Disconnected from the cluster: this node keeps its share of the " + nodes + " member(s) it last saw,"
                    + " up to " + share + " request(s) at once (" + share * nodes + " in all of Max Concurrent Requests " + keyBudget + ")";
            case ASSUMED -> "Configured for clustering but no member list seen since NiFi started: this node assumes "
                    + nodes + " nodes, up to " + share + " request(s) at once; set Cluster Nodes Sharing This Key to the cluster's size";
        };
        return count.basis() != Basis.STANDALONE && share * nodes > keyBudget
                ? text + "; more than the budget since every node needs one: expect throttling, which retries absorb"
                : text;
    }

    /** The share in a sentence, for warnings. */
    synchronized String describeShare() {
        return "up to " + perNode + " request(s) at once, its share of Max Concurrent Requests " + keyBudget + " among "
                + nodes.nodes() + " node(s)";
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

    /** How many nodes the budget was last shared by, and why. */
    synchronized NodeCount nodes() {
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
        nodes = nodeCount.get();
        final int share = share(keyBudget, nodes.nodes());
        if (share > perNode) {
            permits.release(share - perNode);
        } else if (share < perNode) {
            permits.reduce(perNode - share);
        }
        perNode = share;
    }
}
