package io.mlconnector.sandbox.peoplesoft;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Everything stored about one person: names and email with their update times, and all JOB rows of all their
 * employment records (EMPL_RCD 0, 1, ... for concurrent jobs). Immutable.
 */
record EmployeeHistory(String emplid, String firstName, String lastName, Instant nameUpdated, String email,
                       Instant emailUpdated, List<JobRow> jobs) {

    EmployeeHistory {
        jobs = jobs.size() < 2 ? List.copyOf(jobs) : jobs.stream().sorted(JobRow.EFFECTIVE_ORDER).toList();
    }

    /** The row of {@code emplRcd} in effect on {@code date}: greatest EFFDT on or before it, then greatest EFFSEQ. */
    Optional<JobRow> currentRow(int emplRcd, LocalDate date) {
        JobRow current = null;
        for (JobRow row : jobs) {
            if (row.emplRcd() == emplRcd && !row.effdt().isAfter(date)) {
                current = row;
            }
        }
        return Optional.ofNullable(current);
    }

    /** The rows in effect on {@code date}, one per employment record, by EMPL_RCD. */
    List<JobRow> currentRows(LocalDate date) {
        return jobs.stream().map(JobRow::emplRcd).distinct().map(rcd -> currentRow(rcd, date)).flatMap(Optional::stream).toList();
    }

    /** The person's main job on {@code date}: the first active employment record, else the first one. */
    Optional<JobRow> primaryRow(LocalDate date) {
        List<JobRow> rows = currentRows(date);
        return rows.stream().filter(JobRow::isActive).findFirst().or(() -> rows.stream().findFirst());
    }

    int nextEmplRcd() {
        return jobs.stream().mapToInt(JobRow::emplRcd).max().orElse(-1) + 1;
    }

    /** The person on {@code date} as their main job shows them: active while any of their jobs is. */
    Optional<Employee> asOf(LocalDate date) {
        return primaryRow(date).map(this::employee);
    }

    /** One row per employment record in effect on {@code date}, as a query over JOB returns them. */
    Stream<Employee> jobsAsOf(LocalDate date) {
        return currentRows(date).stream().map(this::employee);
    }

    private Employee employee(JobRow job) {
        Instant last = max(max(job.lastUpdated(), nameUpdated), emailUpdated);
        return new Employee(emplid, job.emplRcd(), firstName, lastName, firstName + " " + lastName, email, job.deptid(),
                HrReferenceData.departmentName(job.deptid()), job.jobcode(), HrReferenceData.jobTitle(job.jobcode()),
                job.hrStatus(), job.emplStatus(), job.effdt(), job.terminationDt(), last);
    }

    /** Adds {@code row} at its EFFDT with the next free EFFSEQ for that employment record and date. */
    EmployeeHistory withJob(JobRow row) {
        int effseq = (int) jobs.stream().filter(j -> j.emplRcd() == row.emplRcd() && j.effdt().equals(row.effdt())).count();
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
