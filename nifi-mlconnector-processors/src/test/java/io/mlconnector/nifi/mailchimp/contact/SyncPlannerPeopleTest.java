package io.mlconnector.nifi.mailchimp.contact;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.mlconnector.nifi.mailchimp.contact.Plan.Operation.ARCHIVE;
import static io.mlconnector.nifi.mailchimp.contact.Plan.Operation.FAIL;
import static io.mlconnector.nifi.mailchimp.contact.Plan.Operation.REMEMBER;
import static io.mlconnector.nifi.mailchimp.contact.Plan.Operation.RESTORE;
import static io.mlconnector.nifi.mailchimp.contact.Plan.Operation.SKIP;
import static io.mlconnector.nifi.mailchimp.contact.Plan.Operation.UNCHANGED;
import static io.mlconnector.nifi.mailchimp.contact.Plan.Operation.UNSUBSCRIBE;
import static io.mlconnector.nifi.mailchimp.contact.Plan.Operation.UPSERT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** People, not rows: concurrent jobs, shared addresses and email swaps. */
class SyncPlannerPeopleTest {

    private static final String PAT = "pat@example.com";
    private static final String DESK = "desk@example.com";
    private static final String NOV_1 = "2026-11-01T09:00:00Z";
    private static final String NOV_10 = "2026-11-10T09:00:00Z";
    private static final String NOV_20 = "2026-11-20T17:00:00Z";
    private static final Set<String> CONTENT = Set.of("EMPLID", "FNAME", "SRCVERSION");

    private final SyncPlanner archive = new SyncPlanner(MemberStatus.SUBSCRIBED, TerminationAction.ARCHIVE, "EMPLID", "SRCVERSION");
    private final SyncPlanner unsubscribe = new SyncPlanner(MemberStatus.SUBSCRIBED, TerminationAction.UNSUBSCRIBE, "EMPLID", "SRCVERSION");

    /** A record of one job of {@code sourceId}. */
    private static Contact job(final String email, final String sourceId, final String record, final boolean active,
                               final String version) {
        final Map<String, String> fields = Map.of("EMPLID", sourceId, "FNAME", "Pat", "SRCVERSION", SourceVersion.of(version).text());
        return new Contact(email, SubscriberHash.of(email), sourceId, !active, fields, SourceVersion.of(version),
                new ContentFingerprint(CONTENT).of(fields::get), record);
    }

    /** The member a record of {@code sourceId} wrote, remembering {@code jobs} and {@code shared}. */
    private static KnownMember member(final Contact written, final MemberStatus status, final String jobs, final String shared) {
        return new KnownMember(written.subscriberHash(), status, written.sourceId(), written.version(), written.fingerprint(), null,
                jobs, shared);
    }

    private static String jobs(final String... entries) {
        return String.join(";", entries);
    }

    private static RecordContext inFlowFile(final EmploymentRecords.Job... otherJobs) {
        return new RecordContext(List.of(otherJobs), List.of(), (s, h) -> false, s -> false);
    }

    @Test
    void oneJobEndingInTheSameFlowFileKeepsThePersonSubscribed() {
        final Contact job0 = job(PAT, "E1", "0", true, NOV_1);
        final KnownMember both = member(job0, MemberStatus.SUBSCRIBED, jobs("0:A:" + NOV_1, "1:A:" + NOV_1), null);
        final Plan plan = archive.plan(job0, both, both, inFlowFile(new EmploymentRecords.Job("1", false, SourceVersion.of(NOV_20))));
        assertEquals(UPSERT, plan.operation(), "the person stays; only the memory changes: " + plan.reason());
        assertEquals(jobs("0:A:" + NOV_1, "1:I:" + NOV_20), plan.contact().mergeFields().get("SYNCJOBS"));
        assertEquals("Active employment records: 0", plan.reason());
    }

    @Test
    void oneJobEndingInALaterPollIsRememberedNotApplied() {
        final KnownMember both = member(job(PAT, "E1", "0", true, NOV_1), MemberStatus.SUBSCRIBED,
                jobs("0:A:" + NOV_1, "1:A:" + NOV_1), null);
        final Plan plan = unsubscribe.plan(job(PAT, "E1", "1", false, NOV_20), both, both);
        assertEquals(REMEMBER, plan.operation());
        assertEquals(Map.of("SYNCJOBS", jobs("0:A:" + NOV_1, "1:I:" + NOV_20)), plan.memory().fields());
        assertEquals(SyncAction.UPDATED, plan.memory().reported());
        assertEquals("Employment record 1 ended; still active in employment record(s) 0, so the contact stays subscribed",
                plan.reason());
        assertEquals(both.version(), plan.memory().after().version(), "the ended job's fields and version are not written");

        final KnownMember remembered = plan.memory().after();
        final Plan replay = unsubscribe.plan(job(PAT, "E1", "1", false, NOV_20), remembered, remembered);
        assertEquals(UNCHANGED, replay.operation(), "a replay changes nothing: " + replay.reason());
    }

    @Test
    void theEndOfAJobKeyedBeforeAnotherJobsChangeStillCounts() {
        // Job 1's end, keyed on Nov 10 and effective later, reaches the sync after job 0 changed on Nov 20.
        final KnownMember member = member(job(PAT, "E1", "0", true, NOV_20), MemberStatus.SUBSCRIBED,
                jobs("0:A:" + NOV_20, "1:A:" + NOV_1), null);
        final Plan plan = archive.plan(job(PAT, "E1", "1", false, NOV_10), member, member);
        assertEquals(REMEMBER, plan.operation(), plan.reason());
        assertEquals(jobs("0:A:" + NOV_20, "1:I:" + NOV_10), plan.memory().fields().get("SYNCJOBS"));

        final Plan lastJobEnds = archive.plan(job(PAT, "E1", "0", false, NOV_10),
                member(job(PAT, "E1", "0", true, NOV_20), MemberStatus.SUBSCRIBED, jobs("0:A:" + NOV_1, "1:I:" + NOV_20), null), null);
        assertEquals(ARCHIVE, lastJobEnds.operation(), "older than the contact's version, yet it ends the last job");
        assertFalse(lastJobEnds.contact().mergeFields().containsKey("FNAME"), "but none of its older fields is written");
    }

    @Test
    void anOlderReplayOfAnEndedJobChangesNothing() {
        final KnownMember member = member(job(PAT, "E1", "0", true, NOV_20), MemberStatus.SUBSCRIBED,
                jobs("0:A:" + NOV_20, "1:I:" + NOV_10), null);
        final Plan plan = archive.plan(job(PAT, "E1", "1", true, NOV_1), member, member);
        assertEquals(SKIP, plan.operation());
        assertTrue(plan.reason().startsWith("Older than the version in Mailchimp"), plan.reason());
    }

    @Test
    void bothJobsEndingArchivesOrUnsubscribes() {
        final KnownMember member = member(job(PAT, "E1", "0", true, NOV_1), MemberStatus.SUBSCRIBED,
                jobs("0:A:" + NOV_1, "1:I:" + NOV_10), null);
        final Plan archived = archive.plan(job(PAT, "E1", "0", false, NOV_20), member, member);
        assertEquals(ARCHIVE, archived.operation());
        assertEquals("Terminated (every employment record ended: 0, 1)", archived.reason());
        assertEquals(jobs("0:I:" + NOV_20, "1:I:" + NOV_10), archived.contact().mergeFields().get("SYNCJOBS"),
                "the memory goes with the termination, so a replay of an older active row cannot rehire");
        assertEquals(UNSUBSCRIBE, unsubscribe.plan(job(PAT, "E1", "0", false, NOV_20), member, member).operation());

        final Plan inOneFlowFile = archive.plan(job(PAT, "E1", "1", false, NOV_20), null, null,
                inFlowFile(new EmploymentRecords.Job("0", false, SourceVersion.of(NOV_10))));
        assertEquals(SKIP, inOneFlowFile.operation(), "never added");
    }

    @Test
    void aSecondJobOfAPersonSyncedBeforeIsAddedToTheMemory() {
        final Contact job0 = job(PAT, "E1", "0", true, NOV_1);
        final KnownMember legacy = member(job0, MemberStatus.SUBSCRIBED, null, null);
        final Plan plan = archive.plan(job(PAT, "E1", "1", true, NOV_10), legacy, legacy);
        assertEquals(UPSERT, plan.operation());
        assertEquals(jobs("0:A:" + NOV_1, "1:A:" + NOV_10), plan.contact().mergeFields().get("SYNCJOBS"));
        assertEquals("Active employment records: 0, 1", plan.reason());

        final Plan sameJobAgain = archive.plan(job0, legacy, legacy);
        assertEquals(UNCHANGED, sameJobAgain.operation(), "one job costs no write and no field");
        assertFalse(archive.plan(job(PAT, "E1", "0", true, NOV_10), legacy, legacy).contact().mergeFields().containsKey("SYNCJOBS"));
    }

    @Test
    void aRehireIntoAnotherJobRestoresWithTheMemory() {
        final KnownMember archived = member(job(PAT, "E1", "0", true, NOV_1), MemberStatus.ARCHIVED, null, null);
        final Plan plan = archive.plan(job(PAT, "E1", "1", true, NOV_20), archived, archived);
        assertEquals(RESTORE, plan.operation());
        assertEquals(jobs("0:I:" + NOV_1, "1:A:" + NOV_20), plan.contact().mergeFields().get("SYNCJOBS"));
    }

    @Test
    void theHolderLeavingHandsTheContactToSomeoneNotedThere() {
        final Contact holder = job(DESK, "E1", "0", false, NOV_20);
        final KnownMember desk = member(job(DESK, "E1", "0", true, NOV_1), MemberStatus.SUBSCRIBED, null, "E2|E3");
        final Plan plan = archive.plan(holder, desk, desk);
        assertEquals(REMEMBER, plan.operation(), "never archived while E2 is active there");
        assertEquals(Map.of("EMPLID", "E2", "SRCVERSION", "", "SYNCSHARED", "E3"), plan.memory().fields());
        assertEquals("E2", plan.memory().after().sourceId());
        assertNull(plan.memory().after().version());
        assertTrue(plan.reason().contains("the address is shared with source ID E2, still active: the contact passes to them "
                + "instead of being archived"), plan.reason());

        final RecordContext e2HasItsOwn = new RecordContext(List.of(), List.of(), (s, h) -> false, "E2"::equals);
        assertEquals("E3", archive.plan(holder, desk, desk, e2HasItsOwn).memory().after().sourceId());

        final SyncPlanner none = new SyncPlanner(MemberStatus.SUBSCRIBED, TerminationAction.NONE, "EMPLID", "SRCVERSION");
        final Plan left = none.plan(holder, desk, desk);
        assertEquals(SKIP, left.operation());
        assertTrue(left.reason().endsWith("the address is also reported for source ID(s) E2, E3"), left.reason());
    }

    @Test
    void theHolderLeavingHandsTheContactToSomeoneInTheSameFlowFile() {
        final Contact holder = job(DESK, "E1", "0", false, NOV_20);
        final KnownMember desk = member(job(DESK, "E1", "0", true, NOV_1), MemberStatus.SUBSCRIBED, null, null);
        final RecordContext e2Here = new RecordContext(List.of(), List.of("E2"), (s, h) -> false, s -> false);
        assertEquals(ARCHIVE, archive.plan(holder, desk, desk).operation(), "nobody else known: archived as before");
        final Plan plan = archive.plan(holder, desk, desk, e2Here);
        assertEquals(REMEMBER, plan.operation());
        assertEquals("E2", plan.memory().after().sourceId());
    }

    @Test
    void anotherPersonAtTheAddressIsNotedOnceAndRemovedWhenTheyLeave() {
        final KnownMember desk = member(job(DESK, "E1", "0", true, NOV_1), MemberStatus.SUBSCRIBED, null, null);
        final Plan noted = archive.plan(job(DESK, "E2", "0", true, NOV_10), null, desk);
        assertEquals(REMEMBER, noted.operation());
        assertEquals(SyncAction.FAILED, noted.memory().reported(), "still a conflict for a person to resolve");
        assertEquals(Map.of("SYNCSHARED", "E2"), noted.memory().fields());
        assertTrue(noted.reason().startsWith("The address belongs to the contact with source ID E1; this person is noted there"),
                noted.reason());

        final KnownMember withE2 = noted.memory().after();
        assertEquals(desk.fingerprint(), withE2.fingerprint());
        assertEquals(FAIL, archive.plan(job(DESK, "E2", "0", true, NOV_20), null, withE2).operation(), "noted already: no write");

        final Plan leaves = archive.plan(job(DESK, "E2", "0", false, NOV_20), null, withE2);
        assertEquals(REMEMBER, leaves.operation());
        assertEquals(SyncAction.SKIPPED, leaves.memory().reported());
        assertEquals(Map.of("SYNCSHARED", ""), leaves.memory().fields());
        assertEquals(SKIP, archive.plan(job(DESK, "E3", "0", false, NOV_20), null, desk).operation());

        final SyncPlanner withoutMemory = new SyncPlanner(MemberStatus.SUBSCRIBED, TerminationAction.ARCHIVE);
        assertEquals(FAIL, withoutMemory.plan(job(DESK, "E2", "0", true, NOV_10), null, desk).operation());
    }

    @Test
    void aContactArchivedWhenItsHolderLeftIsRestoredForTheOtherPerson() {
        final KnownMember archivedDesk = member(job(DESK, "E1", "0", true, NOV_1), MemberStatus.ARCHIVED, null, null);
        final Plan plan = archive.plan(job(DESK, "E2", "0", true, NOV_20), null, archivedDesk);
        assertEquals(RESTORE, plan.operation());
        assertEquals("E2", plan.contact().mergeFields().get("EMPLID"));
        assertEquals(FAIL, unsubscribe.plan(job(DESK, "E2", "0", true, NOV_20), null,
                member(job(DESK, "E1", "0", true, NOV_1), MemberStatus.UNSUBSCRIBED, null, null)).operation());
    }

    @Test
    void anEmailSwapSaysSoAndWhatToDo() {
        final KnownMember patsContact = member(job(PAT, "E1", "0", true, NOV_1), MemberStatus.SUBSCRIBED, null, null);
        final KnownMember desksContact = member(job(DESK, "E2", "0", true, NOV_1), MemberStatus.SUBSCRIBED, null, null);
        final RecordContext swap = new RecordContext(List.of(), List.of(),
                (sourceId, hash) -> sourceId.equals("E2") && hash.equals(SubscriberHash.of(PAT)), s -> true);
        final Plan plan = archive.plan(job(DESK, "E1", "0", true, NOV_20), patsContact, desksContact, swap);
        assertEquals(FAIL, plan.operation());
        assertTrue(plan.reason().startsWith("Email swap: the new address is the contact of source ID E2"), plan.reason());
        assertTrue(plan.reason().contains("change one of the two contacts to a temporary address in Mailchimp, then replay both"));
        assertEquals("The new address belongs to the contact with source ID E2",
                archive.plan(job(DESK, "E1", "0", true, NOV_20), patsContact, desksContact).reason());
    }
}
