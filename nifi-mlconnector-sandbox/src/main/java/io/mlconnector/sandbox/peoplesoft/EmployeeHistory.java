package io.mlconnector.sandbox.peoplesoft;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Everything stored about one employee: names and email with their update times, and all JOB rows. Immutable. */
record EmployeeHistory(String emplid, String firstName, String lastName, Instant nameUpdated, String email,
                       Instant emailUpdated, List<JobRow> jobs) {

    EmployeeHistory {
        jobs = jobs.size() < 2 ? List.copyOf(jobs) : jobs.stream().sorted(JobRow.EFFECTIVE_ORDER).toList();
    }

    /** The row in effect on {@code date}: greatest EFFDT on or before it, then greatest EFFSEQ. */
    Optional<JobRow> currentRow(LocalDate date) {
        JobRow current = null;
        for (JobRow row : jobs) {
            if (!row.effdt().isAfter(date)) {
                current = row;
            }
        }
        return Optional.ofNullable(current);
    }

    Optional<Employee> asOf(LocalDate date) {
        return currentRow(date).map(job -> {
            Instant last = max(max(job.lastUpdated(), nameUpdated), emailUpdated);
            return new Employee(emplid, 0, firstName, lastName, firstName + " " + lastName, email, job.deptid(),
                    HrReferenceData.departmentName(job.deptid()), job.jobcode(), HrReferenceData.jobTitle(job.jobcode()),
                    job.hrStatus(), job.emplStatus(), job.effdt(), job.terminationDt(), last);
        });
    }

    /** Adds {@code row} at its EFFDT with the next free EFFSEQ for that date. */
    EmployeeHistory withJob(JobRow row) {
        int effseq = (int) jobs.stream().filter(j -> j.effdt().equals(row.effdt())).count();
        List<JobRow> rows = new ArrayList<>(jobs);
        rows.add(row.at(row.effdt(), effseq, row.lastUpdated()));
        return new EmployeeHistory(emplid, firstName, lastName, nameUpdated, email, emailUpdated, rows);
    }

    EmployeeHistory withName(String first, String last, Instant stamp) {
        return new EmployeeHistory(emplid, first, last, stamp, email, emailUpdated, jobs);
    }

    EmployeeHistory withEmail(String newEmail, Instant stamp) {
        return new EmployeeHistory(emplid, firstName, lastName, nameUpdated, newEmail, stamp, jobs);
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
