package io.mlconnector.nifi.mailchimp;

import io.mlconnector.nifi.mailchimp.audience.MailchimpAnswers;
import io.mlconnector.nifi.mailchimp.audience.Refusal;
import io.mlconnector.nifi.mailchimp.contact.TerminationAction;
import io.mlconnector.nifi.mailchimp.sync.Outcome;
import io.mlconnector.sandbox.core.Fault;
import io.mlconnector.sandbox.core.SimRequest;
import io.mlconnector.sandbox.mailchimp.MailchimpSimulator;
import io.mlconnector.sandbox.mailchimp.MailchimpSwitches;
import io.mlconnector.sandbox.report.ReliabilityReport;
import org.apache.nifi.util.MockFlowFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import static io.mlconnector.nifi.mailchimp.MailchimpSandbox.employee;
import static io.mlconnector.nifi.mailchimp.PutMailchimpContact.REL_FAILURE;
import static io.mlconnector.nifi.mailchimp.PutMailchimpContact.REL_RETRY;
import static io.mlconnector.nifi.mailchimp.PutMailchimpContact.REL_SUCCESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each class of Mailchimp's refusals routes its records as documented, named in mailchimp_refusal. */
@Timeout(60)
class PutMailchimpContactRefusalClassesTest {

    private static final String SIGNUP_LIMIT = "%s has signed up to a lot of lists very recently; we're not allowing more signups for now";

    private MailchimpSandbox sandbox;

    /**
     * R1-R10 as the product reads them, written to docs/reliability.md: Mailchimp's documented answer, the class and
     * route the product's classification gives it now, and the tests that route it through the processor and the flow.
     */
    @AfterAll
    static void publish() {
        final String email = "pat@example.com";
        final List<String> rows = List.of(
                row("R1", batchItem(email + " is in a compliance state due to unsubscribe, bounce, or compliance review and cannot be "
                        + "subscribed."), "`RefusalsTest.consentRefusalsAreSkips`"),
                row("R2", batchItem(email + " was permanently deleted and cannot be re-imported."),
                        "`permanentForThePersonIsSkippedWithWhatThePersonMustDo`"),
                row("R3", batchItem(email + " looks fake or invalid, please enter a real email address."),
                        "`permanentForTheRecordFails`; matrix: partial batch failure"),
                row("R4", batchItem(email + " has signed up to a lot of lists very recently; we're not allowing more signups for now"),
                        "`retryLaterHoldsTheRecordsWithoutCallingMailchimpOrSpendingARetryRound`; matrix: signups throttled for one address"),
                row("R5", answer(400, "Invalid Resource", "Your merge fields were invalid.", MailchimpAnswers.Target.MEMBER),
                        "`permanentForTheRecordFails`; matrix: required merge field added mid-run"),
                row("R6", answer(400, "Member Exists", email + " is already a list member. Use PUT to insert or update list members.",
                        MailchimpAnswers.Target.MEMBER), "`orderingRetriesWithWhatMailchimpHolds`"),
                row("R7", answer(405, "Method Not Allowed", "This list member cannot be removed. Can not archive a contact that is "
                        + "bounced, pending or archived", MailchimpAnswers.Target.MEMBER), "`nothingToDoWhenMailchimpWillNotArchive`"),
                row("R8", answer(404, "Resource Not Found", "The requested resource could not be found.", MailchimpAnswers.Target.MEMBER),
                        "`DryRunParityTest` (a contact no longer in the audience); on tags: `tagsOfAMemberMailchimpDoesNotKnowYetAreRetried`"),
                row("R9", MailchimpAnswers.unavailable(new MailchimpTransientException(429, "HTTP 429 Too Many Requests", null)),
                        "`retryNowAfterTheServiceRetriedThrottlingAndOutages`; matrix: 429 storm, 403 empty body, 429 empty body"),
                row("R10", answer(401, "API Key Invalid", "Your API key may be invalid, or you've attempted to access the wrong datacenter.",
                        MailchimpAnswers.Target.AUDIENCE), "`configurationFailsEveryRecord`; matrix: API key rejected"));
        ReliabilityReport.writeSection("refusals", String.join("\n",
                "| Row | Mailchimp's answer | Class | Route | Routed by |", "|---|---|---|---|---|", String.join("\n", rows)));
    }

    private static Refusal batchItem(final String error) {
        return MailchimpAnswers.refusal("ERROR_GENERIC", error, "", "");
    }

    private static Refusal answer(final int status, final String title, final String detail, final MailchimpAnswers.Target target) {
        return MailchimpAnswers.refusal(new MailchimpResponse(status, MailchimpSandbox.JSON.createObjectNode().put("title", title)
                .put("status", status).put("detail", detail)), target);
    }

    private static String row(final String row, final Refusal refusal, final String tests) {
        final Outcome outcome = Outcome.refused(refusal, "subscribed");
        final String route = switch (outcome.route()) {
            case SUCCESS -> "success (" + outcome.action().value() + ")";
            case RETRY_LATER -> "retry, held for the Retry Later Delay";
            default -> outcome.route().name().toLowerCase(Locale.ROOT);
        };
        return "| " + row + " | " + refusal.message() + " | " + refusal.refusalClass().value() + " | " + route + " | " + tests + " |";
    }

    @AfterEach
    void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private Predicate<SimRequest> batch() {
        return r -> r.method().equals("POST") && r.path().endsWith("/lists/" + sandbox.audienceId);
    }

    private static Predicate<SimRequest> request(final String method, final String pathEnd) {
        return r -> r.method().equals(method) && r.path().endsWith(pathEnd);
    }

    private static Fault problem(final int status, final String title, final String detail) {
        return Fault.status(status, "application/problem+json", "{\"type\":\"https://mailchimp.com/developer/marketing/docs/errors/\","
                + "\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\"" + detail + "\",\"instance\":\"x\"}");
    }

    /** A batch subscribe answer refusing one address (HTTP 200, as Mailchimp answers). */
    private static Fault batchRefusing(final String email, final String code, final String error) {
        return Fault.status(200, "application/json", "{\"new_members\":[],\"updated_members\":[],\"errors\":[{\"email_address\":\""
                + email + "\",\"error\":\"" + error + "\",\"error_code\":\"" + code + "\",\"field\":\"\",\"field_message\":\"\"}],"
                + "\"total_created\":0,\"total_updated\":0,\"error_count\":1}");
    }

    @Test
    void retryNowAfterTheServiceRetriedThrottlingAndOutages() {
        for (final Fault fault : List.of(Fault.status(429, "application/problem+json", "{\"title\":\"Too Many Requests\"}"),
                Fault.status(403, null, null), Fault.status(503, "text/html", "<html>down</html>"))) {
            sandbox = new MailchimpSandbox(MailchimpSimulator.builder(), 10, 1);
            sandbox.simulator.faults().failNthMatching(1, batch(), fault).failNthMatching(2, batch(), fault);

            sandbox.sync(List.of(employee("E1", "one@example.com", "A")));

            final Map<String, Object> audit = sandbox.auditOf("E1");
            assertEquals(List.of(audit), sandbox.audit(REL_RETRY), fault.toString());
            assertEquals("retry_now", audit.get("mailchimp_refusal"));
            assertTrue(String.valueOf(audit.get("mailchimp_reason")).startsWith("Mailchimp still unavailable after retries"));
            sandbox.close();
        }
        sandbox = null;
    }

    @Test
    void retryLaterHoldsTheRecordsWithoutCallingMailchimpOrSpendingARetryRound() {
        sandbox = new MailchimpSandbox();
        sandbox.runner.setProperty(PutMailchimpContact.BATCH_SIZE, "1");
        sandbox.simulator.faults().failNthMatching(1, batch().and(r -> r.bodyAsString().contains("busy@")), batchRefusing("busy@example.com", "ERROR_GENERIC",
                SIGNUP_LIMIT.formatted("busy@example.com")));
        final Instant before = Instant.now();

        sandbox.sync(List.of(employee("E1", "busy@example.com", "A"), employee("E2", "two@example.com", "A")));

        assertEquals("created", sandbox.auditOf("E2").get("mailchimp_action"));
        final MockFlowFile held = sandbox.runner.getFlowFilesForRelationship(REL_RETRY).getFirst();
        final Map<String, Object> audit = MailchimpSandbox.read(held).getFirst();
        assertEquals("retry_later", audit.get("mailchimp_refusal"));
        assertEquals("failed", audit.get("mailchimp_action"));
        assertTrue(String.valueOf(audit.get("mailchimp_reason")).contains("signed up to a lot of lists very recently"));
        final Instant after = Instant.parse(held.getAttribute("mailchimp.retry.after"));
        assertTrue(!after.isBefore(before.plus(Duration.ofHours(6))) && after.isBefore(Instant.now().plus(Duration.ofHours(6)).plusSeconds(1)),
                "six hours, the default Retry Later Delay: " + after);
        assertTrue(held.isPenalized());

        // Back from RetryFlowFile before its time: left in the queue, no request, no transfer.
        sandbox.simulator.journal().clear();
        sandbox.runner.clearTransferState();
        sandbox.runner.enqueue(held.toByteArray(), Map.of("mailchimp.retry.after", after.toString(), "mailchimp.retries", "1"));
        sandbox.runner.run(1, true, true);
        assertEquals(0, sandbox.simulator.journal().entries().size());
        assertEquals(1, sandbox.runner.getQueueSize().getObjectCount());
        assertEquals(0, sandbox.runner.getFlowFilesForRelationship(REL_RETRY).size() + sandbox.runner.getFlowFilesForRelationship(REL_SUCCESS).size());

        // Once the time has come, it is sent; its audit FlowFile no longer names a retry time.
        sandbox.runner.clearQueue();
        sandbox.runner.enqueue(held.toByteArray(), Map.of("mailchimp.retry.after", Instant.now().minusSeconds(1).toString()));
        sandbox.runner.run(1, true, true);
        assertEquals("created", sandbox.auditOf("E1").get("mailchimp_action"));
        assertNull(sandbox.runner.getFlowFilesForRelationship(REL_SUCCESS).getFirst().getAttribute("mailchimp.retry.after"));
    }

    @Test
    void permanentForThePersonIsSkippedWithWhatThePersonMustDo() {
        sandbox = new MailchimpSandbox();
        sandbox.audience().seedMember("gone@example.com", "subscribed", Map.of());
        sandbox.audience().forget("gone@example.com");

        sandbox.sync(List.of(employee("E1", "gone@example.com", "A")));

        final Map<String, Object> audit = sandbox.audit(REL_SUCCESS).getFirst();
        assertEquals("skipped", audit.get("mailchimp_action"));
        assertEquals("permanent_for_person", audit.get("mailchimp_refusal"));
        assertTrue(String.valueOf(audit.get("mailchimp_reason")).contains("permanently deleted"), audit::toString);
        assertTrue(String.valueOf(audit.get("mailchimp_reason")).contains("subscribing again through a signup form"), audit::toString);
    }

    @Test
    void permanentForTheRecordFails() {
        sandbox = new MailchimpSandbox();
        sandbox.simulator.settings().fakeEmailDomains(Set.of("fake.test"));
        sandbox.audience().addMergeField("AGE", "number", false);
        sandbox.runner.setProperty("AGE", "/AGE");
        final Map<String, Object> notANumber = employee("E2", "two@example.com", "A");
        notANumber.put("AGE", "forty");

        sandbox.sync(List.of(employee("E1", "one@fake.test", "A"), notANumber));

        final List<Map<String, Object>> failed = sandbox.audit(REL_FAILURE);
        assertEquals(List.of("permanent_for_record", "permanent_for_record"), failed.stream().map(r -> r.get("mailchimp_refusal")).toList());
        assertTrue(String.valueOf(failed.get(0).get("mailchimp_reason")).contains("looks fake or invalid"));
        assertTrue(String.valueOf(failed.get(1).get("mailchimp_reason")).contains("AGE"), failed.get(1)::toString);
    }

    @Test
    void nothingToDoWhenMailchimpWillNotArchive() {
        sandbox = new MailchimpSandbox();
        sandbox.runner.setProperty(PutMailchimpContact.TERMINATION_ACTION, TerminationAction.ARCHIVE.getValue());
        sandbox.syncAndKeepRunning(List.of(employee("E1", "one@example.com", "A")));
        sandbox.simulator.faults().failNthMatching(1, request("DELETE", ""), problem(405, "Method Not Allowed",
                "This list member cannot be removed. Can not archive a contact that is bounced, pending or archived"));

        sandbox.syncAndKeepRunning(List.of(employee("E1", "one@example.com", "I")));

        final Map<String, Object> audit = sandbox.audit(REL_SUCCESS).getFirst();
        assertEquals("skipped", audit.get("mailchimp_action"));
        assertEquals("nothing_to_do", audit.get("mailchimp_refusal"));
        assertEquals("subscribed", sandbox.statusOf("one@example.com"));
        assertTrue(sandbox.audience().member("one@example.com").orElseThrow().tags().isEmpty(), "no archive marker left");
    }

    @Test
    void orderingRetriesWithWhatMailchimpHolds() {
        sandbox = new MailchimpSandbox();
        sandbox.simulator.faults().failNthMatching(1, batch(), batchRefusing("one@example.com", "ERROR_CONTACT_EXISTS",
                "one@example.com is already a list member."));

        sandbox.sync(List.of(employee("E1", "one@example.com", "A")));

        final Map<String, Object> audit = sandbox.audit(REL_RETRY).getFirst();
        assertEquals("ordering", audit.get("mailchimp_refusal"));
        assertTrue(String.valueOf(audit.get("mailchimp_reason")).contains("joined the audience"));
    }

    private static Map<String, Object> renamed(final Map<String, Object> record) {
        record.put("LAST_NAME", "Renamed");
        return record;
    }

    /**
     * O4 with an account that refuses batch items without a status: the refused update is read and sent alone as a
     * PATCH without status, which keeps the status; the audience is then known to refuse them, so later updates spend
     * no batch call on a refusal. Nobody is re-subscribed: the contact who opted out since keeps the opt-out.
     */
    @Test
    void anUpdateRefusedForWantOfAStatusIsSentAloneWithoutOneAndTheAudienceLearnt() {
        sandbox = new MailchimpSandbox();
        sandbox.syncAndKeepRunning(List.of(employee("E1", "one@example.com", "A"), employee("E2", "two@example.com", "A"),
                employee("E3", "three@example.com", "A")));
        MailchimpSwitches.apply(sandbox.simulator.settings(), "batch-missing-status=refused");
        sandbox.simulator.journal().clear();

        sandbox.syncAndKeepRunning(List.of(renamed(employee("E1", "one@example.com", "A"))));

        assertEquals("updated", sandbox.auditOf("E1").get("mailchimp_action"), sandbox.auditOf("E1")::toString);
        assertEquals("Renamed", sandbox.audience().member("one@example.com").orElseThrow().mergeFields().get("LNAME"));
        assertEquals(List.of("POST batch", "GET member", "PATCH member"), writesAndMemberReads());

        sandbox.audience().seedMember("three@example.com", "unsubscribed", sandbox.audience().member("three@example.com")
                .orElseThrow().mergeFields());
        sandbox.simulator.journal().clear();
        sandbox.syncAndKeepRunning(List.of(renamed(employee("E2", "two@example.com", "A")), renamed(employee("E3", "three@example.com", "A"))));

        assertEquals(List.of("GET member", "PATCH member"), writesAndMemberReads(), "no batch: the audience refuses status-less items");
        assertEquals("updated", sandbox.auditOf("E2").get("mailchimp_action"));
        assertEquals("skipped", sandbox.auditOf("E3").get("mailchimp_action"), "the refresh saw the opt-out");
        assertEquals(List.of("subscribed", "subscribed", "unsubscribed"),
                List.of(sandbox.statusOf("one@example.com"), sandbox.statusOf("two@example.com"), sandbox.statusOf("three@example.com")));
        assertTrue(sandbox.simulator.journal().entries().stream().noneMatch(e -> e.method().equals("PATCH") && e.body().contains("status")));
    }

    /** The calls that write, and the reads of single members, in order; the index refresh and tag lookups left out. */
    private List<String> writesAndMemberReads() {
        return sandbox.simulator.journal().entries().stream()
                .filter(e -> !e.method().equals("GET") || e.path().matches(".*/members/[0-9a-f]{32}"))
                .map(e -> e.method() + (e.path().endsWith("/lists/" + sandbox.audienceId) ? " batch" : " member")).toList();
    }

    @Test
    void tagsOfAMemberMailchimpDoesNotKnowYetAreRetried() {
        sandbox = new MailchimpSandbox();
        sandbox.runner.setProperty(PutMailchimpContact.TERMINATION_ACTION, TerminationAction.ARCHIVE.getValue());
        sandbox.syncAndKeepRunning(List.of(employee("E1", "one@example.com", "A")));
        sandbox.simulator.faults().failNthMatching(1, request("POST", "/tags"), problem(404, "Resource Not Found",
                "The requested resource could not be found."));

        sandbox.syncAndKeepRunning(List.of(employee("E1", "one@example.com", "I")));

        final Map<String, Object> audit = sandbox.audit(REL_RETRY).getFirst();
        assertEquals("ordering", audit.get("mailchimp_refusal"));
        assertEquals("subscribed", sandbox.statusOf("one@example.com"), "not archived without its marker");
    }

    @Test
    void configurationFailsEveryRecord() {
        sandbox = new MailchimpSandbox();
        sandbox.runner.setProperty(PutMailchimpContact.AUDIENCE_ID, "nosuchlist");

        sandbox.sync(List.of(employee("E1", "one@example.com", "A"), employee("E2", "two@example.com", "A")));

        final List<Map<String, Object>> failed = sandbox.audit(REL_FAILURE);
        assertEquals(List.of("configuration", "configuration"), failed.stream().map(r -> r.get("mailchimp_refusal")).toList());

        sandbox.runner.setProperty(PutMailchimpContact.AUDIENCE_ID, sandbox.audienceId);
        sandbox.simulator.faults().failNth(1, problem(401, "API Key Invalid",
                "Your API key may be invalid, or you've attempted to access the wrong datacenter."));
        sandbox.sync(List.of(employee("E1", "one@example.com", "A")));
        assertEquals("configuration", sandbox.auditOf("E1").get("mailchimp_refusal"));
        assertTrue(String.valueOf(sandbox.auditOf("E1").get("mailchimp_reason")).contains("API Key Invalid"));
    }

    @Test
    void aWriteWhoseAnswerWasLostIsReadAgainBeforeDeciding() {
        sandbox = new MailchimpSandbox(MailchimpSimulator.builder(), 10, 1);
        sandbox.syncAndKeepRunning(List.of(employee("E1", "old@example.com", "A")));
        // The move is made, its answer cut; the service sends it again and Mailchimp no longer knows the old address.
        sandbox.simulator.faults().failNthMatching(1, request("PATCH", ""), Fault.truncatedBody());

        sandbox.syncAndKeepRunning(List.of(employee("E1", "new@example.com", "A")));

        assertEquals("updated", sandbox.auditOf("E1").get("mailchimp_action"), sandbox.auditOf("E1")::toString);
        assertEquals(List.of("new@example.com"), sandbox.audience().members().stream().map(m -> m.email()).toList());
    }
}
