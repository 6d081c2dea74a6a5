package io.mlconnector.nifi.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafeUrisTest {

    @Test
    void encodesSegmentsAndQueryKeepingPromptCommas() {
        final Map<String, String> query = new LinkedHashMap<>();
        query.put("prompt_uniquepromptname", "FROM_DTTM,TO_DTTM");
        query.put("prompt_fieldvalue", "2026-01-01-00.00.00,a b&c=d");
        assertEquals("https://h:8443/PSIGW/RESTListeningConnector/PSFT_HR/ExecuteQuery.v1/PUBLIC/MC%20Q%C3%84/JSON"
                        + "?prompt_uniquepromptname=FROM_DTTM,TO_DTTM&prompt_fieldvalue=2026-01-01-00.00.00,a%20b%26c%3Dd",
                SafeUris.resolve("https://h:8443/PSIGW/RESTListeningConnector",
                        List.of("PSFT_HR", "ExecuteQuery.v1", "PUBLIC", "MC QÄ", "JSON"), query).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "a/b", "..%2F", "x..y", "a?b=c", "a#b", "a\\b"})
    void refusesSegmentsThatLeaveTheirPlace(final String segment) {
        final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> SafeUris.resolve("https://h", List.of("ok", segment), Map.of()));
        assertTrue(refused.getMessage().contains("segment"), refused.getMessage());
    }

    @Test
    void dropsQueryFromUrisShownInMessages() {
        assertEquals("https://h/signon.html", SafeUris.withoutQuery("https://h/signon.html?token=x"));
    }
}
