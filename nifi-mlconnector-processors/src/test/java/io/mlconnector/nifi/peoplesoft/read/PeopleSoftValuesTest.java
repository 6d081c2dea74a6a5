package io.mlconnector.nifi.peoplesoft.read;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlconnector.nifi.time.PeopleSoftDateTimes;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Column names, values and QAS answers as PeopleSoft sends them. */
class PeopleSoftValuesTest {

    private static final ZoneId LOS_ANGELES = ZoneId.of("America/Los_Angeles");
    private final QueryResponseReader reader = new QueryResponseReader(new ObjectMapper().getFactory());

    @Test
    void aliasesAreDroppedUnlessTwoColumnsWouldShareAName() {
        final ColumnNames names = new ColumnNames();
        assertEquals("EMPLID", names.normalise("A.EMPLID"));
        assertEquals("DESCR", names.normalise("D.DESCR"));
        assertEquals("E_DESCR", names.normalise("E.DESCR"));
        assertEquals("D_DESCR", names.normalise("D.DESCR"));
        assertEquals("NAME1", names.normalise("NAME1"));
    }

    @Test
    void theFirstRowWithTwoColumnsOfOneNameAlreadyKeepsBothAliases() throws IOException {
        final RowShaper shaper = new RowShaper("LASTUPDDTTM", LOS_ANGELES);
        for (int row = 0; row < 2; row++) {
            final Map<String, Object> raw = new java.util.LinkedHashMap<>();
            raw.put("A.EMPLID", "K0001");
            raw.put("D.DESCR", "Sales");
            raw.put("E.DESCR", "Clerk");
            raw.put("A.LASTUPDDTTM", "2024-05-01T09:30:00-0700");
            assertEquals(List.of("EMPLID", "D_DESCR", "E_DESCR", "LASTUPDDTTM"), List.copyOf(shaper.shape(raw).values().keySet()), "row " + row);
        }
    }

    @Test
    void datetimesWithAndWithoutOffset() {
        assertEquals(Instant.parse("2024-05-01T16:30:00Z"), PeopleSoftDateTimes.parse("2024-05-01T09:30:00-0700", LOS_ANGELES));
        assertEquals(Instant.parse("2024-05-01T16:30:00Z"), PeopleSoftDateTimes.parse("2024-05-01T09:30:00-07:00", LOS_ANGELES));
        assertEquals(Instant.parse("2024-05-01T16:30:00Z"), PeopleSoftDateTimes.parse("2024-05-01T09:30:00", LOS_ANGELES));
        assertEquals(Instant.parse("2024-05-01T16:30:00.5Z"), PeopleSoftDateTimes.parse("2024-05-01-09.30.00.500000", LOS_ANGELES));
        assertTrue(PeopleSoftDateTimes.isDateTime("2024-05-01T09:30:00-0700"));
        assertFalse(PeopleSoftDateTimes.isDateTime("2024-05-01"));
    }

    @Test
    void queryAnswerRowsLoseTheirRowNumberAndBlanksBecomeNull() throws IOException {
        for (final String key : List.of("queryname=", "queryname")) {
            final List<Map<String, Object>> rows = new ArrayList<>();
            final QueryResponseReader.Envelope envelope = reader.read(json("""
                    {"status":"success","data":{"query":{"numrows":1,"%s":"Q","rows":[
                    {"attr:rownumber":1,"A.EMPLID":"KU0007","A.EMPL_RCD":0,"A.TERMINATION_DT":" ","B.RATE":1.5}]}}}""".formatted(key)), rows::add);
            assertEquals(1, envelope.numRows());
            final Map<String, Object> row = rows.getFirst();
            assertEquals(List.of("A.EMPLID", "A.EMPL_RCD", "A.TERMINATION_DT", "B.RATE"), List.copyOf(row.keySet()));
            assertEquals(0L, row.get("A.EMPL_RCD"));
            assertEquals(null, row.get("A.TERMINATION_DT"));
            assertEquals(1.5, row.get("B.RATE"));
        }
    }

    @Test
    void failedStatusAndCutOffJsonAreErrors() {
        assertThrows(IOException.class, () -> reader.read(json("{\"status\":\"fail\",\"data\":{}}"), row -> true));
        assertThrows(IOException.class, () -> reader.read(json("{\"status\":\"success\",\"data\":{\"query\":{\"rows\":[{\"A\":1}"), row -> true));
        assertThrows(IOException.class, () -> reader.read(json("<html>Sign in</html>"), row -> true));
    }

    @Test
    void aRowWithoutModifiedTimestampFailsNamingTheQueryFix() {
        final Map<String, Object> row = new java.util.LinkedHashMap<>();
        row.put("A.EMPLID", "KU0007");
        row.put("A.LASTUPDDTTM", null);
        final IOException error = assertThrows(IOException.class, () -> new RowShaper("LASTUPDDTTM", LOS_ANGELES).shape(row));
        assertTrue(error.getMessage().contains("wrap timestamps that may be null in NVL"), error.getMessage());
        assertFalse(error.getMessage().contains("KU0007"), "no row values in bulletins");
    }

    @Test
    void componentInterfaceBufferIsFlattenedWithItsPrimaryContact() throws IOException {
        final Map<String, Object> row = ComponentInterfaceSource.flatten(new ObjectMapper().readTree("""
                {"SETID":"SHARE","CUST_ID":"1000","NAME1":"Acme","CUST_CONTACT":[
                {"CNTCT_SEQ_NUM":1,"NAME1":"Old","EMAIL_ADDR":"old@acme.example","PRIMARY_FLAG":"N"},
                {"CNTCT_SEQ_NUM":2,"NAME1":"Jane","EMAIL_ADDR":"jane@acme.example","PRIMARY_FLAG":"Y"}]}"""));
        assertEquals("Acme", row.get("NAME1"));
        assertEquals("Jane", row.get("CUST_CONTACT_NAME1"));
        assertEquals("jane@acme.example", row.get("EMAIL_ADDR"));
        assertEquals(2L, row.get("CNTCT_SEQ_NUM"));
    }

    private static ByteArrayInputStream json(final String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
