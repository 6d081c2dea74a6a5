package io.mlconnector.nifi;

import io.mlconnector.nifi.http.HttpMethod;
import io.mlconnector.nifi.mailchimp.MailchimpConnectionService;
import io.mlconnector.nifi.mailchimp.MailchimpRequest;
import io.mlconnector.nifi.mailchimp.MailchimpTransientException;
import io.mlconnector.nifi.mailchimp.StandardMailchimpConnectionService;
import io.mlconnector.nifi.peoplesoft.PeopleSoftConnectionService;
import io.mlconnector.nifi.peoplesoft.PeopleSoftException;
import io.mlconnector.nifi.peoplesoft.PeopleSoftRequest;
import io.mlconnector.nifi.peoplesoft.PeopleSoftResponse;
import io.mlconnector.nifi.peoplesoft.StandardPeopleSoftConnectionService;
import io.mlconnector.nifi.testing.Secrets;
import io.mlconnector.nifi.testing.TestAccessTokenProvider;
import io.mlconnector.sandbox.core.Fault;
import io.mlconnector.sandbox.core.JournalEntry;
import io.mlconnector.sandbox.core.RequestJournal;
import io.mlconnector.sandbox.mailchimp.MailchimpSimulator;
import io.mlconnector.sandbox.peoplesoft.PeopleSoftSimulator;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.util.NoOpProcessor;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Runs each service through success, refusal and failure with a canary secret and checks that the canary (and its
 * Basic-encoded form) appears in no log message, verification result, exception message, toString or the
 * simulator's request journal.
 */
class SecretCanaryTest {

    private static final String PASSWORD = "Canary-Pw-7f3a9c1e";
    private static final String TOKEN = "canary-bearer-token-51d2e8";
    private static final String KEY_SECRET = "c4a4a7f00d5ec7e7c4a4a7f00d5ec7e7";
    private static final String API_KEY = KEY_SECRET + "-us21";

    private final List<String> seen = new ArrayList<>();

    @Test
    void peopleSoftPasswordNeverShows() throws Exception {
        final TestRunner runner = TestRunners.newTestRunner(NoOpProcessor.class);
        final StandardPeopleSoftConnectionService service = new StandardPeopleSoftConnectionService();
        runner.addControllerService("ps", service);
        try (PeopleSoftSimulator simulator = PeopleSoftSimulator.builder().user("PS", PASSWORD).start()) {
            runner.setProperty(service, "Base URL", simulator.baseUrl());
            runner.setProperty(service, "Username", "PS");
            runner.setProperty(service, "Password", PASSWORD);
            exercisePeopleSoft(runner, service, simulator);
            simulator.settings().changePassword("PS", "another-password");
            exercisePeopleSoft(runner, service, simulator);
            seeJournal(simulator.journal());
        }
        seeLogs(runner, "ps");
        seen.add(service.toString());
        assertAbsent(PASSWORD, basic("PS:" + PASSWORD));
    }

    @Test
    void oauth2TokenNeverShows() throws Exception {
        final TestRunner runner = TestRunners.newTestRunner(NoOpProcessor.class);
        final StandardPeopleSoftConnectionService service = new StandardPeopleSoftConnectionService();
        runner.addControllerService("ps", service);
        final TestAccessTokenProvider tokens = new TestAccessTokenProvider(TOKEN);
        runner.addControllerService("tokens", tokens);
        runner.enableControllerService(tokens);
        try (PeopleSoftSimulator simulator = PeopleSoftSimulator.builder().bearerToken(TOKEN, "PS").start()) {
            runner.setProperty(service, "Base URL", simulator.baseUrl());
            runner.setProperty(service, "Authentication Type", "OAuth2");
            runner.setProperty(service, "OAuth2 Access Token Provider", "tokens");
            exercisePeopleSoft(runner, service, simulator);
            simulator.settings().signOnPage(true);
            exercisePeopleSoft(runner, service, simulator);
            seeJournal(simulator.journal());
        }
        seeLogs(runner, "ps");
        seen.add(service.toString());
        seen.add(tokens.toString());
        assertAbsent(TOKEN, "Bearer " + TOKEN);
    }

    @Test
    void mailchimpKeyNeverShows() throws Exception {
        final TestRunner runner = TestRunners.newTestRunner(NoOpProcessor.class);
        final StandardMailchimpConnectionService service = new StandardMailchimpConnectionService();
        runner.addControllerService("mc", service);
        runner.setProperty(service, "API Key", API_KEY + ".evil.com");
        runner.validate(service).stream().map(ValidationResult::toString).forEach(seen::add);
        try (MailchimpSimulator simulator = MailchimpSimulator.builder().apiKey(API_KEY).start()) {
            runner.setProperty(service, "API Key", API_KEY);
            runner.setProperty(service, "API Base URL", simulator.baseUrl());
            runner.setProperty(service, "Max Retries", "0");
            exerciseMailchimp(runner, service, simulator);
            try (MailchimpSimulator otherAccount = MailchimpSimulator.builder().start()) {
                runner.setProperty(service, "API Base URL", otherAccount.baseUrl());
                exerciseMailchimp(runner, service, otherAccount);
                seeJournal(otherAccount.journal());
            }
            seeJournal(simulator.journal());
        }
        seeLogs(runner, "mc");
        seen.add(service.toString());
        assertAbsent(KEY_SECRET, basic("mlconnector:" + API_KEY));
    }

    private void exercisePeopleSoft(final TestRunner runner, final PeopleSoftConnectionService service,
                                    final PeopleSoftSimulator simulator) {
        runner.verify(service, Map.of()).forEach(result -> seen.add(result.toString()));
        runner.enableControllerService(service);
        final PeopleSoftRequest prompts = PeopleSoftRequest.get(List.of("QueryPrompts.v1", "PUBLIC", "MC_EMPL_CHANGES"), Map.of());
        try (PeopleSoftResponse response = service.execute(prompts)) {
            seen.add(response.uri() + " " + response.statusCode());
        } catch (final Exception e) {
            seen.add(Secrets.failureText(e));
        }
        simulator.faults().failNth(1, Fault.status(500, "text/plain", "echo of the request: " + PASSWORD + " " + TOKEN));
        seen.add(Secrets.failureText(assertThrows(PeopleSoftException.class, () -> service.execute(prompts).close())));
        runner.disableControllerService(service);
    }

    private void exerciseMailchimp(final TestRunner runner, final MailchimpConnectionService service,
                                   final MailchimpSimulator simulator) {
        runner.verify(service, Map.of()).forEach(result -> seen.add(result.toString()));
        runner.enableControllerService(service);
        final MailchimpRequest ping = MailchimpRequest.of(HttpMethod.GET, null, "ping");
        try {
            seen.add(service.execute(ping).toString());
        } catch (final MailchimpTransientException e) {
            seen.add(Secrets.failureText(e));
        }
        simulator.faults().failNth(1, Fault.status(503, "text/html", "<html>echo: " + API_KEY + "</html>"));
        seen.add(Secrets.failureText(assertThrows(MailchimpTransientException.class, () -> service.execute(ping))));
        runner.disableControllerService(service);
    }

    private void seeJournal(final RequestJournal journal) {
        for (final JournalEntry entry : journal.entries()) {
            final String line = entry.toString();
            System.out.println(line);
            seen.add(line);
        }
    }

    private void seeLogs(final TestRunner runner, final String serviceId) {
        seen.addAll(Secrets.logText(runner.getControllerServiceLogger(serviceId)));
        seen.addAll(Secrets.logText(runner.getLogger()));
    }

    private void assertAbsent(final String... canaries) {
        assertFalse(seen.isEmpty());
        for (final String canary : canaries) {
            Secrets.assertAbsent(canary, seen);
        }
    }

    private static String basic(final String credentials) {
        return Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

}
