package io.mlconnector.sandbox.launcher;

import java.io.BufferedReader;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds an installed JDK of a given release or later: {@code JAVA_HOME} first, then the folders JDKs are usually
 * installed in (package managers, SDKMAN!, IntelliJ, macOS, Windows installers), or only {@code JDK_SEARCH_DIR} when
 * set, as {@code bin/jdk.sh} does. A JDK's release is read from its {@code release} file, so nothing is started to ask.
 * Written for Java 8, like the launcher.
 */
public final class Jdks {

    /** A JDK home with its release (the feature number: 8, 17, 21...). */
    public static final class Jdk {
        public final File home;
        public final int release;

        Jdk(final File home, final int release) {
            this.home = home;
            this.release = release;
        }

        public File java() {
            final File unix = new File(home, "bin/java");
            return unix.isFile() ? unix : new File(home, "bin/java.exe");
        }

        @Override
        public String toString() {
            return home + " (Java " + release + ")";
        }
    }

    private Jdks() {
    }

    /** The folders searched when {@code JDK_SEARCH_DIR} is not set. */
    public static List<File> defaultFolders(final String userHome) {
        final List<File> folders = new ArrayList<>();
        for (final String folder : Arrays.asList("/usr/lib/jvm", "/usr/java", "/usr/local/java", "/opt/java", "/opt",
                "/Library/Java/JavaVirtualMachines", "C:\\Program Files\\Java", "C:\\Program Files\\Eclipse Adoptium",
                "C:\\Program Files\\Microsoft", "C:\\Program Files\\Zulu", "C:\\Program Files\\Amazon Corretto")) {
            folders.add(new File(folder));
        }
        for (final String folder : Arrays.asList(".sdkman/candidates/java", ".jdks", ".asdf/installs/java",
                "Library/Java/JavaVirtualMachines")) {
            folders.add(new File(userHome, folder));
        }
        return folders;
    }

    /** The newest JDK of {@code minimum} or later: {@code javaHome} if it is one, else from the folders; null if none. */
    static Jdk newest(final int minimum, final String javaHome, final List<File> folders) {
        if (javaHome != null && !javaHome.isEmpty()) {
            final Jdk jdk = at(new File(javaHome));
            if (jdk != null && jdk.release >= minimum) {
                return jdk;
            }
        }
        Jdk best = null;
        for (final File folder : folders) {
            final File[] children = folder.listFiles();
            if (children == null) {
                continue;
            }
            for (final File child : children) {
                // macOS keeps the home inside the bundle.
                Jdk jdk = at(new File(child, "Contents/Home"));
                if (jdk == null) {
                    jdk = at(child);
                }
                if (jdk != null && jdk.release >= minimum && (best == null || jdk.release > best.release)) {
                    best = jdk;
                }
            }
        }
        return best;
    }

    /**
     * The newest JDK (or JRE) in the folders older than {@code release}, such as a newcomer's default java may be, or
     * null; the tests start the launcher with it.
     */
    public static Jdk newestBelow(final int release, final List<File> folders) {
        Jdk best = null;
        for (final File folder : folders) {
            final File[] children = folder.listFiles();
            for (final File child : children == null ? new File[0] : children) {
                final Jdk jdk = at(child);
                if (jdk != null && jdk.release >= 8 && jdk.release < release && (best == null || jdk.release > best.release)) {
                    best = jdk;
                }
            }
        }
        return best;
    }

    /** The JDK or JRE at {@code home}, or null when it has no {@code release} file naming a version, or no java. */
    static Jdk at(final File home) {
        final File release = new File(home, "release");
        if (!release.isFile()) {
            return null;
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(new FileInputStream(release), StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.startsWith("JAVA_VERSION=")) {
                    final Jdk jdk = new Jdk(home, feature(line.substring("JAVA_VERSION=".length()).replace("\"", "").trim()));
                    return jdk.java().isFile() ? jdk : null;
                }
            }
        } catch (final IOException | NumberFormatException e) {
            // Not a JDK we can use: look at the next one.
            return null;
        }
        return null;
    }

    /** The feature release of a version: "1.8.0_392" is 8, "17.0.2" and "17" are 17. */
    static int feature(final String version) {
        final String[] parts = version.split("[._+-]");
        final int first = Integer.parseInt(parts[0]);
        return first == 1 && parts.length > 1 ? Integer.parseInt(parts[1]) : first;
    }
}
