package io.mlconnector.demo;

import org.apache.nifi.annotation.behavior.DynamicProperties;
import org.apache.nifi.annotation.behavior.DynamicProperty;
import org.apache.nifi.annotation.behavior.InputRequirement;
import org.apache.nifi.annotation.behavior.PrimaryNodeOnly;
import org.apache.nifi.components.AllowableValue;
import org.apache.nifi.components.ConfigurableComponent;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.controller.ControllerService;
import org.apache.nifi.flow.Bundle;
import org.apache.nifi.flow.ConnectableComponentType;
import org.apache.nifi.flow.ControllerServiceAPI;
import org.apache.nifi.flow.VersionedComponent;
import org.apache.nifi.flow.VersionedConfigurableExtension;
import org.apache.nifi.flow.VersionedConnection;
import org.apache.nifi.flow.VersionedControllerService;
import org.apache.nifi.flow.VersionedFunnel;
import org.apache.nifi.flow.VersionedLabel;
import org.apache.nifi.flow.VersionedParameter;
import org.apache.nifi.flow.VersionedProcessor;
import org.apache.nifi.flow.VersionedPropertyDescriptor;
import org.apache.nifi.processor.Processor;
import org.apache.nifi.util.MockPropertyConfiguration;
import org.apache.nifi.util.PropertyMigrationResult;

import java.net.URL;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Checks a flow definition against the components on the classpath, the way NiFi would judge it on import and start:
 * every type registered, bundle coordinates right, every property one the component defines (or a dynamic property
 * of a component that supports them), allowable values, service references and their APIs, parameter references,
 * sensitive values, connections and relationships. Returns every problem found, each naming the component.
 */
public final class FlowValidator {

    private static final Pattern JAR_NAME = Pattern.compile(".*/([a-z0-9-]+?)-(\\d[^/]*)\\.jar!/.*");
    /** NiFi jars whose NAR is not simply the jar's name plus {@code -nar}. */
    private static final Map<String, String> NAR_OF_JAR = Map.of("nifi-standard-processors", "nifi-standard-nar");

    private final FlowDefinition flow;
    private final ComponentCatalog catalog;
    private final BuildInfo build;
    private final List<String> problems = new ArrayList<>();
    private final Map<String, String> defaultParameterValues;

    private FlowValidator(final FlowDefinition flow, final ComponentCatalog catalog, final BuildInfo build) {
        this.flow = flow;
        this.catalog = catalog;
        this.build = build;
        this.defaultParameterValues = flow.parameterValues(Map.of());
    }

    public static List<String> validate(final FlowDefinition flow, final ComponentCatalog catalog, final BuildInfo build) {
        final FlowValidator validator = new FlowValidator(flow, catalog, build);
        validator.checkStructure();
        validator.checkParameters();
        flow.controllerServices().values().forEach(validator::checkControllerService);
        flow.processors().forEach(validator::checkProcessor);
        flow.connections().forEach(validator::checkConnection);
        return List.copyOf(validator.problems);
    }

    private void checkStructure() {
        if (!"1.0".equals(flow.snapshot().getFlowEncodingVersion())) {
            problem("flow", "flowEncodingVersion must be 1.0 but is " + flow.snapshot().getFlowEncodingVersion());
        }
        if (flow.parameterContext().isEmpty()) {
            problem("flow", "parameter context '" + flow.group().getParameterContextName() + "' is not in parameterContexts");
        }
        final Set<String> ids = new HashSet<>();
        final String groupId = flow.group().getIdentifier();
        allComponents().forEach(component -> {
            if (!ids.add(component.getIdentifier())) {
                problem(describe(component), "identifier " + component.getIdentifier() + " is used twice");
            }
            if (!groupId.equals(component.getGroupIdentifier())) {
                problem(describe(component), "groupIdentifier is not the process group's identifier");
            }
        });
        // Replaying a review queue means connecting its funnel back to the processor it came from: a funnel fed by
        // processors of different lanes (not one retry loop) would send one audience's FlowFiles into another's.
        for (final VersionedFunnel funnel : flow.group().getFunnels()) {
            final Set<String> sources = flow.group().getConnections().stream()
                    .filter(c -> c.getDestination().getId().equals(funnel.getIdentifier()))
                    .map(c -> c.getSource().getId()).collect(Collectors.toSet());
            if (sources.stream().anyMatch(a -> sources.stream().anyMatch(b -> !reachable(a).contains(b)))) {
                problem("funnel " + funnel.getIdentifier(), "collects the queues of " + sources.size()
                        + " components that are not one retry loop; give each lane its own funnel so it can be connected back for replay");
            }
        }
        for (final VersionedLabel label : flow.group().getLabels()) {
            if (label.getLabel() == null || label.getLabel().isBlank()) {
                problem("label " + label.getIdentifier(), "has no text");
            }
        }
    }

    /** The components reachable from one along the flow's connections, itself included. */
    private Set<String> reachable(final String from) {
        final Set<String> seen = new HashSet<>(Set.of(from));
        final ArrayDeque<String> next = new ArrayDeque<>(seen);
        while (!next.isEmpty()) {
            flow.connectionsFrom(next.poll()).stream().map(c -> c.getDestination().getId()).filter(seen::add).forEach(next::add);
        }
        return seen;
    }

    private void checkParameters() {
        final Map<String, VersionedParameter> parameters = flow.parameters();
        parameters.values().stream().filter(VersionedParameter::isSensitive).filter(p -> p.getValue() != null)
                .forEach(p -> problem("parameter " + p.getName(), "is sensitive but carries a value; ship it empty"));
        final Set<String> referenced = new HashSet<>();
        Stream.concat(flow.processors().stream(), flow.controllerServices().values().stream())
                .forEach(component -> component.getProperties().values()
                        .forEach(value -> referenced.addAll(FlowDefinition.parameterReferences(value))));
        flow.processors().forEach(p -> referenced.addAll(FlowDefinition.parameterReferences(p.getSchedulingPeriod())));
        referenced.stream().filter(name -> !parameters.containsKey(name)).sorted()
                .forEach(name -> problem("parameter " + name, "is referenced but not defined in the parameter context"));
        parameters.keySet().stream().filter(name -> !referenced.contains(name))
                .forEach(name -> problem("parameter " + name, "is defined but never referenced"));
    }

    /** The registered, initialized component of the flow's type, with its bundle checked; null (and a problem) if none. */
    private ConfigurableComponent instantiate(final VersionedConfigurableExtension component, final boolean processor) {
        final String where = describe(component);
        final String type = component.getType();
        if (processor ? !catalog.hasProcessor(type) : !catalog.hasControllerService(type)) {
            problem(where, "type " + type + " is not registered in any META-INF/services file on the classpath");
            return null;
        }
        checkBundle(where, type, component.getBundle());
        try {
            return catalog.initialized(type);
        } catch (final IllegalStateException e) {
            problem(where, e.getMessage());
            return null;
        }
    }

    private void checkControllerService(final VersionedControllerService service) {
        final String where = describe(service);
        final ConfigurableComponent instance = instantiate(service, false);
        if (instance == null) {
            return;
        }
        for (final ControllerServiceAPI api : service.getControllerServiceApis()) {
            final Class<?> apiClass = loadClass(where, api.getType());
            if (apiClass != null && !apiClass.isInstance(instance)) {
                problem(where, "declares API " + api.getType() + " that it does not implement");
            }
            if (apiClass != null) {
                final Bundle expected = api.getType().startsWith("org.apache.nifi.")
                        ? build.nifiNar(BuildInfo.NIFI_SERVICES_API_NAR) : build.ourNar();
                if (!expected.equals(api.getBundle())) {
                    problem(where, "API " + api.getType() + " must name bundle " + expected + " but names " + api.getBundle());
                }
            }
        }
        checkProperties(service, instance);
    }

    private void checkProcessor(final VersionedProcessor processor) {
        final String where = describe(processor);
        if (!(instantiate(processor, true) instanceof Processor instance)) {
            return;
        }
        checkProperties(processor, instance);

        final Set<String> relationships = relationships(processor);
        final Set<String> connected = flow.connectionsFrom(processor.getIdentifier()).stream()
                .flatMap(c -> c.getSelectedRelationships().stream()).collect(Collectors.toSet());
        checkSubset(where, "autoTerminatedRelationships", processor.getAutoTerminatedRelationships(), relationships);
        checkSubset(where, "retriedRelationships", processor.getRetriedRelationships(), relationships);
        for (final String relationship : relationships) {
            if (!connected.contains(relationship) && !processor.getAutoTerminatedRelationships().contains(relationship)) {
                problem(where, "relationship '" + relationship + "' is neither connected nor auto-terminated");
            }
        }
        if (!processor.getRetriedRelationships().isEmpty() && (processor.getRetryCount() == null || processor.getRetryCount() < 1)) {
            problem(where, "retries " + processor.getRetriedRelationships() + " but retryCount is not positive");
        }

        final boolean hasInput = !flow.connectionsInto(processor.getIdentifier()).isEmpty();
        final InputRequirement input = instance.getClass().getAnnotation(InputRequirement.class);
        if (input != null && input.value() == InputRequirement.Requirement.INPUT_FORBIDDEN && hasInput) {
            problem(where, "forbids input but has an incoming connection");
        }
        if (input != null && input.value() == InputRequirement.Requirement.INPUT_REQUIRED && !hasInput) {
            problem(where, "requires input but has no incoming connection");
        }
        if (instance.getClass().isAnnotationPresent(PrimaryNodeOnly.class) && !"PRIMARY".equals(processor.getExecutionNode())) {
            problem(where, "is @PrimaryNodeOnly but executionNode is " + processor.getExecutionNode());
        }
        if ("CRON_DRIVEN".equals(processor.getSchedulingStrategy())) {
            final String cron = FlowDefinition.resolve(processor.getSchedulingPeriod(), defaultParameterValues);
            // NiFi 2 parses it with Spring's CronExpression: exactly 6 fields, no Quartz year field.
            if (cron == null || !cron.strip().matches("\\S+(\\s+\\S+){5}")) {
                problem(where, "CRON schedule '" + cron + "' does not have the 6 fields NiFi 2 accepts");
            }
        }
    }

    /**
     * NiFi runs migrateProperties on every component it creates from an uploaded flow: anything it renames, removes or
     * sets there means the file is not in the component's current form and would not run as tested.
     */
    private void checkMigration(final String where, final VersionedConfigurableExtension component,
                                final ConfigurableComponent instance) {
        final MockPropertyConfiguration configuration = new MockPropertyConfiguration(new HashMap<>(component.getProperties()));
        if (instance instanceof Processor processor) {
            processor.migrateProperties(configuration);
        } else if (instance instanceof ControllerService service) {
            service.migrateProperties(configuration);
        }
        final PropertyMigrationResult result = configuration.toPropertyMigrationResult();
        // Migrations rename and remove unconditionally: only what the flow sets counts.
        result.getPropertiesRenamed().entrySet().stream().filter(e -> component.getProperties().containsKey(e.getKey()))
                .forEach(e -> problem(where, "NiFi would rename property '" + e.getKey() + "' to '" + e.getValue() + "' on import"));
        result.getPropertiesRemoved().stream().filter(component.getProperties()::containsKey)
                .forEach(name -> problem(where, "NiFi would remove property '" + name + "' on import"));
        result.getPropertiesUpdated().forEach(name -> problem(where, "NiFi would set property '" + name + "' to '"
                + configuration.getRawPropertyValue(name).orElse(null) + "' on import; set it in the flow"));
        if (!result.getCreatedControllerServices().isEmpty()) {
            problem(where, "NiFi would create controller services on import");
        }
    }

    private void checkProperties(final VersionedConfigurableExtension component, final ConfigurableComponent instance) {
        final String where = describe(component);
        final Map<String, PropertyDescriptor> declared = instance.getPropertyDescriptors().stream()
                .collect(Collectors.toMap(PropertyDescriptor::getName, d -> d));
        final boolean supportsDynamic = instance.getClass().isAnnotationPresent(DynamicProperty.class)
                || instance.getClass().isAnnotationPresent(DynamicProperties.class);
        final Map<String, VersionedPropertyDescriptor> exported = component.getPropertyDescriptors() == null
                ? Map.of() : component.getPropertyDescriptors();

        for (final Map.Entry<String, String> property : component.getProperties().entrySet()) {
            final String name = property.getKey();
            final String value = property.getValue();
            final PropertyDescriptor descriptor = declared.get(name);
            final VersionedPropertyDescriptor exportedDescriptor = exported.get(name);
            if (descriptor == null) {
                if (!supportsDynamic || !instance.getPropertyDescriptor(name).isDynamic()) {
                    problem(where, "property '" + name + "' is not defined by " + simpleName(component)
                            + (supportsDynamic ? "" : ", which does not support dynamic properties"));
                } else if (exportedDescriptor != null && !exportedDescriptor.isDynamic()) {
                    problem(where, "dynamic property '" + name + "' must be exported with dynamic: true");
                }
                checkSensitivity(where, name, value, instance.getPropertyDescriptor(name).isSensitive());
                continue;
            }
            if (exportedDescriptor != null) {
                if (exportedDescriptor.isSensitive() != descriptor.isSensitive()
                        || exportedDescriptor.getIdentifiesControllerService() != (descriptor.getControllerServiceDefinition() != null)
                        || exportedDescriptor.isDynamic()) {
                    problem(where, "propertyDescriptors entry for '" + name + "' does not match the component's descriptor");
                }
            }
            checkSensitivity(where, name, value, descriptor.isSensitive());
            checkAllowableValue(where, descriptor, value);
            checkServiceReference(where, descriptor, value);
        }
        checkMigration(where, component, instance);
        for (final PropertyDescriptor descriptor : declared.values()) {
            if (descriptor.isRequired() && descriptor.getDefaultValue() == null && descriptor.getDependencies().isEmpty()
                    && !component.getProperties().containsKey(descriptor.getName())) {
                problem(where, "required property '" + descriptor.getName() + "' has no value and no default");
            }
        }
    }

    private void checkSensitivity(final String where, final String name, final String value, final boolean sensitive) {
        final Map<String, VersionedParameter> parameters = flow.parameters();
        final Set<String> references = FlowDefinition.parameterReferences(value);
        if (sensitive) {
            if (value != null && (!FlowDefinition.isSingleReference(value)
                    || !parameters.containsKey(references.iterator().next())
                    || !parameters.get(references.iterator().next()).isSensitive())) {
                problem(where, "sensitive property '" + name + "' must be exactly one reference to a sensitive parameter");
            }
        } else {
            references.stream().filter(parameters::containsKey).filter(p -> parameters.get(p).isSensitive())
                    .forEach(p -> problem(where, "property '" + name + "' is not sensitive but references sensitive parameter " + p));
        }
    }

    private void checkAllowableValue(final String where, final PropertyDescriptor descriptor, final String value) {
        final List<AllowableValue> allowable = descriptor.getAllowableValues();
        final String resolved = FlowDefinition.resolve(value, defaultParameterValues);
        if (allowable == null || allowable.isEmpty() || resolved == null) {
            return;
        }
        if (allowable.stream().noneMatch(a -> a.getValue().equals(resolved))) {
            problem(where, "property '" + descriptor.getName() + "' = '" + resolved + "' is not one of "
                    + allowable.stream().map(AllowableValue::getValue).toList());
        }
    }

    private void checkServiceReference(final String where, final PropertyDescriptor descriptor, final String value) {
        final Class<? extends ControllerService> required = descriptor.getControllerServiceDefinition();
        if (required == null || value == null) {
            return;
        }
        final VersionedControllerService target = flow.controllerServices().get(value);
        final boolean external = flow.snapshot().getExternalControllerServices() != null
                && flow.snapshot().getExternalControllerServices().containsKey(value);
        if (target == null && !external) {
            problem(where, "property '" + descriptor.getName() + "' references controller service " + value + ", which is not in the flow");
            return;
        }
        if (target != null && catalog.hasControllerService(target.getType())) {
            final Class<?> type = loadClass(where, target.getType());
            if (type != null && !required.isAssignableFrom(type)) {
                problem(where, "property '" + descriptor.getName() + "' needs a " + required.getName() + " but "
                        + target.getName() + " is a " + target.getType());
            }
        }
    }

    private void checkConnection(final VersionedConnection connection) {
        final String where = "connection '" + connection.getName() + "'";
        if (connection.getName() == null || connection.getName().isBlank()) {
            problem("connection " + connection.getIdentifier(), "has no name");
        }
        for (final var end : List.of(connection.getSource(), connection.getDestination())) {
            final boolean exists = switch (end.getType()) {
                case PROCESSOR -> flow.group().getProcessors().stream().anyMatch(p -> p.getIdentifier().equals(end.getId()));
                case FUNNEL -> flow.group().getFunnels().stream().anyMatch(f -> f.getIdentifier().equals(end.getId()));
                default -> false;
            };
            if (!exists) {
                problem(where, "endpoint " + end.getType() + " " + end.getId() + " does not exist in the group");
            }
        }
        final Set<String> selected = connection.getSelectedRelationships();
        if (connection.getSource().getType() == ConnectableComponentType.FUNNEL && !selected.isEmpty()) {
            problem(where, "a funnel has no relationships, but the connection selects " + selected);
        }
        if (connection.getSource().getType() == ConnectableComponentType.PROCESSOR) {
            if (selected.isEmpty()) {
                problem(where, "selects no relationship");
            }
            final VersionedProcessor source = flow.processor(connection.getSource().getId());
            if (catalog.hasProcessor(source.getType())) {
                checkSubset(where, "selectedRelationships", selected, relationships(source));
            }
        }
        if (connection.getBackPressureObjectThreshold() == null || connection.getBackPressureObjectThreshold() <= 0
                || connection.getBackPressureDataSizeThreshold() == null) {
            problem(where, "has no back pressure thresholds");
        }
    }

    private void checkBundle(final String where, final String type, final Bundle bundle) {
        final Bundle expected;
        if (type.startsWith(BuildInfo.OUR_GROUP + ".")) {
            expected = build.ourNar();
        } else {
            final URL registration = catalog.registration(type).orElseThrow();
            final Matcher jar = JAR_NAME.matcher(registration.toString());
            if (!jar.matches()) {
                problem(where, "cannot tell which NiFi bundle provides " + type + " (" + registration + ")");
                return;
            }
            expected = new Bundle(BuildInfo.NIFI_GROUP, NAR_OF_JAR.getOrDefault(jar.group(1), jar.group(1) + "-nar"), jar.group(2));
            if (!jar.group(2).equals(build.nifiVersion())) {
                problem(where, type + " comes from NiFi " + jar.group(2) + ", not the targeted " + build.nifiVersion());
            }
        }
        if (!expected.equals(bundle)) {
            problem(where, "bundle must be " + expected + " but is " + bundle);
        }
    }

    /** The processor's relationships under its literal property values (parameters are bound later). */
    private Set<String> relationships(final VersionedProcessor processor) {
        final Map<String, String> literal = new LinkedHashMap<>();
        processor.getProperties().forEach((name, value) -> {
            if (value != null && !value.contains("#{")) {
                literal.put(name, value);
            }
        });
        return catalog.relationships(processor.getType(), literal);
    }

    private void checkSubset(final String where, final String field, final Set<String> names, final Set<String> relationships) {
        if (names != null) {
            names.stream().filter(n -> !relationships.contains(n))
                    .forEach(n -> problem(where, field + " names '" + n + "', which is not one of " + relationships));
        }
    }

    private Class<?> loadClass(final String where, final String type) {
        try {
            return Class.forName(type);
        } catch (final ClassNotFoundException e) {
            problem(where, "class " + type + " is not on the classpath");
            return null;
        }
    }

    private Stream<VersionedComponent> allComponents() {
        final var group = flow.group();
        return Stream.of(group.getProcessors(), group.getControllerServices(), group.getConnections(), group.getFunnels(),
                group.getLabels(), group.getInputPorts(), group.getOutputPorts()).filter(Objects::nonNull).flatMap(Set::stream);
    }

    private static String simpleName(final VersionedConfigurableExtension component) {
        return component.getType().substring(component.getType().lastIndexOf('.') + 1);
    }

    private static String describe(final VersionedComponent component) {
        return component.getComponentType().name().toLowerCase().replace('_', ' ') + " '"
                + (component.getName() == null ? component.getIdentifier() : component.getName()) + "'";
    }

    private void problem(final String where, final String message) {
        problems.add(where + ": " + message);
    }
}
