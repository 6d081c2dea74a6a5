package io.mlconnector.nifi.mailchimp.audience;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlconnector.nifi.mailchimp.contact.SubscriberHash;

import java.util.HashMap;
import java.util.Map;

/**
 * The per-member outcome of a batch subscribe ({@code POST /lists/{id}}), keyed by subscriber hash. Mailchimp answers
 * 200 even when members failed; failures are in {@code errors}.
 */
public final class BatchResult {

    /** A member Mailchimp created or updated, with the status it now has and its {@code last_changed} (or {@code null}). */
    public record Written(boolean created, String status, String lastChanged) {
    }

    private final Map<String, Written> written = new HashMap<>();
    private final Map<String, Refusal> refused = new HashMap<>();

    static BatchResult parse(final JsonNode body) {
        final BatchResult result = new BatchResult();
        body.path("new_members").forEach(m -> result.written.put(hash(m), written(true, m)));
        body.path("updated_members").forEach(m -> result.written.put(hash(m), written(false, m)));
        body.path("errors").forEach(e -> result.refused.put(hash(e), MailchimpAnswers.refusal(e.path("error_code").asText(""),
                e.path("error").asText(""), e.path("field").asText(""), e.path("field_message").asText(""))));
        return result;
    }

    private static Written written(final boolean created, final JsonNode member) {
        return new Written(created, member.path("status").asText(""), member.path("last_changed").asText(null));
    }

    private static String hash(final JsonNode node) {
        return SubscriberHash.of(node.path("email_address").asText(""));
    }

    public Written written(final String subscriberHash) {
        return written.get(subscriberHash);
    }

    /** The member's refusal, or {@code null} when Mailchimp did not refuse it. */
    public Refusal refused(final String subscriberHash) {
        return refused.get(subscriberHash);
    }
}
