package io.mlconnector.nifi.mailchimp;

import io.mlconnector.nifi.http.HttpMethod;
import io.mlconnector.sandbox.core.Fault;
import io.mlconnector.sandbox.mailchimp.MailchimpSimulator;
import org.apache.nifi.util.NoOpProcessor;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Regression (found by the fault matrix): a 200 whose body is not JSON was taken as a success, so a merge field that
 * was never created counted as created and contacts were written without their source ID. Such an answer is now
 * transient: retried, and when it persists the records go round the retry loop.
 */
class GarbledAnswerTest {

    @Test
    void aSuccessAnswerThatIsNotJsonIsRetried() throws Exception {
        try (MailchimpSimulator simulator = MailchimpSimulator.builder().start()) {
            final MailchimpConnectionService service = enable(simulator, "1");
            simulator.faults().failNth(1, Fault.malformedBody());
            final MailchimpResponse response = service.execute(MailchimpRequest.of(HttpMethod.GET, null, "ping"));
            assertEquals(200, response.statusCode());
            assertEquals("Everything's Chimpy!", response.body().path("health_status").asText());
            assertEquals(2, simulator.journal().entries().size(), "the garbled answer, then the retry");
        }
    }

    @Test
    void aGarbledAnswerWithoutRetriesLeftIsTransient() throws Exception {
        try (MailchimpSimulator simulator = MailchimpSimulator.builder().start()) {
            final MailchimpConnectionService service = enable(simulator, "0");
            simulator.faults().failNth(1, Fault.malformedBody());
            final MailchimpTransientException e = assertThrows(MailchimpTransientException.class,
                    () -> service.execute(MailchimpRequest.of(HttpMethod.GET, null, "ping")));
            assertTrue(e.getMessage().contains("not JSON"), e.getMessage());
        }
    }

    private static MailchimpConnectionService enable(final MailchimpSimulator simulator, final String maxRetries) throws Exception {
        final TestRunner runner = TestRunners.newTestRunner(NoOpProcessor.class);
        final StandardMailchimpConnectionService service = new StandardMailchimpConnectionService();
        runner.addControllerService("mc", service);
        runner.setProperty(service, StandardMailchimpConnectionService.API_KEY, simulator.apiKey());
        runner.setProperty(service, StandardMailchimpConnectionService.API_BASE_URL, simulator.baseUrl());
        runner.setProperty(service, "Max Retries", maxRetries);
        runner.enableControllerService(service);
        return service;
    }
}
