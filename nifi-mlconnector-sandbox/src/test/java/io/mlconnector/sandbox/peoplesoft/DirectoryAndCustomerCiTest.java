package io.mlconnector.sandbox.peoplesoft;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlconnector.sandbox.core.SimClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.mlconnector.sandbox.peoplesoft.PsHttp.column;
import static io.mlconnector.sandbox.peoplesoft.PsHttp.get;
import static io.mlconnector.sandbox.peoplesoft.PsHttp.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The employee-directory date-range operation and the CUSTOMER_CI REST services. */
class DirectoryAndCustomerCiTest {

    private static final SimClock CLOCK = SimClock.fixed(Instant.parse("2024-05-01T17:00:00Z"));
    private static PeopleSoftSimulator ps;

    @BeforeAll
    static void start() throws IOException {
        ps = PeopleSoftSimulator.builder().clock(CLOCK).employees(50, 11).customers(30, 11).start();
    }

    @AfterAll
    static void stop() {
        ps.close();
    }

    @Test
    void directorySelectsLikeTheQueryWithBareKeys() {
        String from = "2023-06-01-00.00.00";
        String to = "2024-01-01-00.00.00";
        HttpResponse<String> response = get(ps, "MC_EMPLOYEE_DIRECTORY.v1/changes?start=" + from + "&end=" + to);
        assertEquals(200, response.statusCode());
        JsonNode employees = json(response.body()).path("data").path("employees");
        JsonNode query = PsHttp.employeeChanges(ps, from, to, 0);
        assertTrue(employees.size() > 0);
        assertEquals(column(query.path("rows"), "A.EMPLID"), column(employees, "EMPLID"));
        assertEquals(column(query.path("rows"), "A.LASTUPDDTTM"), column(employees, "LASTUPDDTTM"));
        assertEquals(16, employees.get(0).size() + 1, "the query's columns plus attr:rownumber");
    }

    @Test
    void directoryRejectsBadRangesPerMode() {
        assertEquals(500, get(ps, "MC_EMPLOYEE_DIRECTORY.v1/changes?start=soon&end=2024-01-01").statusCode());
        assertEquals(404, get(ps, "MC_EMPLOYEE_DIRECTORY.v1/other").statusCode());
    }

    @Test
    void ciFindMatchesKeysThatBeginWithTheValues() {
        JsonNode all = json(get(ps, "CIRT_CUSTOMER_CI_F_GET.v1?SETID=SHARE").body()).path("CUSTOMER_CI");
        assertEquals(30, all.size());
        assertEquals(List.of("SETID", "CUST_ID", "NAME1"), List.of("SETID", "CUST_ID", "NAME1").stream()
                .filter(all.get(0)::has).toList());
        JsonNode one = json(get(ps, "CIRT_CUSTOMER_CI_F_GET.v1?SETID=SHARE&CUST_ID=100007").body()).path("CUSTOMER_CI");
        assertEquals(List.of("100007"), column(one, "CUST_ID"));
        String prefix = all.get(3).path("NAME1").asText().substring(0, 4).toLowerCase();
        JsonNode byName = json(get(ps, "CIRT_CUSTOMER_CI_F_GET.v1?SETID=SHARE&NAME1=" + prefix).body()).path("CUSTOMER_CI");
        assertTrue(byName.size() >= 1);
        byName.forEach(c -> assertTrue(c.path("NAME1").asText().toLowerCase().startsWith(prefix)));
        assertEquals(0, json(get(ps, "CIRT_CUSTOMER_CI_F_GET.v1?SETID=OTHER").body()).path("CUSTOMER_CI").size());
        assertEquals(500, get(ps, "CIRT_CUSTOMER_CI_F_GET.v1?CUST_ID=1").statusCode());
    }

    @Test
    void ciGetReturnsTheBufferWithOnePrimaryContact() {
        JsonNode ci = json(get(ps, "CIRT_CUSTOMER_CI_G_GET.v1/SHARE/100004").body());
        assertEquals("SHARE", ci.path("SETID").asText());
        assertEquals("100004", ci.path("CUST_ID").asText());
        assertTrue(ci.path("SINCE_DT").asText().matches("\\d{4}-\\d{2}-\\d{2}"));
        assertTrue(ci.path("LASTUPDDTTM").asText().matches(".*[+-]\\d{4}"));
        assertEquals(1, column(ci.path("CUST_CONTACT"), "PRIMARY_FLAG").stream().filter("Y"::equals).count());
        assertEquals(404, get(ps, "CIRT_CUSTOMER_CI_G_GET.v1/SHARE/999").statusCode());
    }

    @Test
    void customerMutationsAreVisibleInTheQuery() {
        CLOCK.advance(Duration.ofHours(1));
        String added = ps.hr().addCustomer("Zenith Air", "Mia", "Wong", "mia.wong@zenith.example.com");
        Customer existing = ps.hr().customer("SHARE", "100001").orElseThrow();
        int primary = existing.primaryContact().orElseThrow().cntctSeqNum();
        ps.hr().changeContactEmail("SHARE", "100001", primary, "Primary.Contact@Example.com");
        ps.hr().inactivateCustomer("SHARE", "100002");
        ps.hr().updateCustomer("SHARE", "100003", "Renamed Ltd");
        HttpResponse<String> response = get(ps, PsHttp.executeQuery("MC_CUST_CHANGES", "JSON", 0, true,
                "SETID", "SHARE", "FROM_DTTM", "2024-05-01-11.00.00", "TO_DTTM", "2024-05-01-12.00.00"));
        JsonNode rows = json(response.body()).path("data").path("query").path("rows");
        assertEquals(List.of("100001", "100002", "100003", added), column(rows, "A.CUST_ID"));
        assertEquals("Primary.Contact@Example.com", rows.get(0).path("B.EMAIL_ADDR").asText());
        assertEquals("I", rows.get(1).path("A.CUST_STATUS").asText());
        assertEquals("Renamed Ltd", rows.get(2).path("A.NAME1").asText());
        assertEquals("mia.wong@zenith.example.com", rows.get(3).path("B.EMAIL_ADDR").asText());
        assertEquals("2024-05-01T11:00:00-0700", rows.get(3).path("A.LASTUPDDTTM").asText());
        assertEquals(31, ps.hr().customers().size());
    }
}
