package io.mlconnector.nifi.records;

import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.json.JsonRecordSetWriter;
import org.apache.nifi.processor.AbstractProcessor;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.schema.access.SchemaAccessUtils;
import org.apache.nifi.serialization.RecordSetWriterFactory;
import org.apache.nifi.serialization.SimpleRecordSchema;
import org.apache.nifi.serialization.record.MapRecord;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.apache.nifi.serialization.record.RecordSchema;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.MockProcessSession;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordFlowFileWriterTest {

    private static final Relationship OUT = new Relationship.Builder().name("out").build();
    private static final RecordSchema SCHEMA = new SimpleRecordSchema(List.of(
            new RecordField("EMPLID", RecordFieldType.STRING.getDataType(), true), new RecordField("EMPL_RCD", RecordFieldType.LONG.getDataType(), true)));

    private TestRunner runner;
    private RecordSetWriterFactory writerFactory;
    private MockProcessSession session;

    @BeforeEach
    void setUp() throws Exception {
        runner = TestRunners.newTestRunner(new AbstractProcessor() {
            @Override
            public Set<Relationship> getRelationships() {
                return Set.of(OUT);
            }

            @Override
            public void onTrigger(final ProcessContext context, final ProcessSession processSession) {
                // the tests drive the session themselves
            }
        });
        final JsonRecordSetWriter writer = new JsonRecordSetWriter();
        runner.addControllerService("writer", writer);
        runner.setProperty(writer, "Schema Write Strategy", "full-schema-attribute");
        runner.setProperty(writer, SchemaAccessUtils.SCHEMA_ACCESS_STRATEGY, SchemaAccessUtils.INHERIT_RECORD_SCHEMA);
        runner.enableControllerService(writer);
        writerFactory = writer;
        session = (MockProcessSession) runner.getProcessSessionFactory().createSession();
    }

    @Test
    void aChildIsCreatedOnTheFirstRecordAndFinishedWithTheWritersAttributesTheCountAndTheMimeType() throws IOException {
        final FlowFile parent = session.putAttribute(session.create(), "audience", "a1");
        final RecordFlowFileWriter child = new RecordFlowFileWriter(session, parent, writerFactory, runner.getLogger(), parent.getAttributes(), SCHEMA);
        assertNull(child.flowFile(), "no record, no FlowFile");

        child.write(new MapRecord(SCHEMA, Map.of("EMPLID", "K0001", "EMPL_RCD", 0L)));
        child.write(new MapRecord(SCHEMA, Map.of("EMPLID", "K0002", "EMPL_RCD", 1L)));
        final MockFlowFile written = (MockFlowFile) child.finish(Map.of("mime.type", "application/vnd.example+json", "extra", "yes"));

        assertEquals(2, child.recordCount());
        assertEquals("[{\"EMPLID\":\"K0001\",\"EMPL_RCD\":0},{\"EMPLID\":\"K0002\",\"EMPL_RCD\":1}]", new String(written.toByteArray(), StandardCharsets.UTF_8));
        written.assertAttributeEquals("record.count", "2");
        written.assertAttributeEquals("mime.type", "application/vnd.example+json");
        written.assertAttributeEquals("extra", "yes");
        written.assertAttributeEquals("audience", "a1");
        assertTrue(written.getAttribute("avro.schema").contains("EMPL_RCD"), "the writer's own attributes");
        session.remove(parent);
        session.transfer(written, OUT);
        session.commitAsync();
    }

    @Test
    void finishingWithoutARecordGivesAnEmptyRecordSetAndAbandoningRemovesTheChild() throws IOException {
        final MockFlowFile empty = (MockFlowFile) new RecordFlowFileWriter(session, null, writerFactory, runner.getLogger(), Map.of(), SCHEMA).finish(Map.of());
        assertEquals("[]", new String(empty.toByteArray(), StandardCharsets.UTF_8));
        empty.assertAttributeEquals("record.count", "0");
        empty.assertAttributeEquals("mime.type", "application/json");

        final RecordFlowFileWriter abandoned = new RecordFlowFileWriter(session, null, writerFactory, runner.getLogger(), Map.of(), SCHEMA);
        abandoned.write(new MapRecord(SCHEMA, Map.of("EMPLID", "K0003")));
        abandoned.abandon();
        session.transfer(empty, OUT);
        session.commitAsync(); // fails on a FlowFile neither transferred nor removed
        assertEquals(List.of(empty), session.getFlowFilesForRelationship(OUT));
    }
}
