package io.mlconnector.sandbox.peoplesoft;

import io.mlconnector.sandbox.core.SimClock;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The simulated HR and customer data: seeded rows generated on demand from (seed, index), plus the mutations made
 * through this API, which are the only rows stored. Every mutation stamps LASTUPDDTTM from the clock, truncated to
 * whole seconds, so ties within a second are normal. "Today" is the clock's date in the base time zone.
 */
public final class HrData {

    private final SimClock clock;
    private final ZoneId zone;
    private final EmployeeSeed employeeSeed;
    private final CustomerSeed customerSeed;
    private final Map<String, EmployeeHistory> employees = new HashMap<>();
    private final Map<String, Customer> customers = new HashMap<>();
    /** EMPLIDs whose rows are gone from PeopleSoft without a change row (an HR archive job's purge). */
    private final Set<String> purged = new HashSet<>();
    private int hired;
    private int added;

    HrData(SimClock clock, ZoneId zone, EmployeeSeed employeeSeed, CustomerSeed customerSeed) {
        this.clock = clock;
        this.zone = zone;
        this.employeeSeed = employeeSeed;
        this.customerSeed = customerSeed;
    }

    /** A consistent view for one request (queries read it twice: to count, then to write). */
    synchronized HrSnapshot snapshot() {
        return new HrSnapshot(employeeSeed, employeeSeed.count() + hired, Map.copyOf(employees),
                customerSeed, customerSeed.count() + added, Map.copyOf(customers), Set.copyOf(purged));
    }

    /** DEPTID to department name: the departments {@link #updateDepartment} and {@link #hire} accept. */
    public Map<String, String> departments() {
        return HrReferenceData.DEPARTMENTS;
    }

    /** The DEPTID after {@code deptid} in {@link #departments()}, round the end. */
    public String nextDepartment(String deptid) {
        List<String> deptids = List.copyOf(HrReferenceData.DEPARTMENTS.keySet());
        return deptids.get((deptids.indexOf(deptid) + 1) % deptids.size());
    }

    /** JOBCODE to job title: the job codes {@link #updateJob} and {@link #hire} accept. */
    public Map<String, String> jobCodes() {
        return HrReferenceData.JOB_CODES;
    }

    public LocalDate today() {
        return clock.now().atZone(zone).toLocalDate();
    }

    /** Forgets every change made through this API: only the seeded rows remain. */
    public synchronized void reset() {
        employees.clear();
        customers.clear();
        purged.clear();
        hired = 0;
        added = 0;
    }

    // ---- employees

    /** Number of people (seeded and hired), including those terminated or hired with a future date. */
    public synchronized int employeeCount() {
        return employeeSeed.count() + hired;
    }

    /**
     * Every JOB row in effect today, one per employment record (EMPL_RCD), by EMPLID: what {@code MC_EMPL_CHANGES}
     * returns over a window that holds everything.
     */
    public Stream<Employee> jobStream() {
        return snapshot().jobsAsOf(today());
    }

    /** Every employee with a row in effect today, by EMPLID. Materialises the list: prefer {@link #employeeStream()}. */
    public List<Employee> employees() {
        return employeeStream().toList();
    }

    /** Every employee with a row in effect today, by EMPLID, as their main job shows them (active while any job is), lazily. */
    public Stream<Employee> employeeStream() {
        return snapshot().employeesAsOf(today());
    }

    /** The employee as of today as their main job shows them; empty when unknown or hired with a future date. */
    public synchronized Optional<Employee> employee(String emplid) {
        return purged.contains(emplid) ? Optional.empty()
                : HrSnapshot.employeeHistory(employees, employeeSeed, emplid).flatMap(h -> h.asOf(today()));
    }

    /**
     * Takes the employee out of every query's population without a change row, as an HR archive job purging their rows
     * does (or a query whose criteria no longer select them): no LASTUPDDTTM moves, so no increment sees it.
     */
    public synchronized void purge(String emplid) {
        history(emplid);
        purged.add(emplid);
    }

    /** The person's JOB rows in effect today, one per employment record; empty when unknown. */
    public synchronized List<Employee> jobs(String emplid) {
        return purged.contains(emplid) ? List.of()
                : HrSnapshot.employeeHistory(employees, employeeSeed, emplid).map(h -> h.jobsAsOf(today()).toList()).orElse(List.of());
    }

    /** Hires a person effective {@code effdt} and returns the new EMPLID. */
    public synchronized String hire(String firstName, String lastName, String email, String deptid, String jobcode,
                                    LocalDate effdt) {
        requireKnown(deptid, jobcode);
        String emplid = EmployeeSeed.emplid(employeeSeed.count() + hired);
        Instant stamp = stamp();
        employees.put(emplid, new EmployeeHistory(emplid, firstName, lastName, stamp, email, stamp,
                List.of(new JobRow(0, effdt, 0, deptid, jobcode, "A", "A", null, stamp))));
        hired++;
        return emplid;
    }

    /** Hires a person effective today into the first department and job code. */
    public String hire(String firstName, String lastName, String email) {
        return hire(firstName, lastName, email, HrReferenceData.DEPARTMENTS.keySet().iterator().next(),
                HrReferenceData.JOB_CODES.keySet().iterator().next(), today());
    }

    /** Department change effective today. */
    public void updateDepartment(String emplid, String deptid) {
        updateJob(emplid, deptid, null);
    }

    /** Department and job code change of the main job, effective today; a null value keeps the current one. */
    public synchronized void updateJob(String emplid, String deptid, String jobcode) {
        EmployeeHistory history = history(emplid);
        JobRow current = currentToday(history);
        String newDept = deptid == null ? current.deptid() : deptid;
        String newJob = jobcode == null ? current.jobcode() : jobcode;
        requireKnown(newDept, newJob);
        employees.put(emplid, history.withJob(current.withDepartment(newDept, newJob).at(today(), 0, stamp())));
    }

    public synchronized void changeName(String emplid, String firstName, String lastName) {
        employees.put(emplid, history(emplid).withName(firstName, lastName, stamp()));
    }

    public synchronized void changeEmail(String emplid, String email) {
        employees.put(emplid, history(emplid).withEmail(email, stamp()));
    }

    /**
     * Terminates every job of the person effective {@code effdt} (may be in the future: the person stays active until
     * the clock reaches it). TERMINATION_DT is the day before, the last day worked.
     */
    public synchronized void terminate(String emplid, LocalDate effdt) {
        EmployeeHistory history = history(emplid);
        List<JobRow> rows = history.currentRows(effdt);
        if (rows.isEmpty()) {
            throw notEmployed(emplid, effdt);
        }
        List<JobRow> ending = rows.stream().filter(JobRow::isActive).toList();
        Instant stamp = stamp();
        for (JobRow base : ending.isEmpty() ? rows.subList(0, 1) : ending) {
            history = history.withJob(base.withStatus("I", "T", effdt.minusDays(1)).at(effdt, 0, stamp));
        }
        employees.put(emplid, history);
    }

    /** Rehires the person into their first employment record (EMPL_RCD 0) effective {@code effdt}. */
    public synchronized void rehire(String emplid, LocalDate effdt) {
        EmployeeHistory history = history(emplid);
        JobRow base = history.currentRow(0, effdt).orElseThrow(() -> notEmployed(emplid, effdt));
        employees.put(emplid, history.withJob(base.withStatus("A", "A", null).at(effdt, 0, stamp())));
    }

    /**
     * Gives the person a further, concurrent job (the next EMPL_RCD) effective {@code effdt}, as universities and
     * hospitals do; returns its EMPL_RCD.
     */
    public synchronized int addJob(String emplid, String deptid, String jobcode, LocalDate effdt) {
        requireKnown(deptid, jobcode);
        EmployeeHistory history = history(emplid);
        int emplRcd = history.nextEmplRcd();
        employees.put(emplid, history.withJob(new JobRow(emplRcd, effdt, 0, deptid, jobcode, "A", "A", null, stamp())));
        return emplRcd;
    }

    /** Ends one job of the person (their others go on) effective {@code effdt}. */
    public synchronized void endJob(String emplid, int emplRcd, LocalDate effdt) {
        EmployeeHistory history = history(emplid);
        JobRow base = history.currentRow(emplRcd, effdt).filter(JobRow::isActive).orElseThrow(() -> new IllegalStateException(
                "Employee " + emplid + " has no active employment record " + emplRcd + " on " + effdt));
        employees.put(emplid, history.withJob(base.withStatus("I", "T", effdt.minusDays(1)).at(effdt, 0, stamp())));
    }

    /**
     * A correction committed now but stamped with the older {@code lastUpdated}, as when a long transaction commits
     * late: a new EFFSEQ on today's row's EFFDT moving the person to the next department. A poll whose window
     * already passed {@code lastUpdated} misses it unless it re-reads an overlap.
     */
    public synchronized void commitLate(String emplid, Instant lastUpdated) {
        EmployeeHistory history = history(emplid);
        JobRow current = currentToday(history);
        employees.put(emplid, history.withJob(current.withDepartment(nextDepartment(current.deptid()), current.jobcode())
                .at(current.effdt(), 0, lastUpdated.truncatedTo(ChronoUnit.SECONDS))));
    }

    // ---- customers

    /** Every customer, by SETID and CUST_ID. Materialises the list. */
    public List<Customer> customers() {
        return snapshot().customers().toList();
    }

    public synchronized Optional<Customer> customer(String setid, String custId) {
        return HrSnapshot.customer(customers, customerSeed, setid, custId);
    }

    /** Adds a customer of SETID SHARE with one (primary) contact and returns its CUST_ID. */
    public synchronized String addCustomer(String name1, String contactFirstName, String contactLastName,
                                           String contactEmail) {
        String custId = CustomerSeed.custId(customerSeed.count() + added);
        Instant stamp = stamp();
        customers.put(custId, new Customer(CustomerSeed.SETID, custId, name1, "A", today(), stamp,
                List.of(new CustomerContact(1, contactFirstName, contactLastName, contactEmail, true))));
        added++;
        return custId;
    }

    public void updateCustomer(String setid, String custId, String name1) {
        mutateCustomer(setid, custId, c -> c.with(name1, c.custStatus(), c.contacts(), stamp()));
    }

    public void changeContactEmail(String setid, String custId, int cntctSeqNum, String email) {
        mutateCustomer(setid, custId, c -> {
            List<CustomerContact> contacts = new ArrayList<>();
            boolean found = false;
            for (CustomerContact contact : c.contacts()) {
                found |= contact.cntctSeqNum() == cntctSeqNum;
                contacts.add(contact.cntctSeqNum() == cntctSeqNum ? contact.withEmail(email) : contact);
            }
            if (!found) {
                throw new NoSuchElementException("No contact " + cntctSeqNum + " on customer " + custId);
            }
            return c.with(c.name1(), c.custStatus(), contacts, stamp());
        });
    }

    public void inactivateCustomer(String setid, String custId) {
        mutateCustomer(setid, custId, c -> c.with(c.name1(), "I", c.contacts(), stamp()));
    }

    private synchronized void mutateCustomer(String setid, String custId, UnaryOperator<Customer> change) {
        Customer customer = customer(setid, custId)
                .orElseThrow(() -> new NoSuchElementException("No customer " + setid + "/" + custId));
        customers.put(custId, change.apply(customer));
    }

    // ---- helpers

    private Instant stamp() {
        return clock.now().truncatedTo(ChronoUnit.SECONDS);
    }

    private EmployeeHistory history(String emplid) {
        return HrSnapshot.employeeHistory(employees, employeeSeed, emplid)
                .orElseThrow(() -> new NoSuchElementException("No employee " + emplid));
    }

    private JobRow currentToday(EmployeeHistory history) {
        return history.primaryRow(today()).orElseThrow(() -> notEmployed(history.emplid(), today()));
    }

    private static IllegalStateException notEmployed(String emplid, LocalDate date) {
        return new IllegalStateException("Employee " + emplid + " has no JOB row in effect on " + date);
    }

    private static void requireKnown(String deptid, String jobcode) {
        if (!HrReferenceData.DEPARTMENTS.containsKey(deptid)) {
            throw new IllegalArgumentException("Unknown DEPTID " + deptid + "; known: " + HrReferenceData.DEPARTMENTS.keySet());
        }
        if (!HrReferenceData.JOB_CODES.containsKey(jobcode)) {
            throw new IllegalArgumentException("Unknown JOBCODE " + jobcode + "; known: " + HrReferenceData.JOB_CODES.keySet());
        }
    }
}
