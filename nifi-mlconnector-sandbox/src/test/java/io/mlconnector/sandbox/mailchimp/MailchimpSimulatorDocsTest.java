package io.mlconnector.sandbox.mailchimp;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The simulator's page (nifi-mlconnector-sandbox/README.md) names every switch with its default and its evidence. */
class MailchimpSimulatorDocsTest {

    @Test
    void everySwitchIsInTheTableWithItsDefault() throws IOException {
        List<String> rows = Files.readAllLines(Path.of("README.md")).stream().filter(l -> l.startsWith("| ")).toList();
        for (MailchimpSwitches.Switch s : MailchimpSwitches.ALL) {
            String shown = "`" + s.name() + "` = **" + (s.defaultValue().isEmpty() ? "(none)" : s.defaultValue()) + "**";
            String evidence = s.evidence().split(",")[0].trim();
            assertTrue(rows.stream().anyMatch(r -> r.contains(shown) && r.contains(evidence)),
                    () -> "README.md has no row for " + shown + " with its evidence " + evidence);
        }
    }
}
