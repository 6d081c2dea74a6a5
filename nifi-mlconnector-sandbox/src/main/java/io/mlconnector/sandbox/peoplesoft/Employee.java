package io.mlconnector.sandbox.peoplesoft;

import java.time.Instant;
import java.time.LocalDate;

/**
 * An employee as the current JOB row shows it on a given date, joined with name, email, department and job code.
 * {@code terminationDt} is null when none; {@code lastUpdated} is the greatest of the job row's, the name's and the
 * email's update times (whole seconds).
 */
public record Employee(String emplid, int emplRcd, String firstName, String lastName, String nameDisplay, String email,
                       String deptid, String deptName, String jobcode, String jobTitle, String hrStatus,
                       String emplStatus, LocalDate effdt, LocalDate terminationDt, Instant lastUpdated) {

    public boolean isActive() {
        return "A".equals(hrStatus);
    }
}
