package io.mlconnector.nifi.mailchimp;

import org.apache.nifi.provenance.ProvenanceEventRecord;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.zip.GZIPOutputStream;

import static io.mlconnector.nifi.mailchimp.MailchimpSandbox.employee;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Not part of the test suite (surefire picks only *Test classes): what the per-record provenance events cost on a
 * 100,000-record load, 10 FlowFiles of 10,000 records as GetPeopleSoftRecords emits them, every record a new contact.
 * Run it on this branch and on a checkout without per-record events, and compare:
 * <pre>
 * mvn -o -q -pl nifi-mlconnector-processors -am test -Dtest=ProvenanceCostBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * It prints the sync time of each round (wall clock, and CPU time of the whole JVM, simulator included, which a busy
 * machine disturbs less), the events per second, and the size of the events as NiFi's write-ahead
 * repository would store them, estimated by serializing each event's fields (times, ids, transit URI, details and both
 * attribute maps) the way its schema writer does, raw and gzip-compressed (the repository compresses event files when
 * it rolls them over). The Lucene index comes on top and is not measured here.
 */
class ProvenanceCostBenchmark {

    private static final int RECORDS = 100_000;
    private static final int PER_FLOWFILE = 10_000;
    private static final int ROUNDS = 6;
    private static final Map<String, String> GET_ATTRIBUTES = Map.of(
            "peoplesoft.interface", "PeopleSoft Query",
            "peoplesoft.source", "PUBLIC/MC_EMPL_CHANGES",
            "peoplesoft.node", "PSFT_HR",
            "peoplesoft.window.start", "1900-01-01T08:00:00Z",
            "peoplesoft.window.end", "2026-11-27T15:52:46Z",
            "record.count", String.valueOf(PER_FLOWFILE),
            "mime.type", "application/json");

    @Test
    void hundredThousandRecords() throws IOException {
        final com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        final List<Long> millis = new ArrayList<>();
        final List<Long> cpuMillis = new ArrayList<>();
        List<ProvenanceEventRecord> events = List.of();
        for (int round = 0; round < ROUNDS; round++) {
            try (MailchimpSandbox sandbox = new MailchimpSandbox()) {
                for (int f = 0; f < RECORDS / PER_FLOWFILE; f++) {
                    final int first = f * PER_FLOWFILE;
                    sandbox.runner.enqueue(MailchimpSandbox.JSON.writeValueAsBytes(IntStream.range(first, first + PER_FLOWFILE)
                            .mapToObj(i -> employee(String.format("KU%07d", i), "person" + i + "@example.com", "A")).toList()),
                            GET_ATTRIBUTES);
                }
                final long start = System.nanoTime();
                final long cpuStart = os.getProcessCpuTime();
                sandbox.runner.run(RECORDS / PER_FLOWFILE);
                final long took = (System.nanoTime() - start) / 1_000_000;
                final long cpu = (os.getProcessCpuTime() - cpuStart) / 1_000_000;
                assertEquals(RECORDS, sandbox.audience().members().size());
                events = sandbox.runner.getProvenanceEvents();
                System.out.printf("round %d: %,d records in %,d ms (%,d ms CPU), %,d provenance events%n", round, RECORDS, took,
                        cpu, events.size());
                if (round > 0) {
                    millis.add(took);
                    cpuMillis.add(cpu);
                }
            }
        }
        millis.sort(Comparator.naturalOrder());
        cpuMillis.sort(Comparator.naturalOrder());
        final long median = millis.get(millis.size() / 2);
        final long perRecord = events.stream().filter(e -> e.getTransitUri() != null && e.getTransitUri().contains("/members/")).count();
        System.out.printf("median of %d rounds: %,d ms (%,d ms CPU) for %,d records (%,d records/s); %,d per-record events "
                + "(%,d events/s)%n", millis.size(), median, cpuMillis.get(cpuMillis.size() / 2), RECORDS, RECORDS * 1000L / median,
                perRecord, perRecord * 1000L / median);
        if (perRecord > 0) {
            estimateRepositorySize(events.stream().filter(e -> e.getTransitUri() != null && e.getTransitUri().contains("/members/")).toList());
        }
    }

    private static void estimateRepositorySize(final List<ProvenanceEventRecord> events) throws IOException {
        final ByteArrayOutputStream event = new ByteArrayOutputStream();
        final DataOutputStream out = new DataOutputStream(event);
        final ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        long raw = 0;
        final long start = System.nanoTime();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            for (final ProvenanceEventRecord record : events) {
                event.reset();
                out.writeLong(record.getEventId());
                out.writeUTF(record.getEventType().name());
                out.writeLong(record.getEventTime());
                out.writeLong(record.getFlowFileEntryDate());
                out.writeLong(record.getLineageStartDate());
                out.writeLong(record.getEventDuration());
                out.writeLong(record.getFileSize());
                out.writeUTF(record.getComponentId());
                out.writeUTF(record.getComponentType());
                out.writeUTF(record.getFlowFileUuid());
                out.writeUTF(record.getTransitUri());
                out.writeUTF(record.getDetails());
                writeMap(out, record.getPreviousAttributes());
                writeMap(out, record.getUpdatedAttributes());
                out.flush();
                raw += event.size();
                event.writeTo(gzip);
            }
        }
        final double micros = (System.nanoTime() - start) / 1000.0;
        final double rawPerEvent = (double) raw / events.size();
        final double gzPerEvent = (double) compressed.size() / events.size();
        System.out.printf("event files: %.0f bytes per event raw, %.0f compressed; per 100,000 records %.1f MB raw, %.1f MB "
                        + "compressed; serializing and compressing took %.1f us per event%n", rawPerEvent, gzPerEvent,
                rawPerEvent * 100_000 / 1e6, gzPerEvent * 100_000 / 1e6, micros / events.size());
        final ProvenanceEventRecord sample = events.getFirst();
        System.out.printf("sample: %s %s | %s | attributes %s%n", sample.getEventType(), sample.getTransitUri(),
                sample.getDetails(), sample.getUpdatedAttributes());
    }

    private static void writeMap(final DataOutputStream out, final Map<String, String> map) throws IOException {
        out.writeInt(map.size());
        for (final Map.Entry<String, String> entry : map.entrySet()) {
            out.writeUTF(entry.getKey());
            out.writeUTF(entry.getValue() == null ? "" : entry.getValue());
        }
    }
}
