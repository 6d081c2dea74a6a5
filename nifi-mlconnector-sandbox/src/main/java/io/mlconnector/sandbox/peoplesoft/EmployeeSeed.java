package io.mlconnector.sandbox.peoplesoft;

import java.text.Normalizer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Generates seeded employee {@code i} from (seed, i) alone, so any number of employees costs no memory. Most are
 * active; about 5% are terminated, 1% carry a future-dated termination, 1% are on leave.
 */
final class EmployeeSeed {

    private static final List<String> DEPTIDS = List.copyOf(HrReferenceData.DEPARTMENTS.keySet());
    private static final List<String> JOBCODES = List.copyOf(HrReferenceData.JOB_CODES.keySet());
    static final List<String> FOLDED_FIRST = HrReferenceData.FIRST_NAMES.stream().map(EmployeeSeed::fold).toList();
    static final List<String> FOLDED_LAST = HrReferenceData.LAST_NAMES.stream().map(EmployeeSeed::fold).toList();
    private static final String[] DOMAINS = {"example.com", "example.org", "example.net"};

    private final SeedTimeline timeline;
    private final ZoneId zone;
    private final LocalDate historyEnd;
    private final int count;

    EmployeeSeed(long seed, int count, Instant historyEnd, ZoneId zone) {
        this.timeline = new SeedTimeline(seed, historyEnd, count);
        this.zone = zone;
        this.historyEnd = historyEnd.atZone(zone).toLocalDate();
        this.count = count;
    }

    int count() {
        return count;
    }

    static String emplid(int index) {
        String number = Integer.toString(index + 1);
        return "KU" + "0000000".substring(Math.min(7, number.length())) + number;
    }

    /** The index of a seeded or hired EMPLID, or -1 when it is not of our form. */
    static int index(String emplid) {
        if (emplid == null || emplid.length() != 9 || !emplid.startsWith("KU")) {
            return -1;
        }
        try {
            return Integer.parseInt(emplid.substring(2)) - 1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    EmployeeHistory generate(int index) {
        SplittableRandom random = timeline.random(index);
        int first = random.nextInt(HrReferenceData.FIRST_NAMES.size());
        int last = random.nextInt(HrReferenceData.LAST_NAMES.size());
        String deptid = DEPTIDS.get(random.nextInt(DEPTIDS.size()));
        String jobcode = JOBCODES.get(random.nextInt(JOBCODES.size()));
        Instant updated = timeline.lastUpdated(index);
        LocalDate effdt = updated.atZone(zone).toLocalDate().minusDays(random.nextInt(31));
        int kind = random.nextInt(100);
        boolean mixedCase = random.nextInt(10) == 0;
        String email = email(FOLDED_FIRST.get(first), FOLDED_LAST.get(last), index, mixedCase,
                DOMAINS[random.nextInt(DOMAINS.length)]);

        JobRow active = new JobRow(0, effdt, 0, deptid, jobcode, "A", "A", null, updated);
        List<JobRow> jobs;
        if (kind < 5) {
            jobs = List.of(active.withStatus("I", "T", effdt.minusDays(1)));
        } else if (kind == 5) {
            LocalDate future = historyEnd.plusDays(1 + random.nextInt(30));
            jobs = List.of(active, new JobRow(0, future, 0, deptid, jobcode, "I", "T", future.minusDays(1), updated));
        } else if (kind == 6) {
            jobs = List.of(active.withStatus("A", "L", null));
        } else {
            jobs = List.of(active);
        }
        return new EmployeeHistory(emplid(index), HrReferenceData.FIRST_NAMES.get(first),
                HrReferenceData.LAST_NAMES.get(last), updated, email, updated, jobs);
    }

    /** A unique, valid address: the folded names plus the row number. */
    static String email(String foldedFirst, String foldedLast, int index, boolean mixedCase, String domain) {
        String local = foldedFirst + "." + foldedLast + "." + (index + 1);
        return (mixedCase ? local : local.toLowerCase(Locale.ROOT)) + "@" + domain;
    }

    /** ASCII letters only, for email local parts: {@code O'Brien} becomes {@code OBrien}, {@code Zoë} {@code Zoe}. */
    static String fold(String name) {
        return Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("[^A-Za-z]", "");
    }
}
