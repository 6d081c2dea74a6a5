package io.mlconnector.demo;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/reference.md is what {@link ReferenceDoc} writes from the descriptors and the shipped flow. When they changed,
 * this test rewrites the file and fails: review the difference (git diff docs/reference.md) and commit it.
 */
class ReferenceDocTest {

    static final Path REFERENCE = Path.of("..", "docs", "reference.md");

    @Test
    void committedReferenceIsTheGeneratedOne() throws IOException {
        final String generated = ReferenceDoc.render(FlowDefinition.shipped(), ComponentCatalog.fromClasspath());
        final String committed = Files.exists(REFERENCE) ? Files.readString(REFERENCE, StandardCharsets.UTF_8) : "";
        if (!generated.equals(committed)) {
            Files.writeString(REFERENCE, generated, StandardCharsets.UTF_8);
        }
        assertEquals(committed, generated, "docs/reference.md was out of date and has been rewritten: review and commit it");
    }

    @Test
    void referenceShowsWhatTheFlowShips() {
        final String reference = ReferenceDoc.render(FlowDefinition.shipped(), ComponentCatalog.fromClasspath());
        // The number issue 19 found wrong: the flow ships 5000 records per FlowFile, whatever the descriptor's default.
        assertTrue(reference.matches("(?s).*\\| \\*\\*Records Per FlowFile\\*\\* \\| `10000` \\| [^\\n]* \\| `5000` \\|.*"), reference);
        assertTrue(reference.contains("| Mailchimp API Key | *(sensitive, empty)* |"), "sensitive parameters ship empty");
    }
}
