package io.mlconnector.sandbox.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The sandbox jar's launcher: compiled for Java 8, it starts the sandbox with a JDK 21+ whatever Java runs it, or says
 * what to install.
 */
class SandboxLauncherTest {

    @Test
    void isCompiledForJava8SoThatAnyJavaLoadsIt() throws IOException {
        for (final Class<?> type : List.of(SandboxLauncher.class, Jdks.class, Jdks.Jdk.class)) {
            final String resource = "/" + type.getName().replace('.', '/') + ".class";
            final byte[] header = type.getResourceAsStream(resource).readNBytes(8);
            assertEquals(52, header[7], type + " is class file version 52 (Java 8)");
        }
    }

    @Test
    void findsTheNewestJdk21OrLaterWithAJavaToRun(@TempDir final Path folder) throws IOException {
        fakeJdk(folder.resolve("jdk-17"), "17.0.2", true);
        fakeJdk(folder.resolve("jdk-21"), "21.0.4", true);
        fakeJdk(folder.resolve("jdk-24-without-java"), "24", false);
        fakeJdk(folder.resolve("zulu-22.jdk/Contents/Home"), "22.0.1", true);
        Files.createDirectories(folder.resolve("not-a-jdk"));

        assertEquals(folder.resolve("zulu-22.jdk/Contents/Home").toFile(), Jdks.newest(21, null, List.of(folder.toFile())).home);
        assertEquals(folder.resolve("jdk-21").toFile(), Jdks.newest(21, folder.resolve("jdk-21").toString(), List.of()).home,
                "JAVA_HOME first when it is new enough");
        assertEquals(folder.resolve("zulu-22.jdk/Contents/Home").toFile(),
                Jdks.newest(21, folder.resolve("jdk-17").toString(), List.of(folder.toFile())).home, "an older JAVA_HOME is passed over");
        assertNull(Jdks.newest(25, null, List.of(folder.toFile(), new File("/no/such/folder"))));
        assertEquals(8, Jdks.feature("1.8.0_392"));
        assertEquals(17, Jdks.feature("17"));
    }

    @Test
    void anOlderJavaStartsTheSandboxWithAJdk21OrLater() throws Exception {
        final Jdks.Jdk old = olderJdk().orElse(null);
        assumeTrue(old != null, "no JDK older than 21 on this machine to start the launcher with");
        final Run run = launch(old, Map.of("JAVA_HOME", System.getProperty("java.home")), "--help");
        assertEquals(0, run.status, run.toString());
        assertTrue(run.out.startsWith("usage: java -jar nifi-mlconnector-sandbox.jar"), run.toString());
        assertTrue(run.err.contains("Java " + old.release + " cannot run the sandbox; running it with "), run.toString());
    }

    @Test
    void saysWhatToInstallWhenNoJdk21IsFound(@TempDir final Path empty) throws Exception {
        final Jdks.Jdk old = olderJdk().orElse(null);
        assumeTrue(old != null, "no JDK older than 21 on this machine to start the launcher with");
        final Run run = launch(old, Map.of("JAVA_HOME", old.home.getPath(), "JDK_SEARCH_DIR", empty.toString()), "--help");
        assertEquals(1, run.status, run.toString());
        assertTrue(run.err.contains("The sandbox needs Java 21 or later, and this is Java " + old.release), run.toString());
        assertTrue(run.err.contains("set JAVA_HOME"), run.toString());
    }

    private static Optional<Jdks.Jdk> olderJdk() {
        return Optional.ofNullable(Jdks.newestBelow(SandboxLauncher.REQUIRED_RELEASE, Jdks.defaultFolders(System.getProperty("user.home"))));
    }

    private record Run(int status, String out, String err) {
    }

    private static Run launch(final Jdks.Jdk jdk, final Map<String, String> environment, final String... args) throws Exception {
        final List<String> command = new ArrayList<>(List.of(jdk.java().getPath(), "-cp", System.getProperty("java.class.path"),
                SandboxLauncher.class.getName()));
        command.addAll(List.of(args));
        final ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("JDK_SEARCH_DIR");
        builder.environment().putAll(environment);
        final Process process = builder.start();
        final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        final String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        return new Run(process.exitValue(), out, err);
    }

    private static void fakeJdk(final Path home, final String version, final boolean withJava) throws IOException {
        Files.createDirectories(home.resolve("bin"));
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"" + version + "\"\n");
        if (withJava) {
            Files.writeString(home.resolve("bin/java"), "#!/bin/sh\n");
        }
    }
}
