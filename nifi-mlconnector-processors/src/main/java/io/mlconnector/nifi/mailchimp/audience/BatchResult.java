package io.mlconnector.nifi.mailchimp.audience;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.mlconnector.nifi.mailchimp.MailchimpResponse;
import io.mlconnector.nifi.mailchimp.contact.SubscriberHash;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

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

    /** Reads the answer as tokens: it lists up to 500 members, whose tree would be garbage at once. */
    static BatchResult parse(final MailchimpResponse response) throws IOException {
        final BatchResult result = new BatchResult();
        try (JsonParser in = response.parser()) {
            if (in.nextToken() != JsonToken.START_OBJECT) {
                return result;
            }
            while (in.nextToken() == JsonToken.FIELD_NAME) {
                final String name = in.currentName();
                in.nextToken();
                switch (name) {
                    case "new_members" -> forEachObject(in, fields -> result.written.put(hash(fields), written(true, fields)));
                    case "updated_members" -> forEachObject(in, fields -> result.written.put(hash(fields), written(false, fields)));
                    case "errors" -> forEachObject(in, fields -> result.refused.put(hash(fields), MailchimpAnswers.refusal(
                            text(fields, "error_code"), text(fields, "error"), text(fields, "field"), text(fields, "field_message"))));
                    default -> in.skipChildren();
                }
            }
        }
        return result;
    }

    /** Hands each object of the array at the parser its text fields (others skipped); anything but an array is skipped. */
    private static void forEachObject(final JsonParser in, final Consumer<Map<String, String>> visitor) throws IOException {
        if (in.currentToken() != JsonToken.START_ARRAY) {
            in.skipChildren();
            return;
        }
        final Map<String, String> fields = new HashMap<>();
        while (in.nextToken() != JsonToken.END_ARRAY) {
            fields.clear();
            if (in.currentToken() == JsonToken.START_OBJECT) {
                while (in.nextToken() == JsonToken.FIELD_NAME) {
                    final String name = in.currentName();
                    in.nextToken();
                    if (in.currentToken().isScalarValue()) {
                        fields.put(name, in.getValueAsString());
                    } else {
                        in.skipChildren();
                    }
                }
            } else {
                in.skipChildren();
            }
            visitor.accept(fields);
        }
    }

    private static Written written(final boolean created, final Map<String, String> member) {
        return new Written(created, text(member, "status"), member.get("last_changed"));
    }

    private static String hash(final Map<String, String> fields) {
        return SubscriberHash.of(text(fields, "email_address"));
    }

    private static String text(final Map<String, String> fields, final String name) {
        final String value = fields.get(name);
        return value == null ? "" : value;
    }

    public Written written(final String subscriberHash) {
        return written.get(subscriberHash);
    }

    /** The member's refusal, or {@code null} when Mailchimp did not refuse it. */
    public Refusal refused(final String subscriberHash) {
        return refused.get(subscriberHash);
    }
}
