package io.mlconnector.nifi.nar;

import org.apache.nifi.controller.ControllerService;
import org.apache.nifi.processor.Processor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Opens the NAR that {@code mvn package} built and checks what NiFi will read from it: every component class in the
 * bundled jars is registered in {@code META-INF/services} and has its additionalDetails.md, and the manifest names the parent
 * NAR that provides the record, SSL, OAuth2 and proxy service APIs.
 */
class NarContentsIT {

    private static final String SERVICES = "META-INF/services/";
    private static final String COMPONENT_PACKAGE = "io/mlconnector/nifi/";

    private static final String BUNDLED_JARS = "META-INF/bundled-dependencies/nifi-mlconnector-";

    /** Jars NiFi's lib folder or nifi-standard-services-api-nar already hold. */
    private static final Set<String> PROVIDED_BY_NIFI = Set.of("nifi-api-", "nifi-framework-api-", "nifi-utils-",
            "nifi-record-2", "nifi-record-serialization-service-api-", "nifi-ssl-context-service-api-",
            "nifi-oauth2-provider-api-", "nifi-proxy-configuration-api-", "nifi-security-utils-api-", "slf4j-", "logback-");

    private static Path nar;
    /** Names of the files in the NAR itself. */
    private static final Set<String> NAR_ENTRIES = new TreeSet<>();
    /** Entry name -> content, of every file in the bundled jars of our own package root. */
    private static final Map<String, byte[]> BUNDLED = new HashMap<>();

    @BeforeAll
    static void readNar() throws IOException {
        nar = Path.of(System.getProperty("nar.file"));
        assertTrue(Files.isRegularFile(nar), "mvn package should have built " + nar);
        try (JarFile jar = new JarFile(nar.toFile())) {
            jar.stream().map(ZipEntry::getName).forEach(NAR_ENTRIES::add);
            for (final ZipEntry entry : jar.stream().filter(e -> e.getName().startsWith(BUNDLED_JARS)).toList()) {
                try (InputStream in = jar.getInputStream(entry)) {
                    readBundledJar(in.readAllBytes());
                }
            }
        }
    }

    @Test
    void manifestNamesTheParentNar() throws IOException {
        try (JarFile jar = new JarFile(nar.toFile())) {
            final Manifest manifest = jar.getManifest();
            final Attributes attributes = manifest.getMainAttributes();
            assertEquals("io.mlconnector", attributes.getValue("Nar-Group"));
            assertEquals("nifi-mlconnector-nar", attributes.getValue("Nar-Id"));
            assertEquals("org.apache.nifi", attributes.getValue("Nar-Dependency-Group"));
            assertEquals("nifi-standard-services-api-nar", attributes.getValue("Nar-Dependency-Id"));
            assertEquals(System.getProperty("nifi.version"), attributes.getValue("Nar-Dependency-Version"));
        }
    }

    /** NiFi's own API jars come from NiFi and the parent NAR; a bundled copy would clash with theirs at run time. */
    @Test
    void bundlesNoJarThatNiFiProvides() {
        final Set<String> clashing = new TreeSet<>();
        for (final String entry : NAR_ENTRIES) {
            final String jar = entry.substring(entry.lastIndexOf('/') + 1);
            if (entry.startsWith("META-INF/bundled-dependencies/") && PROVIDED_BY_NIFI.stream().anyMatch(jar::startsWith)) {
                clashing.add(jar);
            }
        }
        assertEquals(Set.of(), clashing);
    }

    @Test
    void registersEveryControllerService() throws ClassNotFoundException {
        final Set<String> services = componentClasses(ControllerService.class);
        assertTrue(services.containsAll(Set.of("io.mlconnector.nifi.peoplesoft.StandardPeopleSoftConnectionService",
                "io.mlconnector.nifi.mailchimp.StandardMailchimpConnectionService")), services.toString());
        assertEquals(services, registered(ControllerService.class));
    }

    @Test
    void registersEveryProcessor() throws ClassNotFoundException {
        assertEquals(componentClasses(Processor.class), registered(Processor.class));
    }

    @Test
    void documentsEveryComponent() throws ClassNotFoundException {
        final Set<String> components = new TreeSet<>(componentClasses(Processor.class));
        components.addAll(componentClasses(ControllerService.class));
        for (final String component : components) {
            assertTrue(NAR_ENTRIES.contains("META-INF/docs/additional-details/" + component + "/additionalDetails.md"),
                    component + " has no additionalDetails.md");
        }
    }

    private static void readBundledJar(final byte[] jar) throws IOException {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                final String name = entry.getName();
                if (name.startsWith(SERVICES) || name.startsWith(COMPONENT_PACKAGE)) {
                    BUNDLED.merge(name, in.readAllBytes(), NarContentsIT::concat);
                }
            }
        }
    }

    /** The concrete classes in the bundled jars that NiFi would instantiate as {@code type}. */
    private static Set<String> componentClasses(final Class<?> type) throws ClassNotFoundException {
        final Set<String> components = new TreeSet<>();
        for (final String entry : BUNDLED.keySet()) {
            if (entry.startsWith(COMPONENT_PACKAGE) && entry.endsWith(".class") && !entry.contains("$")) {
                final Class<?> candidate = Class.forName(entry.substring(0, entry.length() - 6).replace('/', '.'), false,
                        NarContentsIT.class.getClassLoader());
                if (type.isAssignableFrom(candidate) && !candidate.isInterface() && !Modifier.isAbstract(candidate.getModifiers())) {
                    components.add(candidate.getName());
                }
            }
        }
        return components;
    }

    private static Set<String> registered(final Class<?> type) {
        final byte[] file = BUNDLED.getOrDefault(SERVICES + type.getName(), new byte[0]);
        final Set<String> names = new TreeSet<>();
        Arrays.stream(new String(file, StandardCharsets.UTF_8).split("\n")).map(line -> line.replaceAll("#.*", "").strip())
                .filter(line -> !line.isEmpty()).forEach(names::add);
        return names;
    }

    private static byte[] concat(final byte[] first, final byte[] second) {
        final byte[] both = Arrays.copyOf(first, first.length + second.length + 1);
        both[first.length] = '\n';
        System.arraycopy(second, 0, both, first.length + 1, second.length);
        return both;
    }
}
