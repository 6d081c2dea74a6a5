package io.mlconnector.nifi.peoplesoft;

import org.apache.nifi.json.JsonRecordSetWriter;
import org.apache.nifi.schema.access.SchemaAccessUtils;
import org.apache.nifi.util.MockFlowFile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One answer of 200,000 rows goes through in a JVM with a small heap (it passes with -Xmx32m): the answer is streamed row by
 * row into FlowFiles, never held. The writer keeps two columns so that the mock session, which holds FlowFile content
 * in memory, stays small too.
 */
@Tag("bounded-heap")
class GetPeopleSoftRecordsBoundedHeapTest {

    @Test
    void answerOf200000RowsIsStreamed() throws Exception {
        try (PeopleSoftHarness harness = new PeopleSoftHarness(Instant.parse("2025-03-04T18:00:00Z"), 200_000, 0)) {
            final JsonRecordSetWriter narrowWriter = new JsonRecordSetWriter();
            harness.runner.addControllerService("narrow-writer", narrowWriter);
            harness.runner.setProperty(narrowWriter, SchemaAccessUtils.SCHEMA_ACCESS_STRATEGY, SchemaAccessUtils.SCHEMA_TEXT_PROPERTY);
            harness.runner.setProperty(narrowWriter, SchemaAccessUtils.SCHEMA_TEXT, """
                    {"type":"record","name":"employee","fields":[{"name":"EMPLID","type":"string"},{"name":"HR_STATUS","type":["null","string"]}]}""");
            harness.runner.enableControllerService(narrowWriter);
            harness.runner.setProperty(GetPeopleSoftRecords.RECORD_WRITER, "narrow-writer");
            harness.runner.setProperty(GetPeopleSoftRecords.MAX_ROWS, "250000");
            harness.runner.setProperty(GetPeopleSoftRecords.RECORDS_PER_FLOWFILE, "50000");

            harness.runner.run();

            long records = 0;
            for (final MockFlowFile flowFile : harness.flowFiles()) {
                records += Long.parseLong(flowFile.getAttribute("record.count"));
            }
            assertEquals(200_000, records);
            assertEquals(4, harness.flowFiles().size());
            assertEquals(1, harness.requests("ExecuteQuery.v1"));
        }
    }
}
