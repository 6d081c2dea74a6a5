package io.mlconnector.nifi.mailchimp;

import com.fasterxml.jackson.core.JsonGenerator;
import org.apache.nifi.util.MockFlowFile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

import static io.mlconnector.nifi.mailchimp.PutMailchimpContact.REL_SUCCESS;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * 100,000 records in one FlowFile. Meant for a forked JVM with a small heap (-Xmx256m validated): the input and
 * output FlowFiles of nifi-mock and the simulator's 100,000 members live in the same heap, the processor holds one
 * window of records, the duplicate fingerprints and the member index. nifi-mock also keeps every provenance event in
 * memory, including the 100,000 per-record SEND events that NiFi writes straight to its repository on disk: this
 * passes at -Xmx320m and runs out of memory at -Xmx256m (it passed at 256m before per-record provenance).
 */
@Tag("bounded-heap")
@Timeout(600)
class PutMailchimpContactBoundedHeapTest {

    private static final int RECORDS = 100_000;

    @Test
    void hundredThousandRecordsInOneFlowFile() throws IOException {
        try (MailchimpSandbox sandbox = new MailchimpSandbox()) {
            sandbox.runner.enqueue(employees());
            sandbox.runner.run();

            sandbox.runner.assertAllFlowFilesTransferred(REL_SUCCESS, 1);
            final MockFlowFile success = sandbox.runner.getFlowFilesForRelationship(REL_SUCCESS).getFirst();
            success.assertAttributeEquals("record.count", String.valueOf(RECORDS));
            success.assertAttributeEquals("mailchimp.created.count", String.valueOf(RECORDS));
            assertEquals("subscribed", sandbox.statusOf("person99999@example.com"));
            assertEquals(RECORDS / 500, sandbox.batchCalls());
            System.out.printf("100k records: %d batch calls, %d requests in all, max heap %d MB%n", sandbox.batchCalls(),
                    sandbox.requests(e -> true), Runtime.getRuntime().maxMemory() >> 20);
        }
    }

    private static byte[] employees() throws IOException {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(RECORDS * 110);
        try (JsonGenerator json = MailchimpSandbox.JSON.createGenerator(out)) {
            json.writeStartArray();
            for (int i = 0; i < RECORDS; i++) {
                json.writeStartObject();
                json.writeStringField("EMPLID", "E" + i);
                json.writeStringField("FIRST_NAME", "First" + i);
                json.writeStringField("LAST_NAME", "Last" + i);
                json.writeStringField("EMAIL_ADDR", "person" + i + "@example.com");
                json.writeStringField("HR_STATUS", "A");
                json.writeEndObject();
            }
            json.writeEndArray();
        }
        return out.toByteArray();
    }
}
