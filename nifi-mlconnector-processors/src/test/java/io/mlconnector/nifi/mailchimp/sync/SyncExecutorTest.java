package io.mlconnector.nifi.mailchimp.sync;

import io.mlconnector.nifi.mailchimp.MailchimpSandbox;
import io.mlconnector.nifi.mailchimp.audience.AudienceCatalog;
import io.mlconnector.nifi.mailchimp.audience.AudienceClient;
import io.mlconnector.nifi.mailchimp.audience.MemberIndex;
import io.mlconnector.nifi.mailchimp.audience.RefusalClass;
import io.mlconnector.nifi.mailchimp.contact.Contact;
import io.mlconnector.nifi.mailchimp.contact.ContentFingerprint;
import io.mlconnector.nifi.mailchimp.contact.KnownMember;
import io.mlconnector.nifi.mailchimp.contact.MemberStatus;
import io.mlconnector.nifi.mailchimp.contact.Plan;
import io.mlconnector.nifi.mailchimp.contact.SubscriberHash;
import io.mlconnector.nifi.mailchimp.contact.SyncAction;
import io.mlconnector.nifi.mailchimp.contact.SyncPlanner;
import io.mlconnector.nifi.mailchimp.contact.TerminationAction;
import io.mlconnector.nifi.mailchimp.segment.AudienceSegments;
import io.mlconnector.nifi.mailchimp.segment.SegmentClient;
import io.mlconnector.nifi.mailchimp.segment.SegmentFields;
import io.mlconnector.sandbox.core.Fault;
import io.mlconnector.sandbox.core.JournalEntry;
import io.mlconnector.sandbox.mailchimp.MailchimpSimulator;
import org.apache.nifi.record.path.RecordPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real run's executor below the processor: how plans become calls, against the simulator. */
@Timeout(30)
class SyncExecutorTest {

    private static final SyncPlanner PLANNER = new SyncPlanner(MemberStatus.SUBSCRIBED, TerminationAction.UNSUBSCRIBE);

    private final MailchimpSandbox sandbox = new MailchimpSandbox(MailchimpSimulator.builder(), 10, 0);
    private final ExecutorService threads = Executors.newFixedThreadPool(4);
    private final MemberIndex index = new MemberIndex();
    private final AudienceClient client = new AudienceClient(sandbox.service(), sandbox.audienceId);

    @AfterEach
    void stop() {
        threads.shutdownNow();
        sandbox.close();
    }

    private SyncExecutor executor(final int batchSize, final SegmentFields fields) {
        final TagAndGroupSync segments = new TagAndGroupSync(new SegmentClient(sandbox.service(), sandbox.audienceId),
                new AudienceSegments(null), fields, null, false, RunMode.APPLY, index);
        return new SyncExecutor(client, new AudienceCatalog("EMPLID", null, new ContentFingerprint(Set.of("EMPLID"))), index,
                threads, batchSize, List.of(), segments, PLANNER, new StatuslessUpdates());
    }

    private static Contact contact(final int i, final String syncTags) {
        final String email = "person" + i + "@example.com";
        return new Contact(email, SubscriberHash.of(email), "E" + i, false,
                syncTags == null ? Map.of("EMPLID", "E" + i) : Map.of("EMPLID", "E" + i, SegmentFields.SYNC_TAGS, syncTags));
    }

    private Plan plan(final Contact contact) {
        return PLANNER.plan(contact, index.bySourceId(contact.sourceId()), index.byHash(contact.subscriberHash()));
    }

    private List<Integer> batchSizes() {
        return sandbox.simulator.journal().entries().stream()
                .filter(e -> e.method().equals("POST") && e.path().endsWith("/lists/" + sandbox.audienceId))
                .map(e -> e.body().split("\"email_address\"", -1).length - 1).toList();
    }

    private static List<Outcome> join(final List<CompletableFuture<Outcome>> outcomes) {
        return outcomes.stream().map(CompletableFuture::join).toList();
    }

    @Test
    void batchesAreSentAsSoonAsTheyHoldBatchSizeAndTheRestAtTheEnd() {
        final SyncExecutor executor = executor(3, SegmentFields.NONE);
        final List<CompletableFuture<Outcome>> outcomes = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            outcomes.add(executor.submit(plan(contact(i, null)), null));
        }
        join(outcomes.subList(0, 6));
        assertEquals(List.of(3, 3), batchSizes(), "two full batches went out while the seventh record waited");
        assertTrue(!outcomes.get(6).isDone());

        executor.flush();

        assertTrue(join(outcomes).stream().allMatch(o -> o.action() == SyncAction.CREATED));
        assertEquals(List.of(3, 3, 1), batchSizes());
        assertEquals(7, sandbox.audience().members().size());
    }

    @Test
    void mergeValuesReachMailchimpExactlyWhateverTheirCharacters() {
        final String name = "O\"Brien \\ Zoë\tŁódź\n日本 \uD83D\uDE00 \u0001";
        final String email = "person1@example.com";
        final SyncExecutor executor = executor(500, SegmentFields.NONE);
        final CompletableFuture<Outcome> outcome = executor.submit(plan(new Contact(email, SubscriberHash.of(email), "E1", false,
                Map.of("EMPLID", "E1", "LNAME", name))), null);

        executor.flush();

        assertEquals(SyncAction.CREATED, outcome.join().action());
        assertEquals(name, sandbox.audience().member(email).orElseThrow().mergeFields().get("LNAME"));
    }

    @Test
    void someoneWaitingForARecordSendsItsBatchHoweverFull() {
        final SyncExecutor executor = executor(500, SegmentFields.NONE);
        final CompletableFuture<Outcome> outcome = executor.submit(plan(contact(1, null)), null);

        executor.sendBatchContaining(outcome);

        assertEquals(SyncAction.CREATED, outcome.join().action());
        assertEquals(List.of(1), batchSizes());
    }

    @Test
    void aFailedCallSendsItsRecordsToRetryAndOnlyThose() {
        sandbox.simulator.faults().failNthMatching(1, r -> r.method().equals("POST") && r.bodyAsString().contains("person0@"),
                Fault.status(503, "text/plain", "unavailable"));
        final SyncExecutor executor = executor(2, SegmentFields.NONE);
        final List<CompletableFuture<Outcome>> outcomes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            outcomes.add(executor.submit(plan(contact(i, null)), null));
        }
        executor.flush();

        final List<Outcome> settled = join(outcomes);
        assertEquals(List.of(Outcome.Route.RETRY, Outcome.Route.RETRY, Outcome.Route.SUCCESS, Outcome.Route.SUCCESS),
                settled.stream().map(Outcome::route).toList());
        assertEquals(RefusalClass.RETRY_NOW, settled.getFirst().refusal());
        assertEquals(null, index.byHash(contact(0, null).subscriberHash()), "nothing written, nothing indexed");
    }

    @Test
    void tagsOfUpdatesMoveInOneCallPerTagBeforeTheirBatchAndAFailedTagCallKeepsTheRecordsUnchanged() {
        final SegmentFields fields = new SegmentFields(List.of(new SegmentFields.TagField("Dept: ", RecordPath.compile("/DEPT"))), null);
        for (int i = 0; i < 4; i++) {
            sandbox.audience().seedMember("person" + i + "@example.com", "subscribed", Map.of("EMPLID", "E" + i, "SYNCTAGS", "Dept: HR"));
            sandbox.audience().tagMember("person" + i + "@example.com", "Dept: HR");
            index.put(new KnownMember(contact(i, null).subscriberHash(), MemberStatus.SUBSCRIBED, "E" + i, null,
                    ContentFingerprint.UNKNOWN, "Dept: HR"));
        }
        sandbox.simulator.journal().clear();
        final SyncExecutor executor = executor(2, fields);
        final List<CompletableFuture<Outcome>> outcomes = new ArrayList<>();
        outcomes.add(executor.submit(plan(contact(0, "Dept: Sales")), null));
        outcomes.add(executor.submit(plan(contact(1, "Dept: Sales")), null));
        join(outcomes);
        // The second batch's calls: removing Dept: HR, then adding Dept: Sales, which fails.
        sandbox.simulator.faults().failNthMatching(2, r -> r.path().contains("/segments/"), Fault.status(503, "text/plain", "down"));
        outcomes.add(executor.submit(plan(contact(2, "Dept: Sales")), null));
        outcomes.add(executor.submit(plan(contact(3, "Dept: Sales")), null));

        final List<Outcome> settled = join(outcomes);

        final List<String> calls = sandbox.simulator.journal().entries().stream().map(JournalEntry::method).toList();
        assertEquals(List.of(SyncAction.UPDATED, SyncAction.UPDATED, SyncAction.FAILED, SyncAction.FAILED),
                settled.stream().map(Outcome::action).toList());
        assertEquals(Outcome.Route.RETRY, settled.get(2).route());
        assertEquals(2, sandbox.audience().tagMemberCount("Dept: Sales"), "the first batch's two contacts, in one call");
        assertEquals("Dept: HR", index.byHash(contact(2, null).subscriberHash()).syncTags(), "kept, so the retry moves them again");
        assertEquals(1, batchSizes().size(), "the failed batch's upsert was not sent: " + calls);
    }
}
