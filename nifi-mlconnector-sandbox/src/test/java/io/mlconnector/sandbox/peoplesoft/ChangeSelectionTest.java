package io.mlconnector.sandbox.peoplesoft;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlconnector.sandbox.core.SimClock;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static io.mlconnector.sandbox.peoplesoft.PsHttp.column;
import static io.mlconnector.sandbox.peoplesoft.PsHttp.employeeChanges;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How MC_EMPL_CHANGES selects rows over time: windows, effective dates, DST, ties, late commits, mutations. */
class ChangeSelectionTest {

    /** 10:00 PDT. */
    private static final Instant MAY_1 = Instant.parse("2024-05-01T17:00:00Z");

    private static PeopleSoftSimulator start(SimClock clock, int employees) throws IOException {
        return PeopleSoftSimulator.builder().clock(clock).employees(employees, 3).customers(3, 3).start();
    }

    private static JsonNode rowOf(JsonNode query, String emplid) {
        return PsHttp.rowWith(query.path("rows"), "A.EMPLID", emplid);
    }

    @Test
    void futureDatedTerminationAppearsOnItsEffectiveDate() throws IOException {
        SimClock clock = SimClock.fixed(MAY_1);
        try (PeopleSoftSimulator ps = start(clock, 30)) {
            String emplid = ps.hr().employees().stream().filter(Employee::isActive).findFirst().orElseThrow().emplid();
            ps.hr().terminate(emplid, LocalDate.of(2024, 5, 10));
            assertTrue(ps.hr().employee(emplid).orElseThrow().isActive(), "still active before EFFDT");

            clock.set(Instant.parse("2024-05-09T19:00:00Z"));
            assertTrue(ps.hr().employee(emplid).orElseThrow().isActive());
            assertEquals(null, rowOf(employeeChanges(ps, "2024-05-08-12.00.00", "2024-05-09-12.00.00", 0), emplid));

            clock.set(Instant.parse("2024-05-10T19:00:00Z"));
            Employee terminated = ps.hr().employee(emplid).orElseThrow();
            assertEquals("I", terminated.hrStatus());
            JsonNode row = rowOf(employeeChanges(ps, "2024-05-09-12.00.00", "2024-05-10-12.00.00", 0), emplid);
            assertEquals("I", row.path("A.HR_STATUS").asText());
            assertEquals("T", row.path("A.EMPL_STATUS").asText());
            assertEquals("2024-05-10", row.path("A.EFFDT").asText());
            assertEquals("2024-05-09", row.path("A.TERMINATION_DT").asText());
            assertEquals("2024-05-01T10:00:00-0700", row.path("A.LASTUPDDTTM").asText(), "keyed on May 1");

            assertEquals(null, rowOf(employeeChanges(ps, "2024-05-10-12.00.00", "2024-05-11-12.00.00", 0), emplid),
                    "the effective-date window is date(FROM) < EFFDT <= date(TO)");
        }
    }

    @Test
    void eachConcurrentJobIsARowThatChangesOnItsOwn() throws IOException {
        SimClock clock = SimClock.fixed(MAY_1);
        try (PeopleSoftSimulator ps = start(clock, 30)) {
            String emplid = ps.hr().employees().stream().filter(Employee::isActive).findFirst().orElseThrow().emplid();
            clock.set(Instant.parse("2024-05-02T17:00:00Z"));
            int second = ps.hr().addJob(emplid, "10300", "120010", LocalDate.of(2024, 5, 2));
            assertEquals(1, second);
            JsonNode both = employeeChanges(ps, "2000-01-01-00.00.00", "2024-05-03-00.00.00", 0);
            List<String> jobs = new ArrayList<>();
            both.path("rows").forEach(row -> {
                if (row.path("A.EMPLID").asText().equals(emplid)) {
                    jobs.add(row.path("A.EMPL_RCD").asText() + row.path("A.HR_STATUS").asText());
                }
            });
            assertEquals(List.of("0A", "1A"), jobs, "one row per employment record, as a query over JOB returns them");

            clock.set(Instant.parse("2024-05-06T17:00:00Z"));
            ps.hr().endJob(emplid, 0, LocalDate.of(2024, 5, 6));
            JsonNode window = employeeChanges(ps, "2024-05-06-00.00.00", "2024-05-07-00.00.00", 0);
            JsonNode ended = rowOf(window, emplid);
            assertEquals(0, ended.path("A.EMPL_RCD").asInt());
            assertEquals("I", ended.path("A.HR_STATUS").asText());
            assertEquals(1, window.path("rows").findValues("A.EMPLID").stream().filter(id -> id.asText().equals(emplid)).count(),
                    "the other job's row did not change in this window, so it is not returned");
            assertTrue(ps.hr().employee(emplid).orElseThrow().isActive(), "still employed in the second job");
            assertEquals(1, ps.hr().employee(emplid).orElseThrow().emplRcd());

            ps.hr().terminate(emplid, LocalDate.of(2024, 5, 6));
            assertFalse(ps.hr().employee(emplid).orElseThrow().isActive(), "a termination ends every job");
        }
    }

    @Test
    void windowIsFromInclusiveToExclusiveOnWholeSeconds() throws IOException {
        SimClock clock = SimClock.fixed(MAY_1.plusMillis(900));
        try (PeopleSoftSimulator ps = start(clock, 5)) {
            String hired = ps.hr().hire("Ada", "Lovelace", "Ada.Lovelace@Example.com");
            assertEquals("2024-05-01T10:00:00-0700", rowOf(employeeChanges(ps, "2024-05-01-10.00.00",
                    "2024-05-01-10.00.01", 0), hired).path("A.LASTUPDDTTM").asText());
            assertEquals(null, rowOf(employeeChanges(ps, "2024-05-01-09.00.00", "2024-05-01-10.00.00", 0), hired));
            assertEquals(null, rowOf(employeeChanges(ps, "2024-05-01-10.00.01", "2024-05-01-11.00.00", 0), hired));
        }
    }

    @Test
    void renderingFollowsTheBaseTimeZoneAcrossADstChange() throws IOException {
        SimClock clock = SimClock.fixed(Instant.parse("2024-11-03T08:30:00Z"));
        try (PeopleSoftSimulator ps = start(clock, 10)) {
            ps.hr().changeEmail("KU0000001", "first.change@example.com");
            clock.set(Instant.parse("2024-11-03T09:30:00Z"));
            ps.hr().changeEmail("KU0000002", "second.change@example.com");
            JsonNode query = employeeChanges(ps, "2024-11-03-00.00.00", "2024-11-03-03.00.00", 0);
            assertEquals("2024-11-03T01:30:00-0700", rowOf(query, "KU0000001").path("A.LASTUPDDTTM").asText());
            assertEquals("2024-11-03T01:30:00-0800", rowOf(query, "KU0000002").path("A.LASTUPDDTTM").asText());
            List<String> order = column(query.path("rows"), "A.EMPLID");
            assertTrue(order.indexOf("KU0000001") < order.indexOf("KU0000002"));
            // 01:30 is ambiguous on that day: the earlier offset (PDT) is taken, so only the first change is in range.
            JsonNode ambiguous = employeeChanges(ps, "2024-11-03-01.30.00", "2024-11-03-01.30.01", 0);
            assertEquals(List.of("KU0000001"), column(ambiguous.path("rows"), "A.EMPLID"));
        }
    }

    @Test
    void seededRowsTieOnWholeSecondsAndAreOrderedByTimeThenEmplid() throws IOException {
        try (PeopleSoftSimulator ps = start(SimClock.fixed(MAY_1), 60)) {
            JsonNode rows = employeeChanges(ps, "2000-01-01", "2100-01-01", 0).path("rows");
            assertEquals(60, rows.size());
            int ties = 0;
            for (int i = 1; i < rows.size(); i++) {
                String previousTime = rows.get(i - 1).path("A.LASTUPDDTTM").asText();
                String time = rows.get(i).path("A.LASTUPDDTTM").asText();
                Instant a = parse(previousTime);
                Instant b = parse(time);
                assertFalse(b.isBefore(a));
                if (a.equals(b)) {
                    ties++;
                    assertTrue(rows.get(i - 1).path("A.EMPLID").asText().compareTo(rows.get(i).path("A.EMPLID").asText()) < 0);
                }
            }
            assertTrue(ties >= 30, "ties: " + ties);
        }
    }

    @Test
    void lateCommitIsOnlySeenThroughAnOverlap() throws IOException {
        SimClock clock = SimClock.fixed(MAY_1);
        try (PeopleSoftSimulator ps = start(clock, 20)) {
            String emplid = ps.hr().employees().stream().filter(Employee::isActive).findFirst().orElseThrow().emplid();
            String deptBefore = ps.hr().employee(emplid).orElseThrow().deptid();
            clock.advance(Duration.ofMinutes(5));
            ps.hr().commitLate(emplid, MAY_1.minus(Duration.ofMinutes(30)));
            assertEquals(null, rowOf(employeeChanges(ps, "2024-05-01-10.00.00", "2024-05-01-10.10.00", 0), emplid));
            JsonNode row = rowOf(employeeChanges(ps, "2024-05-01-09.15.00", "2024-05-01-10.10.00", 0), emplid);
            assertEquals("2024-05-01T09:30:00-0700", row.path("A.LASTUPDDTTM").asText());
            assertFalse(row.path("A.DEPTID").asText().equals(deptBefore));
        }
    }

    @Test
    void mutationsShowUpStampedWithTheClock() throws IOException {
        SimClock clock = SimClock.fixed(MAY_1);
        try (PeopleSoftSimulator ps = start(clock, 10)) {
            String hired = ps.hr().hire("Grace", "Hopper", "grace.hopper@example.com", "10500", "140010",
                    LocalDate.of(2024, 5, 1));
            ps.hr().changeEmail("KU0000003", "New.Address@Example.com");
            ps.hr().changeName("KU0000004", "Renée", "O'Brien");
            ps.hr().updateDepartment("KU0000005", "10700");
            ps.hr().rehire("KU0000006", LocalDate.of(2024, 5, 1));
            JsonNode query = employeeChanges(ps, "2024-05-01-10.00.00", "2024-05-01-10.00.01", 0);
            assertEquals(List.of("KU0000003", "KU0000004", "KU0000005", "KU0000006", hired),
                    column(query.path("rows"), "A.EMPLID"), "one tie, ordered by EMPLID");
            assertEquals("New.Address@Example.com", rowOf(query, "KU0000003").path("C.EMAIL_ADDR").asText());
            assertEquals("Renée O'Brien", rowOf(query, "KU0000004").path("B.NAME_DISPLAY").asText());
            assertEquals(ps.hr().departments().get("10700"), rowOf(query, "KU0000005").path("D.DESCR").asText());
            assertEquals("A", rowOf(query, "KU0000006").path("A.HR_STATUS").asText());
            assertEquals(ps.hr().jobCodes().get("140010"), rowOf(query, hired).path("E.JOBTITLE").asText());
            assertEquals(11, ps.hr().employeeCount());
        }
    }

    @Test
    void seededDataIsDeterministicWithUniqueValidEmails() throws IOException {
        String url = PsHttp.executeQuery("MC_EMPL_CHANGES", "JSON", 0, true, "FROM_DTTM", "2000-01-01", "TO_DTTM", "2100-01-01");
        try (PeopleSoftSimulator a = start(SimClock.fixed(MAY_1), 300);
             PeopleSoftSimulator b = start(SimClock.fixed(MAY_1), 300)) {
            assertEquals(PsHttp.get(a, url).body(), PsHttp.get(b, url).body());
            List<String> emails = new ArrayList<>();
            a.hr().employeeStream().forEach(e -> emails.add(e.email()));
            assertEquals(300, emails.size());
            assertEquals(300, emails.stream().map(String::toLowerCase).distinct().count());
            assertTrue(emails.stream().allMatch(e -> e.matches("[A-Za-z]+\\.[A-Za-z]+\\.\\d+@example\\.(com|org|net)")));
            assertTrue(emails.stream().anyMatch(e -> !e.equals(e.toLowerCase())), "some mixed-case addresses");
            assertTrue(a.hr().employees().stream().anyMatch(e -> "T".equals(e.emplStatus())));
        }
    }

    private static Instant parse(String peopleSoftDateTime) {
        return java.time.OffsetDateTime.parse(peopleSoftDateTime,
                java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxx")).toInstant();
    }
}
