package io.mlconnector.nifi.peoplesoft.write;

import io.mlconnector.nifi.peoplesoft.read.RowHandler;
import io.mlconnector.nifi.peoplesoft.read.SourceRow;
import io.mlconnector.nifi.records.RecordFlowFileWriter;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.serialization.SimpleRecordSchema;
import org.apache.nifi.serialization.record.MapRecord;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.apache.nifi.serialization.record.RecordSchema;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the rows of a reconciliation pass: every row as a record through the sink, and its key columns (as text, under
 * the rows' own names) into the pass's end FlowFile, which is what a downstream step needs to tell who is absent.
 */
public final class PassWriter implements RowHandler {

    public static final String PASS_ID = "reconciliation.pass.id";
    public static final String PASS_COMPLETE = "reconciliation.pass.complete";
    public static final String PASS_RECORD_COUNT = "reconciliation.pass.record.count";
    public static final String PASS_FLOWFILE_COUNT = "reconciliation.pass.flowfile.count";
    public static final String PASS_STARTED = "reconciliation.pass.started";
    public static final String PASS_WHOLE_POPULATION = "reconciliation.pass.whole.population";
    /** The end of the window read, on every FlowFile of a run or pass. */
    public static final String WINDOW_END = "peoplesoft.window.end";

    /** What a pass wrote: its record FlowFiles, its end FlowFile, the schema to keep and the records it held. */
    public record Written(List<FlowFile> flowFiles, FlowFile end, String schema, long records) {
    }

    private final FlowFileRecordSink sink;
    private final RecordFlowFileWriter keys;
    private final List<String> keyFields;
    private long records;

    /** @param keys the end FlowFile, written with {@link #keySchema} of the key fields */
    public PassWriter(final FlowFileRecordSink sink, final RecordFlowFileWriter keys) {
        this.sink = sink;
        this.keys = keys;
        this.keyFields = keys.schema().getFieldNames();
    }

    /** The schema of the end FlowFile's records: the key columns, as text. */
    public static RecordSchema keySchema(final List<String> keyFields) {
        return new SimpleRecordSchema(keyFields.stream().map(name -> new RecordField(name, RecordFieldType.STRING.getDataType(), true)).toList());
    }

    @Override
    public void accept(final SourceRow row) throws IOException {
        final Map<String, Object> key = HashMap.newHashMap(keyFields.size());
        for (final String field : keyFields) {
            final Object value = row.values().get(field);
            key.put(field, value == null ? null : value.toString());
        }
        keys.write(new MapRecord(keys.schema(), key));
        sink.write(row);
        records++;
    }

    /**
     * Completes the pass's FlowFiles, numbered as fragments of the pass, and its end FlowFile.
     *
     * @param passAttributes what every FlowFile of the pass gets, the end FlowFile included, besides the pass's identifier
     */
    public Written finish(final String passId, final Map<String, String> passAttributes) throws IOException {
        final Map<String, String> attributes = new HashMap<>(passAttributes);
        attributes.put(PASS_ID, passId);
        final List<FlowFile> flowFiles = sink.finish(passId, attributes);
        attributes.put(PASS_COMPLETE, "true");
        attributes.put(PASS_RECORD_COUNT, String.valueOf(records));
        attributes.put(PASS_FLOWFILE_COUNT, String.valueOf(flowFiles.size()));
        return new Written(flowFiles, keys.finish(attributes), sink.schemaToStore(), records);
    }

    /** Closes what is open after a failure; the caller rolls the session back. */
    public void abandon() {
        sink.abandon();
        keys.abandon();
    }
}
