package io.mlconnector.demo;

import io.mlconnector.sandbox.mailchimp.MailchimpSimulator;
import io.mlconnector.sandbox.peoplesoft.PeopleSoftSimulator;

import org.apache.nifi.flow.VersionedProcessor;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The PeopleSoft and Mailchimp simulators in this JVM, with an employee and a customer audience, and the flow
 * parameter values that point the shipped flow at them. The PeopleSoft user may call only the service operations the
 * user guide tells a PeopleSoft administrator to grant, so a flow that needed more would fail here.
 */
public final class Sandbox implements AutoCloseable {

    /** The PeopleSoft service operations the shipped flow calls, as docs/peoplesoft-setup.md lists them: only this one. */
    public static final List<String> GRANTED_OPERATIONS = List.of("QAS_EXECUTEQRY_REST_GET");

    private static final String SERVICE_ACCOUNT = "MC_SYNC";
    private static final ZoneId BASE_TIME_ZONE = ZoneId.of("America/Los_Angeles");
    // JUL keeps loggers weakly: hold the one whose level we lower.
    private static final Logger SIMULATOR_LOG = Logger.getLogger("io.mlconnector.sandbox");

    private final PeopleSoftSimulator peopleSoft;
    private final MailchimpSimulator mailchimp;
    private final String employeeAudience;
    private final String customerAudience;

    private Sandbox(final PeopleSoftSimulator peopleSoft, final MailchimpSimulator mailchimp) {
        this.peopleSoft = peopleSoft;
        this.mailchimp = mailchimp;
        this.employeeAudience = mailchimp.createAudience("Employees");
        this.customerAudience = mailchimp.createAudience("Customer contacts");
    }

    /** Starts both simulators on ephemeral loopback ports with seeded employees and customers. */
    public static Sandbox start(final int employees, final int customers, final long seed) throws IOException {
        return start(employees, customers, seed, Duration.ZERO, Duration.ZERO);
    }

    /**
     * As {@link #start(int, int, long)}, with Mailchimp answering each request after {@code perRequest} plus
     * {@code perBatchMember} for each member of a batch: a model of the real service's latency for timing runs.
     */
    public static Sandbox start(final int employees, final int customers, final long seed, final Duration perRequest,
                                final Duration perBatchMember) throws IOException {
        return start(employees, customers, seed, MailchimpSimulator.builder().latency(perRequest, perBatchMember));
    }

    /** As {@link #start(int, int, long)}, with a Mailchimp simulator built by {@code mailchimp} (e.g. a benchmark's journal). */
    public static Sandbox start(final int employees, final int customers, final long seed,
                                final MailchimpSimulator.Builder mailchimp) throws IOException {
        SIMULATOR_LOG.setLevel(Level.WARNING); // one line per request is too much next to the demo's own output
        final String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
        final PeopleSoftSimulator peopleSoft = PeopleSoftSimulator.builder()
                .user(SERVICE_ACCOUNT, password, GRANTED_OPERATIONS.toArray(String[]::new))
                .baseTimeZone(BASE_TIME_ZONE)
                .employees(employees, seed)
                .customers(customers, seed)
                .start();
        try {
            return new Sandbox(peopleSoft, mailchimp.start());
        } catch (final RuntimeException e) {
            peopleSoft.close();
            throw e;
        }
    }

    public PeopleSoftSimulator peopleSoft() {
        return peopleSoft;
    }

    public MailchimpSimulator mailchimp() {
        return mailchimp;
    }

    public String employeeAudience() {
        return employeeAudience;
    }

    public String customerAudience() {
        return customerAudience;
    }

    /**
     * Values for the flow's parameters that differ from the shipped defaults: where the simulators are, the
     * credentials, the audiences. The window lag is zero because the simulator commits each change at once, so a run
     * right after a change sees it (NiFi's default of 30 seconds is for real databases).
     */
    public Map<String, String> parameterBindings() {
        final Map<String, String> bindings = new LinkedHashMap<>();
        bindings.put("PeopleSoft Base URL", peopleSoft.baseUrl());
        bindings.put("PeopleSoft Gateway Path", peopleSoft.gatewayPath());
        bindings.put("PeopleSoft Node", peopleSoft.node());
        bindings.put("PeopleSoft Username", peopleSoft.username());
        bindings.put("PeopleSoft Password", peopleSoft.password());
        bindings.put("PeopleSoft Time Zone", BASE_TIME_ZONE.getId());
        bindings.put("PeopleSoft Window Lag", "0 sec");
        bindings.put("Mailchimp API Key", mailchimp.apiKey());
        bindings.put("Mailchimp API Base URL", mailchimp.baseUrl());
        bindings.put("Employee Audience ID", employeeAudience);
        bindings.put("Customer Audience ID", customerAudience);
        return bindings;
    }

    /**
     * Waits until changes just made in PeopleSoft are older than the end of the next poll window, which GetPeopleSoftRecords
     * puts at whole seconds, Window Lag behind now: a change made in the current second belongs to the next run, in NiFi
     * as here.
     */
    public static void letChangesSettle() throws InterruptedException {
        Thread.sleep(SETTLE.toMillis());
    }

    /** How long {@link #letChangesSettle()} waits: the bound Window Lag (zero) plus the second a window end is cut to. */
    public static final Duration SETTLE = Duration.ofMillis(1_100);

    /**
     * Checks every audience the flow writes to against what PeopleSoft holds, under each Put processor's
     * configuration: the employee audience against the employees, the customer audience against the customers.
     */
    public List<AudienceCheck.Result> checkAudiences(final FlowDefinition flow) {
        final Map<String, String> parameterValues = flow.parameterValues(parameterBindings());
        final List<AudienceCheck.Result> results = new ArrayList<>();
        for (final VersionedProcessor put : flow.processors()) {
            final String audience = FlowDefinition.resolve(put.getProperties().get("Audience ID"), parameterValues);
            if (audience == null) {
                continue;
            }
            final List<Map<String, Object>> rows = audience.equals(employeeAudience)
                    ? PeopleSoftRows.employees(peopleSoft.hr()) : PeopleSoftRows.customers(peopleSoft.hr());
            results.add(AudienceCheck.check(put, parameterValues, rows, mailchimp.audience(audience)));
        }
        return results;
    }

    @Override
    public void close() {
        mailchimp.close();
        peopleSoft.close();
    }
}
