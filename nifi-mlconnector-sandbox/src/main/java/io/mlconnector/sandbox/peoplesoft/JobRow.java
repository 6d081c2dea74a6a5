package io.mlconnector.sandbox.peoplesoft;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;

/** One effective-dated JOB row of one employment record ({@code EMPL_RCD}: one per concurrent job). */
record JobRow(int emplRcd, LocalDate effdt, int effseq, String deptid, String jobcode, String hrStatus, String emplStatus,
              LocalDate terminationDt, Instant lastUpdated) {

    static final Comparator<JobRow> EFFECTIVE_ORDER = Comparator.comparingInt(JobRow::emplRcd).thenComparing(JobRow::effdt)
            .thenComparingInt(JobRow::effseq);

    boolean isActive() {
        return "A".equals(hrStatus);
    }

    JobRow withDepartment(String newDeptid, String newJobcode) {
        return new JobRow(emplRcd, effdt, effseq, newDeptid, newJobcode, hrStatus, emplStatus, terminationDt, lastUpdated);
    }

    JobRow at(LocalDate newEffdt, int newEffseq, Instant stamp) {
        return new JobRow(emplRcd, newEffdt, newEffseq, deptid, jobcode, hrStatus, emplStatus, terminationDt, stamp);
    }

    JobRow withStatus(String newHrStatus, String newEmplStatus, LocalDate newTerminationDt) {
        return new JobRow(emplRcd, effdt, effseq, deptid, jobcode, newHrStatus, newEmplStatus, newTerminationDt, lastUpdated);
    }
}
