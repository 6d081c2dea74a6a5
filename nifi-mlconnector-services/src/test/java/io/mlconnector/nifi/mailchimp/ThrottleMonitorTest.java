package io.mlconnector.nifi.mailchimp;

import io.mlconnector.nifi.http.HttpMethod;
import io.mlconnector.sandbox.mailchimp.MailchimpSimulator;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.LogMessage;
import org.apache.nifi.util.MockComponentLog;
import org.apache.nifi.util.NoOpProcessor;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Throttling is visible: figures handed out once, and a warning bulletin when it persists. */
@Timeout(60)
class ThrottleMonitorTest {

    private static final String SHARE = "up to 5 request(s) at once, its share of Max Concurrent Requests 10 among 2 node(s)";

    private final AtomicLong clock = new AtomicLong();
    private final MockComponentLog log = new MockComponentLog("mailchimp", this);
    private final ThrottleMonitor monitor = new ThrottleMonitor(clock::get, () -> SHARE, log);

    @Test
    void warnsWhenThrottlingLastsAMinuteWithoutAPauseThenEveryTenMinutes() {
        throttledEvery(20, 3);
        assertEquals(List.of(), log.getWarnMessages(), "40 s of throttling is not yet persistent");
        throttledEvery(20, 1);
        assertEquals(1, log.getWarnMessages().size());
        final String warning = log.getWarnMessages().getFirst().getMsg();
        for (final String part : List.of("for 60 s without a pause (4 throttled answers", SHARE, "another integration or system using the same API key",
                "more nodes than the budget allows", "Cluster Nodes Sharing This Key", "'Mailchimp requests throttled'")) {
            assertTrue(warning.contains(part), part + " in: " + warning);
        }
        throttledEvery(20, 29);
        assertEquals(1, log.getWarnMessages().size(), "not again within ten minutes");
        throttledEvery(20, 1);
        assertEquals(2, log.getWarnMessages().size());
    }

    @Test
    void burstsWithPausesRaiseNoWarning() {
        for (int burst = 0; burst < 10; burst++) {
            throttledEvery(10, 5);
            clock.addAndGet(TimeUnit.SECONDS.toNanos(31));
        }
        assertEquals(List.of(), log.getWarnMessages());
        assertEquals(new MailchimpTraffic(50, 0), monitor.take());
    }

    @Test
    void handsOutEachFigureOnce() {
        monitor.throttled();
        monitor.throttled();
        monitor.retried();
        assertEquals(new MailchimpTraffic(2, 1), monitor.take());
        assertEquals(MailchimpTraffic.NONE, monitor.take());
    }

    /**
     * Another integration holds every connection of the key: each try of a request is throttled, and the backoff's
     * waits (here moving the clock instead of sleeping) add up to more than a minute.
     */
    @Test
    void theServiceWarnsWhenAnotherClientHoldsTheKeysConnections() throws InitializationException {
        try (MailchimpSimulator simulator = MailchimpSimulator.builder().start()) {
            final TestRunner runner = TestRunners.newTestRunner(NoOpProcessor.class);
            final StandardMailchimpConnectionService service = new StandardMailchimpConnectionService(
                    new RetryBackoff(Duration.ofSeconds(15), Duration.ofSeconds(15), wait -> clock.addAndGet(TimeUnit.SECONDS.toNanos(15))), clock::get);
            runner.addControllerService("mailchimp", service, Map.of("API Key", simulator.apiKey(), "API Base URL", simulator.baseUrl()));
            runner.enableControllerService(service);
            simulator.occupyConnections(10);

            assertThrows(MailchimpTransientException.class, () -> service.execute(MailchimpRequest.of(HttpMethod.GET, null, "ping")));
            assertEquals(6, simulator.throttledRequests());
            assertEquals(new MailchimpTraffic(6, 5), service.takeTraffic());
            final List<LogMessage> warnings = runner.getControllerServiceLogger("mailchimp").getWarnMessages();
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.getFirst().getMsg().contains("This node sends up to 10 request(s) at once, its share of Max Concurrent"
                    + " Requests 10 among 1 node(s)"), warnings.getFirst().getMsg());

            simulator.occupyConnections(0);
            runner.disableControllerService(service);
        }
    }

    /** Throttled now, then every {@code seconds}: the clock ends one interval after the last. */
    private void throttledEvery(final int seconds, final int times) {
        for (int i = 0; i < times; i++) {
            monitor.throttled();
            clock.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
        }
    }
}
