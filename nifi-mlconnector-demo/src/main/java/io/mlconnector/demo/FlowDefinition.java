package io.mlconnector.demo;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.nifi.flow.VersionedConnection;
import org.apache.nifi.flow.VersionedControllerService;
import org.apache.nifi.flow.VersionedParameter;
import org.apache.nifi.flow.VersionedParameterContext;
import org.apache.nifi.flow.VersionedProcessGroup;
import org.apache.nifi.flow.VersionedProcessor;
import org.apache.nifi.registry.flow.RegisteredFlowSnapshot;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A NiFi flow definition ("Download flow definition" JSON) read with nifi-api's own model classes, with the lookups the
 * validator and the runner need. Parameter references are resolved the way NiFi does for a plain {@code #{name}}.
 */
public final class FlowDefinition {

    /** The flow we ship, packaged from {@code templates/} onto the demo module's classpath. */
    public static final String SHIPPED_RESOURCE = "/templates/PeopleSoft_to_Mailchimp.json";

    private static final Pattern PARAMETER_REFERENCE = Pattern.compile("#\\{([^}]+)}");

    private final RegisteredFlowSnapshot snapshot;

    private FlowDefinition(final RegisteredFlowSnapshot snapshot) {
        this.snapshot = snapshot;
    }

    public static FlowDefinition shipped() {
        try (InputStream in = FlowDefinition.class.getResourceAsStream(SHIPPED_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(SHIPPED_RESOURCE + " is not on the classpath");
            }
            return read(in);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static FlowDefinition read(final InputStream in) throws IOException {
        // NiFi itself ignores unknown fields when it imports a flow definition; so do we.
        final ObjectMapper mapper = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        return new FlowDefinition(mapper.readValue(in, RegisteredFlowSnapshot.class));
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
        final Set<String> names = new LinkedHashSet<>();
        if (value != null) {
            final Matcher matcher = PARAMETER_REFERENCE.matcher(value);
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
        }
        return names;
    }

    /** True when the whole value is one parameter reference, as NiFi requires for sensitive properties. */
    public static boolean isSingleReference(final String value) {
        return value != null && PARAMETER_REFERENCE.matcher(value).matches();
    }

    /**
     * Substitutes parameter values into a property value. A value that is only a reference to a parameter without a
     * value resolves to null (the property is unset), as in NiFi.
     */
    public static String resolve(final String value, final Map<String, String> parameterValues) {
        if (value == null) {
            return null;
        }
        if (isSingleReference(value)) {
            return parameterValues.get(parameterReferences(value).iterator().next());
        }
        final Matcher matcher = PARAMETER_REFERENCE.matcher(value);
        final StringBuilder resolved = new StringBuilder();
        while (matcher.find()) {
            final String parameterValue = parameterValues.get(matcher.group(1));
            matcher.appendReplacement(resolved, Matcher.quoteReplacement(parameterValue == null ? "" : parameterValue));
        }
        matcher.appendTail(resolved);
        return resolved.toString();
    }

    /** The parameter values the file carries (sensitive ones never have one), overlaid with the given bindings. */
    public Map<String, String> parameterValues(final Map<String, String> bindings) {
        final Map<String, String> values = new LinkedHashMap<>();
        parameters().values().forEach(p -> values.put(p.getName(), p.getValue()));
        values.putAll(bindings);
        return values;
    }
}
