package io.mlconnector.nifi;

import io.mlconnector.nifi.mailchimp.StandardMailchimpConnectionService;
import io.mlconnector.nifi.peoplesoft.StandardPeopleSoftConnectionService;
import io.mlconnector.sandbox.peoplesoft.PeopleSoftSimulator;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.ConfigVerificationResult.Outcome;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.controller.ControllerService;
import org.apache.nifi.util.NoOpProcessor;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Credentials never cross a network unencrypted by configuration: TLS verification has no switch to turn it off,
 * Mailchimp is reached over plain http only on this machine (a test server), and PeopleSoft over plain http is
 * possible (some sites terminate TLS in front of the web server) but Verify warns that the password travels in clear.
 */
class TransportSecurityTest {

    private static final String KEY = "0123456789abcdef0123456789abcdef-us21";

    @ParameterizedTest
    @ValueSource(strings = {"http://us21.api.mailchimp.com/3.0", "http://proxy.example.com:8080/3.0", "http://10.0.0.5/3.0",
            "http://127.0.0.1.evil.example/3.0", "http://localhost.evil.example/3.0", "http://[fe80::1]/3.0"})
    void mailchimpOverPlainHttpToAnotherHostIsRefused(final String url) throws Exception {
        final TestRunner runner = mailchimp(url);
        final StandardMailchimpConnectionService service = (StandardMailchimpConnectionService) runner.getControllerService("mc");
        runner.assertNotValid(service);
        assertTrue(runner.validate(service).stream().anyMatch(r -> !r.isValid() && r.getExplanation().contains("https://")),
                () -> runner.validate(service).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080/3.0", "http://localhost:8080/3.0", "http://[::1]:8080/3.0",
            "https://proxy.example.com/3.0", "https://us21.api.mailchimp.com/3.0"})
    void mailchimpOverHttpsOrToThisMachineIsAccepted(final String url) throws Exception {
        final TestRunner runner = mailchimp(url);
        runner.assertValid(runner.getControllerService("mc"));
    }

    @Test
    void noPropertyTurnsCertificateVerificationOff() {
        for (final ControllerService service : List.of(new StandardMailchimpConnectionService(), new StandardPeopleSoftConnectionService())) {
            for (final PropertyDescriptor descriptor : service.getPropertyDescriptors()) {
                final String name = (descriptor.getName() + " " + descriptor.getDescription()).toLowerCase(Locale.ROOT);
                assertTrue(!name.contains("insecure") && !name.contains("trust all") && !name.contains("disable")
                        && !name.contains("hostname verif"), () -> descriptor.getName() + ": " + descriptor.getDescription());
            }
        }
    }

    @Test
    void peopleSoftOverPlainHttpIsAClearVerifyWarning() throws Exception {
        try (PeopleSoftSimulator simulator = PeopleSoftSimulator.builder().start()) {
            final TestRunner runner = TestRunners.newTestRunner(NoOpProcessor.class);
            final StandardPeopleSoftConnectionService service = new StandardPeopleSoftConnectionService();
            runner.addControllerService("ps", service);
            runner.setProperty(service, "Base URL", simulator.baseUrl());
            runner.setProperty(service, "Username", simulator.username());
            runner.setProperty(service, "Password", simulator.password());
            runner.assertValid(service);
            final ConfigVerificationResult tls = runner.verify(service, Map.of()).get(1);
            assertEquals(Outcome.SKIPPED, tls.getOutcome());
            assertTrue(tls.getExplanation().contains("credentials travel unencrypted; use https"), tls.getExplanation());
        }
    }

    private static TestRunner mailchimp(final String url) throws Exception {
        final TestRunner runner = TestRunners.newTestRunner(NoOpProcessor.class);
        final StandardMailchimpConnectionService service = new StandardMailchimpConnectionService();
        runner.addControllerService("mc", service);
        runner.setProperty(service, "API Key", KEY);
        runner.setProperty(service, "API Base URL", url);
        return runner;
    }
}
