package io.mlconnector.sandbox.peoplesoft;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterators;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A frozen view of the HR data (the stored mutations are copied; seeded rows are generated as they are read), and
 * the change selections the query and the directory operation share. Streams are lazy and can be read repeatedly.
 */
final class HrSnapshot {

    static final Comparator<Employee> EMPLOYEE_CHANGE_ORDER =
            Comparator.comparing(Employee::lastUpdated).thenComparing(Employee::emplid).thenComparingInt(Employee::emplRcd);
    static final Comparator<Customer> CUSTOMER_CHANGE_ORDER =
            Comparator.comparing(Customer::lastUpdated).thenComparing(Customer::custId);

    private final EmployeeSeed employeeSeed;
    private final int employeeCount;
    private final Map<String, EmployeeHistory> employees;
    private final CustomerSeed customerSeed;
    private final int customerCount;
    private final Map<String, Customer> customers;
    private final Set<String> purged;

    HrSnapshot(EmployeeSeed employeeSeed, int employeeCount, Map<String, EmployeeHistory> employees,
               CustomerSeed customerSeed, int customerCount, Map<String, Customer> customers, Set<String> purged) {
        this.purged = purged;
        this.employeeSeed = employeeSeed;
        this.employeeCount = employeeCount;
        this.employees = employees;
        this.customerSeed = customerSeed;
        this.customerCount = customerCount;
        this.customers = customers;
    }

    static Optional<EmployeeHistory> employeeHistory(Map<String, EmployeeHistory> stored, EmployeeSeed seed,
                                                     String emplid) {
        EmployeeHistory history = stored.get(emplid);
        if (history != null) {
            return Optional.of(history);
        }
        int index = EmployeeSeed.index(emplid);
        return index >= 0 && index < seed.count() ? Optional.of(seed.generate(index)) : Optional.empty();
    }

    static Optional<Customer> customer(Map<String, Customer> stored, CustomerSeed seed, String setid, String custId) {
        if (!CustomerSeed.SETID.equals(setid)) {
            return Optional.empty();
        }
        Customer customer = stored.get(custId);
        if (customer != null) {
            return Optional.of(customer);
        }
        int index = CustomerSeed.index(custId);
        return index >= 0 && index < seed.count() ? Optional.of(seed.generate(index)) : Optional.empty();
    }

    Optional<EmployeeHistory> employeeHistory(String emplid) {
        return purged.contains(emplid) ? Optional.empty() : employeeHistory(employees, employeeSeed, emplid);
    }

    Optional<Customer> customer(String setid, String custId) {
        return customer(customers, customerSeed, setid, custId);
    }

    /** Every JOB row in effect on {@code date}, one per employment record, by EMPLID and EMPL_RCD. */
    Stream<Employee> jobsAsOf(LocalDate date) {
        return IntStream.range(0, employeeCount)
                .mapToObj(i -> employeeHistory(EmployeeSeed.emplid(i)))
                .flatMap(Optional::stream)
                .flatMap(h -> h.jobsAsOf(date));
    }

    /** Employees with a row in effect on {@code date}, by EMPLID, as their main job shows them. */
    Stream<Employee> employeesAsOf(LocalDate date) {
        return IntStream.range(0, employeeCount)
                .mapToObj(i -> employeeHistory(EmployeeSeed.emplid(i)).flatMap(h -> h.asOf(date)))
                .flatMap(Optional::stream);
    }

    /**
     * The change selection of {@code MC_EMPL_CHANGES}: per employment record the row in effect on date({@code to}), when
     * {@code from <= LASTUPDDTTM < to} or {@code date(from) < EFFDT <= date(to)}; by LASTUPDDTTM, EMPLID, EMPL_RCD. A
     * person's other job is returned only if its own row changed, as in a query over JOB.
     * Seeded rows are already in that order, so they are merged with the few stored ones without sorting.
     */
    Stream<Employee> employeeChanges(Instant from, Instant to, ZoneId zone) {
        LocalDate fromDate = from.atZone(zone).toLocalDate();
        LocalDate toDate = to.atZone(zone).toLocalDate();
        Predicate<Employee> changed = e -> (!e.lastUpdated().isBefore(from) && e.lastUpdated().isBefore(to))
                || (e.effdt().isAfter(fromDate) && !e.effdt().isAfter(toDate));
        Stream<Employee> seeded = IntStream.range(0, employeeSeed.count())
                .filter(i -> !employees.containsKey(EmployeeSeed.emplid(i)) && !purged.contains(EmployeeSeed.emplid(i)))
                .mapToObj(employeeSeed::generate)
                .flatMap(h -> h.jobsAsOf(toDate))
                .filter(changed);
        Stream<Employee> stored = employees.values().stream().filter(h -> !purged.contains(h.emplid()))
                .flatMap(h -> h.jobsAsOf(toDate))
                .filter(changed).sorted(EMPLOYEE_CHANGE_ORDER);
        return merge(seeded, stored, EMPLOYEE_CHANGE_ORDER);
    }

    Stream<Customer> customers() {
        return IntStream.range(0, customerCount)
                .mapToObj(i -> customer(CustomerSeed.SETID, CustomerSeed.custId(i)))
                .flatMap(Optional::stream);
    }

    /** The change selection of {@code MC_CUST_CHANGES}: {@code from <= LASTUPDDTTM < to}; by LASTUPDDTTM, CUST_ID. */
    Stream<Customer> customerChanges(String setid, Instant from, Instant to) {
        if (!CustomerSeed.SETID.equals(setid)) {
            return Stream.empty();
        }
        Predicate<Customer> changed = c -> !c.lastUpdated().isBefore(from) && c.lastUpdated().isBefore(to);
        Stream<Customer> seeded = IntStream.range(0, customerSeed.count())
                .filter(i -> !customers.containsKey(CustomerSeed.custId(i)))
                .mapToObj(customerSeed::generate)
                .filter(changed);
        Stream<Customer> stored = customers.values().stream().filter(changed).sorted(CUSTOMER_CHANGE_ORDER);
        return merge(seeded, stored, CUSTOMER_CHANGE_ORDER);
    }

    /** Merges two streams that are each sorted by {@code order}. */
    private static <T> Stream<T> merge(Stream<T> a, Stream<T> b, Comparator<T> order) {
        Iterator<T> left = a.iterator();
        Iterator<T> right = b.iterator();
        Iterator<T> merged = new Iterator<>() {
            private T nextLeft;
            private T nextRight;

            @Override
            public boolean hasNext() {
                return nextLeft != null || nextRight != null || left.hasNext() || right.hasNext();
            }

            @Override
            public T next() {
                if (nextLeft == null && left.hasNext()) {
                    nextLeft = left.next();
                }
                if (nextRight == null && right.hasNext()) {
                    nextRight = right.next();
                }
                if (nextLeft == null && nextRight == null) {
                    throw new NoSuchElementException();
                }
                T result;
                if (nextRight == null || (nextLeft != null && order.compare(nextLeft, nextRight) <= 0)) {
                    result = nextLeft;
                    nextLeft = null;
                } else {
                    result = nextRight;
                    nextRight = null;
                }
                return result;
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(merged, 0), false);
    }
}
