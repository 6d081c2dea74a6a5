package io.mlconnector.nifi.mailchimp;

import io.mlconnector.nifi.http.HttpMethod;
import io.mlconnector.sandbox.mailchimp.MailchimpSimulator;
import io.mlconnector.sandbox.mailchimp.RequestHold;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.MockControllerServiceInitializationContext;
import org.apache.nifi.util.NoOpProcessor;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The key's budget in every cluster state, with nifi-mock's service context answering as NiFi 2.6.0's FlowController
 * does: members listed by host name, and none, with the node not clustered, while it is disconnected. Nodes are
 * services on runners of their own, sending to one simulator whose gate counts the requests in flight.
 */
@Timeout(120)
class ConnectionBudgetClusterTest {

    private static final String SERVICE_ID = "mailchimp";

    private final AtomicLong clock = new AtomicLong();
    private final List<Node> nodes = new ArrayList<>();
    private MailchimpSimulator simulator;

    @AfterEach
    void tearDown() {
        nodes.forEach(node -> {
            if (node.runner.isControllerServiceEnabled(node.service)) {
                node.runner.disableControllerService(node.service);
            }
        });
        if (simulator != null) {
            simulator.close();
        }
    }

    /** A node's service context: NiFi's answers for a cluster whose nodes have these host names. */
    private static final class ClusterNode extends MockControllerServiceInitializationContext {
        private final boolean configuredForClustering;
        private volatile List<String> hosts;
        private volatile boolean connected;

        ClusterNode(final StandardMailchimpConnectionService service, final boolean configuredForClustering, final String... hosts) {
            super(service, SERVICE_ID);
            this.configuredForClustering = configuredForClustering;
            this.hosts = List.of(hosts);
            connect(configuredForClustering && hosts.length > 0);
        }

        void connect(final boolean connect) {
            connected = connect;
            setClustered(connect);
        }

        void hosts(final String... names) {
            hosts = List.of(names);
        }

        @Override
        public boolean isConfiguredForClustering() {
            return configuredForClustering;
        }

        @Override
        public boolean isConnected() {
            return connected;
        }

        @Override
        public Optional<String> getCurrentNode() {
            return connected ? Optional.of(hosts.getFirst()) : Optional.empty();
        }

        /** By host name, as FlowController lists its members' API addresses; nothing while not clustered. */
        @Override
        public Set<String> getClusterMembers() {
            return connected ? Set.copyOf(hosts) : Set.of();
        }
    }

    private final class Node {
        final TestRunner runner = TestRunners.newTestRunner(NoOpProcessor.class);
        final StandardMailchimpConnectionService service =
                new StandardMailchimpConnectionService(new RetryBackoff(Duration.ofMillis(1), Duration.ofMillis(4), wait -> { }), clock::get);
        final ClusterNode cluster;

        Node(final boolean configuredForClustering, final String... hosts) {
            cluster = new ClusterNode(service, configuredForClustering, hosts);
            try {
                runner.addControllerService(SERVICE_ID, service);
                service.initialize(cluster);
            } catch (final InitializationException e) {
                throw new IllegalStateException(e);
            }
            runner.setProperty(service, StandardMailchimpConnectionService.API_KEY, simulator.apiKey());
            runner.setProperty(service, StandardMailchimpConnectionService.API_BASE_URL, simulator.baseUrl());
            runner.setProperty(service, StandardMailchimpConnectionService.MAX_RETRIES, "0");
            nodes.add(this);
        }

        Node sharedBy(final int clusterNodes) {
            runner.setProperty(service, StandardMailchimpConnectionService.CLUSTER_NODES, String.valueOf(clusterNodes));
            return this;
        }

        Node enable() {
            runner.enableControllerService(service);
            return this;
        }

        String budgetStep() {
            final ConfigVerificationResult step = runner.verify(service, Map.of()).getLast();
            assertEquals(StandardMailchimpConnectionService.CONNECTION_BUDGET, step.getVerificationStepName());
            return step.getExplanation();
        }
    }

    private void start() {
        simulator = MailchimpSimulator.builder().start();
    }

    @ParameterizedTest
    @CsvSource({"0, 10, 10", "1, 10, 10", "2, 10, 5", "3, 10, 3", "3, 2, 1"})
    void eachConnectedNodeUsesItsShareOfTheKeysBudget(final int members, final int budget, final int perNode) {
        start();
        final Node node = new Node(members > 0, IntStream.rangeClosed(1, members).mapToObj(i -> "nifi-" + i).toArray(String[]::new));
        node.runner.setProperty(node.service, StandardMailchimpConnectionService.MAX_CONCURRENT_REQUESTS, String.valueOf(budget));
        final String budgetStep = node.budgetStep();
        node.enable();

        assertEquals(perNode, node.service.getMaxConcurrentRequests());
        assertTrue(budgetStep.startsWith(members == 0 ? "Single node (not clustered): up to " + budget + " requests at once"
                : members + " cluster member(s) share Max Concurrent Requests " + budget + ": each node sends up to " + perNode), budgetStep);
        if (members > 0) {
            assertTrue(budgetStep.contains("connected or not") && budgetStep.contains("nodes that share a host name count once"), budgetStep);
        }
        assertEquals(members * perNode > budget, budgetStep.contains("expect throttling"), budgetStep);
    }

    @Test
    void twoConnectedNodesStayWithinTheBudgetTogether() throws Exception {
        start();
        final Node first = new Node(true, "nifi-1", "nifi-2").enable();
        final Node second = new Node(true, "nifi-2", "nifi-1").enable();
        assertEquals(10, sendAtOnce(8, first, second));
    }

    @Test
    void aDisconnectedNodeKeepsItsShareOfTheMembersItLastSaw() throws Exception {
        start();
        final Node connected = new Node(true, "nifi-1", "nifi-2").enable();
        final Node disconnected = new Node(true, "nifi-2", "nifi-1").enable();
        disconnected.cluster.connect(false);
        clock.addAndGet(ConnectionBudget.RECHECK_NANOS);

        assertEquals(5, disconnected.service.getMaxConcurrentRequests());
        final String budgetStep = disconnected.budgetStep();
        assertTrue(budgetStep.startsWith("Disconnected from the cluster: this node keeps its share of the 2 member(s) it last saw,"
                + " up to 5 request(s) at once"), budgetStep);
        // The case: work queued on both nodes. The disconnected node took 7 of 10, and 16 requests were throttled.
        assertEquals(10, sendAtOnce(8, connected, disconnected));

        disconnected.cluster.hosts("nifi-1", "nifi-2", "nifi-3");
        disconnected.cluster.connect(true);
        assertEquals(3, disconnected.service.getMaxConcurrentRequests(), "reconnected, it follows the members again");
    }

    @Test
    void aNodeThatNeverSawItsClusterAssumesTwoNodes() {
        start();
        final Node node = new Node(true, "nifi-1");
        node.cluster.connect(false);
        node.enable();
        assertEquals(5, node.service.getMaxConcurrentRequests());
        final String budgetStep = node.budgetStep();
        assertTrue(budgetStep.contains("no member list seen") && budgetStep.contains("assumes 2 nodes")
                && budgetStep.contains("set Cluster Nodes Sharing This Key"), budgetStep);
    }

    @Test
    void nodesSharingAHostNameCountOnceUnlessTheOperatorSaysHowManyShareTheKey() throws Exception {
        start();
        final Node first = new Node(true, "nifi.example.com", "nifi.example.com");
        final Node second = new Node(true, "nifi.example.com", "nifi.example.com");
        assertEquals(1, first.cluster.getClusterMembers().size(), "NiFi lists the two nodes as one member");
        final String unset = first.budgetStep();
        assertTrue(unset.startsWith("1 cluster member(s) share Max Concurrent Requests 10: each node sends up to 10")
                && unset.contains("when several nodes run on one host or behind one name, set Cluster Nodes Sharing This Key"), unset);

        first.sharedBy(2).enable();
        second.sharedBy(2).enable();
        assertEquals(5, first.service.getMaxConcurrentRequests());
        final String set = first.budgetStep();
        assertEquals("Cluster Nodes Sharing This Key is 2: each node sends up to 5 request(s) at once, 10 in all"
                + " (NiFi lists 1 cluster member(s) by host name)", set);
        assertEquals(10, sendAtOnce(8, first, second));
    }

    @Test
    void theOperatorsCountAlsoSplitsTheKeyBetweenStandaloneInstances() {
        start();
        final Node node = new Node(false).sharedBy(3).enable();
        assertEquals(3, node.service.getMaxConcurrentRequests());
        assertEquals("Cluster Nodes Sharing This Key is 3: each node sends up to 3 request(s) at once, 9 in all", node.budgetStep());
    }

    @Test
    void theShareFollowsMembersJoiningAndLeaving() throws InterruptedException {
        start();
        final Node node = new Node(true, "nifi-1", "nifi-2");
        final ClusterMembership membership = new ClusterMembership(() -> node.cluster);
        final ConnectionBudget budget = new ConnectionBudget(10, () -> membership.count(null), clock::get);
        assertEquals(5, budget.perNode());
        node.cluster.hosts("nifi-1", "nifi-2", "nifi-3");
        clock.addAndGet(ConnectionBudget.RECHECK_NANOS - 1);
        budget.acquire();
        assertEquals(2, budget.nodes().nodes(), "not read again before the recheck interval");
        clock.incrementAndGet();
        budget.acquire();
        assertEquals(3, budget.nodes().nodes());
        assertEquals(3, budget.perNode());
        node.cluster.hosts("nifi-1");
        assertEquals(10, budget.perNode());
        // Two in flight: the remaining eight of the whole budget start at once.
        for (int i = 0; i < 8; i++) {
            budget.acquire();
        }
    }

    /**
     * Sends {@code each} pings from every node at once while the simulator holds them inside its gate, until as many
     * as the nodes' shares allow are in; then lets them go. Without retries, a request beyond the gate would answer
     * 429. Returns the most requests the simulator had in flight at once.
     */
    private int sendAtOnce(final int each, final Node... senders) throws Exception {
        final int shares = Arrays.stream(senders).mapToInt(node -> node.service.getMaxConcurrentRequests()).sum();
        final RequestHold hold = simulator.holdRequests();
        final ExecutorService callers = Executors.newFixedThreadPool(each * senders.length);
        try {
            final List<Future<MailchimpResponse>> answers = new ArrayList<>();
            for (final Node node : senders) {
                for (int i = 0; i < each; i++) {
                    answers.add(callers.submit(() -> node.service.execute(MailchimpRequest.of(HttpMethod.GET, null, "ping"))));
                }
            }
            hold.awaitHeld(shares);
            hold.release();
            for (final Future<MailchimpResponse> answer : answers) {
                assertEquals(200, answer.get().statusCode());
            }
        } finally {
            callers.shutdownNow();
        }
        assertEquals(0, simulator.throttledRequests());
        return simulator.peakConnections();
    }
}
