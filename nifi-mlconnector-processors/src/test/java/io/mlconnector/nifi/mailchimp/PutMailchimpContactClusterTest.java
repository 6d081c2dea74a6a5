package io.mlconnector.nifi.mailchimp;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlconnector.sandbox.core.JournalEntry;
import io.mlconnector.sandbox.core.SimRequest;
import io.mlconnector.sandbox.mailchimp.Audience;
import io.mlconnector.sandbox.mailchimp.MailchimpSimulator;
import io.mlconnector.sandbox.mailchimp.RequestHold;
import org.apache.nifi.provenance.ProvenanceEventRecord;
import org.apache.nifi.provenance.ProvenanceEventType;
import org.apache.nifi.util.LogMessage;
import org.apache.nifi.util.MockComponentLog;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import static io.mlconnector.nifi.mailchimp.PutMailchimpContact.REL_RETRY;
import static io.mlconnector.nifi.mailchimp.PutMailchimpContact.REL_SUCCESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Put on the nodes of a cluster: each node a runner with its own connection service, all sending to one simulated
 * audience with one key. Preparing the audience on two nodes at once, and throttling that persists.
 */
@Timeout(120)
class PutMailchimpContactClusterTest {

    private static final String SALES = "Dept: Sales";

    private final MailchimpSimulator simulator = MailchimpSimulator.builder().start();
    private final String audienceId = simulator.createAudience("Employees");
    private final AtomicLong clock = new AtomicLong();
    private final List<TestRunner> nodes = new ArrayList<>();

    @AfterEach
    void stop() {
        nodes.forEach(TestRunner::shutdown);
        simulator.close();
    }

    /** A node: the Put with its own service, whose backoff moves the test's clock instead of sleeping. */
    private TestRunner node() {
        final TestRunner runner = MailchimpSandbox.putRunner(simulator, audienceId, new StandardMailchimpConnectionService(
                new RetryBackoff(Duration.ofMillis(1), Duration.ofMillis(1), wait -> clock.addAndGet(TimeUnit.SECONDS.toNanos(15))), clock::get),
                Map.of());
        runner.setProperty("DEPT", "/DEPT");
        runner.setProperty(PutMailchimpContact.TAG_FIELDS, "Dept: =/DEPT");
        runner.setProperty(PutMailchimpContact.INTEREST_FIELD, "/BU");
        runner.setProperty(PutMailchimpContact.INTEREST_CATEGORY, "Business Unit");
        runner.setProperty(PutMailchimpContact.CREATE_MISSING_INTEREST_GROUPS, "true");
        nodes.add(runner);
        return runner;
    }

    private Audience audience() {
        return simulator.audience(audienceId);
    }

    /** A person already in the audience, so the Put tags them with a tag call (creating the tag) rather than inline. */
    private void enqueueMember(final TestRunner node, final String emplid, final String email) {
        audience().seedMember(email, "subscribed", Map.of("FNAME", "First" + emplid));
        try {
            node.enqueue(MailchimpSandbox.JSON.writeValueAsBytes(List.of(Map.of("EMPLID", emplid, "FIRST_NAME", "First" + emplid,
                    "EMAIL_ADDR", email, "HR_STATUS", "A", "DEPT", "Sales", "BU", "Retail"))));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Predicate<SimRequest> posts(final String pathPattern) {
        return request -> request.method().equals("POST") && request.path().matches(pathPattern);
    }

    /**
     * Each kind of thing the Put creates (merge field, interest category, interest, tag), both nodes ask for at the same
     * moment: the simulator holds both nodes' reads of the merge fields until both read them (each node then creates
     * every missing field at once), then each node's one request of each later kind inside its gate until the other's
     * arrived too. One creates it; the other's duplicate is refused with a 400 and recognised as created, with no error
     * in any log.
     */
    @Test
    void twoNodesPreparingOneAudienceAtOnceCreateEachThingOnceWithoutErrors() throws Exception {
        final TestRunner first = node();
        final TestRunner second = node();
        enqueueMember(first, "E1", "e1@example.com");
        enqueueMember(second, "E2", "e2@example.com");

        final List<String> kinds = List.of(".*/merge-fields", ".*/interest-categories", ".*/interest-categories/\\w+/interests",
                ".*/segments");
        // Not the merge fields' creations: a node sends all of them at once, so two of one node's could fill the gate.
        RequestHold hold = simulator.holdRequests(request -> request.method().equals("GET") && request.path().matches(kinds.getFirst()), 2);
        final ExecutorService both = Executors.newFixedThreadPool(2);
        final Future<?> firstRun = both.submit(() -> first.run());
        final Future<?> secondRun = both.submit(() -> second.run());
        for (final String next : kinds.subList(1, kinds.size())) {
            hold.awaitHeld(2);
            final RequestHold previous = hold;
            hold = simulator.holdRequests(posts(next), 2);
            previous.release();
        }
        hold.awaitHeld(2);
        hold.release();
        firstRun.get(60, TimeUnit.SECONDS);
        secondRun.get(60, TimeUnit.SECONDS);
        both.shutdown();

        for (final TestRunner node : nodes) {
            node.assertAllFlowFilesTransferred(REL_SUCCESS, 1);
            assertEquals(List.of(), problems(node.getLogger()));
            assertEquals(List.of(), problems(node.getControllerServiceLogger("mailchimp")));
        }
        assertEquals(1, audience().mergeFields().stream().filter(field -> field.tag().equals("DEPT")).count());
        assertEquals(List.of("Retail"), audience().interestNames("Business Unit"));
        assertEquals(List.of(SALES), audience().tagNames());
        for (final String email : List.of("e1@example.com", "e2@example.com")) {
            assertEquals(List.of(SALES), audience().member(email).orElseThrow().tags());
        }
        for (final String kind : kinds) {
            final Map<String, List<Integer>> statusesByName = new TreeMap<>();
            simulator.journal().entries().stream().filter(entry -> entry.method().equals("POST") && entry.path().matches(kind))
                    .forEach(entry -> statusesByName.computeIfAbsent(createdName(entry), name -> new ArrayList<>()).add(entry.status()));
            assertTrue(!statusesByName.isEmpty(), kind + ": something was created");
            statusesByName.forEach((name, statuses) -> assertEquals(List.of(200, 400), statuses.stream().sorted().toList(),
                    kind + " " + name + ": each node asked once, one was created, its duplicate refused"));
        }
    }

    /** The name a creation asks for: a merge field's tag, an interest category's title, an interest's or a tag's name. */
    private static String createdName(final JournalEntry creation) {
        try {
            final JsonNode body = MailchimpSandbox.JSON.readTree(creation.body());
            return body.has("tag") ? body.get("tag").asText() : body.has("title") ? body.get("title").asText() : body.path("name").asText();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Another integration holds every connection of the key for more than a minute: each request of the Put is
     * throttled until its retries are used up. The service raises the warning bulletin, the Put's counters and its
     * FlowFile summary tell the throttled answers and retries, and the records wait on retry.
     */
    @Test
    void sustainedThrottlingRaisesTheBulletinAndTheCounters() throws IOException {
        final TestRunner node = node();
        simulator.occupyConnections(10);
        enqueueMember(node, "E1", "e1@example.com");
        node.run();

        node.assertAllFlowFilesTransferred(REL_RETRY, 1);
        final MockFlowFile retry = node.getFlowFilesForRelationship(REL_RETRY).getFirst();
        retry.assertAttributeEquals("mailchimp.throttled.count", "6");
        retry.assertAttributeEquals("mailchimp.retries.count", "5");
        final ProvenanceEventRecord summary = node.getProvenanceEvents().stream()
                .filter(event -> event.getEventType() == ProvenanceEventType.SEND && event.getTransitUri().endsWith("/lists/" + audienceId))
                .findFirst().orElseThrow();
        assertTrue(summary.getDetails().endsWith(", failed=1, throttled=6, retries=5"), summary.getDetails());
        assertEquals(6L, node.getCounterValue(MailchimpTraffic.THROTTLED_COUNTER));
        assertEquals(5L, node.getCounterValue(MailchimpTraffic.RETRIES_COUNTER));
        final List<LogMessage> bulletins = node.getControllerServiceLogger("mailchimp").getWarnMessages();
        assertEquals(1, bulletins.size(), bulletins.toString());
        assertTrue(bulletins.getFirst().getMsg().contains("another integration or system using the same API key")
                && bulletins.getFirst().getMsg().contains("more nodes than the budget allows"), bulletins.getFirst().getMsg());

        simulator.occupyConnections(0);
        node.clearTransferState();
        enqueueMember(node, "E2", "e2@example.com");
        node.run();
        node.assertAllFlowFilesTransferred(REL_SUCCESS, 1);
        node.getFlowFilesForRelationship(REL_SUCCESS).getFirst().assertAttributeEquals("mailchimp.throttled.count", "0");
        assertEquals(6L, node.getCounterValue(MailchimpTraffic.THROTTLED_COUNTER), "each throttled answer counted once");
        assertEquals(1, node.getControllerServiceLogger("mailchimp").getWarnMessages().size());
    }

    private static List<String> problems(final MockComponentLog log) {
        final List<String> problems = new ArrayList<>();
        log.getErrorMessages().forEach(message -> problems.add("ERROR " + message.getMsg()));
        log.getWarnMessages().forEach(message -> problems.add("WARN " + message.getMsg()));
        return problems;
    }
}
