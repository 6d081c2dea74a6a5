package io.mlconnector.sandbox.peoplesoft;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** {@code MC_CUST_CHANGES}: customers of SETID changed in [FROM_DTTM, TO_DTTM), one row each with the primary contact. */
final class CustomerChangesQuery implements QueryDefinition {

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

    private static final List<QueryPrompt> PROMPTS = List.of(
            new QueryPrompt("SETID", "SETID", "SetID", FieldType.CHAR, 5, ""),
            new QueryPrompt("FROM_DTTM", "LASTUPDDTTM", "Changed From", FieldType.CHAR, 19, "YYYY-MM-DD-HH.MI.SS"),
            new QueryPrompt("TO_DTTM", "LASTUPDDTTM", "Changed Before", FieldType.CHAR, 19, "YYYY-MM-DD-HH.MI.SS"));

    private final PeopleSoftFormats formats;

    CustomerChangesQuery(PeopleSoftFormats formats) {
        this.formats = formats;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<QueryPrompt> prompts() {
        return PROMPTS;
    }

    @Override
    public List<QueryColumn> columns() {
        return COLUMNS;
    }

    @Override
    public Stream<Object[]> rows(HrSnapshot data, Map<String, String> prompts) {
        Instant from = formats.parseDateTime(prompts.get("FROM_DTTM"));
        Instant to = formats.parseDateTime(prompts.get("TO_DTTM"));
        return data.customerChanges(prompts.get("SETID"), from, to).flatMap(c -> c.primaryContact().stream()
                .map(p -> new Object[]{c.setid(), c.custId(), c.name1(), c.custStatus(), p.cntctSeqNum(),
                        p.firstName(), p.lastName(), p.email(), c.lastUpdated()}));
    }
}
