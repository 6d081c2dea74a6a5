package io.mlconnector.demo;

import org.apache.nifi.annotation.behavior.Stateful;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.components.state.Scope;
import org.apache.nifi.controller.ControllerService;
import org.apache.nifi.flow.ConnectableComponentType;
import org.apache.nifi.flow.ScheduledState;
import org.apache.nifi.flow.VersionedConnection;
import org.apache.nifi.flow.VersionedControllerService;
import org.apache.nifi.flow.VersionedProcessor;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.Processor;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.provenance.ProvenanceEventRecord;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.LogMessage;
import org.apache.nifi.util.MockComponentLog;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;

/**
 * Runs a flow definition with nifi-mock: one {@link TestRunner} per processor, configured from the flow's own
 * properties with parameters bound to given values, its controller services created from the flow's definitions, and
 * FlowFiles moved along the flow's connections by relationship until nothing is left to do. Runners live as long as
 * this object, so processor state (watermarks) carries over from one {@link #runOnce()} to the next, as it does
 * between scheduled runs in NiFi.
 *
 * <p>What NiFi's framework does and the mock does not is emulated here: funnels, and FlowFiles waiting in a queue
 * that leads nowhere (the failure queue). A processor is offered everything queued for it, as NiFi's queue would, and
 * takes as many FlowFiles per trigger as it takes there; the rest wait for its next trigger. A FlowFile its
 * {@code FlowFileFilter} rejects stays queued where it was, and a processor that takes none of what is queued is not
 * triggered again until the next {@link #runOnce()}, as NiFi leaves a yielding processor. Penalties are not waited
 * out: a penalized FlowFile moves on at once, so a
 * retry loop in the flow runs its rounds back to back and ends where the flow bounds it. Connection-level retry
 * ({@code retriedRelationships}) is not emulated; the shipped flow does not use it. Each processor gets its own
 * instances of the services it uses.
 *
 * <p>A runner can be made to crash like a NiFi JVM that dies ({@link #crashOn}): when the signal fires during a
 * processor invocation, the invocation is abandoned where it stands (its thread is left blocked, never to commit) and
 * {@link Crashed} carries what NiFi would find on restart: the queues (every FlowFile the invocation took back at the
 * head of its queue, in order, its outputs gone) and the committed processor state. {@link #restart} builds new runners from them.
 */
public final class FlowRunner implements AutoCloseable {

    /** Progress callback: one call per processor invocation. */
    @FunctionalInterface
    public interface Listener {
        void onStep(Step step);

        /** Just before an invocation, once its input is queued (nifi-mock copies it in; NiFi does not). */
        default void beforeTrigger(final String processor) {
            // Most listeners only look at steps.
        }

        /** Just after an invocation, before its outputs are routed (nifi-mock copies them out; NiFi does not). */
        default void afterTrigger(final String processor) {
            // Most listeners only look at steps.
        }
    }

    /** One processor invocation: what went in (the attributes of each FlowFile it took), what came out per relationship, how long it took. */
    public record Step(String processor, List<Map<String, String>> inputs, Map<String, List<MockFlowFile>> outputs,
                       Duration took, String error) {
        public int outputCount(final String relationship) {
            return outputs.getOrDefault(relationship, List.of()).size();
        }
    }

    /** A FlowFile waiting in a connection. */
    public record Queued(byte[] content, Map<String, String> attributes) {
    }

    /** What survives a crash, as NiFi's repositories keep it: queued FlowFiles by connection id, state by processor id. */
    public record Survivors(Map<String, List<Queued>> queues, Map<String, Map<Scope, Map<String, String>>> state) {
    }

    /** The flow stopped dead during an invocation of {@code processor}; nothing uncommitted survives. */
    public static final class Crashed extends RuntimeException {
        private final transient Survivors survivors;
        private final transient RunResult completed;

        private Crashed(final String processor, final Survivors survivors, final RunResult completed) {
            super("The flow crashed while " + processor + " ran");
            this.survivors = survivors;
            this.completed = completed;
        }

        public Survivors survivors() {
            return survivors;
        }

        /** The invocations of the run that completed before the crash. */
        public RunResult completed() {
            return completed;
        }
    }

    /** Everything one run produced. */
    public record RunResult(List<Step> steps, Map<String, List<ProvenanceEventRecord>> provenance, Duration took) {
        /** FlowFiles the named processor routed to a relationship during the run, over all its invocations. */
        public List<MockFlowFile> outputs(final String processor, final String relationship) {
            return steps.stream().filter(s -> s.processor().equals(processor))
                    .flatMap(s -> s.outputs().getOrDefault(relationship, List.of()).stream()).toList();
        }

        public Duration time(final String processor) {
            return steps.stream().filter(s -> s.processor().equals(processor)).map(Step::took).reduce(Duration.ZERO, Duration::plus);
        }

        public List<String> errors() {
            return steps.stream().filter(s -> s.error() != null).map(s -> s.processor() + ": " + s.error()).toList();
        }
    }

    private static final class Node {
        private final VersionedProcessor definition;
        private final TestRunner runner;
        private final List<ControllerService> services = new ArrayList<>();
        private boolean scheduled;
        /** NiFi runs no disabled processor: the flow ships some so, for the user to enable. */
        private boolean enabled;

        private Node(final VersionedProcessor definition, final TestRunner runner) {
            this.definition = definition;
            this.runner = runner;
            this.enabled = definition.getScheduledState() != ScheduledState.DISABLED;
        }
    }

    private final FlowDefinition flow;
    private final ComponentCatalog catalog;
    private final Map<String, String> parameterValues;
    private Listener listener;
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final Map<String, Deque<Queued>> queues = new HashMap<>();
    private final Map<String, Deque<Queued>> replays = new HashMap<>();
    private CompletableFuture<?> crashSignal;
    private boolean keepOutputs = true;

    private FlowRunner(final FlowDefinition flow, final ComponentCatalog catalog, final Map<String, String> parameterBindings,
                       final Listener listener) {
        this.flow = flow;
        this.catalog = catalog;
        this.parameterValues = flow.parameterValues(parameterBindings);
        this.listener = listener;
        flow.connections().forEach(c -> queues.put(c.getIdentifier(), new ArrayDeque<>()));
    }

    /** Builds and validates every processor and service of the flow; nothing runs yet. */
    public static FlowRunner create(final FlowDefinition flow, final ComponentCatalog catalog,
                                    final Map<String, String> parameterBindings, final Listener listener) {
        final FlowRunner runner = new FlowRunner(flow, catalog, parameterBindings, listener);
        try {
            flow.processors().forEach(runner::configure);
        } catch (final RuntimeException e) {
            runner.close();
            throw e;
        }
        return runner;
    }

    /**
     * As {@link #create}, continuing from what survived a crash: the queues as they were, each processor's state as
     * last committed.
     */
    public static FlowRunner restart(final FlowDefinition flow, final ComponentCatalog catalog,
                                     final Map<String, String> parameterBindings, final Listener listener,
                                     final Survivors survivors) {
        final FlowRunner runner = create(flow, catalog, parameterBindings, listener);
        survivors.queues().forEach((id, flowFiles) -> runner.queues.get(id).addAll(flowFiles));
        survivors.state().forEach((id, scopes) -> scopes.forEach((scope, values) -> {
            try {
                runner.nodes.get(id).runner.getStateManager().setState(values, scope);
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
        }));
        return runner;
    }

    /**
     * From now on each processor invocation runs on a thread of its own; once {@code signal} completes, the one
     * running is abandoned and the run ends in {@link Crashed}. The signal's completer (a simulator holding back the
     * answer to a call) keeps the abandoned thread blocked, so it never commits.
     */
    public FlowRunner crashOn(final CompletableFuture<?> signal) {
        this.crashSignal = signal;
        return this;
    }

    /** From now on steps are reported to {@code stepListener} instead of the listener the runner was created with. */
    public FlowRunner listening(final Listener stepListener) {
        this.listener = stepListener;
        return this;
    }

    /**
     * From now on the steps of a {@link RunResult} keep no outputs (the listener still sees them), and the processors'
     * provenance events are dropped: for long runs and measurements, whose outputs and events would otherwise all stay
     * in memory (NiFi keeps them in its repositories). A forced event (the Put's SEND of each record written) is dropped
     * as it is reported, since NiFi writes it to its repository at once; nifi-mock would hold it to the end of the
     * invocation, and a trigger of 100,000 records would measure nifi-mock's heap.
     */
    public FlowRunner discardingOutputs() {
        this.keepOutputs = false;
        nodes.values().forEach(node -> dropRepositoryEvents(node.runner));
        return this;
    }

    /** Makes the runner's provenance repository (nifi-mock's shared session state holds it as a list) keep nothing. */
    private static void dropRepositoryEvents(final TestRunner runner) {
        try {
            final java.lang.reflect.Field sharedState = runner.getClass().getDeclaredField("sharedState");
            sharedState.setAccessible(true);
            final Object state = sharedState.get(runner);
            final java.lang.reflect.Field events = state.getClass().getDeclaredField("events");
            events.setAccessible(true);
            events.set(state, new ArrayList<ProvenanceEventRecord>() {
                @Override
                public boolean addAll(final Collection<? extends ProvenanceEventRecord> dropped) {
                    return false;
                }
            });
        } catch (final ReflectiveOperationException e) {
            throw new IllegalStateException("This nifi-mock keeps its provenance events elsewhere: " + e, e);
        }
    }

    /**
     * Moves the FlowFiles waiting in the named connection (a review queue) back to the named processor's input, as
     * an operator's replay connection does; they run with the next {@link #runOnce()}.
     */
    public void replay(final String connectionName, final String processorName) {
        final VersionedConnection connection = flow.connections().stream().filter(c -> connectionName.equals(c.getName()))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("No connection named " + connectionName));
        final String processorId = flow.processorNamed(processorName).getIdentifier();
        final Deque<Queued> from = queues.get(connection.getIdentifier());
        replays.computeIfAbsent(processorId, id -> new ArrayDeque<>()).addAll(from);
        from.clear();
    }

    /** Enables a processor the flow ships disabled, as an operator does: from now on it runs like the others. */
    public FlowRunner enable(final String processorName) {
        nodes.get(flow.processorNamed(processorName).getIdentifier()).enabled = true;
        return this;
    }

    /** Clears the named processor's state, as an operator's *View State → Clear State* does while it is stopped. */
    public void clearState(final String processorName) {
        final TestRunner runner = nodes.get(flow.processorNamed(processorName).getIdentifier()).runner;
        final Stateful stateful = runner.getProcessor().getClass().getAnnotation(Stateful.class);
        for (final Scope scope : stateful == null ? new Scope[0] : stateful.scopes()) {
            try {
                runner.getStateManager().clear(scope);
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Every message the processors and their services logged so far (bulletins come from these), with exceptions. */
    public List<String> logMessages() {
        final List<String> lines = new ArrayList<>();
        for (final Node node : nodes.values()) {
            final List<LogMessage> messages = new ArrayList<>(allMessages(node.runner.getLogger()));
            node.services.forEach(s -> messages.addAll(allMessages(node.runner.getControllerServiceLogger(s.getIdentifier()))));
            for (final LogMessage message : messages) {
                final StringBuilder line = new StringBuilder(String.valueOf(message.getMsg()));
                if (message.getArgs() != null) {
                    Arrays.stream(message.getArgs()).forEach(a -> line.append(" | ").append(a));
                }
                for (Throwable t = message.getThrowable(); t != null && t != t.getCause(); t = t.getCause()) {
                    line.append(" | ").append(t);
                }
                lines.add(line.toString());
            }
        }
        return lines;
    }

    private static List<LogMessage> allMessages(final MockComponentLog log) {
        final List<LogMessage> messages = new ArrayList<>(log.getTraceMessages());
        messages.addAll(log.getDebugMessages());
        messages.addAll(log.getInfoMessages());
        messages.addAll(log.getWarnMessages());
        messages.addAll(log.getErrorMessages());
        return messages;
    }

    /** Triggers every source processor once (as its schedule would), then moves FlowFiles until the flow is quiet. */
    public RunResult runOnce() {
        final long start = System.nanoTime();
        final List<Step> steps = new ArrayList<>();
        for (final Node node : nodes.values()) {
            if (node.enabled && flow.connectionsInto(node.definition.getIdentifier()).isEmpty()) {
                try {
                    steps.add(invoke(node, List.of()));
                } catch (final CrashedInvocation e) {
                    throw new Crashed(node.definition.getName(), survivors(), result(steps, start));
                }
            }
        }
        final Set<Node> stalled = new HashSet<>();
        boolean progress = true;
        while (progress) {
            progress = false;
            for (final Node node : nodes.values()) {
                Deque<Queued> input;
                while (node.enabled && !stalled.contains(node) && (input = inputOf(node)) != null) {
                    final List<Queued> offered = List.copyOf(input);
                    input.clear();
                    final List<Queued> left = new ArrayList<>();
                    final Step step;
                    try {
                        step = invoke(node, offered, left);
                    } catch (final CrashedInvocation e) {
                        // Never committed: everything it took is still queued, in order, when NiFi restarts.
                        offered.reversed().forEach(input::addFirst);
                        throw new Crashed(node.definition.getName(), survivors(), result(steps, start));
                    }
                    steps.add(step);
                    progress = true;
                    left.reversed().forEach(input::addFirst); // rolled back or not taken: it stays queued, as in NiFi
                    if (step.error() != null || step.inputs().isEmpty()) {
                        // Failed, or holding what is queued (a FlowFileFilter): its next trigger is the next run's.
                        stalled.add(node);
                    }
                }
            }
        }
        return result(steps, start);
    }

    private RunResult result(final List<Step> steps, final long start) {
        final Map<String, List<ProvenanceEventRecord>> provenance = new LinkedHashMap<>();
        nodes.values().forEach(n -> {
            provenance.put(n.definition.getName(), List.copyOf(n.runner.getProvenanceEvents()));
            n.runner.clearProvenanceEvents();
        });
        return new RunResult(List.copyOf(steps), provenance, Duration.ofNanos(System.nanoTime() - start));
    }

    /** Queues a FlowFile for the named processor, as if its first input connection delivered it (a replay). */
    public void offer(final String processorName, final Queued flowFile) {
        final Node node = nodes.values().stream().filter(n -> n.definition.getName().equals(processorName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No processor " + processorName));
        queues.get(flow.connectionsInto(node.definition.getIdentifier()).getFirst().getIdentifier()).add(flowFile);
    }

    /** FlowFiles waiting in connections after a run, by connection name (the failure queues, normally). */
    public Map<String, List<Queued>> queued() {
        final Map<String, List<Queued>> queued = new LinkedHashMap<>();
        for (final VersionedConnection connection : flow.connections()) {
            final Deque<Queued> queue = queues.get(connection.getIdentifier());
            if (!queue.isEmpty()) {
                queued.put(connection.getName(), List.copyOf(queue));
            }
        }
        return queued;
    }

    /** What NiFi keeps while stopped (and across a crash): the queues and each processor's committed state. */
    public Survivors survivors() {
        final Map<String, List<Queued>> queued = new LinkedHashMap<>();
        queues.forEach((id, queue) -> queued.put(id, List.copyOf(queue)));
        replays.forEach((id, queue) -> {
            // A replay connection is an ordinary connection into the processor in NiFi; here it joins the first one.
            final String into = flow.connectionsInto(id).getFirst().getIdentifier();
            final List<Queued> joined = new ArrayList<>(queue);
            joined.addAll(queued.get(into));
            queued.put(into, List.copyOf(joined));
        });
        final Map<String, Map<Scope, Map<String, String>>> state = new LinkedHashMap<>();
        nodes.forEach((id, node) -> {
            final Map<Scope, Map<String, String>> scopes = new EnumMap<>(Scope.class);
            final Stateful stateful = node.runner.getProcessor().getClass().getAnnotation(Stateful.class);
            for (final Scope scope : stateful == null ? new Scope[0] : stateful.scopes()) {
                try {
                    final Map<String, String> values = node.runner.getStateManager().getState(scope).toMap();
                    if (!values.isEmpty()) {
                        scopes.put(scope, Map.copyOf(values));
                    }
                } catch (final IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            state.put(id, scopes);
        });
        return new Survivors(queued, state);
    }

    /** Thrown inside {@link #invoke} when the crash signal fired during the invocation. */
    private static final class CrashedInvocation extends RuntimeException {
        private CrashedInvocation() {
            super(null, null, false, false);
        }
    }

    @Override
    public void close() {
        for (final Node node : nodes.values()) {
            if (node.scheduled) {
                node.runner.stop();
            }
            node.services.reversed().stream().filter(node.runner::isControllerServiceEnabled)
                    .forEach(node.runner::disableControllerService);
        }
    }

    private Step invoke(final Node node, final List<Queued> offered) {
        return invoke(node, offered, new ArrayList<>());
    }

    /** Runs one trigger with {@code offered} queued; what it did not take (all of it, on error) goes to {@code left}. */
    private Step invoke(final Node node, final List<Queued> offered, final List<Queued> left) {
        final TestRunner runner = node.runner;
        final String name = node.definition.getName();
        final List<Long> ids = offered.stream().map(flowFile -> runner.enqueue(flowFile.content(), flowFile.attributes()).getId()).toList();
        String error = node.scheduled ? null : schedule(node);
        listener.beforeTrigger(name);
        final long start = System.nanoTime();
        try {
            if (error == null) {
                trigger(node);
            }
        } catch (final AssertionError | RuntimeException e) {
            if (e instanceof CrashedInvocation) {
                throw e;
            }
            error = rootMessage(e);
        }
        listener.afterTrigger(name);
        // Not taken (a FlowFileFilter may leave any of them), rolled back, or all of it on error: back to the flow's queue.
        final Set<Long> waiting = error == null ? waitingIn(runner) : Set.copyOf(ids);
        final List<Queued> taken = new ArrayList<>();
        for (int i = 0; i < offered.size(); i++) {
            (waiting.contains(ids.get(i)) ? left : taken).add(offered.get(i));
        }
        runner.clearQueue();
        final Duration took = Duration.ofNanos(System.nanoTime() - start);
        final Map<String, List<MockFlowFile>> outputs = new LinkedHashMap<>();
        for (final Relationship relationship : runner.getProcessor().getRelationships()) {
            final List<MockFlowFile> flowFiles = runner.getFlowFilesForRelationship(relationship);
            if (!flowFiles.isEmpty()) {
                outputs.put(relationship.getName(), List.copyOf(flowFiles));
            }
        }
        runner.clearTransferState();
        final List<Map<String, String>> inputs = taken.stream().map(Queued::attributes).toList();
        if (error == null) {
            outputs.forEach((relationship, flowFiles) -> route(node.definition, relationship, flowFiles));
        }
        final Step step = new Step(name, inputs, error == null ? outputs : Map.of(), took, error);
        if (!keepOutputs) {
            runner.clearProvenanceEvents();
        }
        listener.onStep(step);
        return keepOutputs ? step : new Step(name, inputs, Map.of(), took, error);
    }

    /** The ids of the FlowFiles still in the processor's mock queue. */
    private static Set<Long> waitingIn(final TestRunner runner) {
        final ProcessSession session = runner.getProcessSessionFactory().createSession();
        final Set<Long> ids = new HashSet<>();
        session.get(Integer.MAX_VALUE).forEach(flowFile -> ids.add(flowFile.getId()));
        session.rollback();
        return ids;
    }

    /**
     * Starts the processor as NiFi does once before its first trigger (validation, {@code @OnScheduled}), outside the
     * invocation a listener measures; the error that stopped it, or null.
     */
    private static String schedule(final Node node) {
        try {
            node.runner.run(0, false, true);
            return null;
        } catch (final AssertionError | RuntimeException e) {
            return rootMessage(e);
        } finally {
            node.scheduled = true;
        }
    }

    private void trigger(final Node node) {
        if (crashSignal == null) {
            node.runner.run(1, false, false);
            return;
        }
        final CompletableFuture<Void> done = new CompletableFuture<>();
        final Thread thread = new Thread(() -> {
            try {
                node.runner.run(1, false, false);
                done.complete(null);
            } catch (final Throwable e) {
                done.completeExceptionally(e);
            }
        }, node.definition.getName());
        thread.setDaemon(true);
        thread.start();
        CompletableFuture.anyOf(done, crashSignal).exceptionally(e -> null).join();
        if (crashSignal.isDone()) {
            throw new CrashedInvocation(); // the thread stays where it is: a dead JVM commits nothing more
        }
        try {
            done.join();
        } catch (final CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    private void route(final VersionedProcessor source, final String relationship, final List<MockFlowFile> flowFiles) {
        final List<VersionedConnection> connections = flow.connectionsFrom(source.getIdentifier()).stream()
                .filter(c -> c.getSelectedRelationships().contains(relationship)).toList();
        if (connections.isEmpty() && !source.getAutoTerminatedRelationships().contains(relationship)) {
            throw new IllegalStateException(source.getName() + " routed to '" + relationship
                    + "', which is neither connected nor auto-terminated");
        }
        for (final MockFlowFile flowFile : flowFiles) {
            final Map<String, String> attributes = new HashMap<>(flowFile.getAttributes());
            attributes.remove("uuid");
            final Queued queued = new Queued(flowFile.toByteArray(), Map.copyOf(attributes));
            connections.forEach(c -> deliver(c, queued));
        }
    }

    private void deliver(final VersionedConnection connection, final Queued flowFile) {
        if (connection.getDestination().getType() == ConnectableComponentType.FUNNEL) {
            final List<VersionedConnection> onward = flow.connectionsFrom(connection.getDestination().getId());
            if (!onward.isEmpty()) {
                onward.forEach(c -> deliver(c, flowFile));
                return;
            }
        }
        queues.get(connection.getIdentifier()).add(flowFile);
    }

    /** The first non-empty queue of a connection into the processor, or null. */
    private Deque<Queued> inputOf(final Node node) {
        final Deque<Queued> replay = replays.get(node.definition.getIdentifier());
        if (replay != null && !replay.isEmpty()) {
            return replay;
        }
        return flow.connectionsInto(node.definition.getIdentifier()).stream().map(c -> queues.get(c.getIdentifier()))
                .filter(q -> !q.isEmpty()).findFirst().orElse(null);
    }

    private void configure(final VersionedProcessor definition) {
        if (definition.getRetriedRelationships() != null && !definition.getRetriedRelationships().isEmpty()) {
            throw new IllegalStateException("Processor '" + definition.getName() + "' uses connection-level retry, which this runner does not emulate");
        }
        final Processor processor = catalog.newProcessor(definition.getType());
        final TestRunner runner = TestRunners.newTestRunner(processor, definition.getName());
        final Node node = new Node(definition, runner);
        nodes.put(definition.getIdentifier(), node);

        final Map<String, PropertyDescriptor> descriptors = processor.getPropertyDescriptors().stream()
                .collect(Collectors.toMap(PropertyDescriptor::getName, d -> d));
        for (final Map.Entry<String, String> property : definition.getProperties().entrySet()) {
            final PropertyDescriptor descriptor = descriptors.get(property.getKey());
            if (descriptor != null && descriptor.getControllerServiceDefinition() != null && property.getValue() != null) {
                addService(node, property.getValue());
            }
        }
        definition.getProperties().forEach((name, value) -> {
            final String resolved = FlowDefinition.resolve(value, parameterValues);
            if (resolved != null) {
                runner.setProperty(name, resolved);
            }
        });
        runner.setIncomingConnection(!flow.connectionsInto(definition.getIdentifier()).isEmpty());
        flow.connectionsFrom(definition.getIdentifier())
                .forEach(c -> c.getSelectedRelationships().forEach(runner::addConnection));
        final Collection<ValidationResult> invalid = runner.validate().stream().filter(r -> !r.isValid()).toList();
        if (!invalid.isEmpty()) {
            throw new IllegalStateException("Processor '" + definition.getName() + "' is invalid with the bound parameters: "
                    + invalid.stream().map(r -> r.getSubject() + ": " + r.getExplanation()).toList());
        }
    }

    private void addService(final Node node, final String serviceId) {
        if (node.runner.getControllerService(serviceId) != null) {
            return;
        }
        final VersionedControllerService definition = flow.controllerServices().get(serviceId);
        if (definition == null) {
            throw new IllegalStateException("Controller service " + serviceId + " is not defined in the flow");
        }
        final ControllerService service = catalog.newControllerService(definition.getType());
        final Map<String, PropertyDescriptor> descriptors = new HashMap<>();
        try {
            node.runner.addControllerService(serviceId, service);
        } catch (final InitializationException e) {
            throw new IllegalStateException("Cannot initialize controller service '" + definition.getName() + "'", e);
        }
        service.getPropertyDescriptors().forEach(d -> descriptors.put(d.getName(), d));
        definition.getProperties().forEach((name, value) -> {
            final PropertyDescriptor descriptor = descriptors.get(name);
            if (descriptor != null && descriptor.getControllerServiceDefinition() != null && value != null) {
                addService(node, value);
            }
        });
        definition.getProperties().forEach((name, value) -> {
            final String resolved = FlowDefinition.resolve(value, parameterValues);
            if (resolved != null) {
                node.runner.setProperty(service, name, resolved);
            }
        });
        final Collection<ValidationResult> invalid = node.runner.validate(service).stream().filter(r -> !r.isValid()).toList();
        if (!invalid.isEmpty()) {
            throw new IllegalStateException("Controller service '" + definition.getName() + "' is invalid with the bound parameters: "
                    + invalid.stream().map(r -> r.getSubject() + ": " + r.getExplanation()).toList());
        }
        node.runner.enableControllerService(service);
        node.services.add(service);
    }

    private static String rootMessage(final Throwable thrown) {
        Throwable cause = thrown;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
