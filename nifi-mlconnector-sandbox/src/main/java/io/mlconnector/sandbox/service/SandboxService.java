package io.mlconnector.sandbox.service;

import io.mlconnector.sandbox.core.TlsMaterial;
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

/**
 * The PeopleSoft and Mailchimp simulators with an employee and a customer audience, the flow parameter values that
 * point the shipped flow at them, the changes HR can make, and the parity check. The demo, the tests and the
 * standalone sandbox ({@code SandboxMain}) all use it. The PeopleSoft user may call only the service operations the
 * setup guide tells a PeopleSoft administrator to grant, so a flow or a Verify that needed more would fail here.
 */
public final class SandboxService implements AutoCloseable {

    /**
     * The PeopleSoft service operations docs/peoplesoft-setup.md grants the service account: the one the shipped flow
     * calls, and the prompt listing the PeopleSoft service's Verify calls.
     */
    public static final List<String> GRANTED_OPERATIONS = List.of("QAS_EXECUTEQRY_REST_GET", "QAS_LISTQUERYPROMPTS_REST_GET");
    /** The shipped flow's default user, so that parameter needs no change. */
    static final String SERVICE_ACCOUNT = "MC_SYNC";
    static final ZoneId BASE_TIME_ZONE = ZoneId.of("America/Los_Angeles");

    /**
     * How to start: seeded data, ports (0 = ephemeral), TLS (null = plain HTTP), and Mailchimp's latency model: each
     * answer after {@code perRequest} plus {@code perBatchMember} for each member of a batch.
     */
    public record Options(int employees, int customers, long seed, int peopleSoftPort, int mailchimpPort, TlsMaterial tls,
                          Duration perRequest, Duration perBatchMember) {
        public static Options of(final int employees, final int customers, final long seed) {
            return new Options(employees, customers, seed, 0, 0, null, Duration.ZERO, Duration.ZERO);
        }

        public Options latency(final Duration request, final Duration batchMember) {
            return new Options(employees, customers, seed, peopleSoftPort, mailchimpPort, tls, request, batchMember);
        }
    }

    private final PeopleSoftSimulator peopleSoft;
    private final MailchimpSimulator mailchimp;
    private final String employeeAudience;
    private final String customerAudience;
    private final HrChanges changes;
    private final Drift drift;

    private SandboxService(final PeopleSoftSimulator peopleSoft, final MailchimpSimulator mailchimp) {
        this.peopleSoft = peopleSoft;
        this.mailchimp = mailchimp;
        this.employeeAudience = mailchimp.createAudience("Employees");
        this.customerAudience = mailchimp.createAudience("Customer contacts");
        this.changes = new HrChanges(peopleSoft.hr());
        this.drift = new Drift(peopleSoft.hr(), mailchimp.audience(employeeAudience), changes);
    }

    public static SandboxService start(final Options options) throws IOException {
        return start(options, MailchimpSimulator.builder().latency(options.perRequest(), options.perBatchMember()));
    }

    /** As {@link #start(Options)}, with a Mailchimp simulator built by {@code mailchimp} (its latency replaces the options'). */
    public static SandboxService start(final Options options, final MailchimpSimulator.Builder mailchimp) throws IOException {
        final String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
        final PeopleSoftSimulator peopleSoft = PeopleSoftSimulator.builder()
                .user(SERVICE_ACCOUNT, password, GRANTED_OPERATIONS.toArray(String[]::new))
                .baseTimeZone(BASE_TIME_ZONE)
                .employees(options.employees(), options.seed())
                .customers(options.customers(), options.seed())
                .port(options.peopleSoftPort())
                .tls(options.tls())
                .start();
        try {
            return new SandboxService(peopleSoft, mailchimp
                    .port(options.mailchimpPort())
                    .tls(options.tls())
                    .start());
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

    public HrChanges changes() {
        return changes;
    }

    /** Drift the increments cannot see: for a reconciliation pass to find and fix. */
    public Drift drift() {
        return drift;
    }

    /**
     * Values for the flow's parameters that differ from the shipped defaults (or that the user must see): where the
     * simulators are, the credentials, the audiences. The window lag is zero because the simulator commits each change
     * at once, so a run right after a change sees it (the default of 30 seconds is for real databases).
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
     * Checks every audience the given Put processors write to against what PeopleSoft holds, under each one's
     * configuration: the employee audience against the employees, the customer audience against the customers.
     */
    public List<AudienceCheck.Result> parity(final List<VersionedProcessor> puts, final Map<String, String> parameterValues) {
        final List<AudienceCheck.Result> results = new ArrayList<>();
        for (final VersionedProcessor put : puts) {
            final String audience = ShippedFlow.resolve(put.getProperties().get(ShippedFlow.AUDIENCE_PROPERTY), parameterValues);
            if (audience == null) {
                continue;
            }
            final List<Map<String, Object>> rows = audience.equals(employeeAudience)
                    ? PeopleSoftRows.employees(peopleSoft.hr()) : PeopleSoftRows.customers(peopleSoft.hr());
            results.add(AudienceCheck.check(put, parameterValues, rows, mailchimp.audience(audience)));
        }
        return results;
    }

    /** {@link #parity} under the shipped flow's configuration, with this sandbox's parameter values. */
    public List<AudienceCheck.Result> parity() {
        return parity(Shipped.FLOW.puts(), Shipped.FLOW.parameterValues(parameterBindings()));
    }

    /**
     * Back to the start: PeopleSoft holds only its seeded rows again and both audiences are empty; addresses,
     * credentials and audience IDs stay, so a connected NiFi keeps working (after Clear State on its Get processors).
     */
    public void reset() {
        peopleSoft.hr().reset();
        mailchimp.audience(employeeAudience).clear();
        mailchimp.audience(customerAudience).clear();
        changes.forget();
    }

    @Override
    public void close() {
        mailchimp.close();
        peopleSoft.close();
    }

    /** The shipped flow, read once (the admin API asks for parity again and again). */
    private static final class Shipped {
        private static final ShippedFlow FLOW = ShippedFlow.load();
    }
}
