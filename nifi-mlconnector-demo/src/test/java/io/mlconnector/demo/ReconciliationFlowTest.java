package io.mlconnector.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlconnector.sandbox.core.Fault;
import io.mlconnector.sandbox.core.SimServer;
import io.mlconnector.sandbox.mailchimp.Audience;
import io.mlconnector.sandbox.mailchimp.Member;
import io.mlconnector.sandbox.peoplesoft.Employee;
import io.mlconnector.sandbox.service.AdminApi;
import io.mlconnector.sandbox.service.AudienceCheck;
import org.apache.nifi.util.MockFlowFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped flow's weekly reconciliation pass, against the sandbox: drift of each kind made through the admin API
 * after the initial load; a pass that fails half-way changes nobody; the next one converges, with its report.
 */
@Timeout(180)
class ReconciliationFlowTest {

    private static final String RECONCILE = "Reconcile Employees from PeopleSoft";
    private static final String PUT = "Put Employees into Mailchimp";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aPassFindsEachDriftKindAndConvergesAndAnInterruptedOneChangesNobody() throws Exception {
        try (Sandbox sandbox = Sandbox.start(300, 10, 3)) {
            final Map<String, String> bindings = new LinkedHashMap<>(sandbox.parameterBindings());
            bindings.put("Employee Orphan Policy", "Archive");
            final FlowDefinition flow = FlowDefinition.shipped();
            try (FlowRunner runner = FlowRunner.create(flow, ComponentCatalog.fromClasspath(), bindings, step -> { });
                 SimServer admin = AdminApi.serve(sandbox.service(), 0)) {
                runner.runOnce();
                final Map<String, JsonNode> drift = new LinkedHashMap<>();
                for (final String kind : List.of("remove-from-population", "edit-by-hand", "archive-by-hand", "orphan")) {
                    drift.put(kind, post(admin, "/drift/" + kind));
                }
                final String gone = drift.get("remove-from-population").path("key").asText();
                final String edited = drift.get("edit-by-hand").path("key").asText();
                final String archived = drift.get("archive-by-hand").path("key").asText();
                final String orphan = drift.get("orphan").path("key").asText();
                final Audience audience = sandbox.mailchimp().audience(sandbox.employeeAudience());
                final String goneEmail = emailOf(audience, gone);
                Sandbox.letChangesSettle();
                runner.enable(RECONCILE);

                // PeopleSoft fails the pass's second read: nothing of it is emitted, nobody is archived.
                sandbox.peopleSoft().faults().failNthMatching(3, r -> r.path().contains("MC_EMPL_CHANGES"),
                        Fault.status(503, "text/html", "<html>unavailable</html>"));
                final FlowRunner.RunResult failed = runner.runOnce();
                assertEquals(List.of(), failed.outputs(RECONCILE, "pass complete"));
                assertEquals(List.of(), failed.outputs(PUT, "reconciliation report"));
                assertEquals("subscribed", status(audience, goneEmail));
                assertEquals("subscribed", status(audience, emailOf(audience, orphan)));

                Sandbox.letChangesSettle();
                final FlowRunner.RunResult pass = runner.runOnce();
                final List<MockFlowFile> reports = pass.outputs(PUT, "reconciliation report");
                assertEquals(1, reports.size());
                final JsonNode report = JSON.readTree(reports.getFirst().toByteArray());
                assertEquals("archived", status(audience, goneEmail), "left the population without a change row");
                assertEquals("archived", status(audience, emailOf(audience, orphan)));
                final Employee person = sandbox.peopleSoft().hr().employee(edited).orElseThrow();
                assertEquals(person.firstName(), audience.member(person.email()).orElseThrow().mergeFields().get("FNAME"));
                assertEquals("archived", status(audience, emailOf(audience, archived)), "archived by hand: reported, never restored");

                final JsonNode records = report.path("records");
                assertEquals(records.path("read").asLong(), records.path("settled").asLong(), report.toPrettyString());
                assertEquals(1, records.path("corrected").path("field_value").asInt(), report.toPrettyString());
                assertEquals(1, records.path("corrected").path("fields_overwritten").path("FNAME").asInt());
                assertEquals(1, records.path("skipped_by_consent").asInt());
                assertEquals(2, report.path("orphans").path("found").asInt());
                assertEquals(2, report.path("orphans").path("archived").asInt());
                assertEquals(records.path("read").asLong() - 2, records.path("unchanged").asLong(), "the rest cost nothing");

                // Parity: only the contact archived by hand differs, as the consent rule leaves it.
                final List<AudienceCheck.Result> parity = sandbox.service().parity(flow.processors(), flow.parameterValues(bindings));
                final List<String> differences = parity.stream().flatMap(r -> r.differences().stream()).toList();
                assertEquals(1, differences.size(), differences.toString());
                assertTrue(differences.getFirst().startsWith(archived + " "), differences.toString());
            }
        }
    }

    private static String emailOf(final Audience audience, final String emplid) {
        return audience.members().stream().filter(m -> emplid.equals(String.valueOf(m.mergeFields().get("EMPLID"))))
                .map(Member::email).findFirst().orElseThrow(() -> new AssertionError("no contact of " + emplid));
    }

    private static String status(final Audience audience, final String email) {
        return audience.member(email).map(Member::status).orElse(null);
    }

    private JsonNode post(final SimServer admin, final String path) throws Exception {
        final HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port() + path))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, response.statusCode(), path + ": " + response.body());
        return JSON.readTree(response.body());
    }
}
