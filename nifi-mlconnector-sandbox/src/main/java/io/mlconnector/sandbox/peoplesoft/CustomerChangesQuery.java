package io.mlconnector.sandbox.peoplesoft;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** {@code MC_CUST_CHANGES}: customers of SETID changed in [FROM_DTTM, TO_DTTM), one row each with the primary contact. */
final class CustomerChangesQuery extends QueryDefinition {

    static final String NAME = "MC_CUST_CHANGES";

    private static final List<QueryColumn> COLUMNS = List.of(
            new QueryColumn("A", "SETID", FieldType.CHAR),
            new QueryColumn("A", "CUST_ID", FieldType.CHAR),
            new QueryColumn("A", "NAME1", FieldType.CHAR),
            new QueryColumn("A", "CUST_STATUS", FieldType.CHAR),
            new QueryColumn("B", "CNTCT_SEQ_NUM", FieldType.NUMBER),
            new QueryColumn("B", "FIRST_NAME", FieldType.CHAR),
            new QueryColumn("B", "LAST_NAME", FieldType.CHAR),
            new QueryColumn("B", "EMAIL_ADDR", FieldType.CHAR),
            new QueryColumn("A", "LASTUPDDTTM", FieldType.DATETIME));

    CustomerChangesQuery(PeopleSoftFormats formats) {
        super(NAME, Stream.concat(Stream.of(new QueryPrompt("SETID", "SETID", "SetID", FieldType.CHAR, 5, "")),
                windowPrompts().stream()).toList(), COLUMNS, formats);
    }

    @Override
    Stream<Object[]> rows(HrSnapshot data, Instant from, Instant to, Map<String, String> promptValues) {
        return data.customerChanges(promptValues.get("SETID"), from, to).flatMap(c -> c.primaryContact().stream()
                .map(p -> new Object[]{c.setid(), c.custId(), c.name1(), c.custStatus(), p.cntctSeqNum(),
                        p.firstName(), p.lastName(), p.email(), c.lastUpdated()}));
    }
}
