package io.mlconnector.demo;

import io.mlconnector.sandbox.core.JournalEntry;
import io.mlconnector.sandbox.core.RequestJournal;
import io.mlconnector.sandbox.mailchimp.MailchimpSimulator;
import io.mlconnector.sandbox.peoplesoft.Employee;
import io.mlconnector.sandbox.peoplesoft.HrData;
import org.apache.nifi.util.MockFlowFile;

import java.time.Duration;
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
    /** Enough to count every request of a 100,000-contact load by endpoint. */
    private static final int JOURNAL_CAPACITY = 1_000_000;
    private static final long JOURNAL_BODIES = 128L * 1024 * 1024;
    private static final Pattern ID = Pattern.compile("/[0-9a-f]{10,32}(?=/|$)");

    /** One figure of one run of one scenario. */
    record Row(String scenario, String model, int run, String metric, double value) {
    }

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
            // The replay first: after the changes, the old records of the FlowFile would undo them (newer wins is issue 14).
            replay(sandbox, runner, load, model, run);
            incremental(sandbox, runner, model, run);
        }
    }

    /** 100 changes among the employees: 25 each of hires, email changes, terminations and rehires. */
    private void incremental(final Sandbox sandbox, final FlowRunner runner, final Model model, final int run) throws InterruptedException {
        final HrData hr = sandbox.peopleSoft().hr();
        final List<Employee> active = hr.employeeStream().filter(Employee::isActive).filter(e -> e.email() != null).limit(50).toList();
        final List<Employee> gone = hr.employeeStream().filter(e -> !e.isActive())
                .filter(e -> e.effdt() != null && !e.effdt().isAfter(hr.today())).limit(25).toList();
        for (int i = 0; i < 25; i++) {
            hr.hire("New" + i, "Hire", "new.hire" + i + "@benchmark.example.com");
            hr.changeEmail(active.get(i).emplid(), "moved" + i + "." + active.get(i).emplid() + "@benchmark.example.com");
            hr.terminate(active.get(25 + i).emplid(), hr.today());
            hr.rehire(gone.get(i).emplid(), hr.today());
        }
        Sandbox.letChangesSettle();
        clearJournals(sandbox);
        final FlowRunner.RunResult result = runner.runOnce();
        final String scenario = "incremental (100 changes)";
        emit(scenario, model, run, "records", employeeReport(result).read());
        emit(scenario, model, run, "seconds", seconds(result.took()));
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
        emitRequests(scenario, model, run, sandbox);
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
            bindings.put("Employee Orphan Policy", "Archive");
            try (FlowRunner runner = FlowRunner.create(FlowDefinition.shipped(), ComponentCatalog.fromClasspath(), bindings, step -> { })
                    .discardingOutputs()) {
                runner.runOnce();
                runner.enable(RECONCILE);
                pass(sandbox, runner, "reconciliation pass, no drift", model, run);
                drift(sandbox, employees / 100);
                runner.clearState(RECONCILE);
                pass(sandbox, runner, "reconciliation pass, 1 % drift", model, run);
            }
        }
    }

    static final String RECONCILE = "Reconcile Employees from PeopleSoft";

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
            final long start = System.nanoTime();
            invoke.run(contacts.size(), true, true);
            final double took = (System.nanoTime() - start) / 1e9;
            final String scenario = "generic flow (InvokeHTTP)";
            emit(scenario, model, run, "contacts", contacts.size());
            emit(scenario, model, run, "ok", invoke.getFlowFilesForRelationship("Original").size());
            emit(scenario, model, run, "seconds", took);
            emit(scenario, model, run, "contacts/s", contacts.size() / took);
            emitRequests(scenario, model, run, sandbox);
        }
    }

    /**
     * No latency: the CPU each processor's invocation took, from the JVM's CPU time between flow steps minus what the
     * simulators' threads (the carriers of their virtual threads) took meanwhile; so it includes our HTTP client,
     * JSON and record reading and writing, nifi-mock, GC and JIT, but not the simulators' own work.
     */
    void cpu(final int run) throws Exception {
        final Model model = new Model(0, 0);
        final Map<String, Double> cpuByProcessor = new TreeMap<>();
        final long[] last = {processCpuNanos() - simulatorCpuNanos()};
        try (Sandbox sandbox = start(model);
             FlowRunner runner = FlowRunner.create(FlowDefinition.shipped(), ComponentCatalog.fromClasspath(),
                     sandbox.parameterBindings(), step -> {
                         final long now = processCpuNanos() - simulatorCpuNanos();
                         cpuByProcessor.merge(step.processor(), (now - last[0]) / 1e9, Double::sum);
                         last[0] = now;
                     })) {
            final double loadBefore = loadAverage();
            last[0] = processCpuNanos() - simulatorCpuNanos();
            final FlowRunner.RunResult result = runner.runOnce();
            final String scenario = "no latency (CPU)";
            final double records = employeeReport(result).read();
            emit(scenario, model, run, "records", records);
            emit(scenario, model, run, "Get wall seconds", seconds(result.time(GET)));
            emit(scenario, model, run, "Put wall seconds", seconds(result.time(PUT)));
            emit(scenario, model, run, "Get CPU seconds", cpuByProcessor.getOrDefault(GET, Double.NaN));
            emit(scenario, model, run, "Put CPU seconds", cpuByProcessor.getOrDefault(PUT, Double.NaN));
            emit(scenario, model, run, "Get records/s per core", records / cpuByProcessor.getOrDefault(GET, Double.NaN));
            emit(scenario, model, run, "Put records/s per core", records / cpuByProcessor.getOrDefault(PUT, Double.NaN));
            emit(scenario, model, run, "load average (1 min) before", loadBefore);
            emit(scenario, model, run, "load average (1 min) after", loadAverage());
        }
    }

    /**
     * Live heap (after each GC) while PutMailchimpContact takes {@code records} records, 10,000 per FlowFile, 10
     * FlowFiles per trigger, as the flow delivers them. The records are employees who left and are not in the
     * audience, so every one is planned and audited without a call: the simulator holds no members and the heap shows
     * the processor's own footprint (plus nifi-mock's copy of the FlowFiles of one trigger). Run it in a JVM with a
     * small heap (e.g. {@code -Xmx256m}, {@code --scenarios heap}) to check the bound: it fails with OutOfMemoryError
     * when the footprint grows with the record count.
     */
    void heap(final int records, final int run) throws Exception {
        final Model model = new Model(0, 0);
        // No employees in PeopleSoft: its seeded data would share the heap with what is measured.
        try (Sandbox sandbox = start(model, 0);
             FlowRunner runner = FlowRunner.create(FlowDefinition.shipped(), ComponentCatalog.fromClasspath(),
                     sandbox.parameterBindings(), step -> { })) {
            final HeapWatch watch = HeapWatch.start();
            final long started = System.nanoTime();
            final int perFlowFile = 10_000;
            for (int offset = 0; offset < records; offset += perFlowFile * 10) {
                for (int f = 0; f < 10 && offset + f * perFlowFile < records; f++) {
                    runner.offer(PUT, new FlowRunner.Queued(leavers(offset + f * perFlowFile, perFlowFile),
                            Map.of("record.count", String.valueOf(perFlowFile), "avro.schema", LEAVERS_SCHEMA)));
                }
                runner.runOnce();
            }
            final double took = (System.nanoTime() - started) / 1e9;
            final String scenario = "heap: records through Put";
            emit(scenario, model, run, "records", records);
            emit(scenario, model, run, "seconds", took);
            emit(scenario, model, run, "max live heap after GC, MB (whole JVM)", watch.stop() / 1048576.0);
        }
    }

    /** The schema of {@link #leavers}, stated as the flow's JSON Writer states it for GetPeopleSoftRecords's FlowFiles. */
    private static final String LEAVERS_SCHEMA = "{\"type\":\"record\",\"name\":\"nifiRecord\",\"fields\":["
            + "{\"name\":\"EMPLID\",\"type\":[\"null\",\"string\"]},{\"name\":\"EMPL_RCD\",\"type\":[\"null\",\"long\"]},"
            + "{\"name\":\"FIRST_NAME\",\"type\":[\"null\",\"string\"]},{\"name\":\"LAST_NAME\",\"type\":[\"null\",\"string\"]},"
            + "{\"name\":\"EMAIL_ADDR\",\"type\":[\"null\",\"string\"]},{\"name\":\"HR_STATUS\",\"type\":[\"null\",\"string\"]},"
            + "{\"name\":\"DESCR\",\"type\":[\"null\",\"string\"]},{\"name\":\"JOBTITLE\",\"type\":[\"null\",\"string\"]},"
            + "{\"name\":\"LASTUPDDTTM\",\"type\":[\"null\",{\"type\":\"long\",\"logicalType\":\"timestamp-millis\"}]}]}";

    /** JSON of {@code count} employees who left, as GetPeopleSoftRecords writes them. */
    private static byte[] leavers(final int from, final int count) {
        final StringBuilder json = new StringBuilder(count * 200).append('[');
        for (int i = from; i < from + count; i++) {
            json.append(i == from ? "" : ",").append("{\"EMPLID\":\"L").append(i).append("\",\"EMPL_RCD\":0,")
                    .append("\"FIRST_NAME\":\"First").append(i).append("\",\"LAST_NAME\":\"Last").append(i)
                    .append("\",\"EMAIL_ADDR\":\"leaver").append(i).append("@example.com\",\"HR_STATUS\":\"I\",")
                    .append("\"DESCR\":\"Sales\",\"JOBTITLE\":\"Clerk\",\"LASTUPDDTTM\":\"2026-01-01T00:00:00Z\"}");
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

    /** CPU of the threads that carry the simulators' virtual threads (nothing else here uses virtual threads). */
    private static long simulatorCpuNanos() {
        final java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long total = 0;
        for (final java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("ForkJoinPool-")) {
                total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
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
        out.accept(new Row(scenario, model.requestMs() == 0 ? "no latency" : model.toString(), run, metric, value));
    }

    static double seconds(final Duration duration) {
        return duration.toNanos() / 1e9;
    }
}
