package io.mlconnector.demo;

import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.flow.VersionedConfigurableExtension;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The user guide keeps up with the code: every property, parameter and PeopleSoft operation is documented. */
class UserGuideTest {

    private static final Path ROOT = Path.of("..");
    private static final FlowDefinition FLOW = FlowDefinition.shipped();
    private static final ComponentCatalog CATALOG = ComponentCatalog.fromClasspath();

    @Test
    void readmeDocumentsEveryPropertyOfOurComponents() throws IOException {
        final String readme = Files.readString(ROOT.resolve("README.md"));
        final List<String> types = Stream.concat(FLOW.processors().stream(), FLOW.controllerServices().values().stream())
                .map(VersionedConfigurableExtension::getType).filter(t -> t.startsWith(BuildInfo.OUR_GROUP)).distinct().toList();
        assertEquals(4, types.size());
        final List<String> missing = types.stream().flatMap(type -> descriptors(type).stream()
                        .filter(d -> !readme.contains("| **" + d.getName() + "**"))
                        .map(d -> type + ": " + d.getName()))
                .toList();
        assertEquals(List.of(), missing, "README's configuration reference lacks these properties");
    }

    @Test
    void readmeDocumentsEveryFlowParameter() throws IOException {
        final String readme = Files.readString(ROOT.resolve("README.md"));
        final List<String> missing = FLOW.parameters().keySet().stream()
                .filter(name -> !readme.contains("| " + name + " |") && !readme.contains("| **" + name + "** |")).toList();
        assertEquals(List.of(), missing, "README's parameter table lacks these parameters");
    }

    @Test
    void peopleSoftGuideNamesEveryOperationTheFlowCalls() throws IOException {
        final String guide = Files.readString(ROOT.resolve("docs/peoplesoft-setup.md"));
        final List<String> missing = Sandbox.GRANTED_OPERATIONS.stream().filter(op -> !guide.contains("**`" + op + "`**")).toList();
        assertEquals(List.of(), missing);
    }

    private static List<PropertyDescriptor> descriptors(final String type) {
        return CATALOG.initialized(type).getPropertyDescriptors();
    }
}
