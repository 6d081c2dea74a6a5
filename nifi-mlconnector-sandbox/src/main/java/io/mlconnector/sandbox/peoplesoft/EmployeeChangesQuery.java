package io.mlconnector.sandbox.peoplesoft;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code MC_EMPL_CHANGES}: employees changed in [FROM_DTTM, TO_DTTM), or whose row in effect on date(TO_DTTM)
 * became effective after date(FROM_DTTM); by LASTUPDDTTM, EMPLID.
 */
final class EmployeeChangesQuery extends QueryDefinition {

    static final String NAME = "MC_EMPL_CHANGES";

    /** The columns, shared with the employee-directory operation. */
    static final List<QueryColumn> COLUMNS = List.of(
            new QueryColumn("A", "EMPLID", FieldType.CHAR),
            new QueryColumn("A", "EMPL_RCD", FieldType.NUMBER),
            new QueryColumn("B", "FIRST_NAME", FieldType.CHAR),
            new QueryColumn("B", "LAST_NAME", FieldType.CHAR),
            new QueryColumn("B", "NAME_DISPLAY", FieldType.CHAR),
            new QueryColumn("C", "EMAIL_ADDR", FieldType.CHAR),
            new QueryColumn("A", "DEPTID", FieldType.CHAR),
            new QueryColumn("D", "DESCR", FieldType.CHAR),
            new QueryColumn("A", "JOBCODE", FieldType.CHAR),
            new QueryColumn("E", "JOBTITLE", FieldType.CHAR),
            new QueryColumn("A", "HR_STATUS", FieldType.CHAR),
            new QueryColumn("A", "EMPL_STATUS", FieldType.CHAR),
            new QueryColumn("A", "EFFDT", FieldType.DATE),
            new QueryColumn("A", "TERMINATION_DT", FieldType.DATE),
            new QueryColumn("A", "LASTUPDDTTM", FieldType.DATETIME));

    EmployeeChangesQuery(PeopleSoftFormats formats) {
        super(NAME, windowPrompts(), COLUMNS, formats);
    }

    static Object[] row(Employee e) {
        return new Object[]{e.emplid(), e.emplRcd(), e.firstName(), e.lastName(), e.nameDisplay(), e.email(),
                e.deptid(), e.deptName(), e.jobcode(), e.jobTitle(), e.hrStatus(), e.emplStatus(), e.effdt(),
                e.terminationDt(), e.lastUpdated()};
    }

    @Override
    Stream<Object[]> rows(HrSnapshot data, Instant from, Instant to, Map<String, String> promptValues) {
        return data.employeeChanges(from, to, formats().zone()).map(EmployeeChangesQuery::row);
    }
}
