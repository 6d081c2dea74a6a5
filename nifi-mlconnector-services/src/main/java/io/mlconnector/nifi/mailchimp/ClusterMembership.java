package io.mlconnector.nifi.mailchimp;

import org.apache.nifi.controller.NodeTypeProvider;

import java.util.function.Supplier;

/**
 * How many NiFi nodes share an API key's budget, as this node can tell. NiFi lists a cluster's members only while the
 * node is connected (a disconnected node reports itself as not clustered, with no members), lists a stopped or
 * disconnected member like any other, and lists members by host name, so nodes sharing one count once. Hence: the
 * operator's count when set; NiFi's member list while connected, remembered; the remembered count while disconnected
 * (or {@link #ASSUMED_MEMBERS} when none was seen yet); 1 for a NiFi not configured for clustering.
 */
final class ClusterMembership {

    /** A node configured for clustering that never saw the member list assumes the smallest cluster. */
    static final int ASSUMED_MEMBERS = 2;

    private final Supplier<NodeTypeProvider> nodeTypeProvider;
    private volatile int lastKnownMembers;

    ClusterMembership(final Supplier<NodeTypeProvider> nodeTypeProvider) {
        this.nodeTypeProvider = nodeTypeProvider;
    }

    /** Why a node count is what it is: what Verify and the warnings say. */
    enum Basis { CONFIGURED, STANDALONE, MEMBERS, LAST_KNOWN, ASSUMED }

    /**
     * @param nodes  how many nodes share the key's budget
     * @param listed how many members NiFi lists now (0 when it lists none)
     */
    record NodeCount(int nodes, Basis basis, int listed) {
        /** A NiFi on its own: the whole budget. */
        static final NodeCount ALONE = new NodeCount(1, Basis.STANDALONE, 0);
    }

    /** @param configured the operator's count (Cluster Nodes Sharing This Key), or null to follow NiFi */
    NodeCount count(final Integer configured) {
        final NodeTypeProvider node = nodeTypeProvider.get();
        final int listed = node == null ? 0 : listedMembers(node);
        if (listed > 0) {
            lastKnownMembers = listed;
        }
        if (configured != null) {
            return new NodeCount(configured, Basis.CONFIGURED, listed);
        }
        if (listed > 0) {
            return new NodeCount(listed, Basis.MEMBERS, listed);
        }
        if (node == null || !node.isConfiguredForClustering() && !node.isClustered()) {
            return NodeCount.ALONE;
        }
        final int remembered = lastKnownMembers;
        return remembered > 0 ? new NodeCount(remembered, Basis.LAST_KNOWN, 0) : new NodeCount(ASSUMED_MEMBERS, Basis.ASSUMED, 0);
    }

    private static int listedMembers(final NodeTypeProvider node) {
        if (!node.isClustered()) {
            return 0;
        }
        try {
            return node.getClusterMembers().size();
        } catch (final RuntimeException e) {
            // Connecting, or a framework that cannot tell its members: treated as not listed now.
            return 0;
        }
    }
}
