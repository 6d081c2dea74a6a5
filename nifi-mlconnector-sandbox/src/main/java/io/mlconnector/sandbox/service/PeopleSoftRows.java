package io.mlconnector.sandbox.service;

import io.mlconnector.sandbox.peoplesoft.Customer;
import io.mlconnector.sandbox.peoplesoft.CustomerContact;
import io.mlconnector.sandbox.peoplesoft.Employee;
import io.mlconnector.sandbox.peoplesoft.HrData;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What PeopleSoft holds today, read straight from the simulator's data (not through the flow), in the shape of the
 * rows GetPeopleSoftRecords emits: the queries' column names without the record alias. The audience check evaluates
 * the flow's own RecordPaths against these rows.
 */
public final class PeopleSoftRows {

    private PeopleSoftRows() {
    }

    /** Every JOB row in effect today, one per employment record (MC_EMPL_CHANGES columns). */
    public static List<Map<String, Object>> employees(final HrData hr) {
        return hr.jobStream().map(PeopleSoftRows::employee).toList();
    }

    /** Every customer with a primary contact (MC_CUST_CHANGES columns). */
    public static List<Map<String, Object>> customers(final HrData hr) {
        return hr.customers().stream()
                .flatMap(c -> c.primaryContact().stream().map(contact -> customer(c, contact)))
                .toList();
    }

    private static Map<String, Object> employee(final Employee e) {
        final Map<String, Object> row = new LinkedHashMap<>();
        row.put("EMPLID", e.emplid());
        row.put("EMPL_RCD", String.valueOf(e.emplRcd()));
        row.put("FIRST_NAME", e.firstName());
        row.put("LAST_NAME", e.lastName());
        row.put("NAME_DISPLAY", e.nameDisplay());
        row.put("EMAIL_ADDR", e.email());
        row.put("DEPTID", e.deptid());
        row.put("DESCR", e.deptName());
        row.put("JOBCODE", e.jobcode());
        row.put("JOBTITLE", e.jobTitle());
        row.put("HR_STATUS", e.hrStatus());
        row.put("EMPL_STATUS", e.emplStatus());
        row.put("EFFDT", Objects.toString(e.effdt(), null));
        row.put("TERMINATION_DT", Objects.toString(e.terminationDt(), null));
        return row;
    }

    private static Map<String, Object> customer(final Customer c, final CustomerContact contact) {
        final Map<String, Object> row = new LinkedHashMap<>();
        row.put("SETID", c.setid());
        row.put("CUST_ID", c.custId());
        row.put("NAME1", c.name1());
        row.put("CUST_STATUS", c.custStatus());
        row.put("CNTCT_SEQ_NUM", String.valueOf(contact.cntctSeqNum()));
        row.put("FIRST_NAME", contact.firstName());
        row.put("LAST_NAME", contact.lastName());
        row.put("EMAIL_ADDR", contact.email());
        return row;
    }
}
