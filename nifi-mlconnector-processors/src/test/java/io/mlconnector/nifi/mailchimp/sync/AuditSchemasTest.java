package io.mlconnector.nifi.mailchimp.sync;

import org.apache.nifi.serialization.SimpleRecordSchema;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.apache.nifi.serialization.record.RecordSchema;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

class AuditSchemasTest {

    private static RecordSchema input(final String... names) {
        return new SimpleRecordSchema(List.of(names).stream()
                .map(name -> new RecordField(name, RecordFieldType.STRING.getDataType(), true)).toList());
    }

    @Test
    void everyFlowFileOfOneInputSchemaGetsTheSameAuditSchemaInstance() {
        final AuditSchemas schemas = new AuditSchemas();

        final RecordSchema first = schemas.of(input("EMPLID", "EMAIL_ADDR"));
        final RecordSchema again = schemas.of(input("EMPLID", "EMAIL_ADDR"));
        final RecordSchema other = schemas.of(input("EMPLID", "EMAIL_ADDR", "DEPTID"));

        assertSame(first, again, "an equal input schema of another FlowFile");
        assertNotEquals(first, other);
        assertEquals(List.of("EMPLID", "EMAIL_ADDR", AuditRecords.ACTION, AuditRecords.STATUS, AuditRecords.REASON,
                AuditRecords.REFUSAL, AuditRecords.SYNCED_AT, AuditRecords.AUDIENCE_ID, AuditRecords.SOURCE_ID), first.getFieldNames());
    }

    @Test
    void aReplayedAuditRecordsFieldsAreNotRepeated() {
        final RecordSchema audit = new AuditSchemas().of(input("EMPLID", AuditRecords.ACTION, AuditRecords.SOURCE_ID));

        assertEquals(List.of("EMPLID", AuditRecords.ACTION, AuditRecords.STATUS, AuditRecords.REASON, AuditRecords.REFUSAL,
                AuditRecords.SYNCED_AT, AuditRecords.AUDIENCE_ID, AuditRecords.SOURCE_ID), audit.getFieldNames());
    }

    @Test
    void onlyTheLatestSixteenInputSchemasAreKept() {
        final AuditSchemas schemas = new AuditSchemas();
        final RecordSchema first = schemas.of(input("F0"));
        for (int i = 1; i <= 16; i++) {
            schemas.of(input("F" + i));
        }

        final RecordSchema firstAgain = schemas.of(input("F0"));

        assertEquals(first, firstAgain);
        assertNotSame(first, firstAgain, "made again once dropped");
    }
}
