package io.mlconnector.nifi.mailchimp.contact;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What the sync remembers of one person's employment records (PeopleSoft's {@code EMPL_RCD}: one JOB row per concurrent
 * job): per record whether it is active and the source version of the record that said so. A person is active while
 * any of them is. Kept in the hidden merge field {@code SYNCJOBS}, e.g. {@code 0:A:2026-11-20T17:00:00Z;1:I:2026-12-01T09:00:00Z},
 * which the member index reads with the member pages at no extra call, so it holds across FlowFiles, polls, replays,
 * restarts and cluster nodes.
 * <p>
 * A person known by employment record 0 alone is the common case and is never written: an empty field stands for
 * record 0, active unless the contact is unsubscribed or archived, at the contact's source version. So people with one
 * job cost no write and no memory, and contacts synced before the field existed read the same way.
 * Immutable.
 */
public final class EmploymentRecords {

    public static final String MERGE_FIELD = "SYNCJOBS";
    /** The employment record an empty field stands for. */
    static final String FIRST = "0";
    /** Mailchimp's longest text merge value. */
    static final int MAX_LENGTH = 255;
    private static final Pattern RECORD = Pattern.compile("[A-Za-z0-9_-]{1,10}");
    private static final Pattern INTEGER = Pattern.compile("-?\\d+(\\.0*)?");
    /** Numeric records (up to 18 digits) first, by value, then the others; ties by text. */
    private static final Comparator<String> RECORD_ORDER = EmploymentRecords::compareRecords;
    private static final EmploymentRecords NONE = new EmploymentRecords(new TreeMap<>(RECORD_ORDER));

    /** One employment record: its key, whether it is active, and the version of the record that said so ({@code null}: none). */
    public record Job(String record, boolean active, SourceVersion version) {

        /** As written in {@code SYNCJOBS}. */
        String text() {
            return record + ":" + (active ? "A" : "I") + ":" + (version == null ? "-" : version.text());
        }
    }

    private final TreeMap<String, Job> jobs;

    private EmploymentRecords(final TreeMap<String, Job> jobs) {
        this.jobs = jobs;
    }

    /** Nobody known. */
    public static EmploymentRecords none() {
        return NONE;
    }

    /**
     * The employment record a record's value names, canonical: whole numbers without leading zeros or decimals
     * ({@code 0}, {@code 0.0} and {@code 000} are the same record).
     *
     * @return {@code null} for no value
     * @throws IllegalArgumentException when the value cannot be one (1 to 10 letters, digits, '_' or '-')
     */
    public static String canonical(final Object value) {
        if (value instanceof Long || value instanceof Integer) {
            return value.toString(); // already without leading zeros or decimals; the Record Reader's usual answer
        }
        if (value == null || value.toString().isBlank()) {
            return null;
        }
        final String text = value.toString().strip();
        if (INTEGER.matcher(text).matches()) {
            final String whole = text.contains(".") ? text.substring(0, text.indexOf('.')) : text;
            return new java.math.BigInteger(whole).toString();
        }
        if (!RECORD.matcher(text).matches()) {
            throw new IllegalArgumentException("[" + text + "] is not an employment record (1 to 10 letters, digits, '_' or '-')");
        }
        return text;
    }

    /** What a member's {@code SYNCJOBS} says, or, when it is empty, what the member implies; {@link #none()} for no member. */
    public static EmploymentRecords of(final KnownMember member) {
        if (member == null) {
            return NONE;
        }
        final EmploymentRecords written = parse(member.jobs());
        if (!written.jobs.isEmpty()) {
            return written;
        }
        final boolean active = member.status() != MemberStatus.UNSUBSCRIBED && member.status() != MemberStatus.ARCHIVED;
        return NONE.with(new Job(FIRST, active, member.version()));
    }

    /** Reads {@code SYNCJOBS} leniently: entries a person edited into something else are ignored. */
    public static EmploymentRecords parse(final String text) {
        if (text == null || text.isBlank()) {
            return NONE;
        }
        final TreeMap<String, Job> read = new TreeMap<>(RECORD_ORDER);
        for (final String entry : text.split(";")) {
            final String[] parts = entry.strip().split(":", 3);
            if (parts.length == 3 && RECORD.matcher(parts[0]).matches() && (parts[1].equals("A") || parts[1].equals("I"))) {
                read.put(parts[0], new Job(parts[0], parts[1].equals("A"), SourceVersion.lenient(parts[2])));
            }
        }
        return new EmploymentRecords(read);
    }

    /**
     * These records after {@code job} was reported: newer wins per employment record, so a record older than the one
     * this memory holds for the same job changes nothing ({@link #isStale}).
     */
    public EmploymentRecords with(final Job job) {
        if (isStale(job) || job.equals(jobs.get(job.record()))) {
            return this;
        }
        final TreeMap<String, Job> next = new TreeMap<>(jobs);
        next.put(job.record(), job);
        return new EmploymentRecords(next);
    }

    /** These records after each of {@code reported}. */
    public EmploymentRecords with(final List<Job> reported) {
        EmploymentRecords result = this;
        for (final Job job : reported) {
            result = result.with(job);
        }
        return result;
    }

    /** Whether this memory holds a newer report of the job's employment record than {@code job}. */
    public boolean isStale(final Job job) {
        final Job known = jobs.get(job.record());
        return known != null && job.version() != null && job.version().isOlderThan(known.version());
    }

    public boolean anyActive() {
        for (final Job job : jobs.values()) {
            if (job.active()) {
                return true;
            }
        }
        return false;
    }

    /** The active employment records, in order. */
    public List<String> active() {
        return jobs.values().stream().filter(Job::active).map(Job::record).toList();
    }

    /** The employment records known to have ended, in order. */
    public List<String> ended() {
        return jobs.values().stream().filter(job -> !job.active()).map(Job::record).toList();
    }

    public boolean isEmpty() {
        return jobs.isEmpty();
    }

    /**
     * The value of {@code SYNCJOBS}: empty when it would say no more than an empty field does (employment record 0
     * alone), otherwise every record in order. When more than fit in 255 characters, the ended records reported
     * longest ago are left out first.
     */
    public String text() {
        if (jobs.isEmpty() || jobs.size() == 1 && jobs.containsKey(FIRST)) {
            return "";
        }
        return String.join(";", kept().stream().map(Job::text).toList());
    }

    private List<Job> kept() {
        final List<Job> kept = new ArrayList<>(jobs.values());
        // Ended before active, then oldest first: the first to go when the field is full.
        final List<Job> dropOrder = kept.stream().sorted(Comparator.comparing(Job::active)
                .thenComparing(Job::version, Comparator.nullsFirst(Comparator.naturalOrder()))).toList();
        int length = kept.stream().mapToInt(job -> job.text().length() + 1).sum() - 1;
        for (final Job job : dropOrder) {
            if (length <= MAX_LENGTH) {
                break;
            }
            kept.remove(job);
            length -= job.text().length() + 1;
        }
        return kept;
    }

    /** The records as {@code record active} pairs, for tests and messages. */
    Map<String, Boolean> asMap() {
        final Map<String, Boolean> map = new TreeMap<>(RECORD_ORDER);
        jobs.values().forEach(job -> map.put(job.record(), job.active()));
        return map;
    }

    @Override
    public boolean equals(final Object other) {
        return other instanceof EmploymentRecords records && jobs.equals(records.jobs);
    }

    @Override
    public int hashCode() {
        return jobs.hashCode();
    }

    @Override
    public String toString() {
        return jobs.values().stream().map(Job::text).toList().toString();
    }

    /** {@link #RECORD_ORDER}, without boxing: the index and the planner compare records of every person. */
    private static int compareRecords(final String first, final String second) {
        final boolean firstNumeric = isNumeric(first);
        if (firstNumeric != isNumeric(second)) {
            return firstNumeric ? -1 : 1;
        }
        if (firstNumeric) {
            final int byValue = Long.compare(Long.parseLong(first), Long.parseLong(second));
            if (byValue != 0) {
                return byValue;
            }
        }
        return first.compareTo(second);
    }

    private static boolean isNumeric(final String record) {
        if (record.length() > 18) {
            return false;
        }
        for (int i = 0; i < record.length(); i++) {
            if (!Character.isDigit(record.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
