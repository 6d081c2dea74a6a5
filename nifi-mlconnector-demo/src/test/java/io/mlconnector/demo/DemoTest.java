package io.mlconnector.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's main command works, says what it promises, and prints no secret. */
class DemoTest {

    @Test
    @Timeout(120)
    void demoEndsWithMailchimpMatchingPeopleSoftAndPrintsNoSecret() throws IOException, InterruptedException {
        final ByteArrayOutputStream printed = new ByteArrayOutputStream();
        final boolean matches;
        final String password;
        final String apiKey;
        try (Sandbox sandbox = Sandbox.start(500, 60, 3)) {
            password = sandbox.peopleSoft().password();
            apiKey = sandbox.mailchimp().apiKey();
            matches = new Demo(new DemoConsole(new PrintStream(printed, true, StandardCharsets.UTF_8))).run(sandbox);
        }
        final String output = printed.toString(StandardCharsets.UTF_8);

        assertTrue(matches, output);
        assertTrue(output.contains("Sync report per audience"), output);
        assertTrue(output.contains("Dry run report per audience"), output);
        assertTrue(output.contains("merge field SYNCTAGS; tag Dept: "), output);
        assertTrue(output.matches("(?s).*Mailchimp requests during the dry run: \\d+, of which 0 change something\\..*"), output);
        // The preview's counts are the initial load's: read, created, updated, unchanged, unsubscribed, archived, skipped, failed.
        for (final String audience : java.util.List.of("  Employees (", "  Customer contacts (")) {
            final java.util.List<String> rows = output.lines().filter(l -> l.startsWith(audience)).limit(2)
                    .map(l -> l.substring(0, 112)).toList();
            assertEquals(rows.get(0), rows.get(1), output);
        }
        assertTrue(output.contains("Only the changes moved: Get Employees from PeopleSoft read 4 record(s); "
                + "Get Customers from PeopleSoft read 2 record(s)."), output);
        // The reconciliation pass finds the drift the increments could not see and fixes it.
        assertTrue(output.contains("1 corrected (missing contact 0, field value 1 {\"FNAME\":1}"), output);
        assertTrue(output.contains("Orphans (Orphan Policy Archive): 2 found, 2 archived"), output);
        assertTrue(output.contains("Mailchimp matches PeopleSoft."), output);
        assertFalse(output.contains(password), "the PeopleSoft password was printed");
        assertFalse(output.contains(apiKey), "the Mailchimp API key was printed");
        assertFalse(output.contains(apiKey.substring(0, 32)), "the Mailchimp API key was printed");
    }
}
