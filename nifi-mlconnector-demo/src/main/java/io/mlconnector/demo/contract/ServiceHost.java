package io.mlconnector.demo.contract;

import io.mlconnector.nifi.mailchimp.MailchimpConnectionService;
import io.mlconnector.nifi.mailchimp.StandardMailchimpConnectionService;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.NoOpProcessor;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The product's Mailchimp connection service, configured and enabled as NiFi would, outside NiFi (through nifi-mock):
 * so the contract check speaks to Mailchimp exactly as the processors do (budget, retries, redaction).
 */
final class ServiceHost implements AutoCloseable {

    private final TestRunner runner = TestRunners.newTestRunner(NoOpProcessor.class);
    private final StandardMailchimpConnectionService service = new StandardMailchimpConnectionService();

    /** @param apiBaseUrl {@code null} to derive it from the key, as in production */
    ServiceHost(final String apiKey, final String apiBaseUrl) {
        final Map<String, String> properties = new LinkedHashMap<>();
        properties.put("API Key", apiKey);
        if (apiBaseUrl != null) {
            properties.put("API Base URL", apiBaseUrl);
        }
        // Each probe waits for its answer: one connection leaves the other nine to whatever else uses the key.
        properties.put("Max Concurrent Requests", "1");
        try {
            runner.addControllerService("mailchimp", service, properties);
        } catch (final InitializationException e) {
            throw new IllegalStateException("The Mailchimp connection service cannot be set up: " + e.getMessage(), e);
        }
        try {
            runner.assertValid(service);
        } catch (final AssertionError e) {
            // Its text may quote the key.
            throw new IllegalArgumentException("The key or the API base URL is not valid for the Mailchimp connection service");
        }
        runner.enableControllerService(service);
    }

    MailchimpConnectionService service() {
        return service;
    }

    @Override
    public void close() {
        runner.disableControllerService(service);
        runner.shutdown();
    }
}
