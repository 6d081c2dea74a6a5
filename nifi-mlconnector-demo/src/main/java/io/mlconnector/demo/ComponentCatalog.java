package io.mlconnector.demo;

import org.apache.nifi.components.ConfigurableComponent;
import org.apache.nifi.controller.ControllerService;
import org.apache.nifi.processor.Processor;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.MockControllerServiceInitializationContext;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The NiFi components on the classpath, as NiFi itself discovers them: the class names listed in every
 * {@code META-INF/services/org.apache.nifi.processor.Processor} and {@code ...ControllerService} file. A type in a flow
 * definition exists only when it is listed there, so a class that is merely present but not registered is missing.
 */
public final class ComponentCatalog {

    private static final String PROCESSORS = "META-INF/services/" + Processor.class.getName();
    private static final String SERVICES = "META-INF/services/" + ControllerService.class.getName();

    private final Map<String, URL> processors;
    private final Map<String, URL> services;

    private ComponentCatalog(final Map<String, URL> processors, final Map<String, URL> services) {
        this.processors = processors;
        this.services = services;
    }

    public static ComponentCatalog fromClasspath() {
        final ClassLoader loader = ComponentCatalog.class.getClassLoader();
        return new ComponentCatalog(listed(loader, PROCESSORS), listed(loader, SERVICES));
    }

    public boolean hasProcessor(final String type) {
        return processors.containsKey(type);
    }

    public boolean hasControllerService(final String type) {
        return services.containsKey(type);
    }

    /** The services file that registers the type, which tells which jar (and so which bundle) provides it. */
    public Optional<URL> registration(final String type) {
        return Optional.ofNullable(processors.getOrDefault(type, services.get(type)));
    }

    public Processor newProcessor(final String type) {
        if (!hasProcessor(type)) {
            throw new IllegalArgumentException("Processor type " + type + " is not registered on the classpath");
        }
        return instantiate(type, Processor.class);
    }

    public ControllerService newControllerService(final String type) {
        if (!hasControllerService(type)) {
            throw new IllegalArgumentException("Controller service type " + type + " is not registered on the classpath");
        }
        return instantiate(type, ControllerService.class);
    }

    /** A new instance, initialized as NiFi initializes one before asking for its properties and relationships. */
    public ConfigurableComponent initialized(final String type) {
        if (hasProcessor(type)) {
            return TestRunners.newTestRunner(newProcessor(type)).getProcessor();
        }
        final ControllerService service = newControllerService(type);
        try {
            service.initialize(new MockControllerServiceInitializationContext(service, type));
        } catch (final InitializationException e) {
            throw new IllegalStateException("Cannot initialize " + type + ": " + e.getMessage(), e);
        }
        return service;
    }

    /**
     * The relationships a processor has with these properties set: some processors derive relationships from them
     * (RouteOnAttribute one per dynamic property, GetPeopleSoftRecords's pass complete from its Poll Mode).
     */
    public Set<String> relationships(final String type, final Map<String, String> properties) {
        final TestRunner runner = TestRunners.newTestRunner(newProcessor(type));
        properties.forEach(runner::setProperty);
        return runner.getProcessor().getRelationships().stream().map(Relationship::getName).collect(Collectors.toCollection(TreeSet::new));
    }

    private static <T> T instantiate(final String type, final Class<T> kind) {
        try {
            return Class.forName(type).asSubclass(kind).getDeclaredConstructor().newInstance();
        } catch (final ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException("Cannot instantiate " + type + ": " + e, e);
        }
    }

    private static Map<String, URL> listed(final ClassLoader loader, final String resource) {
        final Map<String, URL> types = new LinkedHashMap<>();
        try {
            for (final URL url : Collections.list(loader.getResources(resource))) {
                try (BufferedReader reader = new BufferedReader(new InputStreamReader(url.openStream(), StandardCharsets.UTF_8))) {
                    reader.lines()
                            .map(line -> line.replaceFirst("#.*", "").strip())
                            .filter(line -> !line.isEmpty())
                            .forEach(type -> types.putIfAbsent(type, url));
                }
            }
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return types;
    }
}
