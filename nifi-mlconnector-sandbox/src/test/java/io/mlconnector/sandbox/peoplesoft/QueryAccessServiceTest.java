package io.mlconnector.sandbox.peoplesoft;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlconnector.sandbox.core.SimClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static io.mlconnector.sandbox.peoplesoft.PsHttp.employeeChanges;
import static io.mlconnector.sandbox.peoplesoft.PsHttp.executeQuery;
import static io.mlconnector.sandbox.peoplesoft.PsHttp.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** QAS ExecuteQuery and QueryPrompts: envelope, switches, truncation, XMLP, prompt errors. */
class QueryAccessServiceTest {

    private static final String FROM = "2000-01-01";
    private static final String TO = "2100-01-01-00.00.00";
    private static PeopleSoftSimulator ps;

    @BeforeAll
    static void start() throws IOException {
        ps = PeopleSoftSimulator.builder().clock(SimClock.fixed(Instant.parse("2024-05-01T17:00:00Z")))
                .employees(40, 7).customers(12, 7).start();
    }

    @AfterAll
    static void stop() {
        ps.close();
    }

    @AfterEach
    void reset() {
        ps.settings().columnKeys(ColumnKeys.QUALIFIED).querynameKey("queryname=").blankValue("")
                .serviceStatus(ServiceStatus.PRODUCTION);
    }

    @Test
    void returnsExactlyMaxrowsRowsWhenMoreMatch() {
        JsonNode query = employeeChanges(ps, FROM, TO, 25);
        assertEquals(25, query.path("numrows").asInt());
        assertEquals(25, query.path("rows").size());
        assertEquals(1, query.path("rows").get(0).path("attr:rownumber").asInt());
        assertEquals(25, query.path("rows").get(24).path("attr:rownumber").asInt());

        JsonNode unlimited = employeeChanges(ps, FROM, TO, 0);
        assertEquals(40, unlimited.path("numrows").asInt());
        assertEquals(40, unlimited.path("rows").size());
        assertEquals(40, employeeChanges(ps, FROM, TO, 1000).path("numrows").asInt());
        assertEquals(PsHttp.column(unlimited.path("rows"), "A.EMPLID").subList(0, 25),
                PsHttp.column(query.path("rows"), "A.EMPLID"));
    }

    @Test
    void jsonEnvelopeHasTheQuerynameQuirkAndTypedValues() {
        HttpResponse<String> response = get(ps, executeQuery("MC_EMPL_CHANGES", "JSON", 1, true,
                "FROM_DTTM", FROM, "TO_DTTM", TO));
        JsonNode body = PsHttp.json(response.body());
        assertEquals("success", body.path("status").asText());
        JsonNode query = body.path("data").path("query");
        assertEquals("MC_EMPL_CHANGES", query.path("queryname=").asText());
        JsonNode row = query.path("rows").get(0);
        assertTrue(row.path("A.EMPL_RCD").isNumber());
        assertTrue(row.path("A.EMPLID").isTextual());
        List<String> keys = new java.util.ArrayList<>();
        row.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("attr:rownumber", "A.EMPLID", "A.EMPL_RCD", "B.FIRST_NAME", "B.LAST_NAME",
                "B.NAME_DISPLAY", "C.EMAIL_ADDR", "A.DEPTID", "D.DESCR", "A.JOBCODE", "E.JOBTITLE", "A.HR_STATUS",
                "A.EMPL_STATUS", "A.EFFDT", "A.TERMINATION_DT", "A.LASTUPDDTTM"), keys);
        assertTrue(row.path("A.EFFDT").asText().matches("\\d{4}-\\d{2}-\\d{2}"));
        assertTrue(row.path("A.LASTUPDDTTM").asText().matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}[+-]\\d{4}"));

        ps.settings().querynameKey("queryname").columnKeys(ColumnKeys.BARE);
        JsonNode bare = employeeChanges(ps, FROM, TO, 1);
        assertEquals("MC_EMPL_CHANGES", bare.path("queryname").asText());
        assertTrue(bare.path("queryname=").isMissingNode());
        assertTrue(bare.path("rows").get(0).has("EMPLID"));
        assertTrue(bare.path("rows").get(0).has("DESCR"));
        assertFalse(bare.path("rows").get(0).has("A.EMPLID"));
    }

    @Test
    void emptyCharacterFieldsRenderAsConfiguredBlanks() {
        JsonNode rows = employeeChanges(ps, FROM, TO, 0).path("rows");
        JsonNode active = PsHttp.rowWith(rows, "A.HR_STATUS", "A");
        assertEquals("", active.path("A.TERMINATION_DT").asText());
        ps.settings().blankValue(" ");
        JsonNode spaced = PsHttp.rowWith(employeeChanges(ps, FROM, TO, 0).path("rows"), "A.HR_STATUS", "A");
        assertEquals(" ", spaced.path("A.TERMINATION_DT").asText());
    }

    @Test
    void emptyResultHasZeroRows() {
        JsonNode query = employeeChanges(ps, "1990-01-01", "1990-01-02", 10);
        assertEquals(0, query.path("numrows").asInt());
        assertEquals(0, query.path("rows").size());
    }

    @Test
    void xmlpOutputHasTheQasShape() throws Exception {
        HttpResponse<String> response = get(ps, executeQuery("MC_EMPL_CHANGES", "XMLP", 2, false,
                "FROM_DTTM", FROM, "TO_DTTM", TO));
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("content-type").orElseThrow().startsWith("text/xml"));
        assertTrue(response.body().contains("<A.EMPLID><![CDATA[KU"));
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document xml = factory.newDocumentBuilder().parse(new ByteArrayInputStream(response.body().getBytes(StandardCharsets.UTF_8)));
        Element root = xml.getDocumentElement();
        assertEquals("QAS_GETQUERYRESULTS_RESP_MSG", root.getLocalName());
        Element query = (Element) root.getElementsByTagNameNS("*", "query").item(0);
        assertEquals("2", query.getAttribute("numrows"));
        assertEquals("MC_EMPL_CHANGES", query.getAttribute("queryname"));
        Element row = (Element) query.getElementsByTagNameNS("*", "row").item(1);
        assertEquals("2", row.getAttribute("rownumber"));
        Node emplRcd = row.getElementsByTagNameNS("*", "A.EMPL_RCD").item(0);
        assertEquals("0", emplRcd.getTextContent());
        assertEquals(2, query.getElementsByTagNameNS("*", "row").getLength());
    }

    @Test
    void wrongPromptValueIsAnErrorPerMode() {
        String bad = executeQuery("MC_EMPL_CHANGES", "JSON", 10, true, "FROM_DTTM", "yesterday", "TO_DTTM", TO);
        HttpResponse<String> production = get(ps, bad);
        assertEquals(500, production.statusCode());
        assertEquals("", production.body());

        ps.settings().serviceStatus(ServiceStatus.DEVELOPMENT);
        HttpResponse<String> json = get(ps, bad);
        assertEquals(500, json.statusCode());
        assertEquals("fail", PsHttp.json(json.body()).path("status").asText());
        HttpResponse<String> xml = get(ps, executeQuery("MC_EMPL_CHANGES", "XMLP", 10, false,
                "FROM_DTTM", "2024-02-30", "TO_DTTM", TO));
        assertEquals(500, xml.statusCode());
        assertTrue(xml.body().contains("<IBResponse type=\"error\">"));
    }

    @Test
    void badRequestsAreErrors() {
        assertEquals(500, get(ps, executeQuery("NO_SUCH_QUERY", "JSON", 10, true)).statusCode());
        assertEquals(500, get(ps, executeQuery("MC_EMPL_CHANGES", "JSON", 10, true, "FROM_DTTM", FROM)).statusCode());
        assertEquals(500, get(ps, executeQuery("MC_EMPL_CHANGES", "JSON", -1, true,
                "FROM_DTTM", FROM, "TO_DTTM", TO)).statusCode());
        assertEquals(500, get(ps, executeQuery("MC_EMPL_CHANGES", "JSON", 10, true,
                "FROM_DTTM", FROM, "TO_DTTM", TO, "EXTRA", "x")).statusCode());
        assertEquals(500, get(ps, "ExecuteQuery.v1/PUBLIC/MC_EMPL_CHANGES/JSON/FILE?maxrows=1").statusCode());
        assertEquals(500, get(ps, "ExecuteQuery.v1/PRIVATE/MC_EMPL_CHANGES/JSON/NONFILE?maxrows=1").statusCode());
    }

    @Test
    void queryParameterNamesMatchIgnoringCase() {
        HttpResponse<String> response = get(ps, "ExecuteQuery.v1/public/MC_EMPL_CHANGES/JSON/NONFILE?IsConnectedQuery=N"
                + "&MaxRows=3&Prompt_UniquePromptName=FROM_DTTM,TO_DTTM&Prompt_FieldValue=" + FROM + "," + TO + "&JSON_RESP=true");
        assertEquals(3, PsHttp.json(response.body()).path("data").path("query").path("numrows").asInt());
    }

    @Test
    void listsPrompts() {
        JsonNode json = PsHttp.json(get(ps, "QueryPrompts.v1/PUBLIC/MC_CUST_CHANGES?isconnectedquery=N&json_resp=true").body());
        assertEquals("MC_CUST_CHANGES", json.path("data").path("queryname=").asText());
        assertEquals(List.of("SETID", "FROM_DTTM", "TO_DTTM"), PsHttp.column(json.path("data").path("prompts"), "UniquePromptName"));
        String xml = get(ps, "QueryPrompts.v1/PUBLIC/MC_EMPL_CHANGES?isconnectedquery=N").body();
        assertTrue(xml.contains("<UniquePromptName>FROM_DTTM</UniquePromptName>"));
    }

    @Test
    void customerQueryReturnsThePrimaryContact() {
        HttpResponse<String> response = get(ps, executeQuery("MC_CUST_CHANGES", "JSON", 0, true,
                "SETID", "SHARE", "FROM_DTTM", FROM, "TO_DTTM", TO));
        JsonNode rows = PsHttp.json(response.body()).path("data").path("query").path("rows");
        assertEquals(12, rows.size());
        for (JsonNode row : rows) {
            Customer customer = ps.hr().customer("SHARE", row.path("A.CUST_ID").asText()).orElseThrow();
            CustomerContact primary = customer.primaryContact().orElseThrow();
            assertEquals(primary.email(), row.path("B.EMAIL_ADDR").asText());
            assertEquals(primary.cntctSeqNum(), row.path("B.CNTCT_SEQ_NUM").asInt());
            assertEquals(customer.name1(), row.path("A.NAME1").asText());
        }
        JsonNode other = PsHttp.json(get(ps, executeQuery("MC_CUST_CHANGES", "JSON", 0, true,
                "SETID", "US001", "FROM_DTTM", FROM, "TO_DTTM", TO)).body());
        assertEquals(0, other.path("data").path("query").path("numrows").asInt());
    }

}
