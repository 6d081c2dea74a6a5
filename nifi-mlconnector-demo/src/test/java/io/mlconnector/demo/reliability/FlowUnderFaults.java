package io.mlconnector.demo.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlconnector.sandbox.service.AudienceCheck;
import io.mlconnector.demo.ComponentCatalog;
import io.mlconnector.demo.FlowDefinition;
import io.mlconnector.demo.FlowRunner;
import io.mlconnector.sandbox.service.PeopleSoftRows;
import io.mlconnector.demo.Sandbox;
import io.mlconnector.demo.SyncReport;
import io.mlconnector.sandbox.mailchimp.Audience;
import io.mlconnector.sandbox.mailchimp.MailchimpSwitches;
import io.mlconnector.sandbox.mailchimp.Member;
import org.apache.nifi.flow.VersionedProcessor;
import org.apache.nifi.provenance.ProvenanceEventRecord;
import org.apache.nifi.util.MockFlowFile;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The shipped flow on small data against fresh simulators, sized so that a run makes enough calls to fail at (Batch
 * Size 5, 10 records per FlowFile, one connection each way so the N-th call is a known one) and with short timeouts and
 * few service retries so faults cost little time. It keeps every run's results, then checks the invariant.
 */
final class FlowUnderFaults implements AutoCloseable {

    static final String PUT_EMPLOYEES = "Put Employees into Mailchimp";
    static final String PUT_CUSTOMERS = "Put Customer Contacts into Mailchimp";
    static final String GET_EMPLOYEES = "Get Employees from PeopleSoft";
    static final String GET_CUSTOMERS = "Get Customers from PeopleSoft";

    FlowDefinition flow;
    final Sandbox sandbox;
    final Map<String, String> bindings;
    final List<FlowRunner.RunResult> results = new ArrayList<>();
    /** Source IDs of people a marketer unsubscribed or archived behind the sync's back: the marketer's choice stands. */
    final Set<String> optedOut = new HashSet<>();
    private final List<FlowRunner> runners = new ArrayList<>();
    private final List<String> logs = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    FlowRunner runner;
    private final String readTimeout;

    FlowUnderFaults(final Sandbox sandbox, final Map<String, String> processorProperties) {
        this(sandbox, processorProperties, "1 sec");
    }

    /** @param readTimeout the services' read timeout: short for faults, long when a crash must keep a dead call blocked */
    FlowUnderFaults(final Sandbox sandbox, final Map<String, String> processorProperties, final String readTimeout) {
        // As the processors' suites: -Dmailchimp.switches=name=value,... runs the matrix under that setting of Mailchimp's open answers.
        for (final String assignment : System.getProperty("mailchimp.switches", "").split(",")) {
            if (!assignment.isBlank()) {
                MailchimpSwitches.apply(sandbox.mailchimp().settings(), assignment.strip());
            }
        }
        this.readTimeout = readTimeout;
        this.flow = smallFlow(processorProperties, readTimeout);
        this.sandbox = sandbox;
        bindings = new LinkedHashMap<>(sandbox.parameterBindings());
        bindings.put("Mailchimp Max Concurrent Requests", "1");
        bindings.put("PeopleSoft Max Connections", "1");
        runner = track(FlowRunner.create(flow, ComponentCatalog.fromClasspath(), bindings, step -> { }));
    }

    /** The shipped flow with small batches, short timeouts and few retries; {@code overrides} go on every processor having them. */
    static FlowDefinition smallFlow(final Map<String, String> overrides, final String readTimeout) {
        final FlowDefinition flow = FlowDefinition.shipped();
        flow.controllerServices().values().forEach(s -> {
            if (s.getName().equals("Mailchimp") || s.getName().equals("PeopleSoft")) {
                s.getProperties().put("Read Timeout", readTimeout);
                s.getProperties().put("Connect Timeout", "1 sec");
            }
            if (s.getName().equals("Mailchimp")) {
                s.getProperties().put("Max Retries", "1");
            }
        });
        for (final VersionedProcessor processor : flow.processors()) {
            final Map<String, String> properties = processor.getProperties();
            if (properties.containsKey("Batch Size")) {
                properties.put("Batch Size", "5");
            }
            if (properties.containsKey("Records Per FlowFile")) {
                properties.put("Records Per FlowFile", "10");
            }
            overrides.forEach((name, value) -> {
                if (properties.containsKey(name)) {
                    properties.put(name, value);
                }
            });
        }
        return flow;
    }

    /** Stops the flow, changes processor properties (as an operator would) and starts it again where it was. */
    void reconfigure(final Map<String, String> processorProperties) {
        restart(smallFlow(processorProperties, readTimeout));
    }

    /** Sets a property the shipped flow leaves at its default on one processor, and starts the flow again where it was. */
    void setProperty(final String processor, final String name, final String value) {
        flow.processorNamed(processor).getProperties().put(name, value);
        restart(flow);
    }

    private void restart(final FlowDefinition definition) {
        final FlowRunner.Survivors survivors = runner.survivors();
        runner.close();
        flow = definition;
        runner = track(FlowRunner.restart(flow, ComponentCatalog.fromClasspath(), bindings, step -> { }, survivors));
    }

    /**
     * Runs to quiet, expecting the crash signal to fire on the way; then restarts the flow from what survived (new
     * runners: the dead ones are left as they are, their logs kept for the secret check) and runs to quiet again.
     * Returns whether it crashed.
     */
    boolean runThroughCrash(final CrashPoint crash) {
        runner.crashOn(crash.signal());
        try {
            runToQuiet();
            return false;
        } catch (final FlowRunner.Crashed crashed) {
            crash.disarm();
            results.add(crashed.completed());
            logs.addAll(runner.logMessages());
            runners.remove(runner);
            runner = track(FlowRunner.restart(flow, ComponentCatalog.fromClasspath(), bindings, step -> { }, crashed.survivors()));
            runToQuiet();
            return true;
        }
    }

    /** Did any processor or service log a message containing {@code text}? */
    boolean logged(final String text) {
        return runners.stream().flatMap(r -> r.logMessages().stream()).anyMatch(m -> m.contains(text));
    }

    FlowRunner track(final FlowRunner flowRunner) {
        runners.add(flowRunner);
        return flowRunner;
    }

    FlowRunner.RunResult run() {
        final FlowRunner.RunResult result = runner.runOnce();
        results.add(result);
        errors.addAll(result.errors());
        return result;
    }

    /** Runs the schedule until nothing is left to do: a failed poll is retried by the next scheduled one. */
    void runToQuiet() {
        for (int i = 0; i < 3; i++) {
            run();
        }
    }

    /** Where each review queue's FlowFiles are replayed: the Put processor of its audience. */
    static String putFor(final String queue) {
        return queue.toLowerCase(Locale.ROOT).contains("employee") ? PUT_EMPLOYEES : PUT_CUSTOMERS;
    }

    /**
     * The operator's remedy when a marketer destroyed synced values (a deleted merge field): clear the Get processors'
     * state so they read PeopleSoft again; the Put processors write only what differs.
     */
    void rereadPeopleSoft() {
        runner.clearState(GET_EMPLOYEES);
        runner.clearState(GET_CUSTOMERS);
        runToQuiet();
    }

    /** Replays every review queue into its Put processor (the operator's replay connection) and runs to quiet. */
    void replayReviewQueues() {
        runner.queued().keySet().forEach(queue -> runner.replay(queue, putFor(queue)));
        runToQuiet();
    }

    /** Records waiting in the review queues, by source ID, with their reason. */
    Map<String, String> onReview() {
        final Map<String, String> reasons = new HashMap<>();
        runner.queued().forEach((queue, flowFiles) -> flowFiles.forEach(f -> SyncReport.records(f.content()).forEach(r ->
                reasons.put(sourceId(r), r.path("mailchimp_reason").asText("")))));
        return reasons;
    }

    /** The invariant, checked now; its numbers become a row of the table. */
    Verdict verdict() {
        return verdict(difference -> false);
    }

    /**
     * The invariant, where a difference {@code held} accepts is not lost but held back at the source with a clear
     * error, waiting for the operator's remedy.
     */
    Verdict verdict(final Predicate<String> held) {
        final Map<String, String> review = onReview();
        final Set<String> emitted = new HashSet<>();
        final List<JsonNode> audit = new ArrayList<>();
        long in = 0;
        final Map<String, Long> actions = new HashMap<>();
        for (final FlowRunner.RunResult result : results) {
            for (final String get : List.of(GET_EMPLOYEES, GET_CUSTOMERS)) {
                for (final MockFlowFile flowFile : result.outputs(get, "success")) {
                    SyncReport.records(flowFile.toByteArray()).forEach(r -> emitted.add(sourceId(r)));
                }
            }
            for (final SyncReport report : SyncReport.of(flow, result)) {
                in += report.read();
                audit.addAll(report.audit());
                SyncReport.ACTIONS.forEach(a -> actions.merge(a, report.count(a), Long::sum));
            }
        }
        final List<String> problems = new ArrayList<>();
        audit.stream().filter(r -> r.path("mailchimp_action").asText("").isEmpty()
                        || r.path("mailchimp_action").asText().equals("failed") && r.path("mailchimp_reason").asText("").isBlank())
                .forEach(r -> problems.add("incomplete audit record " + r));
        final Set<String> audited = new HashSet<>();
        audit.forEach(r -> audited.add(sourceId(r)));

        long lost = 0;
        long heldBack = 0;
        long duplicates = 0;
        long resubscribed = 0;
        final Map<String, String> parameterValues = flow.parameterValues(bindings);
        for (final String put : List.of(PUT_EMPLOYEES, PUT_CUSTOMERS)) {
            final VersionedProcessor processor = flow.processorNamed(put);
            final String audienceId = FlowDefinition.resolve(processor.getProperties().get("Audience ID"), parameterValues);
            final String sourceIdTag = processor.getProperties().get("Source ID Merge Field");
            final List<Map<String, Object>> rows = put.equals(PUT_EMPLOYEES)
                    ? PeopleSoftRows.employees(sandbox.peopleSoft().hr()) : PeopleSoftRows.customers(sandbox.peopleSoft().hr());
            final Function<Map<String, Object>, String> idOf = put.equals(PUT_EMPLOYEES)
                    ? r -> (String) r.get("EMPLID") : r -> r.get("SETID") + "/" + r.get("CUST_ID");
            for (final Map<String, Object> row : rows) {
                final String id = idOf.apply(row);
                if (!emitted.contains(id)) {
                    lost++;
                    problems.add(id + " was never emitted by the Get processor: the watermark passed it");
                } else if (!audited.contains(id)) {
                    lost++;
                    problems.add(id + " was emitted but has no audit record");
                }
            }
            final Audience audience;
            try {
                audience = sandbox.mailchimp().audience(audienceId);
            } catch (final IllegalArgumentException gone) {
                for (final Map<String, Object> row : rows) {
                    if (!review.containsKey(idOf.apply(row)) && row.get("EMAIL_ADDR") != null) {
                        lost++;
                        problems.add(idOf.apply(row) + ": the audience is gone and the record is not on review");
                    }
                }
                continue;
            }
            final Map<String, Integer> bySourceId = new HashMap<>();
            final Map<String, Integer> byEmail = new HashMap<>();
            for (final Member member : audience.members()) {
                final Object sourceId = member.mergeFields().get(sourceIdTag);
                if (sourceId != null && !sourceId.toString().isBlank()) {
                    bySourceId.merge(sourceId.toString(), 1, Integer::sum);
                }
                byEmail.merge(member.email().toLowerCase(Locale.ROOT), 1, Integer::sum);
                if (optedOut.contains(String.valueOf(sourceId)) && member.status().equals("subscribed")) {
                    resubscribed++;
                    problems.add(sourceId + " <" + member.email() + "> opted out and was subscribed again");
                }
            }
            duplicates += bySourceId.values().stream().filter(n -> n > 1).mapToLong(n -> n - 1).sum();
            duplicates += byEmail.values().stream().filter(n -> n > 1).mapToLong(n -> n - 1).sum();
            final AudienceCheck.Result check = AudienceCheck.check(processor, parameterValues, rows, audience);
            for (final String difference : check.differences()) {
                final boolean explained = review.keySet().stream().anyMatch(id -> mentions(difference, id)) || leftAlone(difference);
                if (!explained && !difference.contains(" contacts: ")) {
                    if (held.test(difference)) {
                        heldBack++;
                    } else {
                        lost++;
                        problems.add(difference);
                    }
                }
            }
        }
        review.forEach((id, reason) -> {
            if (reason.isBlank()) {
                problems.add(id + " waits for review without a reason");
            }
        });
        final long leaked = leaks();
        return new Verdict(in, actions.getOrDefault("created", 0L), actions.getOrDefault("updated", 0L),
                actions.getOrDefault("failed", 0L), review.size(), heldBack, duplicates, lost, resubscribed, leaked, List.copyOf(problems));
    }

    /** Does the audience match PeopleSoft, but for the people a marketer opted out (who stay out)? */
    boolean atParity() {
        return sandbox.checkAudiences(flow).stream().allMatch(r -> r.differences().stream().allMatch(this::leftAlone))
                && runner.queued().isEmpty();
    }

    /**
     * A difference of a person a marketer opted out or archived: the sync leaves such a contact as it is, its status and,
     * when the write learns of it, its merge fields (the planner does not update an unsubscribed or archived contact).
     */
    private boolean leftAlone(final String difference) {
        return optedOut.stream().anyMatch(id -> mentions(difference, id)
                && (difference.contains("is active but ") || difference.contains(": Mailchimp has '")));
    }

    private static boolean mentions(final String difference, final String sourceId) {
        return difference.startsWith(sourceId + " ") || difference.startsWith(sourceId + ":") || difference.contains(" " + sourceId + " ");
    }

    /** The secrets the flow holds: the PeopleSoft password and the Mailchimp API key (and its key part). */
    List<String> secrets() {
        final String apiKey = sandbox.mailchimp().apiKey();
        return List.of(sandbox.peopleSoft().password(), apiKey, apiKey.substring(0, apiKey.lastIndexOf('-')));
    }

    /** Places a secret could leak to, each a text: logs (and so bulletins), errors, attributes, content, provenance. */
    List<String> exposedTexts() {
        final List<String> texts = new ArrayList<>(logs);
        runners.forEach(r -> texts.addAll(r.logMessages()));
        texts.addAll(errors);
        for (final FlowRunner.RunResult result : results) {
            result.steps().forEach(step -> {
                texts.add(step.inputs().toString());
                step.outputs().values().forEach(flowFiles -> flowFiles.forEach(f -> {
                    texts.add(f.getAttributes().toString());
                    texts.add(new String(f.toByteArray(), StandardCharsets.UTF_8));
                }));
            });
            for (final List<ProvenanceEventRecord> events : result.provenance().values()) {
                for (final ProvenanceEventRecord event : events) {
                    texts.add(event.getDetails() + " " + event.getTransitUri() + " " + event.getAttributes());
                }
            }
        }
        runner.queued().values().forEach(flowFiles -> flowFiles.forEach(f -> {
            texts.add(f.attributes().toString());
            texts.add(new String(f.content(), StandardCharsets.UTF_8));
        }));
        return texts;
    }

    long leaks() {
        final List<String> secrets = secrets();
        return exposedTexts().stream().filter(t -> secrets.stream().anyMatch(t::contains)).count();
    }

    /** Exposure points checked per secret: how many texts each secret was searched in. */
    long secretPathsChecked() {
        return (long) exposedTexts().size() * secrets().size();
    }

    static String sourceId(final JsonNode record) {
        return record.has("EMPLID") ? record.path("EMPLID").asText() : record.path("SETID").asText() + "/" + record.path("CUST_ID").asText();
    }

    @Override
    public void close() {
        runners.forEach(FlowRunner::close);
        sandbox.close();
    }

    /** The invariant's numbers after one scenario. */
    record Verdict(long in, long created, long updated, long failed, long onReview, long held, long duplicates, long lost,
                   long resubscribed, long leaked, List<String> problems) {
        boolean holds() {
            return duplicates == 0 && lost == 0 && resubscribed == 0 && leaked == 0 && problems.isEmpty();
        }
    }
}
