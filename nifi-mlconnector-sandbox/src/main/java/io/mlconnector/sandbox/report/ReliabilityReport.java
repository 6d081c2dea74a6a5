package io.mlconnector.sandbox.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes one section of {@code docs/reliability.md}: the reliability suites (fault matrix, crash points, fuzz,
 * secrets, soak) each replace the text between their {@code <!-- begin:NAME -->} and {@code <!-- end:NAME -->}
 * markers with what they just checked, so the published table is always what the last run showed.
 */
public final class ReliabilityReport {

    private static final Path DOCUMENT = Path.of("docs", "reliability.md");

    private ReliabilityReport() {
    }

    /** Replaces the named section, when the document is found above the working directory (a module of the build). */
    public static void writeSection(String name, String markdown) {
        Path document = locate();
        if (document == null) {
            return; // outside the repository: nothing to publish
        }
        try {
            String text = Files.readString(document, StandardCharsets.UTF_8);
            Matcher section = Pattern.compile("(<!-- begin:" + Pattern.quote(name) + " -->\\n).*?(<!-- end:" + Pattern.quote(name) + " -->)",
                    Pattern.DOTALL).matcher(text);
            if (!section.find()) {
                throw new IllegalStateException(document + " has no section " + name);
            }
            String updated = text.substring(0, section.end(1)) + markdown.strip() + "\n" + text.substring(section.start(2));
            Files.writeString(document, updated, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path locate() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(DOCUMENT))) {
                return dir.resolve(DOCUMENT);
            }
        }
        return null;
    }
}
