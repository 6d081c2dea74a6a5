package io.mlconnector.nifi.peoplesoft.read;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlconnector.sandbox.fuzz.Hostile;
import io.mlconnector.sandbox.report.ReliabilityReport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Hostile PeopleSoft answers: valid QAS, REST-operation and Component Interface documents filled with hostile values,
 * then truncated, bit-flipped, nested deep, padded with huge values. Reading them must either produce rows or fail
 * with an IOException (which the processor reports, rolling back the run): never another exception, never a hang.
 */
class ResponseParserFuzzTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ZoneId ZONE = ZoneId.of("America/Los_Angeles");
    private static final AtomicLong INPUTS = new AtomicLong();
    private static final AtomicLong REFUSED = new AtomicLong();

    @FunctionalInterface
    private interface Parse {
        void parse(byte[] input) throws IOException;
    }

    @Test
    @Timeout(120)
    void queryAccessServiceAnswers() {
        final Random random = new Random(Hostile.SEED);
        final QueryResponseReader reader = new QueryResponseReader(MAPPER.getFactory());
        run(random, () -> qas(random), input -> {
            final RowShaper shaper = new RowShaper("LASTUPDDTTM", ZONE);
            reader.read(new ByteArrayInputStream(input), row -> {
                shaper.shape(row);
                return true;
            });
        });
    }

    @Test
    @Timeout(120)
    void serviceOperationAnswers() {
        final Random random = new Random(Hostile.SEED + 1);
        final JsonPointer pointer = JsonPointer.compile("/data/employees");
        run(random, () -> "{\"data\":{\"count\":3,\"employees\":" + rows(random) + "}}", input -> {
            final RowShaper shaper = new RowShaper("LASTUPDDTTM", ZONE);
            try (JsonParser parser = MAPPER.getFactory().createParser(input)) {
                if (!JsonRows.seek(parser, pointer) || parser.currentToken() != JsonToken.START_ARRAY) {
                    throw new IOException("no array");
                }
                while (parser.nextToken() == JsonToken.START_OBJECT) {
                    shaper.shape(JsonRows.readObject(parser));
                }
                JsonRows.drain(parser);
            }
        });
    }

    @Test
    @Timeout(120)
    void componentInterfaceAnswers() {
        final Random random = new Random(Hostile.SEED + 2);
        run(random, () -> "{\"SETID\":\"SHARE\",\"CUST_ID\":" + Hostile.jsonScalar(random) + ",\"LASTUPDDTTM\":" + Hostile.jsonScalar(random)
                + ",\"CUST_CNTCT\":[" + row(random).replace("}", ",\"PRIMARY_FLAG\":\"Y\"}") + "," + row(random) + "]}", input -> {
            final JsonNode buffer = MAPPER.readTree(input);
            new RowShaper("LASTUPDDTTM", ZONE).shape(ComponentInterfaceSource.flatten(buffer));
        });
    }

    private static void run(final Random random, final java.util.function.Supplier<String> document, final Parse parse) {
        for (int i = 0; i < Hostile.INPUTS; i++) {
            final byte[] input = Hostile.mutate(random, document.get());
            INPUTS.incrementAndGet();
            try {
                parse.parse(input);
            } catch (final IOException refused) {
                REFUSED.incrementAndGet();
            } catch (final RuntimeException | StackOverflowError e) {
                fail("Input " + i + " (seed " + Hostile.SEED + ") made the parser throw " + e + ": "
                        + new String(input, 0, Math.min(input.length, 300), StandardCharsets.UTF_8), e);
            }
        }
    }

    private static String qas(final Random random) {
        final String status = random.nextInt(10) == 0 ? Hostile.jsonScalar(random) : "\"success\"";
        return "{\"status\":" + status + ",\"data\":{\"query\":{\"numrows\":" + Hostile.jsonScalar(random)
                + ",\"queryname=\":\"MC_EMPL_CHANGES\",\"rows\":" + rows(random) + "}}}";
    }

    private static String rows(final Random random) {
        final StringBuilder rows = new StringBuilder("[");
        for (int i = 0, n = random.nextInt(4); i < n; i++) {
            rows.append(i == 0 ? "" : ",").append(row(random));
        }
        return rows.append(']').toString();
    }

    private static String row(final Random random) {
        final StringBuilder row = new StringBuilder("{\"attr:rownumber\":1,\"A.EMPLID\":" + Hostile.jsonScalar(random)
                + ",\"A.LASTUPDDTTM\":" + Hostile.jsonScalar(random));
        for (int i = 0, n = random.nextInt(4); i < n; i++) {
            row.append(',').append(Hostile.jsonString(random, Hostile.text(random, 6))).append(':')
                    .append(random.nextInt(6) == 0 ? "{\"nested\":[" + Hostile.jsonScalar(random) + "]}" : Hostile.jsonScalar(random));
        }
        return row.append('}').toString();
    }

    @AfterAll
    static void publish() {
        ReliabilityReport.writeSection("fuzz-parsers" + Hostile.SECTION_SUFFIX, String.format(
                "PeopleSoft answers (`ResponseParserFuzzTest`, processors module): %,d inputs (QAS ExecuteQuery, REST service"
                        + " operation, Component Interface), %,d of them refused with a clean error, 0 other exceptions, 0 hangs"
                        + " (seed %d).", INPUTS.get(), REFUSED.get(), Hostile.SEED));

    }
}
