package io.mlconnector.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code bin/benchmark}: runs the {@link Benchmark} scenarios several times and writes every figure and their medians
 * to {@code benchmarks/results/} as CSV and Markdown, with the machine, JDK and command.
 *
 * <pre>bin/benchmark [--employees N] [--runs N] [--sample N] [--generic-runs N] [--heap-records N] [--heap-members N]
 *               [--scenarios load,generic,cpu,provenance,heap,reconcile] [--out DIR]</pre>
 */
public final class BenchmarkMain {

    private static final Map<String, String> DEFAULTS = Map.of("employees", "100000", "runs", "3", "sample", "3000",
            "generic-runs", "1", "heap-records", "1000000", "heap-members", "1000000", "scenarios", "load,generic,cpu,provenance,heap",
            "out", "benchmarks/results");
    /**
     * The CPU scenario's heap, in MB: NiFi's as its bootstrap.conf starts it ({@code -Xms} and {@code -Xmx} both
     * {@code nifi.jvm.heap.init} = {@code nifi.jvm.heap.max} = 1g). A heap that starts small and grows instead spends CPU
     * on growing (collections of a small young generation, promotion of what they hold) that a running NiFi does not.
     */
    private static final long NIFI_HEAP_MB = 1024;
    /** Unreported runs before CPU is measured: after one, the JIT still compiled through the first measured run. */
    private static final int CPU_WARM_UP_RUNS = 2;
    /** The heap the heap scenario must complete in: only a small heap makes its figures a bound. */
    private static final long HEAP_BOUND_MB = 256;
    private static final Pattern CSV_ROW = Pattern.compile("^\"([^\"]*)\",\"([^\"]*)\",\"([^\"]*)\",[^,]*,\\d+,\"([^\"]*)\"$");
    private static final List<Benchmark.Model> MODELS = List.of(new Benchmark.Model(300, 2), new Benchmark.Model(200, 4));

    private BenchmarkMain() {
    }

    public static void main(final String[] args) throws Exception {
        final Map<String, String> options = parse(args);
        final int runs = Integer.parseInt(options.get("runs"));
        final List<String> scenarios = List.of(options.get("scenarios").split(","));
        final List<Benchmark.Row> rows = new ArrayList<>();
        final int employees = Integer.parseInt(options.get("employees"));
        final Benchmark benchmark = new Benchmark(employees, row -> {
            rows.add(row);
            System.out.printf(Locale.ROOT, "%-30s %-22s run %d  %-45s %,14.2f%n", row.scenario(), row.model(), row.run(),
                    row.metric(), row.value());
        });
        // Warm-up, not reported: class loading and JIT would otherwise land on the first measured run.
        new Benchmark(5_000, row -> { }).initialLoad(new Benchmark.Model(0, 0), 0, false);
        for (final Benchmark.Model model : MODELS) {
            for (int run = 1; run <= runs; run++) {
                if (scenarios.contains("load")) {
                    benchmark.initialLoad(model, run, model == MODELS.getFirst());
                }
                if (scenarios.contains("generic") && run <= Integer.parseInt(options.get("generic-runs"))) {
                    benchmark.generic(model, run, Integer.parseInt(options.get("sample")));
                    speedUp(rows, model, run);
                    System.out.printf(Locale.ROOT, "speed-up over the generic flow, %s, run %d: %.1fx%n", model, run, rows.getLast().value());
                }
            }
        }
        final boolean nifiHeap = Runtime.getRuntime().maxMemory() >> 20 == NIFI_HEAP_MB;
        if (scenarios.contains("cpu") && (!nifiHeap || scenarios.contains("load") || scenarios.contains("generic"))) {
            // In a fresh JVM with NiFi's heap: the loads leave this JVM's heap and collector in a state of their own.
            final List<Benchmark.Row> cpu = inJvmOfItsOwn(NIFI_HEAP_MB, "--scenarios", "cpu", "--runs", String.valueOf(runs),
                    "--employees", options.get("employees"));
            if (cpu == null) {
                throw new IllegalStateException("The CPU scenario failed in its own JVM (see its output above)");
            }
            rows.addAll(cpu);
        } else if (scenarios.contains("cpu")) {
            // CPU per record is measured warm, as in a NiFi that runs for days: whole unreported runs first, or the JIT
            // compiling the hot paths (its threads' CPU counts, and on a shared 2-core machine it finishes late) lands on the
            // first measured runs. The simulators are warm too, as a remote Mailchimp is: one of each for every run.
            final Benchmark warmUp = new Benchmark(employees, row -> { });
            try (Benchmark.Simulators simulators = Benchmark.Simulators.start(employees)) {
                for (int run = 0; run < CPU_WARM_UP_RUNS; run++) {
                    warmUp.cpu(0, simulators);
                    warmUp.readerWriterFloor(0, simulators);
                }
                for (int run = 1; run <= runs; run++) {
                    benchmark.cpu(run, simulators);
                    benchmark.readerWriterFloor(run, simulators);
                }
            }
        }
        if (scenarios.contains("provenance")) {
            benchmark.provenance(1);
        }
        for (int run = 1; run <= runs && scenarios.contains("reconcile"); run++) {
            benchmark.reconcile(MODELS.getFirst(), run);
        }
        if (scenarios.contains("heap") && Runtime.getRuntime().maxMemory() >> 20 <= HEAP_BOUND_MB) {
            benchmark.heap(Integer.parseInt(options.get("heap-records")), 0, 1);
            benchmark.heap(Integer.parseInt(options.get("heap-records")), Integer.parseInt(options.get("heap-members")), 1);
        } else if (scenarios.contains("heap")) {
            rows.addAll(heapInSmallJvm(options));
        }
        write(Path.of(options.get("out")), rows, String.join(" ", args));
    }

    /**
     * The heap scenario in a JVM of {@value #HEAP_BOUND_MB} MB of its own (this one's heap is larger, so completing here
     * would prove nothing): its figures, and whether it completed (it fails with OutOfMemoryError when the footprint
     * does not fit).
     */
    private static List<Benchmark.Row> heapInSmallJvm(final Map<String, String> options) throws IOException, InterruptedException {
        final List<Benchmark.Row> heap = inJvmOfItsOwn(HEAP_BOUND_MB, "--scenarios", "heap", "--runs", "0",
                "--heap-records", options.get("heap-records"), "--heap-members", options.get("heap-members"));
        final List<Benchmark.Row> rows = heap == null ? new ArrayList<>() : new ArrayList<>(heap);
        rows.add(new Benchmark.Row(Benchmark.HEAP_SCENARIO, "both audiences", 1, "completed in a " + HEAP_BOUND_MB + " MB JVM (1 yes, 0 no)", heap != null ? 1 : 0));
        return rows;
    }

    /**
     * Runs this benchmark with {@code arguments} in a JVM of its own with a heap of {@code heapMb} from the start, as NiFi
     * starts: its figures, or null when it failed.
     */
    private static List<Benchmark.Row> inJvmOfItsOwn(final long heapMb, final String... arguments) throws IOException, InterruptedException {
        final Path dir = Files.createTempDirectory("benchmark");
        final List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms" + heapMb + "m", "-Xmx" + heapMb + "m", "-cp", System.getProperty("java.class.path"), BenchmarkMain.class.getName()));
        command.addAll(List.of(arguments));
        command.addAll(List.of("--out", dir.toString()));
        final Process child = new ProcessBuilder(command).inheritIO().start();
        final Path csv = dir.resolve("benchmark.csv");
        if (child.waitFor() != 0 || !Files.exists(csv)) {
            return null;
        }
        final List<Benchmark.Row> rows = new ArrayList<>();
        for (final String line : Files.readAllLines(csv)) {
            final Matcher row = CSV_ROW.matcher(line);
            if (row.matches()) {
                final String[] values = row.group(4).split(" ");
                for (int run = 0; run < values.length; run++) {
                    rows.add(new Benchmark.Row(row.group(1), row.group(2), run + 1, row.group(3), Double.parseDouble(values[run])));
                }
            }
        }
        return rows;
    }

    /** Our contacts/s over the generic flow's, both from run {@code run} of the same model. */
    private static void speedUp(final List<Benchmark.Row> rows, final Benchmark.Model model, final int run) {
        final double ours = value(rows, "initial load", model.toString(), run, "contacts/s");
        final double generic = value(rows, "generic flow (InvokeHTTP)", model.toString(), run, "contacts/s");
        rows.add(new Benchmark.Row("speed-up over the generic flow", model.toString(), run, "x", ours / generic));
    }

    private static double value(final List<Benchmark.Row> rows, final String scenario, final String model, final int run,
                                final String metric) {
        return rows.stream().filter(r -> r.scenario().equals(scenario) && r.model().equals(model) && r.run() == run
                && r.metric().equals(metric)).mapToDouble(Benchmark.Row::value).findFirst().orElse(Double.NaN);
    }

    private static void write(final Path dir, final List<Benchmark.Row> rows, final String command) throws IOException {
        Files.createDirectories(dir);
        // Scenario by scenario, in the order they first ran; each one's figures in the order they came.
        final List<String> order = rows.stream().map(Benchmark.Row::scenario).distinct().toList();
        final Map<List<String>, List<Double>> grouped = new LinkedHashMap<>();
        rows.stream().sorted(java.util.Comparator.comparingInt(r -> order.indexOf(r.scenario()))).forEach(r ->
                grouped.computeIfAbsent(List.of(r.scenario(), r.model(), r.metric()), k -> new ArrayList<>()).add(r.value()));
        final StringBuilder csv = new StringBuilder("scenario,model,metric,median,runs,values\n");
        grouped.forEach((key, values) -> csv.append(String.format(Locale.ROOT, "\"%s\",\"%s\",\"%s\",%.3f,%d,\"%s\"%n",
                key.get(0), key.get(1), key.get(2), median(values), values.size(),
                values.stream().map(v -> String.format(Locale.ROOT, "%.3f", v)).collect(Collectors.joining(" ")))));
        Files.writeString(dir.resolve("benchmark.csv"), csv);

        final StringBuilder md = new StringBuilder("# Benchmark results\n\n");
        machine().forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
        md.append("- command: `bin/benchmark").append(command.isBlank() ? "" : " " + command).append("`\n\n");
        md.append("Medians over the runs (every run's value in benchmark.csv). Mailchimp is the sandbox simulator with its "
                + "latency model (per request + per batch member, 10 simultaneous connections); PeopleSoft the sandbox "
                + "simulator without latency.\n");
        String scenario = null;
        for (final Map.Entry<List<String>, List<Double>> entry : grouped.entrySet()) {
            final List<String> key = entry.getKey();
            if (!key.get(0).equals(scenario)) {
                scenario = key.get(0);
                md.append("\n## ").append(scenario).append("\n\n| model | metric | median | runs |\n|---|---|---:|---:|\n");
            }
            md.append(String.format(Locale.ROOT, "| %s | %s | %,.2f | %d |%n", key.get(1), key.get(2).replace("|", "\\|"),
                    median(entry.getValue()), entry.getValue().size()));
        }
        Files.writeString(dir.resolve("benchmark.md"), md);
        System.out.println("Wrote " + dir.resolve("benchmark.md") + " and " + dir.resolve("benchmark.csv"));
    }

    private static Map<String, String> machine() {
        final Map<String, String> machine = new LinkedHashMap<>();
        machine.put("date", Instant.now().toString());
        machine.put("machine", System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", "
                + Runtime.getRuntime().availableProcessors() + " cores, " + cpuModel());
        machine.put("JDK", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        machine.put("max heap", (Runtime.getRuntime().maxMemory() >> 20) + " MB");
        return machine;
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown CPU");
        } catch (final IOException | RuntimeException e) {
            return "unknown CPU";
        }
    }

    private static double median(final List<Double> values) {
        final double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        final int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static Map<String, String> parse(final String[] args) {
        final Map<String, String> options = new HashMap<>(DEFAULTS);
        // bin/benchmark hands its options over as one string through Maven: split it again.
        final List<String> words = Arrays.stream(args).flatMap(a -> Arrays.stream(a.strip().split("\\s+")))
                .filter(w -> !w.isEmpty()).toList();
        for (int i = 0; i < words.size(); i++) {
            final String name = words.get(i).replaceFirst("^--", "");
            if (!DEFAULTS.containsKey(name) || i + 1 >= words.size()) {
                System.err.println("usage: bin/benchmark [--employees N] [--runs N] [--sample N] [--generic-runs N] [--heap-records N] "
                        + "[--heap-members N] [--scenarios load,generic,cpu,provenance,heap,reconcile] [--out DIR]");
                System.exit(2);
            }
            options.put(name, words.get(++i));
        }
        return options;
    }
}
