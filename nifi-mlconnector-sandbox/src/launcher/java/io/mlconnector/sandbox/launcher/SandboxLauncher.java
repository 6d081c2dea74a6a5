package io.mlconnector.sandbox.launcher;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The entry point of {@code nifi-mlconnector-sandbox.jar}, compiled for Java 8 so that {@code java -jar} works with
 * whatever Java a newcomer has. On Java 21 or later it runs the sandbox in this JVM; on an older one it finds a JDK 21+
 * ({@link Jdks}) and runs the sandbox there with the same options, passing output, Ctrl-C and the exit status through.
 */
public final class SandboxLauncher {

    /** The sandbox is built for Java 21, as NiFi 2 is. */
    static final int REQUIRED_RELEASE = 21;
    static final String SANDBOX_MAIN = "io.mlconnector.sandbox.SandboxMain";

    private SandboxLauncher() {
    }

    public static void main(final String[] args) throws Exception {
        final int running = Jdks.feature(System.getProperty("java.specification.version"));
        if (running >= REQUIRED_RELEASE) {
            runHere(args);
            return;
        }
        final String searchDir = System.getenv("JDK_SEARCH_DIR");
        final List<File> folders = searchDir == null || searchDir.isEmpty()
                ? Jdks.defaultFolders(System.getProperty("user.home")) : Collections.singletonList(new File(searchDir));
        final Jdks.Jdk jdk = Jdks.newest(REQUIRED_RELEASE, System.getenv("JAVA_HOME"), folders);
        if (jdk == null) {
            System.err.println("The sandbox needs Java " + REQUIRED_RELEASE + " or later, and this is Java " + running + ".");
            System.err.println("No JDK " + REQUIRED_RELEASE + "+ was found in JAVA_HOME or under " + folders + ".");
            System.err.println("Install one (NiFi 2 needs it too) or set JAVA_HOME to it, then run the same command again.");
            System.exit(1);
            return;
        }
        System.err.println("Java " + running + " cannot run the sandbox; running it with " + jdk);
        System.exit(runWith(jdk, args));
    }

    private static void runHere(final String[] args) throws Exception {
        try {
            Class.forName(SANDBOX_MAIN).getMethod("main", String[].class).invoke(null, (Object) args);
        } catch (final InvocationTargetException e) {
            throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
        }
    }

    /** Runs the sandbox in a JVM of {@code jdk} on this JVM's class path; returns its exit status. */
    private static int runWith(final Jdks.Jdk jdk, final String[] args) throws InterruptedException, java.io.IOException {
        final List<String> command = new ArrayList<>(Arrays.asList(jdk.java().getPath(), "-cp",
                System.getProperty("java.class.path"), SANDBOX_MAIN));
        command.addAll(Arrays.asList(args));
        final Process sandbox = new ProcessBuilder(command).inheritIO().start();
        // Stopping the launcher (SIGTERM, Ctrl-C) stops the sandbox with it.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sandbox.destroy();
            try {
                sandbox.waitFor();
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "sandbox-stop"));
        return sandbox.waitFor();
    }
}
