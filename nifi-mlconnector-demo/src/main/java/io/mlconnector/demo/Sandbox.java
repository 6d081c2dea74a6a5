package io.mlconnector.demo;

import io.mlconnector.sandbox.mailchimp.MailchimpSimulator;
import io.mlconnector.sandbox.peoplesoft.PeopleSoftSimulator;
import io.mlconnector.sandbox.service.AudienceCheck;
import io.mlconnector.sandbox.service.HrChanges;
import io.mlconnector.sandbox.service.SandboxService;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The sandbox ({@link SandboxService}: the PeopleSoft and Mailchimp simulators, the changes HR makes, the parity
 * check) in this JVM, on ephemeral loopback ports, for the demo and the tests: the same operations the standalone
 * sandbox's admin API serves.
 */
public final class Sandbox implements AutoCloseable {

    /** The PeopleSoft service operations the sandbox grants, as docs/peoplesoft-setup.md lists them. */
    public static final List<String> GRANTED_OPERATIONS = SandboxService.GRANTED_OPERATIONS;

    // JUL keeps loggers weakly: hold the one whose level we lower.
    private static final Logger SIMULATOR_LOG = Logger.getLogger("io.mlconnector.sandbox");

    private final SandboxService service;

    private Sandbox(final SandboxService service) {
        this.service = service;
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
        return new Sandbox(SandboxService.start(SandboxService.Options.of(employees, customers, seed), mailchimp));
    }

    public PeopleSoftSimulator peopleSoft() {
        return service.peopleSoft();
    }

    public MailchimpSimulator mailchimp() {
        return service.mailchimp();
    }

    public String employeeAudience() {
        return service.employeeAudience();
    }

    public String customerAudience() {
        return service.customerAudience();
    }

    /** The sandbox itself, e.g. to serve its admin API. */
    public SandboxService service() {
        return service;
    }

    /** The changes HR and sales make in PeopleSoft, as the admin API makes them. */
    public HrChanges changes() {
        return service.changes();
    }

    /** Values for the flow's parameters that point it at this sandbox: {@link SandboxService#parameterBindings()}. */
    public Map<String, String> parameterBindings() {
        return service.parameterBindings();
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
     * configuration: the parity report the admin API serves, for this flow.
     */
    public List<AudienceCheck.Result> checkAudiences(final FlowDefinition flow) {
        return checkAudiences(flow, parameterBindings());
    }

    /** Parity under {@code bindings} (the sandbox's own, changed where a run changed them). */
    public List<AudienceCheck.Result> checkAudiences(final FlowDefinition flow, final Map<String, String> bindings) {
        return service.parity(flow.processors(), flow.parameterValues(bindings));
    }

    @Override
    public void close() {
        service.close();
    }
}
