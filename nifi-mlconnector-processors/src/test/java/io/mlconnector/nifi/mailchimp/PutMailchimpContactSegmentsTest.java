package io.mlconnector.nifi.mailchimp;

import io.mlconnector.nifi.mailchimp.contact.TerminationAction;
import io.mlconnector.sandbox.core.Fault;
import io.mlconnector.sandbox.core.JournalEntry;
import io.mlconnector.sandbox.mailchimp.MailchimpSimulator;
import io.mlconnector.sandbox.mailchimp.Member;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.provenance.ProvenanceEventType;
import org.apache.nifi.util.MockFlowFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.mlconnector.nifi.mailchimp.PutMailchimpContact.REL_FAILURE;
import static io.mlconnector.nifi.mailchimp.PutMailchimpContact.REL_RETRY;
import static io.mlconnector.nifi.mailchimp.PutMailchimpContact.REL_SUCCESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tags from record fields, interest groups from a field, and the dry run, checked on the simulated audience. */
@Timeout(120)
class PutMailchimpContactSegmentsTest {

    private MailchimpSandbox sandbox;

    @BeforeEach
    void start() {
        sandbox = new MailchimpSandbox();
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private static Map<String, Object> employee(final String emplid, final String email, final String dept, final String location) {
        final Map<String, Object> record = MailchimpSandbox.employee(emplid, email, "A");
        record.put("DEPT", dept);
        record.put("LOCATION", location);
        return record;
    }

    private Member member(final String email) {
        return sandbox.audience().member(email).orElseThrow();
    }

    /** {@code POST /lists/{id}/segments/{segment_id}}: a tag's batch add/remove. */
    private long tagCalls() {
        return sandbox.requests(e -> e.method().equals("POST") && e.path().matches(".*/segments/\\d+"));
    }

    private void useTagFields() {
        sandbox.runner.setProperty(PutMailchimpContact.TAG_FIELDS, "Dept: =/DEPT\n/LOCATION");
    }

    @Test
    void departmentChangeMovesTheTagInOneBatchCallPerTagValueAndLeavesAMarketersTagAlone() {
        useTagFields();
        sandbox.sync(List.of(employee("E1", "e1@example.com", "Sales", "London"),
                employee("E2", "e2@example.com", "Sales", "London"),
                employee("E3", "e3@example.com", "Finance", "Paris")));

        assertEquals(List.of("Dept: Sales", "London"), member("e1@example.com").tags());
        assertEquals("Dept: Sales|London", member("e1@example.com").mergeFields().get("SYNCTAGS"));
        assertEquals(0, tagCalls(), "new contacts are tagged inline by the batch that creates them");
        sandbox.audience().tagMember("e1@example.com", "VIP");
        sandbox.audience().tagMember("e2@example.com", "Dept: Finance");
        sandbox.simulator.journal().clear();

        sandbox.sync(List.of(employee("E1", "e1@example.com", "Finance", "London"),
                employee("E2", "e2@example.com", "Finance", "London"),
                employee("E3", "e3@example.com", "Finance", "Paris")));

        assertEquals(Set.of("London", "VIP", "Dept: Finance"), Set.copyOf(member("e1@example.com").tags()));
        assertEquals(Set.of("London", "Dept: Finance"), Set.copyOf(member("e2@example.com").tags()));
        assertEquals(0, sandbox.audience().tagMemberCount("Dept: Sales"));
        assertEquals(3, sandbox.audience().tagMemberCount("Dept: Finance"));
        assertEquals(1, sandbox.audience().tagMemberCount("VIP"));
        assertEquals(2, tagCalls(), "one call adds to Dept: Finance, one removes from Dept: Sales");
        assertEquals(0, sandbox.requests(e -> e.path().contains("/members/")), "no per-member call");
        assertEquals(0, sandbox.requests(e -> e.method().equals("POST") && e.path().endsWith("/segments")), "no tag created");
    }

    @Test
    void aTagValueMovesFiveHundredMembersPerCallAndTheIndexKeepsWhatItSet() {
        sandbox.runner.setProperty(PutMailchimpContact.TAG_FIELDS, "Dept: =/DEPT");
        final List<Map<String, Object>> sales = IntStream.range(0, 501)
                .mapToObj(i -> employee("E" + i, "p" + i + "@example.com", "Sales", null)).toList();
        sandbox.syncAndKeepRunning(sales);
        sandbox.simulator.journal().clear();

        sandbox.syncAndKeepRunning(sales.stream().map(r -> employee((String) r.get("EMPLID"), (String) r.get("EMAIL_ADDR"),
                "Support", null)).toList());

        assertEquals(501, sandbox.audience().tagMemberCount("Dept: Support"));
        assertEquals(0, sandbox.audience().tagMemberCount("Dept: Sales"));
        assertEquals(1, sandbox.requests(e -> e.method().equals("POST") && e.path().endsWith("/segments")), "Dept: Support created once");
        assertEquals(4, tagCalls(), "501 added and 501 removed: two calls per tag value");
        sandbox.simulator.journal().clear();

        // The running processor's index holds the tags it set: moving one person back costs one call per tag.
        sandbox.syncAndKeepRunning(List.of(employee("E7", "p7@example.com", "Sales", null)));
        assertEquals(List.of("Dept: Sales"), member("p7@example.com").tags());
        assertEquals(2, tagCalls());
    }

    @Test
    void aTagCallThatFailsSendsItsRecordsToRetryAndTheRetryMovesTheTags() {
        sandbox.close();
        sandbox = new MailchimpSandbox(MailchimpSimulator.builder(), 10, 0);
        sandbox.runner.setProperty(PutMailchimpContact.TAG_FIELDS, "Dept: =/DEPT");
        sandbox.syncAndKeepRunning(List.of(employee("E1", "e1@example.com", "Sales", null),
                employee("E2", "e2@example.com", "Sales", null)));
        final List<Map<String, Object>> moved = List.of(employee("E1", "e1@example.com", "Finance", null),
                employee("E2", "e2@example.com", "Finance", null));
        // The refresh, the tag listing, then the first of the two tag calls fails: the upsert is not sent.
        sandbox.simulator.faults().failNth(3, Fault.status(503, "text/html", "<html>down</html>"));

        sandbox.syncAndKeepRunning(moved);

        sandbox.runner.assertAllFlowFilesTransferred(REL_RETRY, 1);
        assertTrue(String.valueOf(sandbox.auditOf("E1").get("mailchimp_reason"))
                .startsWith("Tags could not be updated, so the contact was left unchanged"), sandbox.auditOf("E1").toString());
        assertEquals("Dept: Sales", member("e1@example.com").mergeFields().get("SYNCTAGS"));

        sandbox.syncAndKeepRunning(moved);

        assertEquals(List.of("Dept: Finance"), member("e1@example.com").tags());
        assertEquals(List.of("Dept: Finance"), member("e2@example.com").tags());
        assertEquals(0, sandbox.audience().tagMemberCount("Dept: Sales"));
    }

    @Test
    void anEmptyValueRemovesTheTagTheSyncSet() {
        sandbox.runner.setProperty(PutMailchimpContact.TAG_FIELDS, "Dept: =/DEPT");
        sandbox.sync(List.of(employee("E1", "e1@example.com", "Sales", null)));
        sandbox.audience().tagMember("e1@example.com", "Newsletter");

        sandbox.sync(List.of(employee("E1", "e1@example.com", " ", null)));

        assertEquals(List.of("Newsletter"), member("e1@example.com").tags());
        assertEquals("", member("e1@example.com").mergeFields().getOrDefault("SYNCTAGS", ""));
    }

    private void useInterests(final boolean create) {
        sandbox.runner.setProperty(PutMailchimpContact.INTEREST_FIELD, "/BU");
        sandbox.runner.setProperty(PutMailchimpContact.INTEREST_CATEGORY, "Business Unit");
        sandbox.runner.setProperty(PutMailchimpContact.CREATE_MISSING_INTEREST_GROUPS, String.valueOf(create));
    }

    private Set<String> groups(final String email) {
        return member(email).interests().stream().map(sandbox.audience()::interestName).collect(Collectors.toSet());
    }

    private static Map<String, Object> inUnit(final String emplid, final String email, final String unit) {
        final Map<String, Object> record = MailchimpSandbox.employee(emplid, email, "A");
        record.put("BU", unit);
        return record;
    }

    @Test
    void interestGroupsAreSetAndChangedThroughTheBatchUpsert() {
        useInterests(true);
        sandbox.sync(List.of(inUnit("E1", "e1@example.com", "Retail"), inUnit("E2", "e2@example.com", "Wholesale")));

        assertEquals(List.of("Retail", "Wholesale"), sandbox.audience().interestNames("Business Unit"));
        assertEquals(Set.of("Retail"), groups("e1@example.com"));
        assertEquals(Set.of("Wholesale"), groups("e2@example.com"));
        sandbox.simulator.journal().clear();

        sandbox.sync(List.of(inUnit("E1", "e1@example.com", "Wholesale"), inUnit("E2", "e2@example.com", "Wholesale")));

        assertEquals(Set.of("Wholesale"), groups("e1@example.com"));
        assertEquals("updated", sandbox.auditOf("E1").get("mailchimp_action"));
        assertEquals(1, sandbox.batchCalls());
        assertEquals(0, sandbox.requests(e -> !e.method().equals("GET") && !e.path().endsWith("/lists/" + sandbox.audienceId)),
                "only the batch upsert writes");

        // An email change moves the contact with one PATCH, which carries the group too.
        sandbox.sync(List.of(inUnit("E2", "e2.new@example.com", "Retail")));
        assertEquals("updated", sandbox.auditOf("E2").get("mailchimp_action"));
        assertEquals(Set.of("Retail"), groups("e2.new@example.com"));
    }

    @Test
    void anEmailChangeMovesTheTagsWithTheContact() {
        sandbox.runner.setProperty(PutMailchimpContact.TAG_FIELDS, "Dept: =/DEPT");
        sandbox.sync(List.of(employee("E1", "e1@example.com", "Sales", null)));
        sandbox.audience().tagMember("e1@example.com", "VIP");

        sandbox.sync(List.of(employee("E1", "e1.new@example.com", "Finance", null)));

        assertEquals(Set.of("VIP", "Dept: Finance"), Set.copyOf(member("e1.new@example.com").tags()));
        assertEquals("Dept: Finance", member("e1.new@example.com").mergeFields().get("SYNCTAGS"));
    }

    @Test
    void verificationChecksTheInterestCategory() {
        useInterests(false);
        final PutMailchimpContact processor = (PutMailchimpContact) sandbox.runner.getProcessor();
        List<ConfigVerificationResult> results = processor.verify(sandbox.runner.getProcessContext(), sandbox.runner.getLogger(), Map.of());
        assertEquals("Check Interest Category", results.getLast().getVerificationStepName());
        assertEquals(ConfigVerificationResult.Outcome.FAILED, results.getLast().getOutcome());
        assertTrue(results.get(1).getExplanation().contains("SYNCGROUP"), results.get(1).getExplanation());

        sandbox.runner.setProperty(PutMailchimpContact.CREATE_MISSING_INTEREST_GROUPS, "true");
        sandbox.sync(List.of(inUnit("E1", "e1@example.com", "Retail")));
        results = processor.verify(sandbox.runner.getProcessContext(), sandbox.runner.getLogger(), Map.of());
        assertEquals("Interest category 'Business Unit' has groups Retail", results.getLast().getExplanation());
    }

    @Test
    void interestFieldAndCategoryGoTogether() {
        sandbox.runner.setProperty(PutMailchimpContact.INTEREST_FIELD, "/BU");
        sandbox.runner.assertNotValid();
        sandbox.runner.setProperty(PutMailchimpContact.INTEREST_CATEGORY, "Business Unit");
        sandbox.runner.assertValid();
        sandbox.runner.setProperty(PutMailchimpContact.TAG_FIELDS, "Dept: =DEPT[");
        sandbox.runner.assertNotValid();
    }

    @Test
    void aMissingGroupFailsTheRecordWhenGroupsAreNotCreated() {
        useInterests(false);
        sandbox.sync(List.of(inUnit("E1", "e1@example.com", "Retail")));

        sandbox.runner.assertAllFlowFilesTransferred(REL_FAILURE, 1);
        assertEquals("Interest group 'Retail' does not exist in interest category 'Business Unit' and Create Missing "
                + "Interest Groups is false", sandbox.auditOf("E1").get("mailchimp_reason"));
        assertTrue(sandbox.audience().members().isEmpty());
    }

    /** A mixed audience: every status, active and terminated people, rehires, an email change, bad records. */
    private List<Map<String, Object>> seedMixedAudience() {
        final List<Map<String, Object>> records = new ArrayList<>();
        sandbox.audience().addMergeField("EMPLID", "text", false);
        for (final String status : List.of("subscribed", "unsubscribed", "cleaned", "pending", "transactional", "archived")) {
            for (final String hr : List.of("A", "I")) {
                final String emplid = status.toUpperCase(java.util.Locale.ROOT) + "-" + hr;
                final String email = status + "-" + hr + "@example.com";
                sandbox.audience().seedMember(email, status, Map.of("EMPLID", emplid));
                records.add(unit(MailchimpSandbox.employee(emplid, email, hr), "Retail"));
            }
        }
        sandbox.audience().seedMember("rehired@example.com", "archived", Map.of("EMPLID", "REHIRED"));
        sandbox.audience().tagMember("rehired@example.com", "Archived at termination while subscribed");
        records.add(unit(MailchimpSandbox.employee("REHIRED", "rehired@example.com", "A"), "Wholesale"));
        sandbox.audience().seedMember("old@example.com", "subscribed", Map.of("EMPLID", "MOVED"));
        records.add(unit(MailchimpSandbox.employee("MOVED", "new@example.com", "A"), "Retail"));
        records.add(unit(MailchimpSandbox.employee("NEW-A", "new-a@example.com", "A"), "Outlet"));
        records.add(unit(MailchimpSandbox.employee("NEW-I", "new-i@example.com", "I"), "Retail"));
        records.add(unit(MailchimpSandbox.employee("BAD", "not-an-email", "A"), "Retail"));
        return records;
    }

    private static Map<String, Object> unit(final Map<String, Object> record, final String unit) {
        record.put("BU", unit);
        record.put("DEPT", "Sales");
        return record;
    }

    private Map<String, String> actions() {
        final Map<String, String> actions = new LinkedHashMap<>();
        final List<Map<String, Object>> all = new ArrayList<>(sandbox.audit(REL_SUCCESS));
        all.addAll(sandbox.audit(REL_FAILURE));
        all.addAll(sandbox.audit(REL_RETRY));
        all.forEach(r -> actions.put(String.valueOf(r.get("EMPLID")), String.valueOf(r.get("mailchimp_action"))));
        return actions;
    }

    @ParameterizedTest
    @EnumSource(TerminationAction.class)
    void aDryRunWritesNothingAndPredictsExactlyWhatTheRealRunDoes(final TerminationAction action) {
        sandbox.runner.setProperty(PutMailchimpContact.TERMINATION_ACTION, action.getValue());
        sandbox.runner.setProperty(PutMailchimpContact.TAG_FIELDS, "Dept: =/DEPT");
        useInterests(true);
        final List<Map<String, Object>> records = seedMixedAudience();
        final List<Member> before = sandbox.audience().members();
        sandbox.simulator.journal().clear();
        sandbox.runner.setProperty(PutMailchimpContact.DRY_RUN, "true");

        sandbox.sync(records);

        final Predicate<JournalEntry> write = e -> !e.method().equals("GET");
        assertEquals(List.of(), sandbox.simulator.journal().entries().stream().filter(write).map(e -> e.method() + " " + e.path()).toList());
        assertEquals(before, sandbox.audience().members());
        assertEquals(List.of(), sandbox.audience().tagNames().stream().filter(t -> t.startsWith("Dept")).toList());
        final Map<String, String> predicted = actions();
        final MockFlowFile report = sandbox.runner.getFlowFilesForRelationship(REL_SUCCESS).getFirst();
        // Only a rehire restored under Archive writes the group Wholesale.
        assertEquals("interest group Outlet; interest group Retail; "
                + (action == TerminationAction.ARCHIVE ? "interest group Wholesale; " : "")
                + "merge field SRCVERSION; merge field SYNCGROUP; merge field SYNCTAGS; tag Dept: Sales", report.getAttribute("mailchimp.dry_run.creates"));
        assertEquals(String.valueOf(predicted.values().stream().filter("would_create"::equals).count()),
                report.getAttribute("mailchimp.would_create.count"));
        assertEquals(null, report.getAttribute("mailchimp.created.count"));
        assertEquals(0, sandbox.runner.getProvenanceEvents().stream()
                .filter(e -> e.getEventType() == ProvenanceEventType.SEND).count(), "nothing was sent");
        assertTrue(predicted.values().containsAll(List.of("would_create", "would_update", "skipped", "failed")), predicted.toString());

        sandbox.runner.setProperty(PutMailchimpContact.DRY_RUN, "false");
        sandbox.sync(records);

        final Map<String, String> real = actions();
        final Map<String, String> expected = new LinkedHashMap<>();
        final Map<String, String> done = Map.of("would_create", "created", "would_update", "updated",
                "would_unsubscribe", "unsubscribed", "would_archive", "archived");
        predicted.forEach((emplid, would) -> expected.put(emplid, done.getOrDefault(would, would)));
        assertEquals(expected, real);

        // Tags and group are part of what the sync wrote: the same records again change nothing.
        sandbox.runner.setProperty(PutMailchimpContact.DRY_RUN, "true");
        sandbox.sync(records);
        assertEquals("unchanged", actions().get("NEW-A"));
        assertEquals("unchanged", actions().get("SUBSCRIBED-A"));
    }
}
