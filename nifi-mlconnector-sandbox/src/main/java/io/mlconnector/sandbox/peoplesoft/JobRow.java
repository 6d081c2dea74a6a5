package io.mlconnector.sandbox.peoplesoft;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;

/** One effective-dated JOB row. */
record JobRow(LocalDate effdt, int effseq, String deptid, String jobcode, String hrStatus, String emplStatus,
              LocalDate terminationDt, Instant lastUpdated) {

    static final Comparator<JobRow> EFFECTIVE_ORDER = Comparator.comparing(JobRow::effdt).thenComparingInt(JobRow::effseq);

    JobRow withDepartment(String newDeptid, String newJobcode) {
        return new JobRow(effdt, effseq, newDeptid, newJobcode, hrStatus, emplStatus, terminationDt, lastUpdated);
    }

    JobRow at(LocalDate newEffdt, int newEffseq, Instant stamp) {
        return new JobRow(newEffdt, newEffseq, deptid, jobcode, hrStatus, emplStatus, terminationDt, stamp);
    }

    JobRow withStatus(String newHrStatus, String newEmplStatus, LocalDate newTerminationDt) {
        return new JobRow(effdt, effseq, deptid, jobcode, newHrStatus, newEmplStatus, newTerminationDt, lastUpdated);
    }
}
