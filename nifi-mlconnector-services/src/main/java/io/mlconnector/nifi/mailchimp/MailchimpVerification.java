package io.mlconnector.nifi.mailchimp;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlconnector.nifi.http.HttpMethod;
import io.mlconnector.nifi.http.SecretRedactor;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.ConfigVerificationResult.Outcome;
import org.apache.nifi.logging.ComponentLog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;

/** Checks a Mailchimp configuration: the API answers the key, whose account it is, and which audiences it sees. */
final class MailchimpVerification {

    static final String PING = "Ping";
    static final String ACCOUNT = "Account";
    static final String AUDIENCES = "Audiences";

    private static final int AUDIENCES_SHOWN = 100;

    private final MailchimpClient client;
    private final SecretRedactor redactor;
    private final ComponentLog log;
    private final List<ConfigVerificationResult> results = new ArrayList<>();

    MailchimpVerification(final MailchimpClient client, final SecretRedactor redactor, final ComponentLog log) {
        this.client = client;
        this.redactor = redactor;
        this.log = log;
    }

    List<ConfigVerificationResult> run() {
        final Optional<JsonNode> ping = call(PING, MailchimpRequest.of(HttpMethod.GET, null, "ping"));
        if (ping.isEmpty()) {
            add(ACCOUNT, Outcome.SKIPPED, "Not checked: the ping failed");
            add(AUDIENCES, Outcome.SKIPPED, "Not checked: the ping failed");
            return results;
        }
        add(PING, Outcome.SUCCESSFUL, client.apiBaseUri() + " answered: " + ping.get().path("health_status").asText("OK"));

        call(ACCOUNT, new MailchimpRequest(HttpMethod.GET, List.of(), Map.of("fields", "account_id,account_name"), null))
                .ifPresent(account -> add(ACCOUNT, Outcome.SUCCESSFUL, "Account " + account.path("account_name").asText("(unnamed)")
                        + " (" + account.path("account_id").asText("unknown id") + ")"));

        call(AUDIENCES, MailchimpRequest.of(HttpMethod.GET, null, "lists")
                .withQueryParameter("count", String.valueOf(AUDIENCES_SHOWN))
                .withQueryParameter("fields", "lists.id,lists.name,total_items"))
                .ifPresent(lists -> add(AUDIENCES, Outcome.SUCCESSFUL, describeAudiences(lists)));
        return results;
    }

    private static String describeAudiences(final JsonNode lists) {
        final List<String> audiences = StreamSupport.stream(lists.path("lists").spliterator(), false)
                .map(list -> list.path("name").asText() + " (" + list.path("id").asText() + ")").toList();
        if (audiences.isEmpty()) {
            return "The key sees no audience: create one in Mailchimp before syncing contacts";
        }
        final int total = lists.path("total_items").asInt(audiences.size());
        return total + " audience(s) visible to the key: " + String.join(", ", audiences)
                + (total > audiences.size() ? ", ..." : "");
    }

    /** The body of a 2xx answer, or empty after recording the failed step. */
    private Optional<JsonNode> call(final String step, final MailchimpRequest request) {
        try {
            final MailchimpResponse response = client.execute(request);
            if (response.isSuccess()) {
                return Optional.of(response.body());
            }
            fail(step, "Mailchimp answered HTTP " + response.statusCode() + " " + response.title() + ": "
                    + response.detail() + advice(response.statusCode()));
        } catch (final MailchimpTransientException e) {
            fail(step, e.getMessage());
        }
        return Optional.empty();
    }

    private static String advice(final int status) {
        return switch (status) {
            case 401 -> " (check the API Key; a key from another data center is refused too)";
            case 403 -> " (the key's user may be disabled or the key belongs to another data center)";
            case 404 -> " (check API Base URL: it must end with /3.0)";
            default -> "";
        };
    }

    private void fail(final String step, final String explanation) {
        final String safe = redactor.redact(explanation);
        log.warn("Mailchimp verification step [{}] failed: {}", step, safe);
        add(step, Outcome.FAILED, safe);
    }

    private void add(final String step, final Outcome outcome, final String explanation) {
        results.add(new ConfigVerificationResult.Builder().verificationStepName(step).outcome(outcome).explanation(explanation).build());
    }
}
