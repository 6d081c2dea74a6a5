package io.mlconnector.demo;

import io.mlconnector.sandbox.service.ShippedFlow;
import org.apache.nifi.flow.VersionedConnection;
import org.apache.nifi.flow.VersionedControllerService;
import org.apache.nifi.flow.VersionedParameter;
import org.apache.nifi.flow.VersionedParameterContext;
import org.apache.nifi.flow.VersionedProcessGroup;
import org.apache.nifi.flow.VersionedProcessor;
import org.apache.nifi.registry.flow.RegisteredFlowSnapshot;

import java.io.IOException;
import java.io.InputStream;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A NiFi flow definition ("Download flow definition" JSON) read with nifi-api's own model classes, with the lookups the
 * validator and the runner need. Parameter references are resolved the way NiFi does for a plain {@code #{name}}.
 */
public final class FlowDefinition {

    /** The flow we ship, packaged from {@code templates/} onto the sandbox module's classpath. */
    public static final String SHIPPED_RESOURCE = ShippedFlow.RESOURCE;

    private final RegisteredFlowSnapshot snapshot;

    private FlowDefinition(final RegisteredFlowSnapshot snapshot) {
        this.snapshot = snapshot;
    }

    public static FlowDefinition shipped() {
        return new FlowDefinition(ShippedFlow.snapshot());
    }

    public static FlowDefinition read(final InputStream in) throws IOException {
        return new FlowDefinition(ShippedFlow.read(in));
    }

    public RegisteredFlowSnapshot snapshot() {
        return snapshot;
    }

    public VersionedProcessGroup group() {
        return snapshot.getFlowContents();
    }

    public Optional<VersionedParameterContext> parameterContext() {
        final String name = group().getParameterContextName();
        if (name == null || snapshot.getParameterContexts() == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(snapshot.getParameterContexts().get(name));
    }

    /** Parameters of the group's context by name, in file order. */
    public Map<String, VersionedParameter> parameters() {
        final Map<String, VersionedParameter> parameters = new LinkedHashMap<>();
        parameterContext().ifPresent(context -> context.getParameters().forEach(p -> parameters.put(p.getName(), p)));
        return parameters;
    }

    /** Processors ordered by position (top to bottom, left to right), so runs and reports are stable. */
    public List<VersionedProcessor> processors() {
        return group().getProcessors().stream()
                .sorted(Comparator.comparing((VersionedProcessor p) -> p.getPosition().getY())
                        .thenComparing(p -> p.getPosition().getX()))
                .toList();
    }

    public Map<String, VersionedControllerService> controllerServices() {
        final Map<String, VersionedControllerService> services = new LinkedHashMap<>();
        group().getControllerServices().forEach(s -> services.put(s.getIdentifier(), s));
        return services;
    }

    public List<VersionedConnection> connections() {
        return group().getConnections().stream().sorted(Comparator.comparing(VersionedConnection::getIdentifier)).toList();
    }

    public List<VersionedConnection> connectionsFrom(final String sourceId) {
        return connections().stream().filter(c -> c.getSource().getId().equals(sourceId)).toList();
    }

    public List<VersionedConnection> connectionsInto(final String destinationId) {
        return connections().stream().filter(c -> c.getDestination().getId().equals(destinationId)).toList();
    }

    public VersionedProcessor processor(final String id) {
        return group().getProcessors().stream().filter(p -> p.getIdentifier().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No processor " + id));
    }

    public VersionedProcessor processorNamed(final String name) {
        return group().getProcessors().stream().filter(p -> p.getName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No processor named " + name));
    }

    /** Names of the parameters a property value references. */
    public static Set<String> parameterReferences(final String value) {
        return ShippedFlow.parameterReferences(value);
    }

    /** True when the whole value is one parameter reference, as NiFi requires for sensitive properties. */
    public static boolean isSingleReference(final String value) {
        return ShippedFlow.isSingleReference(value);
    }

    /** Substitutes parameter values into a property value, as {@link ShippedFlow#resolve} does. */
    public static String resolve(final String value, final Map<String, String> parameterValues) {
        return ShippedFlow.resolve(value, parameterValues);
    }

    /** The parameter values the file carries (sensitive ones never have one), overlaid with the given bindings. */
    public Map<String, String> parameterValues(final Map<String, String> bindings) {
        return ShippedFlow.of(snapshot).parameterValues(bindings);
    }
}
