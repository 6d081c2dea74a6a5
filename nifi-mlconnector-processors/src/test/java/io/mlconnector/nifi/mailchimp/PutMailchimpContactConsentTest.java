package io.mlconnector.nifi.mailchimp;

import io.mlconnector.nifi.mailchimp.contact.TerminationAction;
import io.mlconnector.sandbox.core.SimClock;
import io.mlconnector.sandbox.mailchimp.MailchimpSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.mlconnector.nifi.mailchimp.MailchimpSandbox.employee;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The consent matrix, email changes and rehires against the simulator. */
@Timeout(120)
class PutMailchimpContactConsentTest {

    private static final List<String> STATES = List.of("new", "subscribed", "unsubscribed", "cleaned", "pending",
            "transactional", "archived", "deleted");

    private static final Instant NOW = Instant.parse("2026-01-05T10:00:00Z");

    private MailchimpSandbox sandbox;
    private SimClock clock;

    @BeforeEach
    void start() {
        sandbox = new MailchimpSandbox();
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    /** A sandbox on a fixed clock, for changes the index refresh cannot see. */
    private void useFixedClock() {
        sandbox.close();
        clock = SimClock.fixed(NOW);
        sandbox = new MailchimpSandbox(MailchimpSimulator.builder().clock(clock), 10, 5);
    }

    /**
     * Statuses change in Mailchimp after the index refresh (a signup form, an unsubscribe link) and Mailchimp's
     * last_changed need not pass our watermark: seeded with an older timestamp, the change stays unseen.
     */
    private void seedUnseen(final String email, final String status, final Map<String, Object> mergeFields) {
        clock.set(NOW.minus(Duration.ofHours(1)));
        sandbox.audience().seedMember(email, status, mergeFields);
        clock.set(NOW);
    }

    private static String email(final String state, final boolean terminated) {
        return state + (terminated ? "-left" : "-active") + "@example.com";
    }

    private static String emplid(final String state, final boolean terminated) {
        return state.toUpperCase(java.util.Locale.ROOT) + (terminated ? "-T" : "-A");
    }

    /** Expected action and Mailchimp status afterwards (null = not in the audience). */
    private static List<String> expected(final String state, final boolean terminated, final TerminationAction action) {
        if (!terminated) {
            return switch (state) {
                case "new" -> List.of("created", "subscribed");
                case "subscribed", "transactional" -> List.of("updated", state);
                // Only what this sync archived may be restored: a marketer may have archived an opt-out.
                case "archived" -> List.of("skipped", "archived");
                case "deleted" -> List.of("skipped", "");
                default -> List.of("skipped", state);
            };
        }
        return switch (state) {
            case "new", "deleted" -> List.of("skipped", "");
            case "subscribed", "transactional" -> switch (action) {
                case UNSUBSCRIBE -> List.of("unsubscribed", "unsubscribed");
                case ARCHIVE -> List.of("archived", "archived");
                case NONE -> List.of("skipped", state);
            };
            case "pending" -> action == TerminationAction.UNSUBSCRIBE
                    ? List.of("unsubscribed", "unsubscribed") : List.of("skipped", "pending");
            default -> List.of("skipped", state);
        };
    }

    @ParameterizedTest
    @EnumSource(TerminationAction.class)
    void consentMatrix(final TerminationAction action) {
        sandbox.runner.setProperty(PutMailchimpContact.TERMINATION_ACTION, action.getValue());
        final List<Map<String, Object>> records = new ArrayList<>();
        for (final String state : STATES) {
            for (final boolean terminated : List.of(false, true)) {
                final String email = email(state, terminated);
                if (!state.equals("new")) {
                    sandbox.audience().seedMember(email, state.equals("deleted") ? "subscribed" : state, Map.of("FNAME", "Seeded"));
                }
                if (state.equals("deleted")) {
                    sandbox.audience().forget(email);
                }
                records.add(employee(emplid(state, terminated), email, terminated ? "I" : "A"));
            }
        }

        sandbox.sync(records);

        sandbox.runner.assertAllFlowFilesTransferred(PutMailchimpContact.REL_SUCCESS, 1);
        final Map<String, List<String>> actual = new LinkedHashMap<>();
        final Map<String, List<String>> wanted = new LinkedHashMap<>();
        for (final String state : STATES) {
            for (final boolean terminated : List.of(false, true)) {
                final String key = emplid(state, terminated);
                final Map<String, Object> audit = sandbox.auditOf(key);
                final String status = sandbox.statusOf(email(state, terminated));
                actual.put(key, List.of(String.valueOf(audit.get("mailchimp_action")), status == null ? "" : status));
                wanted.put(key, expected(state, terminated, action));
                assertTrue(audit.get("mailchimp_reason") != null || List.of("created", "updated").contains(audit.get("mailchimp_action")),
                        key + " has no reason");
            }
        }
        assertEquals(wanted, actual);
        // Consent-protected contacts are never sent a status: no request body names them.
        for (final String state : List.of("unsubscribed", "cleaned")) {
            for (final boolean terminated : List.of(false, true)) {
                final String email = email(state, terminated);
                assertEquals(0, sandbox.requests(e -> e.body() != null && e.body().contains(email)), email);
            }
        }
        assertEquals(0, sandbox.requests(e -> e.body() != null && e.body().contains(email("new", true))));
    }

    @Test
    void emailChangeMovesTheContact() {
        sandbox.sync(List.of(employee("E1", "old@example.com", "A")));
        assertEquals("created", sandbox.auditOf("E1").get("mailchimp_action"));

        sandbox.sync(List.of(employee("E1", "New@Example.com", "A")));

        final Map<String, Object> audit = sandbox.auditOf("E1");
        assertEquals("updated", audit.get("mailchimp_action"));
        assertEquals("subscribed", audit.get("mailchimp_status"));
        assertNull(sandbox.statusOf("old@example.com"));
        assertEquals("subscribed", sandbox.statusOf("new@example.com"));
        assertEquals("E1", sandbox.audience().member("new@example.com").orElseThrow().mergeFields().get("EMPLID"));
        assertEquals(1, sandbox.audience().members().size());
    }

    @Test
    void emailChangeOntoAnAddressAlreadyInTheAudienceArchivesTheOldOne() {
        sandbox.sync(List.of(employee("E1", "old@example.com", "A")));
        sandbox.audience().seedMember("new@example.com", "subscribed", Map.of());

        sandbox.sync(List.of(employee("E1", "new@example.com", "A")));

        assertEquals("updated", sandbox.auditOf("E1").get("mailchimp_action"));
        assertEquals("archived", sandbox.statusOf("old@example.com"));
        assertEquals("E1", sandbox.audience().member("new@example.com").orElseThrow().mergeFields().get("EMPLID"));
    }

    @Test
    void rehireRestoresAnArchivedContact() {
        sandbox.runner.setProperty(PutMailchimpContact.TERMINATION_ACTION, TerminationAction.ARCHIVE.getValue());
        sandbox.sync(List.of(employee("E1", "pat@example.com", "A")));
        sandbox.sync(List.of(employee("E1", "pat@example.com", "I")));
        assertEquals("archived", sandbox.auditOf("E1").get("mailchimp_action"));
        assertEquals("archived", sandbox.statusOf("pat@example.com"));

        sandbox.sync(List.of(employee("E1", "pat@example.com", "A")));

        assertEquals("updated", sandbox.auditOf("E1").get("mailchimp_action"));
        assertEquals("subscribed", sandbox.statusOf("pat@example.com"));
        assertEquals(1, sandbox.audience().members().size());
    }

    @Test
    void contactArchivedBySomeoneElseIsNotRestoredUnderUnsubscribe() {
        sandbox.audience().seedMember("pat@example.com", "archived", Map.of("EMPLID", "E1"));

        sandbox.sync(List.of(employee("E1", "pat@example.com", "A"), employee("E2", "new-address@example.com", "A")));
        sandbox.audience().seedMember("kim@example.com", "archived", Map.of("EMPLID", "E3"));
        sandbox.sync(List.of(employee("E3", "kim.new@example.com", "A")));

        assertEquals("archived", sandbox.statusOf("pat@example.com"));
        assertNull(sandbox.statusOf("kim.new@example.com"), "the new address of an archived person is not added");
        assertEquals("skipped", sandbox.auditOf("E3").get("mailchimp_action"));
        assertEquals("subscribed", sandbox.statusOf("new-address@example.com"));
    }

    @Test
    void staleMemberIndexNeverChangesAStatus() {
        useFixedClock();
        sandbox.audience().seedMember("pat@example.com", "subscribed", Map.of("EMPLID", "E1"));
        sandbox.audience().seedMember("kim@example.com", "transactional", Map.of("EMPLID", "E2"));
        final List<Map<String, Object>> records = List.of(employee("E1", "pat@example.com", "A"),
                employee("E2", "kim@example.com", "A"), employee("E3", "new@example.com", "A"));
        sandbox.syncAndKeepRunning(records.subList(0, 2));

        seedUnseen("pat@example.com", "pending", Map.of("EMPLID", "E1"));
        seedUnseen("kim@example.com", "unsubscribed", Map.of("EMPLID", "E2"));
        seedUnseen("new@example.com", "pending", Map.of());
        sandbox.syncAndKeepRunning(records);

        assertEquals("pending", sandbox.statusOf("pat@example.com"));
        assertEquals("unsubscribed", sandbox.statusOf("kim@example.com"));
        assertEquals("pending", sandbox.statusOf("new@example.com"));
        assertEquals(List.of("E3"), sandbox.audit(PutMailchimpContact.REL_RETRY).stream().map(r -> r.get("EMPLID")).toList());

        // The retry knows the address now: skipped for consent, not looped.
        sandbox.sync(sandbox.audit(PutMailchimpContact.REL_RETRY));
        sandbox.runner.assertAllFlowFilesTransferred(PutMailchimpContact.REL_SUCCESS, 1);
        assertEquals("skipped", sandbox.auditOf("E3").get("mailchimp_action"));
        assertEquals("pending", sandbox.statusOf("new@example.com"));
    }

    @Test
    void emailChangeOntoAnAddressTheStaleIndexLacksIsRetriedNotFailed() {
        useFixedClock();
        sandbox.audience().seedMember("old@example.com", "subscribed", Map.of("EMPLID", "E1"));
        sandbox.syncAndKeepRunning(List.of(employee("E1", "old@example.com", "A")));
        seedUnseen("new@example.com", "subscribed", Map.of());

        sandbox.syncAndKeepRunning(List.of(employee("E1", "new@example.com", "A")));
        assertEquals("failed", sandbox.audit(PutMailchimpContact.REL_RETRY).getFirst().get("mailchimp_action"));
        sandbox.sync(sandbox.audit(PutMailchimpContact.REL_RETRY));

        assertEquals("updated", sandbox.auditOf("E1").get("mailchimp_action"));
        assertEquals("archived", sandbox.statusOf("old@example.com"));
        assertEquals("E1", sandbox.audience().member("new@example.com").orElseThrow().mergeFields().get("EMPLID"));
    }

    @Test
    void unsubscribeInMailchimpBetweenFlowFilesIsSeenByTheIndexRefresh() {
        sandbox.syncAndKeepRunning(List.of(employee("E1", "pat@example.com", "A")));
        sandbox.audience().seedMember("pat@example.com", "unsubscribed", Map.of("EMPLID", "E1"));

        sandbox.syncAndKeepRunning(List.of(employee("E1", "pat@example.com", "A")));

        assertEquals("skipped", sandbox.auditOf("E1").get("mailchimp_action"));
        assertEquals("unsubscribed", sandbox.statusOf("pat@example.com"));
        assertEquals(1, sandbox.requests(e -> e.body() != null && e.body().contains("pat@example.com")),
                "only the first FlowFile's batch names the contact");
    }

    @Test
    void rehireRestoresATransactionalContactAsTransactional() {
        sandbox.runner.setProperty(PutMailchimpContact.TERMINATION_ACTION, TerminationAction.ARCHIVE.getValue());
        sandbox.audience().seedMember("pat@example.com", "transactional", Map.of("EMPLID", "E1"));
        sandbox.sync(List.of(employee("E1", "pat@example.com", "I")));
        assertEquals("archived", sandbox.statusOf("pat@example.com"));

        sandbox.sync(List.of(employee("E1", "pat@example.com", "A")));

        assertEquals("updated", sandbox.auditOf("E1").get("mailchimp_action"), sandbox.auditOf("E1").toString());
        assertEquals("transactional", sandbox.statusOf("pat@example.com"), "never more consent than the contact had");
        assertTrue(sandbox.audience().member("pat@example.com").orElseThrow().tags().isEmpty(), "the marker is removed");
    }

    @Test
    void rehireWithANewAddressAddsItOnlyWhenThisSyncArchivedTheOldOne() {
        sandbox.runner.setProperty(PutMailchimpContact.TERMINATION_ACTION, TerminationAction.ARCHIVE.getValue());
        sandbox.sync(List.of(employee("E1", "pat@example.com", "A")));
        sandbox.sync(List.of(employee("E1", "pat@example.com", "I")));
        sandbox.audience().seedMember("kim@example.com", "archived", Map.of("EMPLID", "E2"));

        sandbox.sync(List.of(employee("E1", "pat.new@example.com", "A"), employee("E2", "kim.new@example.com", "A")));

        assertEquals("created", sandbox.auditOf("E1").get("mailchimp_action"));
        assertEquals("subscribed", sandbox.statusOf("pat.new@example.com"));
        assertEquals("archived", sandbox.statusOf("pat@example.com"));
        assertEquals("skipped", sandbox.auditOf("E2").get("mailchimp_action"));
        assertNull(sandbox.statusOf("kim.new@example.com"));
    }

    @Test
    void terminationUnderArchiveReadsTheStatusMailchimpHasNow() {
        useFixedClock();
        sandbox.runner.setProperty(PutMailchimpContact.TERMINATION_ACTION, TerminationAction.ARCHIVE.getValue());
        sandbox.audience().seedMember("pat@example.com", "subscribed", Map.of("EMPLID", "E1"));
        sandbox.syncAndKeepRunning(List.of(employee("E1", "pat@example.com", "A")));
        seedUnseen("pat@example.com", "unsubscribed", Map.of("EMPLID", "E1"));

        sandbox.syncAndKeepRunning(List.of(employee("E1", "pat@example.com", "I")));
        sandbox.sync(List.of(employee("E1", "pat@example.com", "A")));

        assertEquals("unsubscribed", sandbox.statusOf("pat@example.com"), "not archived as subscribed, so never restored");
        assertEquals(0, sandbox.requests(e -> e.method().equals("DELETE")));
    }

    @Test
    void rehireAfterUnsubscribeKeepsTheOptOut() {
        sandbox.sync(List.of(employee("E1", "pat@example.com", "A")));
        sandbox.sync(List.of(employee("E1", "pat@example.com", "I")));
        assertEquals("unsubscribed", sandbox.statusOf("pat@example.com"));

        sandbox.sync(List.of(employee("E1", "pat@example.com", "A")));

        assertEquals("skipped", sandbox.auditOf("E1").get("mailchimp_action"));
        assertEquals("unsubscribed", sandbox.statusOf("pat@example.com"));
    }
}
