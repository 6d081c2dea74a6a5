package io.mlconnector.sandbox.mailchimp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlconnector.sandbox.core.SimRequest;
import io.mlconnector.sandbox.core.SimResponse;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Async {@code /batches} (mailchimp.md §4, §11.6): operations run against the same state as the synchronous API once
 * the batch's simulated processing time has passed on the clock; results go into a tar.gz of JSON arrays.
 */
final class AsyncBatches {

    static final String RESULTS_PATH = "/batch-results/";
    private static final int MAX_PENDING = 500;
    private static final int RESULTS_PER_FILE = 500;

    /** Runs one operation without auth, gate or latency. */
    interface OperationRunner {
        SimResponse run(SimRequest request);
    }

    private record Operation(String method, String path, Map<String, List<String>> params, String body, String operationId) {
    }

    private static final class Batch {
        final String id;
        final Instant submittedAt;
        final int total;
        List<Operation> operations;
        String status = "pending";
        int errored;
        Instant completedAt;
        byte[] archive;

        Batch(String id, Instant submittedAt, List<Operation> operations) {
            this.id = id;
            this.submittedAt = submittedAt;
            this.operations = operations;
            this.total = operations.size();
        }
    }

    private final ObjectMapper mapper;
    private final RequestSchemas schemas;
    private final MailchimpSettings settings;
    private final Supplier<Instant> clock;
    private final Supplier<String> serverOrigin;
    private final Map<String, Batch> batches = new LinkedHashMap<>();
    private OperationRunner runner;

    AsyncBatches(ObjectMapper mapper, RequestSchemas schemas, MailchimpSettings settings, Supplier<Instant> clock,
                 Supplier<String> serverOrigin) {
        this.mapper = mapper;
        this.schemas = schemas;
        this.settings = settings;
        this.clock = clock;
        this.serverOrigin = serverOrigin;
    }

    void runner(OperationRunner runner) {
        this.runner = runner;
    }

    synchronized ObjectNode submit(JsonNode body) {
        schemas.check(RequestSchemas.POST_BATCHES, body);
        if (batches.values().stream().filter(b -> b.archive == null).count() >= MAX_PENDING) {
            throw Problems.tooManyBatches();
        }
        List<Operation> operations = new ArrayList<>();
        for (JsonNode op : body.get("operations")) {
            Map<String, List<String>> params = new LinkedHashMap<>();
            op.path("params").properties().forEach(e -> params.put(e.getKey(), List.of(e.getValue().asText())));
            operations.add(new Operation(op.get("method").asText(), op.get("path").asText(), params,
                    op.path("body").asText(""), op.path("operation_id").asText("")));
        }
        Batch batch = new Batch(Hashes.hexId(), clock.get(), operations);
        batches.put(batch.id, batch);
        return render(batch);
    }

    synchronized ObjectNode get(String id) {
        settle();
        return render(find(id));
    }

    synchronized ObjectNode list(int count, int offset) {
        settle();
        ObjectNode node = mapper.createObjectNode();
        ArrayNode items = node.putArray("batches");
        batches.values().stream().skip(offset).limit(count).forEach(b -> items.add(render(b)));
        node.put("total_items", batches.size());
        node.putArray("_links");
        return node;
    }

    synchronized void delete(String id) {
        find(id);
        batches.remove(id);
    }

    /** The results archive, or null when unknown or not finished. */
    synchronized byte[] archive(String id) {
        settle();
        Batch batch = batches.get(id);
        return batch == null ? null : batch.archive;
    }

    /** Advances every batch to the status its age on the clock gives; runs those that finish. */
    synchronized void settle() {
        Instant now = clock.get();
        Duration processing = settings.batchProcessingTime();
        // A snapshot: operations of a batch may submit or delete batches.
        for (Batch batch : List.copyOf(batches.values())) {
            if (batch.archive != null) {
                continue;
            }
            Duration age = Duration.between(batch.submittedAt, now);
            if (age.compareTo(processing) >= 0) {
                execute(batch, now);
            } else {
                double share = (double) age.toMillis() / Math.max(1, processing.toMillis());
                batch.status = share < 0.25 ? "pending" : share < 0.5 ? "preprocessing" : share < 0.75 ? "started" : "finalizing";
            }
        }
    }

    private void execute(Batch batch, Instant now) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
            ArrayNode file = mapper.createArrayNode();
            int fileNumber = 0;
            for (Operation op : batch.operations) {
                SimResponse response = runOne(op);
                if (response.status() >= 400) {
                    batch.errored++;
                }
                file.addObject().put("status_code", response.status()).put("operation_id", op.operationId())
                        .put("response", new String(response.body(), StandardCharsets.UTF_8));
                if (file.size() == RESULTS_PER_FILE) {
                    writeEntry(tar, batch.id + "-" + fileNumber++ + ".json", file);
                    file = mapper.createArrayNode();
                }
            }
            if (!file.isEmpty() || fileNumber == 0) {
                writeEntry(tar, batch.id + "-" + fileNumber + ".json", file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        batch.operations = null;
        batch.archive = bytes.toByteArray();
        batch.status = "finished";
        batch.completedAt = now;
    }

    private SimResponse runOne(Operation op) {
        String path = op.path().startsWith("/3.0/") ? op.path().substring(4) : op.path();
        return runner.run(new SimRequest(op.method().toUpperCase(java.util.Locale.ROOT),
                MailchimpApi.API_PREFIX + (path.startsWith("/") ? path : "/" + path), null, op.params(), Map.of(),
                op.body().getBytes(StandardCharsets.UTF_8)));
    }

    private void writeEntry(TarArchiveOutputStream tar, String name, ArrayNode content) throws IOException {
        byte[] data = mapper.writeValueAsBytes(content);
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(data.length);
        tar.putArchiveEntry(entry);
        tar.write(data);
        tar.closeArchiveEntry();
    }

    private Batch find(String id) {
        Batch batch = batches.get(id);
        if (batch == null) {
            throw Problems.notFound();
        }
        return batch;
    }

    private ObjectNode render(Batch batch) {
        ObjectNode node = mapper.createObjectNode();
        node.put("id", batch.id);
        node.put("status", batch.status);
        node.put("total_operations", batch.total);
        node.put("finished_operations", batch.archive == null ? 0 : batch.total);
        node.put("errored_operations", batch.errored);
        node.put("submitted_at", MemberJson.time(batch.submittedAt));
        node.put("completed_at", batch.completedAt == null ? "" : MemberJson.time(batch.completedAt));
        node.put("response_body_url", batch.archive == null ? "" : serverOrigin.get() + RESULTS_PATH + batch.id + ".tar.gz");
        node.putArray("_links");
        return node;
    }
}
