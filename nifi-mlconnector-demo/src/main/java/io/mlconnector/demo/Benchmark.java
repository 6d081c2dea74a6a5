package io.mlconnector.demo;

import io.mlconnector.sandbox.core.JournalEntry;
import io.mlconnector.sandbox.core.RequestJournal;
import io.mlconnector.sandbox.mailchimp.MailchimpSimulator;
import io.mlconnector.sandbox.peoplesoft.Employee;
import io.mlconnector.sandbox.peoplesoft.HrData;
import jdk.jfr.consumer.RecordingStream;
import org.apache.nifi.util.MockFlowFile;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The scenarios of {@code bin/benchmark}, each through the shipped flow in {@link FlowRunner} against the sandbox,
 * with the Mailchimp simulator's latency model (per request + per batch member, 10 connections). Figures are
 * returned as {@link Row}s; {@link BenchmarkMain} takes medians and writes them.
 */
final class Benchmark {

    static final String GET = "Get Employees from PeopleSoft";
    static final String PUT = "Put Employees into Mailchimp";
    private static final long SEED = 7;
    private static final int CONNECTIONS = 10;
    private static final int BATCH = 500;
    /** The incremental run's hires, email changes, terminations and rehires, each. */
    private static final int CHANGES_PER_KIND = 25;
    private static final int PROVENANCE_EMPLOYEES = 20_000;
    /** Enough to count every request of a 100,000-contact load by endpoint. */
    private static final int JOURNAL_CAPACITY = 1_000_000;
    private static final long JOURNAL_BODIES = 128L * 1024 * 1024;
    private static final Pattern ID = Pattern.compile("/[0-9a-f]{10,32}(?=/|$)");

    /** One figure of one run of one scenario. */
    record Row(String scenario, String model, int run, String metric, double value) {
    }

    static final String HEAP_SCENARIO = "heap: records through Put";

    /** The latency model: Mailchimp's answer takes {@code requestMs} plus {@code memberMs} per batch member. */
    record Model(int requestMs, int memberMs) {
        double ceiling() {
            return requestMs == 0 ? Double.NaN : CONNECTIONS * BATCH * 1000.0 / (requestMs + BATCH * memberMs);
        }

        @Override
        public String toString() {
            return requestMs + " ms + " + memberMs + " ms/member";
        }
    }

    private final int employees;
    private final Consumer<Row> out;

    Benchmark(final int employees, final Consumer<Row> out) {
        this.employees = employees;
        this.out = out;
    }

    /**
     * Initial load of every employee; with {@code follow} also the incremental run of 100 changes and the replay of
     * an already-synced FlowFile, on the same audience.
     */
    void initialLoad(final Model model, final int run, final boolean follow) throws Exception {
        try (Sandbox sandbox = start(model);
             FlowRunner runner = FlowRunner.create(FlowDefinition.shipped(), ComponentCatalog.fromClasspath(),
                     sandbox.parameterBindings(), step -> { })) {
            final double loadBefore = loadAverage();
            final long cpuBefore = processCpuNanos();
            final FlowRunner.RunResult load = runner.runOnce();
            final double cpuSeconds = (processCpuNanos() - cpuBefore) / 1e9;
            final String scenario = "initial load";
            final SyncReport report = employeeReport(load);
            final double putSeconds = seconds(load.time(PUT));
            final double contacts = report.count("created") + report.count("updated");
            emit(scenario, model, run, "records", report.read());
            emit(scenario, model, run, "Put triggers", load.steps().stream().filter(step -> step.processor().equals(PUT)).count());
            emit(scenario, model, run, "contacts", contacts);
            emit(scenario, model, run, "put seconds", putSeconds);
            emit(scenario, model, run, "end-to-end seconds", seconds(load.took()));
            emit(scenario, model, run, "contacts/s", contacts / putSeconds);
            emit(scenario, model, run, "ceiling contacts/s", model.ceiling());
            emit(scenario, model, run, "ratio to ceiling", contacts / putSeconds / model.ceiling());
            // What the calls themselves cost the 10 connections under the model, against what the run had.
            final long calls = sandbox.mailchimp().journal().count(e -> true);
            final double modelled = (calls * model.requestMs() + contacts * model.memberMs()) / 1000.0;
            emit(scenario, model, run, "modelled connection-seconds / (10 x put seconds)", modelled / (CONNECTIONS * putSeconds));
            emit(scenario, model, run, "JVM CPU seconds (processors + simulators)", cpuSeconds);
            emit(scenario, model, run, "cores the JVM got (CPU s / wall s)", cpuSeconds / seconds(load.took()));
            emit(scenario, model, run, "load average (1 min) before", loadBefore);
            emit(scenario, model, run, "load average (1 min) after", loadAverage());
            emitRequests(scenario, model, run, sandbox);
            if (!follow) {
                return;
            }
            // The increment right after the load, the processor still scheduled as in NiFi: its refresh meets the load's
            // own writes. Then the replay: the source versions keep its older records from undoing the changes.
            incremental(sandbox, runner, model, run);
            replay(sandbox, runner, load, model, run);
        }
    }

    /** 100 changes among the employees: 25 each of hires, email changes, terminations and rehires. */
    private void incremental(final Sandbox sandbox, final FlowRunner runner, final Model model, final int run) throws InterruptedException {
        final HrData hr = sandbox.peopleSoft().hr();
        final List<Employee> active = hr.employeeStream().filter(Employee::isActive).filter(e -> e.email() != null).limit(50).toList();
        final List<Employee> gone = hr.employeeStream().filter(e -> !e.isActive())
                .filter(e -> e.effdt() != null && !e.effdt().isAfter(hr.today())).limit(25).toList();
        for (int i = 0; i < CHANGES_PER_KIND; i++) {
            hr.hire("New" + i, "Hire", "new.hire" + i + "@benchmark.example.com");
            hr.changeEmail(active.get(i).emplid(), "moved" + i + "." + active.get(i).emplid() + "@benchmark.example.com");
            hr.terminate(active.get(25 + i).emplid(), hr.today());
            hr.rehire(gone.get(i).emplid(), hr.today());
        }
        Sandbox.letChangesSettle();
        clearJournals(sandbox);
        final double loadBefore = loadAverage();
        final FlowRunner.RunResult result = runner.runOnce();
        final String scenario = "incremental (100 changes, right after the load, the processors kept scheduled)";
        emit(scenario, model, run, "records", employeeReport(result).read());
        emit(scenario, model, run, "seconds", seconds(result.took()));
        emit(scenario, model, run, "load average (1 min) before", loadBefore);
        final Map<String, Long> calls = byEndpoint(sandbox.mailchimp().journal());
        // Archive at termination: the DELETE, any per-member tag call and any PATCH beyond the email changes' one each.
        final long ownCalls = calls.getOrDefault("DELETE /3.0/lists/{id}/members/{id}", 0L)
                + calls.getOrDefault("POST /3.0/lists/{id}/members/{id}/tags", 0L)
                + calls.getOrDefault("PATCH /3.0/lists/{id}/members/{id}", 0L) - CHANGES_PER_KIND;
        emit(scenario, model, run, "calls per termination beyond shared ones",
                (double) ownCalls / CHANGES_PER_KIND);
        emitRequests(scenario, model, run, sandbox);
    }

    /** The first FlowFile of the initial load again: every contact in it is in Mailchimp unchanged. */
    private void replay(final Sandbox sandbox, final FlowRunner runner, final FlowRunner.RunResult load, final Model model,
                        final int run) {
        final MockFlowFile first = load.outputs(GET, "success").getFirst();
        clearJournals(sandbox);
        runner.offer(PUT, new FlowRunner.Queued(first.toByteArray(), Map.copyOf(first.getAttributes())));
        final FlowRunner.RunResult result = runner.runOnce();
        final String scenario = "replay of a synced FlowFile";
        emit(scenario, model, run, "records", Double.parseDouble(first.getAttribute("record.count")));
        emit(scenario, model, run, "seconds", seconds(result.time(PUT)));
        emit(scenario, model, run, "per-record provenance events (Unchanged Record Events false, as shipped)", recordEvents(result));
        emitRequests(scenario, model, run, sandbox);
    }

    /**
     * Provenance volume of unchanged records, both ways: the first FlowFile of a load offered again to a Put running
     * with Unchanged Record Events false (as shipped) and to one with it true; per-record events per 100,000 records.
     */
    void provenance(final int run) throws Exception {
        final Model model = new Model(0, 0);
        try (Sandbox sandbox = start(model, PROVENANCE_EMPLOYEES);
             FlowRunner runner = FlowRunner.create(FlowDefinition.shipped(), ComponentCatalog.fromClasspath(),
                     sandbox.parameterBindings(), step -> { })) {
            final MockFlowFile first = runner.runOnce().outputs(GET, "success").getFirst();
            final String scenario = "provenance of unchanged records";
            emit(scenario, model, run, "load average (1 min) before", loadAverage());
            emit(scenario, model, run, "records offered (the load's first FlowFile)", Long.parseLong(first.getAttribute("record.count")));
            for (final boolean perRecord : new boolean[] {false, true}) {
                final FlowDefinition flow = FlowDefinition.shipped();
                flow.processorNamed(PUT).getProperties().put("Unchanged Record Events", String.valueOf(perRecord));
                // Only the offered FlowFile: the Get of a new runner would read PeopleSoft again from the start.
                flow.processors().stream().filter(p -> p.getName().startsWith("Get "))
                        .forEach(p -> p.setScheduledState(org.apache.nifi.flow.ScheduledState.DISABLED));
                try (FlowRunner put = FlowRunner.create(flow, ComponentCatalog.fromClasspath(), sandbox.parameterBindings(), step -> { })) {
                    put.offer(PUT, new FlowRunner.Queued(first.toByteArray(), Map.copyOf(first.getAttributes())));
                    final FlowRunner.RunResult result = put.runOnce();
                    final SyncReport report = employeeReport(result);
                    emit(scenario, model, run, "unchanged records (Unchanged Record Events " + perRecord + ")", report.count("unchanged"));
                    // The Gets are disabled, so the records are those of the offered FlowFile.
                    emit(scenario, model, run, "per-record events per 100,000 records (Unchanged Record Events " + perRecord + ")",
                            recordEvents(result) * 100_000.0 / Long.parseLong(first.getAttribute("record.count")));
                }
            }
        }
    }

    /** The Put's per-record events (transit URI .../members/{hash}), not the FlowFiles' summary SENDs. */
    private static double recordEvents(final FlowRunner.RunResult result) {
        return result.provenance().getOrDefault(PUT, List.of()).stream()
                .filter(e -> e.getTransitUri() != null && e.getTransitUri().contains("/members/")).count();
    }

    /**
     * The weekly reconciliation pass over the employees after their initial load, under the Orphan Policy Archive: first
     * with no drift (what every pass costs: the member pages, and no write), then with 1 % drift, a quarter each of
     * people purged from PeopleSoft without a change row, merge fields edited by hand, contacts archived by hand and
     * orphans added.
     */
    void reconcile(final Model model, final int run) throws Exception {
        final Map<String, String> bindings = new java.util.LinkedHashMap<>();
        try (Sandbox sandbox = start(model)) {
            bindings.putAll(sandbox.parameterBindings());
            bindings.put(Demo.ORPHAN_POLICY_PARAMETER, "Archive");
            try (FlowRunner runner = FlowRunner.create(FlowDefinition.shipped(), ComponentCatalog.fromClasspath(), bindings, step -> { })
                    .discardingOutputs()) {
                runner.runOnce();
                runner.enable(Demo.RECONCILE_EMPLOYEES);
                pass(sandbox, runner, "reconciliation pass, no drift", model, run);
                drift(sandbox, employees / 100);
                runner.clearState(Demo.RECONCILE_EMPLOYEES);
                pass(sandbox, runner, "reconciliation pass, 1 % drift", model, run);
            }
        }
    }


    private void pass(final Sandbox sandbox, final FlowRunner runner, final String scenario, final Model model, final int run)
            throws InterruptedException {
        Sandbox.letChangesSettle();
        clearJournals(sandbox);
        final JsonReports reports = new JsonReports();
        final FlowRunner.RunResult result = runner.listening(reports).runOnce();
        final com.fasterxml.jackson.databind.JsonNode report = reports.report();
        emit(scenario, model, run, "records read", report.path("records").path("read").asDouble());
        emit(scenario, model, run, "seconds", seconds(result.took()));
        emit(scenario, model, run, "unchanged", report.path("records").path("unchanged").asDouble());
        emit(scenario, model, run, "corrected", report.path("records").path("corrected").path("total").asDouble());
        emit(scenario, model, run, "skipped by consent", report.path("records").path("skipped_by_consent").asDouble());
        emit(scenario, model, run, "orphans archived", report.path("orphans").path("archived").asDouble());
        emit(scenario, model, run, "Mailchimp writes", sandbox.mailchimp().journal().count(e -> !e.method().equals("GET")));
        emitRequests(scenario, model, run, sandbox);
    }

    /** Keeps the reconciliation report a run writes, while the runner keeps no outputs. */
    private static final class JsonReports implements FlowRunner.Listener {
        private byte[] report;

        @Override
        public void onStep(final FlowRunner.Step step) {
            step.outputs().getOrDefault("reconciliation report", List.of()).forEach(f -> report = f.toByteArray());
        }

        com.fasterxml.jackson.databind.JsonNode report() {
            return SyncReport.records(report).getFirst();
        }
    }

    /** {@code count} drifts among the employees with a subscribed contact, a quarter of each kind. */
    private static void drift(final Sandbox sandbox, final int count) {
        final HrData hr = sandbox.peopleSoft().hr();
        final io.mlconnector.sandbox.mailchimp.Audience audience = sandbox.mailchimp().audience(sandbox.employeeAudience());
        final List<Employee> people = hr.employeeStream().filter(Employee::isActive).filter(e -> e.email() != null)
                .filter(e -> audience.member(e.email()).filter(m -> m.status().equals("subscribed")).isPresent()).limit(count).toList();
        for (int i = 0; i < people.size(); i++) {
            final Employee e = people.get(i);
            switch (i % 4) {
                case 0 -> hr.purge(e.emplid());
                case 1 -> audience.editByHand(e.email(), Map.of("FNAME", "Edited by hand"));
                case 2 -> audience.archiveByHand(e.email());
                default -> audience.seedMember("orphan" + i + "@benchmark.example.com", "subscribed", Map.of("EMPLID", "XX" + i, "FNAME", "Orphan"));
            }
        }
    }

    /**
     * What a NiFi user builds without us: NiFi's InvokeHTTP, one PUT per contact (add or update, status_if_new), 10
     * concurrent tasks, over the first {@code sample} employees. Run directly on InvokeHTTP (nifi-mock, 10 threads)
     * rather than through a second flow definition: the flow would be Split/Evaluate + InvokeHTTP, and the Split's CPU
     * is negligible next to 3,000 requests.
     */
    void generic(final Model model, final int run, final int sample) throws Exception {
        try (Sandbox sandbox = start(model)) {
            final String base = sandbox.mailchimp().baseUrl() + "/lists/" + sandbox.employeeAudience() + "/members/";
            final org.apache.nifi.util.TestRunner invoke = org.apache.nifi.util.TestRunners.newTestRunner(
                    ComponentCatalog.fromClasspath().newProcessor("org.apache.nifi.processors.standard.InvokeHTTP"));
            invoke.setProperty("HTTP Method", "PUT");
            invoke.setProperty("HTTP URL", "${mailchimp.url}");
            invoke.setProperty("Request Content-Type", "application/json");
            invoke.setProperty("Request Username", "nifi");
            invoke.setProperty("Request Password", sandbox.mailchimp().apiKey());
            invoke.setProperty("Socket Idle Connections", String.valueOf(CONNECTIONS));
            invoke.setThreadCount(CONNECTIONS);
            final List<Employee> contacts = sandbox.peopleSoft().hr().employeeStream()
                    .filter(Employee::isActive).filter(e -> e.email() != null).limit(sample).toList();
            final com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            for (final Employee e : contacts) {
                final Map<String, Object> body = Map.of("email_address", e.email(), "status_if_new", "subscribed",
                        "merge_fields", Map.of("FNAME", e.firstName(), "LNAME", e.lastName(), "EMPLID", e.emplid()));
                invoke.enqueue(json.writeValueAsBytes(body), Map.of("mailchimp.url",
                        base + io.mlconnector.nifi.mailchimp.contact.SubscriberHash.of(e.email())));
            }
            sandbox.mailchimp().audience(sandbox.employeeAudience()).addMergeField("EMPLID", "text", false);
            final double loadBefore = loadAverage();
            final long start = System.nanoTime();
            invoke.run(contacts.size(), true, true);
            final double took = (System.nanoTime() - start) / 1e9;
            final String scenario = "generic flow (InvokeHTTP)";
            emit(scenario, model, run, "contacts", contacts.size());
            emit(scenario, model, run, "ok", invoke.getFlowFilesForRelationship("Original").size());
            emit(scenario, model, run, "seconds", took);
            emit(scenario, model, run, "contacts/s", contacts.size() / took);
            emit(scenario, model, run, "load average (1 min) before", loadBefore);
            emitRequests(scenario, model, run, sandbox);
        }
    }

    /**
     * No latency: the CPU each processor's invocation took, from the JVM's CPU time during the invocation, both
     * simulators running in JVMs of their own ({@link PeopleSoftHost}; {@link MailchimpHost}, no members), as they do
     * for NiFi: their work and their garbage are not the processors'. They are {@link Simulators} started once and kept
     * warm, so their JIT does not share the cores with the measured runs. So it includes our HTTP clients, JSON and record
     * reading and writing, nifi-mock's session, GC and JIT, but not nifi-mock's copying of the input into its queue and
     * of the outputs out of it (NiFi hands FlowFiles over as they are).
     */
    void cpu(final int run, final Simulators simulators) throws Exception {
        noLatency(run, FlowDefinition.shipped(), simulators, (figures, emit) -> {
            emit.accept("records", (double) figures.records());
            emit.accept("Get wall seconds", seconds(figures.result().time(GET)));
            emit.accept("Put wall seconds", seconds(figures.result().time(PUT)));
            emit.accept("Get CPU seconds", figures.cpu(GET));
            emit.accept("Put CPU seconds", figures.cpu(PUT));
            emit.accept("Get records/s per core", figures.perCore(GET));
            emit.accept("Put records/s per core", figures.perCore(PUT));
            emit.accept("Get: of its CPU seconds, garbage collection", figures.gc(GET));
            emit.accept("Put: of its CPU seconds, garbage collection (whole JVM's garbage)", figures.gc(PUT));
            emit.accept("Put records/s per core, garbage collection left out", figures.records() / (figures.cpu(PUT) - figures.gc(PUT)));
            emit.accept("Get: of its CPU seconds, JIT compilation", figures.jit(GET));
            emit.accept("Put: of its CPU seconds, JIT compilation", figures.jit(PUT));
            emit.accept("Mailchimp simulator's CPU seconds during the Put (its own JVM)", figures.mailchimpCpu());
            emit.accept("Get heap bytes allocated per record", figures.allocatedPerRecord(GET));
            emit.accept("Put heap bytes allocated per record", figures.allocatedPerRecord(PUT));
            emit.accept("load average (1 min) before", figures.loadBefore());
            emit.accept("load average (1 min) after", figures.loadAfter());
        });
    }

    /**
     * The floor of any processor that reads and writes every record through the flow's Record Reader and Writer: NiFi's
     * own ConvertRecord in the Put's place, with the Put's reader and writer, on the same FlowFiles, measured the same way.
     */
    void readerWriterFloor(final int run, final Simulators simulators) throws Exception {
        noLatency(run, convertRecordForPut(), simulators, (figures, emit) -> {
            emit.accept("ConvertRecord with the Put's reader and writer, records/s per core", figures.perCore(PUT));
            emit.accept("ConvertRecord: of its CPU seconds, garbage collection", figures.gc(PUT));
            emit.accept("ConvertRecord heap bytes allocated per record", figures.allocatedPerRecord(PUT));
            emit.accept("ConvertRecord: load average (1 min) before", figures.loadBefore());
        });
    }

    /** What a no-latency run measured per processor, over the records the Put (or what stands in its place) took. */
    private record CpuFigures(FlowRunner.RunResult result, Map<String, Double> cpu, Map<String, Double> gc, Map<String, Double> jit,
                              Map<String, Long> allocated, long records, double loadBefore, double loadAfter, double mailchimpCpu) {
        double cpu(final String processor) {
            return cpu.getOrDefault(processor, Double.NaN);
        }

        double gc(final String processor) {
            return gc.getOrDefault(processor, Double.NaN);
        }

        double jit(final String processor) {
            return jit.getOrDefault(processor, Double.NaN);
        }

        double perCore(final String processor) {
            return records / cpu(processor);
        }

        double allocatedPerRecord(final String processor) {
            return allocated.getOrDefault(processor, 0L) / (double) records;
        }
    }

    private void noLatency(final int run, final FlowDefinition flow, final Simulators simulators,
                           final java.util.function.BiConsumer<CpuFigures, java.util.function.BiConsumer<String, Double>> report) throws Exception {
        final Model model = new Model(0, 0);
        final Map<String, Double> cpuByProcessor = new TreeMap<>();
        final Map<String, Long> allocatedByProcessor = new TreeMap<>();
        final Map<String, Double> jitByProcessor = new TreeMap<>();
        final Map<String, List<Instant[]>> windows = new TreeMap<>();
        final long[] last = {processCpuNanos(), allocatedBytes()};
        final double[] jitBefore = {compilerCpuSeconds()};
        final long[] records = {0};
        final double[] mailchimpCpu = {0, 0};
        final FlowRunner.Listener meter = new FlowRunner.Listener() {
            @Override
            public void beforeTrigger(final String processor) {
                // Each invocation starts from a collected heap: the collections it pays for are of its own garbage.
                System.gc();
                windows.computeIfAbsent(processor, p -> new ArrayList<>()).add(new Instant[] {Instant.now(), null});
                jitBefore[0] = compilerCpuSeconds();
                mailchimpCpu[0] = simulators.mailchimpCpuSeconds();
                last[0] = processCpuNanos();
                last[1] = allocatedBytes();
            }

            @Override
            public void afterTrigger(final String processor) {
                cpuByProcessor.merge(processor, (processCpuNanos() - last[0]) / 1e9, Double::sum);
                allocatedByProcessor.merge(processor, allocatedBytes() - last[1], Long::sum);
                jitByProcessor.merge(processor, compilerCpuSeconds() - jitBefore[0], Double::sum);
                windows.get(processor).getLast()[1] = Instant.now();
                if (processor.equals(PUT)) {
                    mailchimpCpu[1] += simulators.mailchimpCpuSeconds() - mailchimpCpu[0];
                }
            }

            @Override
            public void onStep(final FlowRunner.Step step) {
                if (step.processor().equals(PUT)) {
                    step.inputs().forEach(input -> records[0] += Long.parseLong(input.getOrDefault("record.count", "0")));
                }
            }
        };
        // Outputs and provenance events dropped as they come: kept, they would fill the heap, and its GC the CPU figure.
        try (GcCpu gc = GcCpu.start();
             FlowRunner runner = FlowRunner.create(flow, ComponentCatalog.fromClasspath(), simulators.forRun(), meter)
                     .discardingOutputs()) {
            final double loadBefore = loadAverage();
            final FlowRunner.RunResult result = runner.runOnce();
            final String scenario = "no latency (CPU)";
            final Map<String, Double> gcByProcessor = new TreeMap<>();
            for (final Map.Entry<String, List<Instant[]>> processor : windows.entrySet()) {
                gcByProcessor.put(processor.getKey(), gc.secondsWithin(processor.getValue()));
            }
            report.accept(new CpuFigures(result, cpuByProcessor, gcByProcessor, jitByProcessor, allocatedByProcessor, records[0],
                    loadBefore, loadAverage(), mailchimpCpu[1]), (metric, value) -> emit(scenario, model, run, metric, value));
        }
    }

    /** The CPU the garbage collector spends, from the JVM's own jdk.GCCPUTime events, by when each collection started. */
    private static final class GcCpu implements AutoCloseable {
        private final RecordingStream stream = new RecordingStream();
        private final List<Object[]> collections = java.util.Collections.synchronizedList(new ArrayList<>());

        static GcCpu start() {
            final GcCpu gc = new GcCpu();
            gc.stream.enable("jdk.GCCPUTime");
            gc.stream.onEvent("jdk.GCCPUTime", e -> gc.collections.add(new Object[] {e.getStartTime(),
                    (e.getDuration("userTime").toNanos() + e.getDuration("systemTime").toNanos()) / 1e9}));
            gc.stream.startAsync();
            return gc;
        }

        /** The GC CPU seconds of collections that started within any of the windows (waits for the events to arrive). */
        double secondsWithin(final List<Instant[]> windows) throws InterruptedException {
            // Events reach the stream about once a second.
            Thread.sleep(2_000);
            synchronized (collections) {
                return collections.stream().filter(c -> windows.stream().anyMatch(w -> w[1] != null
                        && !((Instant) c[0]).isBefore(w[0]) && ((Instant) c[0]).isBefore(w[1])))
                        .mapToDouble(c -> (Double) c[1]).sum();
            }
        }

        @Override
        public void close() {
            stream.close();
        }
    }

    /**
     * Live heap (after each GC) while PutMailchimpContact takes {@code records} records, 10,000 per FlowFile, 10
     * FlowFiles per trigger, as the flow delivers them. With {@code members} 0 the records are employees who left and
     * are not in the audience: every one is planned and audited without a call, and the heap shows the records' path.
     * Otherwise the audience holds {@code members} people, served by a Mailchimp simulator in a JVM of its own
     * ({@link MailchimpHost}), and the records are theirs, unchanged: the processor reads the whole audience into its
     * member index and settles each record against it without a write, so the heap holds the index as well. The audit
     * FlowFiles are dropped as the Put sends them to success ({@link #auditDropped()}). Run it
     * in a JVM with a small heap (e.g. {@code -Xmx256m}, {@code --scenarios heap}) to check the bound: it fails with
     * OutOfMemoryError when the footprint does not fit.
     */
    void heap(final int records, final int members, final int run) throws Exception {
        final Model model = new Model(0, 0);
        final Map<String, Long> actions = new TreeMap<>();
        // No employees in PeopleSoft: its seeded data would share the heap with what is measured.
        try (Sandbox sandbox = start(model, 0);
             HostProcess mailchimp = members > 0 ? HostProcess.mailchimp(members) : null) {
            try (FlowRunner runner = FlowRunner.create(auditDropped(), ComponentCatalog.fromClasspath(), withMailchimp(sandbox, mailchimp),
                    step -> countActions(step, actions)).discardingOutputs()) {
                final double loadBefore = loadAverage();
                final HeapWatch watch = HeapWatch.start();
                final long started = System.nanoTime();
                final int perFlowFile = 10_000;
                for (int offset = 0; offset < records; offset += perFlowFile * 10) {
                    for (int f = 0; f < 10 && offset + f * perFlowFile < records; f++) {
                        runner.offer(PUT, new FlowRunner.Queued(people(offset + f * perFlowFile, perFlowFile, members > 0),
                                Map.of("record.count", String.valueOf(perFlowFile), "avro.schema", PEOPLE_SCHEMA)));
                    }
                    runner.runOnce();
                }
                final double took = (System.nanoTime() - started) / 1e9;
                final String scenario = HEAP_SCENARIO;
                final String audience = members > 0 ? String.format(java.util.Locale.ROOT, "%,d-member audience", members)
                        : "empty audience";
                emit(scenario, audience, run, "records", records);
                actions.forEach((action, count) -> emit(scenario, audience, run, "records " + action, count));
                emit(scenario, audience, run, "seconds", took);
                emit(scenario, audience, run, "max live heap after GC, MB (whole JVM)", watch.stop() / 1048576.0);
                emit(scenario, audience, run, "max heap (-Xmx), MB", Runtime.getRuntime().maxMemory() / 1048576.0);
                emit(scenario, audience, run, "load average (1 min) before", loadBefore);
            }
        }
    }

    /**
     * The shipped flow with the Put's audit FlowFiles dropped where they leave it, as the flow's Keep Dry Run Reports
     * drops a real run's: nifi-mock's logger keeps every FlowFile a processor logs (RouteOnAttribute logs each it
     * routes), content and all, which NiFi's does not, so routing them there would measure nifi-mock's memory.
     */
    private static FlowDefinition auditDropped() {
        final FlowDefinition flow = FlowDefinition.shipped();
        final org.apache.nifi.flow.VersionedProcessor put = flow.processorNamed(PUT);
        flow.group().getConnections().removeIf(c -> c.getSource().getId().equals(put.getIdentifier())
                && c.getSelectedRelationships().contains("success"));
        final java.util.Set<String> terminated = new java.util.HashSet<>(put.getAutoTerminatedRelationships());
        terminated.add("success");
        put.setAutoTerminatedRelationships(terminated);
        return flow;
    }

    /** The shipped flow with NiFi's ConvertRecord in the Put's place, its Record Reader and Writer those the Put has. */
    private static FlowDefinition convertRecordForPut() {
        final FlowDefinition flow = FlowDefinition.shipped();
        final org.apache.nifi.flow.VersionedProcessor put = flow.processorNamed(PUT);
        put.setType("org.apache.nifi.processors.standard.ConvertRecord");
        put.setBundle(BuildInfo.load().nifiNar("nifi-standard-nar"));
        put.setProperties(Map.of("Record Reader", put.getProperties().get("Record Reader"), "Record Writer", put.getProperties().get("Record Writer")));
        put.setAutoTerminatedRelationships(java.util.Set.of("success", "failure"));
        flow.group().getConnections().removeIf(c -> c.getSource().getId().equals(put.getIdentifier()));
        return flow;
    }

    /** Adds up the Put's outputs' counts of each action. */
    private static void countActions(final FlowRunner.Step step, final Map<String, Long> actions) {
        if (step.processor().equals(PUT)) {
            step.outputs().values().forEach(flowFiles -> flowFiles.forEach(flowFile -> SyncReport.ACTIONS.forEach(action ->
                    actions.merge(action, Long.parseLong(flowFile.getAttributes().getOrDefault("mailchimp." + action + ".count", "0")),
                            Long::sum))));
        }
    }

    /** The sandbox's parameter values, Mailchimp's from {@code mailchimp} when there is one. */
    private static Map<String, String> withMailchimp(final Sandbox sandbox, final HostProcess mailchimp) {
        final Map<String, String> bindings = new java.util.HashMap<>(sandbox.parameterBindings());
        if (mailchimp != null) {
            bindings.putAll(mailchimp.bindings());
        }
        return bindings;
    }

    /**
     * A simulator in a JVM of its own ({@link MailchimpHost}, {@link PeopleSoftHost}), with the flow parameters it
     * printed; stopped (its standard input closed, then destroyed) on close.
     */
    private static final class HostProcess implements AutoCloseable {
        private final Process process;
        private final java.io.BufferedReader out;
        private Map<String, String> bindings = Map.of();

        private HostProcess(final Process process) {
            this.process = process;
            this.out = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
        }

        static HostProcess mailchimp(final int members) throws java.io.IOException {
            return start(MailchimpHost.class, List.of("-Xmx3g"), String.valueOf(members));
        }

        /**
         * A simulator beside measured runs stands in for a remote service, so it keeps its work off the measured cores
         * as far as it can: one collector thread (G1's parallel and concurrent ones would take both cores) and a heap
         * fixed from the start. (Not for the heap scenario's million members: its pages then take minutes.)
         */
        static HostProcess besideMeasuredRuns(final Class<?> main, final String heap, final String... args) throws java.io.IOException {
            return start(main, List.of("-XX:+UseSerialGC", "-Xms" + heap, "-Xmx" + heap), args);
        }

        private static HostProcess start(final Class<?> main, final List<String> jvmOptions, final String... args) throws java.io.IOException {
            final List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            command.addAll(jvmOptions);
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
            command.addAll(List.of(args));
            final HostProcess host = new HostProcess(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start());
            host.readBindings(main.getSimpleName());
            return host;
        }

        /** Reads {@code BIND name=value} lines over the bindings so far, up to {@code READY}. */
        private void readBindings(final String host) throws java.io.IOException {
            final Map<String, String> read = new java.util.HashMap<>(bindings);
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("BIND ")) {
                    final int equals = line.indexOf('=');
                    read.put(line.substring("BIND ".length(), equals), line.substring(equals + 1));
                } else if (line.equals("READY")) {
                    bindings = Map.copyOf(read);
                    return;
                }
            }
            process.destroy();
            throw new java.io.IOException(host + " ended before it was ready");
        }

        Map<String, String> bindings() {
            return bindings;
        }

        /** A {@link MailchimpHost}'s audience replaced by a new, empty one; its bindings after. */
        Map<String, String> newAudience() throws java.io.IOException {
            process.getOutputStream().write((MailchimpHost.NEW_AUDIENCE + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            process.getOutputStream().flush();
            readBindings(MailchimpHost.class.getSimpleName());
            return bindings;
        }

        /** The CPU the host's JVM has taken so far, in seconds; NaN where the system does not say. */
        double cpuSeconds() {
            return process.info().totalCpuDuration().map(cpu -> cpu.toNanos() / 1e9).orElse(Double.NaN);
        }

        @Override
        public void close() throws java.io.IOException, InterruptedException {
            process.getOutputStream().close();
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroy();
            }
        }
    }

    /**
     * The simulators of the no-latency runs, started once and kept warm for all of them (warm-ups included), as a
     * remote Mailchimp and PeopleSoft are; each run gets a new, empty audience. A simulator JVM started for each run
     * compiled and collected all through the measured invocations: during the Put's 2 CPU seconds its Mailchimp took
     * 7 to 10, mostly JIT, on the same 2 cores, and the Put's figure moved with it.
     */
    static final class Simulators implements AutoCloseable {
        private final HostProcess peopleSoft;
        private final HostProcess mailchimp;

        private Simulators(final HostProcess peopleSoft, final HostProcess mailchimp) {
            this.peopleSoft = peopleSoft;
            this.mailchimp = mailchimp;
        }

        static Simulators start(final int employees) throws java.io.IOException {
            final HostProcess peopleSoft = HostProcess.besideMeasuredRuns(PeopleSoftHost.class, "1g", String.valueOf(employees),
                    String.valueOf(SEED));
            try {
                return new Simulators(peopleSoft, HostProcess.besideMeasuredRuns(MailchimpHost.class, "3g", "0"));
            } catch (final java.io.IOException | RuntimeException e) {
                peopleSoft.process.destroy();
                throw e;
            }
        }

        /** The flow's bindings for a run: PeopleSoft as it is, a new, empty audience. */
        Map<String, String> forRun() throws java.io.IOException {
            final Map<String, String> bindings = new java.util.HashMap<>(peopleSoft.bindings());
            bindings.putAll(mailchimp.newAudience());
            return bindings;
        }

        double mailchimpCpuSeconds() {
            return mailchimp.cpuSeconds();
        }

        @Override
        public void close() throws java.io.IOException, InterruptedException {
            try {
                peopleSoft.close();
            } finally {
                mailchimp.close();
            }
        }
    }

    /** The schema of {@link #people}, stated as the flow's JSON Writer states it for GetPeopleSoftRecords's FlowFiles. */
    private static final String PEOPLE_SCHEMA = "{\"type\":\"record\",\"name\":\"nifiRecord\",\"fields\":["
            + "{\"name\":\"EMPLID\",\"type\":[\"null\",\"string\"]},{\"name\":\"EMPL_RCD\",\"type\":[\"null\",\"long\"]},"
            + "{\"name\":\"FIRST_NAME\",\"type\":[\"null\",\"string\"]},{\"name\":\"LAST_NAME\",\"type\":[\"null\",\"string\"]},"
            + "{\"name\":\"EMAIL_ADDR\",\"type\":[\"null\",\"string\"]},{\"name\":\"HR_STATUS\",\"type\":[\"null\",\"string\"]},"
            + "{\"name\":\"DESCR\",\"type\":[\"null\",\"string\"]},{\"name\":\"JOBTITLE\",\"type\":[\"null\",\"string\"]},"
            + "{\"name\":\"LASTUPDDTTM\",\"type\":[\"null\",{\"type\":\"long\",\"logicalType\":\"timestamp-millis\"}]}]}";

    /**
     * JSON of {@code count} people as GetPeopleSoftRecords writes them: employees who left and are not in the audience,
     * or ({@code members}) active employees whose contacts {@link MailchimpHost} holds with the same values.
     */
    private static byte[] people(final int from, final int count, final boolean members) {
        final StringBuilder json = new StringBuilder(count * 200).append('[');
        for (int i = from; i < from + count; i++) {
            json.append(i == from ? "" : ",").append("{\"EMPLID\":\"").append(members ? "M" : "L").append(i).append("\",\"EMPL_RCD\":0,")
                    .append("\"FIRST_NAME\":\"First").append(i).append("\",\"LAST_NAME\":\"Last").append(i)
                    .append("\",\"EMAIL_ADDR\":\"").append(members ? MailchimpHost.email(i) : "leaver" + i + "@example.com")
                    .append("\",\"HR_STATUS\":\"").append(members ? "A" : "I").append("\",")
                    .append("\"DESCR\":\"").append(MailchimpHost.DEPARTMENT).append("\",\"JOBTITLE\":\"").append(MailchimpHost.JOB_TITLE)
                    .append("\",\"LASTUPDDTTM\":\"").append(MailchimpHost.VERSION).append("\"}");
        }
        return json.append(']').toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Samples the heap pools' usage after their last collection, keeping the greatest sum. */
    private static final class HeapWatch {
        private final Thread thread;
        private volatile boolean running = true;
        private long max;

        private HeapWatch() {
            thread = Thread.ofPlatform().daemon().name("benchmark-heap-watch").start(() -> {
                while (running) {
                    final long live = java.lang.management.ManagementFactory.getMemoryPoolMXBeans().stream()
                            .filter(p -> p.getType() == java.lang.management.MemoryType.HEAP && p.getCollectionUsage() != null)
                            .mapToLong(p -> p.getCollectionUsage().getUsed()).sum();
                    synchronized (this) {
                        max = Math.max(max, live);
                    }
                    try {
                        Thread.sleep(50);
                    } catch (final InterruptedException e) {
                        return;
                    }
                }
            });
        }

        static HeapWatch start() {
            System.gc();
            return new HeapWatch();
        }

        long stop() throws InterruptedException {
            running = false;
            thread.join();
            synchronized (this) {
                return max;
            }
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * The CPU the JIT compiler threads have taken so far, from Linux's per-thread accounting ({@code /proc/self/task},
     * clock ticks of 10 ms), in seconds; NaN elsewhere. A warm run still compiles: this says how much of a figure is the JIT's.
     */
    private static double compilerCpuSeconds() {
        long ticks = 0;
        try (java.util.stream.Stream<Path> tasks = java.nio.file.Files.list(Path.of("/proc/self/task"))) {
            for (final Path task : tasks.toList()) {
                final String stat;
                try {
                    stat = java.nio.file.Files.readString(task.resolve("stat"));
                } catch (final java.io.IOException gone) {
                    continue; // the thread ended meanwhile
                }
                final String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                if (name.matches("C[12] CompilerThre.*")) {
                    // After the name: state is field 3 of stat, utime and stime fields 14 and 15.
                    final String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                }
            }
        } catch (final java.io.IOException | RuntimeException e) {
            return Double.NaN; // no Linux /proc
        }
        return ticks / 100.0;
    }

    /** What every thread of this JVM has allocated on the heap so far, ended threads included. */
    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean()).getTotalThreadAllocatedBytes();
    }

    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private Sandbox start(final Model model) throws java.io.IOException {
        return start(model, employees);
    }

    private static Sandbox start(final Model model, final int employees) throws java.io.IOException {
        return Sandbox.start(employees, 0, SEED, MailchimpSimulator.builder()
                .latency(Duration.ofMillis(model.requestMs()), Duration.ofMillis(model.memberMs()))
                .journal(JOURNAL_CAPACITY, JOURNAL_BODIES));
    }

    private static SyncReport employeeReport(final FlowRunner.RunResult result) {
        return SyncReport.of(FlowDefinition.shipped(), result).stream().filter(r -> r.destination().equals(PUT))
                .findFirst().orElseThrow();
    }

    private static void clearJournals(final Sandbox sandbox) {
        sandbox.mailchimp().journal().clear();
        sandbox.peopleSoft().journal().clear();
    }

    private void emitRequests(final String scenario, final Model model, final int run, final Sandbox sandbox) {
        final Map<String, Long> mailchimp = byEndpoint(sandbox.mailchimp().journal());
        final Map<String, Long> peopleSoft = byEndpoint(sandbox.peopleSoft().journal());
        emit(scenario, model, run, "PeopleSoft requests", peopleSoft.values().stream().mapToLong(Long::longValue).sum());
        emit(scenario, model, run, "Mailchimp requests", mailchimp.values().stream().mapToLong(Long::longValue).sum());
        mailchimp.forEach((endpoint, count) -> emit(scenario, model, run, "Mailchimp " + endpoint, count));
        peopleSoft.forEach((endpoint, count) -> emit(scenario, model, run, "PeopleSoft " + endpoint, count));
    }

    /** Requests by method and path, ids replaced by {id}: e.g. {@code POST /3.0/lists/{id}} is a batch subscribe. */
    static Map<String, Long> byEndpoint(final RequestJournal journal) {
        final Map<String, Long> counts = new TreeMap<>();
        for (final JournalEntry entry : journal.entries()) {
            counts.merge(entry.method() + " " + ID.matcher(entry.path()).replaceAll("/{id}"), 1L, Long::sum);
        }
        return counts;
    }

    private void emit(final String scenario, final Model model, final int run, final String metric, final double value) {
        emit(scenario, model.requestMs() == 0 ? "no latency" : model.toString(), run, metric, value);
    }

    /** @param setting what the scenario ran under (a latency model, an audience size) */
    private void emit(final String scenario, final String setting, final int run, final String metric, final double value) {
        out.accept(new Row(scenario, setting, run, metric, value));
    }

    static double seconds(final Duration duration) {
        return duration.toNanos() / 1e9;
    }
}
