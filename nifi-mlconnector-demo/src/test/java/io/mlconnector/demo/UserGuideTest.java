package io.mlconnector.demo;

import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.flow.VersionedConfigurableExtension;
import org.apache.nifi.flow.VersionedParameter;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The documentation keeps up with the code and stays in one place each: the README is short, the reference names every
 * property and parameter, the user guide every parameter a user must set, the setup guide every PeopleSoft operation
 * granted, and every link between the documents leads somewhere.
 */
class UserGuideTest {

    private static final Path ROOT = Path.of("..");
    private static final FlowDefinition FLOW = FlowDefinition.shipped();
    private static final ComponentCatalog CATALOG = ComponentCatalog.fromClasspath();
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6} (.+)$");

    @Test
    void readmeIsReadInFiveMinutes() throws IOException {
        final List<String> lines = Files.readAllLines(ROOT.resolve("README.md"));
        assertTrue(lines.size() < 200, "README.md has " + lines.size() + " lines");
    }

    @Test
    void referenceDocumentsEveryPropertyOfOurComponents() throws IOException {
        final String reference = read("docs/reference.md");
        final List<String> types = Stream.concat(FLOW.processors().stream(), FLOW.controllerServices().values().stream())
                .map(VersionedConfigurableExtension::getType).filter(t -> t.startsWith(BuildInfo.OUR_GROUP)).distinct().toList();
        assertEquals(4, types.size());
        final List<String> missing = types.stream().flatMap(type -> descriptors(type).stream()
                        .filter(d -> !reference.contains("| **" + d.getName() + "**"))
                        .map(d -> type + ": " + d.getName()))
                .toList();
        assertEquals(List.of(), missing, "docs/reference.md lacks these properties");
    }

    @Test
    void referenceDocumentsEveryFlowParameterAndTheGuideEveryOneToSet() throws IOException {
        final String reference = read("docs/reference.md");
        assertEquals(List.of(), FLOW.parameters().keySet().stream().filter(name -> !reference.contains("| " + name + " |")).toList(),
                "docs/reference.md's parameter table lacks these parameters");
        final String parameters = section(read("docs/user-guide.md"), "## 4. Parameters");
        final Set<String> sandboxSets;
        try (Sandbox sandbox = Sandbox.start(5, 2, 1)) {
            sandboxSets = sandbox.parameterBindings().keySet();
        }
        // Those shipped empty or sensitive, and those the sandbox sets: a user decides on each one.
        final List<String> toSet = FLOW.parameters().values().stream()
                .filter(p -> p.isSensitive() || p.getValue() == null || p.getValue().isEmpty() || sandboxSets.contains(p.getName()))
                .map(VersionedParameter::getName).filter(name -> !parameters.contains(name)).toList();
        assertEquals(List.of(), toSet, "the user guide's Parameters section does not name these parameters a user sets");
    }

    @Test
    void peopleSoftGuideNamesEveryOperationTheSandboxGrants() throws IOException {
        final String guide = read("docs/peoplesoft-setup.md");
        final List<String> missing = Sandbox.GRANTED_OPERATIONS.stream().filter(op -> !guide.contains("**`" + op + "`**")).toList();
        assertEquals(List.of(), missing);
    }

    @Test
    void everyLinkBetweenTheDocumentsLeadsToAFileAndHeading() throws IOException {
        final List<Path> documents = new ArrayList<>(List.of(ROOT.resolve("README.md"), ROOT.resolve("benchmarks/README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).forEach(documents::add);
        }
        final List<String> broken = new ArrayList<>();
        for (final Path document : documents) {
            final Matcher link = LINK.matcher(Files.readString(document));
            while (link.find()) {
                final String target = link.group(1);
                if (target.startsWith("http://") || target.startsWith("https://")) {
                    continue;
                }
                final int hash = target.indexOf('#');
                final Path file = hash == 0 ? document : document.getParent().resolve(hash < 0 ? target : target.substring(0, hash));
                if (!Files.exists(file)) {
                    broken.add(document.getFileName() + ": " + target + " (no such file)");
                } else if (hash >= 0 && !anchors(file).contains(target.substring(hash + 1))) {
                    broken.add(document.getFileName() + ": " + target + " (no such heading)");
                }
            }
        }
        assertEquals(List.of(), broken);
    }

    /** GitHub's anchors of a Markdown file's headings: lower case, punctuation dropped, spaces as hyphens. */
    private static List<String> anchors(final Path file) throws IOException {
        if (!file.toString().endsWith(".md")) {
            return List.of();
        }
        final List<String> anchors = new ArrayList<>();
        final Matcher heading = HEADING.matcher(Files.readString(file));
        while (heading.find()) {
            anchors.add(heading.group(1).trim().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
        }
        return anchors;
    }

    static String section(final String document, final String heading) {
        final int start = document.indexOf(heading + "\n");
        assertTrue(start >= 0, "no section " + heading);
        final int end = document.indexOf("\n## ", start + heading.length());
        return document.substring(start, end < 0 ? document.length() : end);
    }

    private static String read(final String path) throws IOException {
        return Files.readString(ROOT.resolve(path));
    }

    private static List<PropertyDescriptor> descriptors(final String type) {
        return CATALOG.initialized(type).getPropertyDescriptors();
    }
}
