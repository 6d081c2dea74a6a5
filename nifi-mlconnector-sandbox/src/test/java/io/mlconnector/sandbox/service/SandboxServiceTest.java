package io.mlconnector.sandbox.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlconnector.sandbox.core.SimServer;
import io.mlconnector.sandbox.peoplesoft.Employee;
import io.mlconnector.sandbox.peoplesoft.HrData;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sandbox's changes pick distinct people, a future-dated termination waits for its date, the admin API gives someone
 * a second job and ends one, and reset starts over.
 */
class SandboxServiceTest {

    @Test
    void changesPickDistinctPeopleAndAFutureTerminationWaitsForItsDate() throws Exception {
        try (SandboxService sandbox = SandboxService.start(SandboxService.Options.of(60, 10, 3))) {
            final HrData hr = sandbox.peopleSoft().hr();
            final HrChanges changes = sandbox.changes();
            final LocalDate later = hr.today().plusDays(10);

            final HrChanges.Change email = changes.changeEmail(null, null);
            final HrChanges.Change leaves = changes.terminate(null, later);
            final HrChanges.Change today = changes.terminate(null, null);
            assertEquals(3, List.of(email.key(), leaves.key(), today.key()).stream().distinct().count(), changes.recent().toString());
            assertTrue(hr.employee(leaves.key()).orElseThrow().isActive(), "works until " + later);
            assertFalse(hr.employee(today.key()).orElseThrow().isActive());
            assertTrue(leaves.detail().contains("future-dated"), leaves.detail());
            assertEquals("moved." + email.key() + "@newdomain.example.com", hr.employee(email.key()).orElseThrow().email());

            final HrChanges.Change rehire = changes.rehire(null, null);
            assertTrue(hr.employee(rehire.key()).orElseThrow().isActive());
            assertFalse(List.of(email.key(), leaves.key(), today.key()).contains(rehire.key()));
            assertThrows(NoSuchElementException.class, () -> changes.changeEmail("NOBODY", "x@example.com"));
            assertThrows(IllegalArgumentException.class, () -> changes.hire("Grace", null, "grace@example.com"));
            assertEquals(4, changes.recent().size(), "refused changes are not listed");
        }
    }

    @Test
    void resetRestoresTheSeededRowsAndEmptiesTheAudiences() throws Exception {
        try (SandboxService sandbox = SandboxService.start(SandboxService.Options.of(40, 8, 5))) {
            final HrData hr = sandbox.peopleSoft().hr();
            final Map<String, Object> before = Map.of("employees", hr.employeeCount(), "customers", hr.customers(),
                    "rows", PeopleSoftRows.employees(hr));
            final Map<String, String> bindings = sandbox.parameterBindings();
            sandbox.changes().applyRound();
            sandbox.mailchimp().audience(sandbox.employeeAudience()).seedMember("someone@example.com", "subscribed", Map.of());
            assertEquals(6, sandbox.changes().recent().size());

            sandbox.reset();
            assertEquals(before, Map.of("employees", hr.employeeCount(), "customers", hr.customers(),
                    "rows", PeopleSoftRows.employees(hr)));
            assertEquals(List.of(), sandbox.mailchimp().audience(sandbox.employeeAudience()).members());
            assertEquals(List.of(), sandbox.changes().recent());
            assertTrue(bindings.equals(sandbox.parameterBindings()), "addresses, credentials and audiences stay");
        }
    }

    @Test
    void theAdminApiGivesSomeoneASecondJobAndEndsOneOfThem() throws Exception {
        try (SandboxService sandbox = SandboxService.start(SandboxService.Options.of(30, 5, 7));
             SimServer admin = AdminApi.serve(sandbox, 0)) {
            final HrData hr = sandbox.peopleSoft().hr();
            final JsonNode second = post(admin, "/changes/job", "{}");
            assertEquals("second job", second.path("kind").asText());
            final String emplid = second.path("key").asText();
            assertTrue(second.path("detail").asText().contains("EMPL_RCD 1"), second.toString());
            assertEquals(List.of(0, 1), hr.jobs(emplid).stream().map(Employee::emplRcd).toList());
            assertEquals(2, PeopleSoftRows.employees(hr).stream().filter(row -> emplid.equals(row.get("EMPLID"))).count(),
                    "one PeopleSoft row per job");

            final JsonNode ended = post(admin, "/changes/job-end", "{\"emplid\": \"" + emplid + "\", \"empl_rcd\": 0}");
            assertTrue(ended.path("detail").asText().endsWith("still employed in EMPL_RCD [1]"), ended.toString());
            assertTrue(hr.employee(emplid).orElseThrow().isActive(), "active while any job is");
            assertEquals(List.of("I", "A"), hr.jobs(emplid).stream().map(Employee::hrStatus).toList());

            final JsonNode last = post(admin, "/changes/job-end", "{\"emplid\": \"" + emplid + "\"}");
            assertTrue(last.path("detail").asText().contains("the person leaves"), last.toString());
            assertFalse(hr.employee(emplid).orElseThrow().isActive());
            assertTrue(post(admin, "/changes/job-end", "{}").path("error").asText().contains("emplid is required"));
            assertTrue(post(admin, "/changes/job-end", "{\"emplid\": \"" + emplid + "\", \"empl_rcd\": \"x\"}").path("error")
                    .asText().contains("empl_rcd must be a whole number"));
        }
    }

    private static JsonNode post(final SimServer admin, final String path, final String body) throws Exception {
        final HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(admin.baseUrl() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return new ObjectMapper().readTree(response.body());
    }
}
