package io.mlconnector.sandbox.peoplesoft;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.mlconnector.sandbox.core.SimClock;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** 200,000 seeded employees stream through QAS without the simulator (or this test) holding them in memory. */
@Tag("bounded-heap")
class LargeSeedTest {

    @Test
    void streamsTwoHundredThousandEmployees() throws Exception {
        int count = 200_000;
        try (PeopleSoftSimulator ps = PeopleSoftSimulator.builder()
                .clock(SimClock.fixed(Instant.parse("2024-05-01T17:00:00Z"))).employees(count, 42).start()) {
            String url = ps.targetLocation() + "/" + PsHttp.executeQuery("MC_EMPL_CHANGES", "JSON", 0, true,
                    "FROM_DTTM", "1900-01-01", "TO_DTTM", "2024-05-01-10.00.00");
            HttpResponse<InputStream> response = PsHttp.CLIENT.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", PsHttp.basic(ps.username(), ps.password())).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            int numrows = -1;
            int rows = 0;
            String lastEmplid = null;
            try (JsonParser parser = new JsonFactory().createParser(response.body())) {
                for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                    if (token == JsonToken.FIELD_NAME && "numrows".equals(parser.currentName())) {
                        parser.nextToken();
                        numrows = parser.getIntValue();
                    } else if (token == JsonToken.FIELD_NAME && "attr:rownumber".equals(parser.currentName())) {
                        rows++;
                    } else if (token == JsonToken.FIELD_NAME && "A.EMPLID".equals(parser.currentName())) {
                        parser.nextToken();
                        lastEmplid = parser.getText();
                    }
                }
            }
            assertEquals(200, response.statusCode());
            assertEquals(count, numrows);
            assertEquals(count, rows);
            assertEquals("KU0200000", lastEmplid);
        }
    }
}
