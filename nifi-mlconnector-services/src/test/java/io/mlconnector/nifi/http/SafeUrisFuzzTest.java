package io.mlconnector.nifi.http;

import io.mlconnector.sandbox.fuzz.Hostile;
import io.mlconnector.sandbox.report.ReliabilityReport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every value a user or a record can put into a request URL (audience IDs, query names, node names, service operation
 * paths, prompt values) goes through SafeUris: whatever it holds ({@code /}, {@code ..}, {@code ?}, {@code #},
 * {@code %2F}, CR/LF, Unicode), it is refused or it stays exactly one encoded path segment (or query value) on the
 * same host.
 */
class SafeUrisFuzzTest {

    private static final String BASE = "https://hr.example.com:8443/PSIGW/RESTListeningConnector/PSFT_HR";
    private static long inputs;
    private static long refused;

    @Test
    void hostileSegmentsAreRefusedOrStayOneEncodedSegment() {
        final Random random = new Random(Hostile.SEED);
        for (int i = 0; i < Hostile.INPUTS * 10; i++) {
            final List<String> segments = new ArrayList<>();
            for (int n = 0, count = 1 + random.nextInt(3); n < count; n++) {
                segments.add(Hostile.text(random, 6));
            }
            final Map<String, String> query = new LinkedHashMap<>();
            query.put(Hostile.text(random, 3) + "k", Hostile.text(random, 6));
            inputs++;
            final URI uri;
            try {
                uri = SafeUris.resolve(BASE, segments, query);
            } catch (final IllegalArgumentException e) {
                refused++;
                assertTrue(e.getMessage().contains("refused") || e.getMessage().contains("empty"), e.getMessage());
                continue;
            }
            final String raw = uri.toString();
            assertTrue(raw.chars().noneMatch(c -> c < 0x21 || c > 0x7e), () -> "unencoded character in " + raw);
            assertEquals("hr.example.com", uri.getHost());
            assertEquals(8443, uri.getPort());
            assertTrue(uri.getRawFragment() == null, raw);
            final String path = uri.getRawPath().substring(URI.create(BASE).getRawPath().length() + 1);
            assertEquals(segments.stream().map(SafeUrisFuzzTest::utf8).toList(), Arrays.stream(path.split("/", -1)).map(SafeUrisFuzzTest::decode).toList(), raw);
            final String[] pair = uri.getRawQuery().split("=", -1);
            assertEquals(2, pair.length, raw);
            final Map.Entry<String, String> parameter = query.entrySet().iterator().next();
            assertEquals(Map.of(utf8(parameter.getKey()), utf8(parameter.getValue())), Map.of(decode(pair[0]), decode(pair[1])), raw);
        }
    }

    /** The text as UTF-8 carries it: an unpaired surrogate becomes '?', encoded like any other. */
    private static String utf8(final String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }

    private static String decode(final String raw) {
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    @AfterAll
    static void publish() {
        ReliabilityReport.writeSection("fuzz-urls" + Hostile.SECTION_SUFFIX, String.format(
                "URLs (`SafeUrisFuzzTest`, services module): %,d hostile path segments and query values (`/`, `\\`, `..`, `?`,"
                        + " `#`, `%%2F`, CR/LF, Unicode): %,d refused, every other one stayed one encoded segment or value on the"
                        + " configured host. API keys whose data-center suffix could change the host are refused at validation"
                        + " (`StandardMailchimpConnectionServiceTest`), and plain http to Mailchimp is refused unless the host is"
                        + " this machine (`TransportSecurityTest`).", inputs, refused));
    }
}
