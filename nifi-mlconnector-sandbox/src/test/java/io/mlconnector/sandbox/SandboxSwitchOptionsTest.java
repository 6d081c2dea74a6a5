package io.mlconnector.sandbox;

import io.mlconnector.sandbox.mailchimp.MailchimpSwitches;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sandbox jar's Mailchimp behaviour switches: in {@code --help}, settable with a repeatable {@code --mailchimp}. */
class SandboxSwitchOptionsTest {

    @Test
    void helpListsEverySwitchWithItsValuesAndEvidence() throws Exception {
        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            SandboxMain.main(new String[] {"--help"});
        } finally {
            System.setOut(out);
        }
        String help = printed.toString(StandardCharsets.UTF_8);
        assertTrue(help.contains("--mailchimp NAME=VALUE"), help);
        for (MailchimpSwitches.Switch s : MailchimpSwitches.ALL) {
            assertTrue(help.contains(s.name()) && help.contains(s.evidence()), s.name());
        }
        assertTrue(help.contains("archived-listing            hidden | listed   O1 [3P]/[UNDOC]"), help);
    }

    @Test
    void theOptionRepeatsAndIsCheckedBeforeAnythingStarts() {
        Map<String, String> options = SandboxMain.parse(new String[] {"--mailchimp", "archived-listing=listed",
            "--mailchimp", "batch-archived=contact-exists", "--employees", "5"});
        assertEquals("archived-listing=listed\nbatch-archived=contact-exists", options.get("mailchimp"));
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> SandboxMain.parse(new String[] {"--mailchimp", "archived-listing=sometimes"}));
        assertEquals("Mailchimp switch archived-listing takes hidden | listed, got sometimes", wrong.getMessage());
    }
}
