package io.mlconnector.sandbox.service;

import io.mlconnector.sandbox.peoplesoft.HrData;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sandbox's changes pick distinct people, a future-dated termination waits for its date, and reset starts over. */
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
}
