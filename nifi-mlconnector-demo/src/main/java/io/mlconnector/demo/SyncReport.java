package io.mlconnector.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.nifi.flow.ConnectableComponentType;
import org.apache.nifi.flow.VersionedConnection;
import org.apache.nifi.flow.VersionedProcessor;
import org.apache.nifi.util.MockFlowFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one run did to one audience, read from the audit records PutMailchimpContact wrote (every record leaves it
 * with {@code mailchimp_action}) and the record counts GetPeopleSoftRecords reported. Actions count where each record
 * ended: success or failure of the attempt that settled it, or failed when the retry loop gave up on it; records sent
 * round the retry loop are counted once per round in {@code retried}. The audit holds every attempt's records.
 */
public record SyncReport(String source, String destination, long read, Map<String, Long> actions, long retried,
                         Duration took, List<JsonNode> audit) {

    /** The actions PutMailchimpContact reports, in the order a report shows them. */
    public static final List<String> ACTIONS = List.of("created", "updated", "unchanged", "unsubscribed", "archived", "skipped", "failed");

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One report per Put processor of the flow, named after the Get processors (sources) that fed it in the run (the
     * first source when none did): the incremental one, and the reconciliation one when it made a pass.
     */
    public static List<SyncReport> of(final FlowDefinition flow, final FlowRunner.RunResult result) {
        final List<SyncReport> reports = new ArrayList<>();
        for (final VersionedProcessor put : flow.processors()) {
            final List<String> sources = new ArrayList<>();
            for (final VersionedConnection input : flow.connectionsInto(put.getIdentifier())) {
                if (input.getSource().getType() != ConnectableComponentType.PROCESSOR) {
                    continue; // a funnel: e.g. the optional durable audit copy's entry
                }
                final VersionedProcessor get = flow.processor(input.getSource().getId());
                if (flow.connectionsInto(get.getIdentifier()).isEmpty() && !sources.contains(get.getName())) {
                    sources.add(get.getName());
                }
            }
            final List<String> fed = sources.stream().filter(get -> !result.outputs(get, "success").isEmpty()).toList();
            if (!sources.isEmpty()) {
                reports.add(of(flow, fed.isEmpty() ? List.of(sources.getFirst()) : fed, put, result));
            }
        }
        return reports;
    }

    private static SyncReport of(final FlowDefinition flow, final List<String> gets, final VersionedProcessor putProcessor,
                                 final FlowRunner.RunResult result) {
        final String put = putProcessor.getName();
        long read = 0;
        Duration took = result.time(put);
        for (final String get : gets) {
            for (final MockFlowFile flowFile : result.outputs(get, "success")) {
                final String count = flowFile.getAttribute("record.count");
                read += count == null ? records(flowFile).size() : Long.parseLong(count);
            }
            took = took.plus(result.time(get));
        }
        final Map<String, Long> actions = new LinkedHashMap<>();
        ACTIONS.forEach(a -> actions.put(a, 0L));
        final List<JsonNode> audit = new ArrayList<>();
        final List<MockFlowFile> settled = new ArrayList<>(result.outputs(put, "success"));
        settled.addAll(result.outputs(put, "failure"));
        // The retry loop: whatever takes the Put processor's retry relationship, and what it gives up on.
        for (final VersionedConnection loop : flow.connectionsFrom(putProcessor.getIdentifier())) {
            if (loop.getSelectedRelationships().contains("retry") && loop.getDestination().getType() == ConnectableComponentType.PROCESSOR) {
                final String retry = flow.processor(loop.getDestination().getId()).getName();
                settled.addAll(result.outputs(retry, "retries_exceeded"));
                settled.addAll(result.outputs(retry, "failure"));
                took = took.plus(result.time(retry));
            }
        }
        for (final MockFlowFile flowFile : settled) {
            for (final JsonNode record : records(flowFile)) {
                actions.merge(record.path("mailchimp_action").asText("unknown"), 1L, Long::sum);
            }
        }
        long retried = 0;
        for (final String relationship : List.of("success", "failure", "retry")) {
            for (final MockFlowFile flowFile : result.outputs(put, relationship)) {
                final List<JsonNode> records = records(flowFile);
                audit.addAll(records);
                retried += relationship.equals("retry") ? records.size() : 0;
            }
        }
        return new SyncReport(String.join(" + ", gets), put, read, actions, retried, took, audit);
    }

    /** Up to {@code limit} audit records, one of each action first, so a short sample shows the variety. */
    public List<JsonNode> sample(final int limit) {
        final Map<String, JsonNode> firstOfEach = new LinkedHashMap<>();
        audit.forEach(r -> firstOfEach.putIfAbsent(r.path("mailchimp_action").asText(), r));
        final List<JsonNode> sample = new ArrayList<>(firstOfEach.values());
        for (final JsonNode record : audit) {
            if (sample.size() >= limit) {
                break;
            }
            if (!sample.contains(record)) {
                sample.add(record);
            }
        }
        return sample.subList(0, Math.min(limit, sample.size()));
    }

    public long count(final String action) {
        return actions.getOrDefault(action, 0L);
    }

    public long written() {
        return actions.values().stream().mapToLong(Long::longValue).sum();
    }

    private static List<JsonNode> records(final MockFlowFile flowFile) {
        return records(flowFile.toByteArray());
    }

    /** The records of a JSON FlowFile's content: an array of records, or one record. */
    public static List<JsonNode> records(final byte[] flowFileContent) {
        try {
            final JsonNode content = JSON.readTree(flowFileContent);
            final List<JsonNode> records = new ArrayList<>();
            if (content != null && content.isArray()) {
                content.forEach(records::add);
            } else if (content != null && content.isObject()) {
                records.add(content);
            }
            return records;
        } catch (final IOException e) {
            throw new UncheckedIOException("Audit records are not JSON", e);
        }
    }
}
