package io.mlconnector.nifi.mailchimp.contact;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.mlconnector.nifi.mailchimp.contact.Plan.Operation.ARCHIVE;
import static io.mlconnector.nifi.mailchimp.contact.Plan.Operation.CHANGE_EMAIL;
import static io.mlconnector.nifi.mailchimp.contact.Plan.Operation.FAIL;
import static io.mlconnector.nifi.mailchimp.contact.Plan.Operation.MERGE_ADDRESSES;
import static io.mlconnector.nifi.mailchimp.contact.Plan.Operation.RESTORE;
import static io.mlconnector.nifi.mailchimp.contact.Plan.Operation.SKIP;
import static io.mlconnector.nifi.mailchimp.contact.Plan.Operation.UNSUBSCRIBE;
import static io.mlconnector.nifi.mailchimp.contact.Plan.Operation.UPSERT;
import static org.junit.jupiter.api.Assertions.assertEquals;

class SyncPlannerTest {

    private static final String EMAIL = "pat@example.com";
    private static final String HASH = SubscriberHash.of(EMAIL);

    private static Contact contact(final String email, final boolean terminated) {
        return new Contact(email, SubscriberHash.of(email), "E1", terminated, Map.of("EMPLID", "E1"));
    }

    private static KnownMember member(final String email, final MemberStatus status, final String sourceId) {
        return new KnownMember(SubscriberHash.of(email), status, sourceId);
    }

    /** Existing status (null = not in the audience) x terminated x action -> operation and status sent. */
    static Stream<Arguments> matrix() {
        final List<Arguments> rows = new ArrayList<>();
        for (final TerminationAction action : TerminationAction.values()) {
            rows.add(Arguments.of(null, false, action, UPSERT, MemberStatus.SUBSCRIBED));
            rows.add(Arguments.of(null, true, action, SKIP, null));
            rows.add(Arguments.of(MemberStatus.SUBSCRIBED, false, action, UPSERT, MemberStatus.SUBSCRIBED));
            rows.add(Arguments.of(MemberStatus.TRANSACTIONAL, false, action, UPSERT, MemberStatus.TRANSACTIONAL));
            // Archived by someone else (perhaps after an opt-out) unless this sync archives at termination.
            rows.add(action == TerminationAction.ARCHIVE
                    ? Arguments.of(MemberStatus.ARCHIVED, false, action, RESTORE, MemberStatus.SUBSCRIBED)
                    : Arguments.of(MemberStatus.ARCHIVED, false, action, SKIP, null));
            for (final MemberStatus refused : List.of(MemberStatus.UNSUBSCRIBED, MemberStatus.CLEANED, MemberStatus.PENDING)) {
                rows.add(Arguments.of(refused, false, action, SKIP, null));
            }
            rows.add(Arguments.of(MemberStatus.UNSUBSCRIBED, true, action, SKIP, null));
            rows.add(Arguments.of(MemberStatus.CLEANED, true, action, SKIP, null));
            rows.add(Arguments.of(MemberStatus.ARCHIVED, true, action, SKIP, null));
        }
        for (final MemberStatus receiving : List.of(MemberStatus.SUBSCRIBED, MemberStatus.TRANSACTIONAL)) {
            rows.add(Arguments.of(receiving, true, TerminationAction.UNSUBSCRIBE, UNSUBSCRIBE, null));
            rows.add(Arguments.of(receiving, true, TerminationAction.ARCHIVE, ARCHIVE, null));
            rows.add(Arguments.of(receiving, true, TerminationAction.NONE, SKIP, null));
        }
        rows.add(Arguments.of(MemberStatus.PENDING, true, TerminationAction.UNSUBSCRIBE, UNSUBSCRIBE, null));
        rows.add(Arguments.of(MemberStatus.PENDING, true, TerminationAction.ARCHIVE, SKIP, null));
        rows.add(Arguments.of(MemberStatus.PENDING, true, TerminationAction.NONE, SKIP, null));
        return rows.stream();
    }

    @ParameterizedTest(name = "{0} terminated={1} {2} -> {3}")
    @MethodSource("matrix")
    void consentMatrix(final MemberStatus existing, final boolean terminated, final TerminationAction action,
                       final Plan.Operation expected, final MemberStatus sent) {
        final SyncPlanner planner = new SyncPlanner(MemberStatus.SUBSCRIBED, action);
        final KnownMember byEmail = existing == null ? null : member(EMAIL, existing, null);
        final Plan plan = planner.plan(contact(EMAIL, terminated), null, byEmail);
        assertEquals(expected, plan.operation(), plan.reason());
        assertEquals(sent, plan.sendStatus());
    }

    @Test
    void newContactsGetTheConfiguredStatus() {
        final Plan plan = new SyncPlanner(MemberStatus.PENDING, TerminationAction.ARCHIVE).plan(contact(EMAIL, false), null, null);
        assertEquals(MemberStatus.PENDING, plan.sendStatus());
    }

    @Test
    void sourceIdWinsOverAddress() {
        final SyncPlanner planner = new SyncPlanner(MemberStatus.SUBSCRIBED, TerminationAction.UNSUBSCRIBE);
        final KnownMember old = member("old@example.com", MemberStatus.SUBSCRIBED, "E1");
        final Plan plan = planner.plan(contact(EMAIL, false), old, null);
        assertEquals(CHANGE_EMAIL, plan.operation());
        assertEquals(old, plan.target());
    }

    @Test
    void emailChangeOntoExistingAddressOfTheSamePersonMerges() {
        final SyncPlanner planner = new SyncPlanner(MemberStatus.SUBSCRIBED, TerminationAction.UNSUBSCRIBE);
        final KnownMember old = member("old@example.com", MemberStatus.SUBSCRIBED, "E1");
        final KnownMember atNew = member(EMAIL, MemberStatus.SUBSCRIBED, null);
        final Plan plan = planner.plan(contact(EMAIL, false), old, atNew);
        assertEquals(MERGE_ADDRESSES, plan.operation());
        assertEquals(old, plan.previous());
        assertEquals(atNew, plan.target());
    }

    @Test
    void emailChangeOntoAnotherPersonsAddressFails() {
        final SyncPlanner planner = new SyncPlanner(MemberStatus.SUBSCRIBED, TerminationAction.UNSUBSCRIBE);
        final Plan plan = planner.plan(contact(EMAIL, false), member("old@example.com", MemberStatus.SUBSCRIBED, "E1"),
                member(EMAIL, MemberStatus.SUBSCRIBED, "E9"));
        assertEquals(FAIL, plan.operation());
    }

    @Test
    void addressOfAnotherSourceIdFails() {
        final Plan plan = new SyncPlanner(MemberStatus.SUBSCRIBED, TerminationAction.UNSUBSCRIBE)
                .plan(contact(EMAIL, false), null, member(EMAIL, MemberStatus.SUBSCRIBED, "E9"));
        assertEquals(FAIL, plan.operation());
    }

    @Test
    void unsubscribedContactIsNotMovedToTheNewAddress() {
        final Plan plan = new SyncPlanner(MemberStatus.SUBSCRIBED, TerminationAction.UNSUBSCRIBE)
                .plan(contact(EMAIL, false), member("old@example.com", MemberStatus.UNSUBSCRIBED, "E1"), null);
        assertEquals(SKIP, plan.operation());
    }

    @Test
    void terminationAppliesToTheContactFoundBySourceId() {
        final KnownMember old = member("old@example.com", MemberStatus.SUBSCRIBED, "E1");
        final Plan plan = new SyncPlanner(MemberStatus.SUBSCRIBED, TerminationAction.ARCHIVE).plan(contact(EMAIL, true), old, null);
        assertEquals(ARCHIVE, plan.operation());
        assertEquals(old, plan.target());
    }

    @Test
    void rehireWithANewAddressAddsTheNewAddress() {
        final Plan plan = new SyncPlanner(MemberStatus.SUBSCRIBED, TerminationAction.ARCHIVE)
                .plan(contact(EMAIL, false), member("old@example.com", MemberStatus.ARCHIVED, "E1"), null);
        assertEquals(RESTORE, plan.operation());
        assertEquals(SubscriberHash.of("old@example.com"), plan.target().subscriberHash());
        assertEquals(HASH, plan.contact().subscriberHash());
    }

    @Test
    void newAddressOfAPersonArchivedBySomeoneElseIsNotAdded() {
        final Plan plan = new SyncPlanner(MemberStatus.SUBSCRIBED, TerminationAction.UNSUBSCRIBE)
                .plan(contact(EMAIL, false), member("old@example.com", MemberStatus.ARCHIVED, "E1"), null);
        assertEquals(SKIP, plan.operation());
    }

    private static Contact versioned(final String email, final String version, final String firstName) {
        final Map<String, String> fields = Map.of("EMPLID", "E1", "FNAME", firstName, "SRCVERSION", SourceVersion.of(version).text());
        return new Contact(email, SubscriberHash.of(email), "E1", false, fields, SourceVersion.of(version),
                new ContentFingerprint(fields.keySet()).of(fields::get));
    }

    private static KnownMember holding(final Contact written) {
        return new KnownMember(written.subscriberHash(), MemberStatus.SUBSCRIBED, "E1", written.version(), written.fingerprint());
    }

    @Test
    void olderThanTheVersionOfThePersonsMemberIsSkippedWhicheverMemberHoldsIt() {
        final SyncPlanner planner = new SyncPlanner(MemberStatus.SUBSCRIBED, TerminationAction.ARCHIVE);
        final Contact nov20 = versioned("new@example.com", "2026-11-20T17:00:00Z", "Pat");
        final Contact nov2 = versioned(EMAIL, "2026-11-02T17:00:00Z", "Pat");

        final Plan bySourceId = planner.plan(nov2, holding(nov20), null);
        final Plan byAddress = planner.plan(nov2, null, holding(versioned(EMAIL, "2026-11-20T17:00:00Z", "Pat")));
        final Plan tie = planner.plan(nov20, holding(versioned("new@example.com", "2026-11-20T17:00:00Z", "Old")), null);

        assertEquals(SKIP, bySourceId.operation());
        assertEquals("Older than the version in Mailchimp, 2026-11-20T17:00:00Z (this record: 2026-11-02T17:00:00Z); "
                + "nothing changed", bySourceId.reason());
        assertEquals(SKIP, byAddress.operation());
        assertEquals(UPSERT, tie.operation());
        // Without a version, as before.
        assertEquals(UPSERT, planner.plan(contact(EMAIL, false), holding(versioned(EMAIL, "2026-11-20T17:00:00Z", "Pat")), null).operation());
    }

    @Test
    void memberHoldingWhatTheRecordSendsIsUnchanged() {
        final SyncPlanner planner = new SyncPlanner(MemberStatus.SUBSCRIBED, TerminationAction.ARCHIVE);
        final Contact nov20 = versioned(EMAIL, "2026-11-20T17:00:00Z", "Pat");

        assertEquals(Plan.Operation.UNCHANGED, planner.plan(nov20, holding(nov20), null).operation());
        final KnownMember unsubscribed = new KnownMember(HASH, MemberStatus.UNSUBSCRIBED, "E1", nov20.version(), nov20.fingerprint());
        assertEquals(SKIP, planner.plan(nov20, unsubscribed, null).operation());
        // Unknown content is never taken for equal.
        assertEquals(UPSERT, planner.plan(contact(EMAIL, false), member(EMAIL, MemberStatus.SUBSCRIBED, "E1"), null).operation());
    }
}
