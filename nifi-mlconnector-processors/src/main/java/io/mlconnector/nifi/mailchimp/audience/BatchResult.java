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
                    case "new_members" -> forEachItem(in, item -> result.written.put(item.hash(), item.written(true)));
                    case "updated_members" -> forEachItem(in, item -> result.written.put(item.hash(), item.written(false)));
                    case "errors" -> forEachItem(in, item -> result.refused.put(item.hash(), item.refusal()));
                    default -> in.skipChildren();
                }
            }
        }
        return result;
    }

    /** Hands each object of the array at the parser to {@code visitor}, read into one reused item; anything but an array is skipped. */
    private static void forEachItem(final JsonParser in, final Consumer<Item> visitor) throws IOException {
        if (in.currentToken() != JsonToken.START_ARRAY) {
            in.skipChildren();
            return;
        }
        final Item item = new Item();
        while (in.nextToken() != JsonToken.END_ARRAY) {
            item.clear();
            if (in.currentToken() == JsonToken.START_OBJECT) {
                while (in.nextToken() == JsonToken.FIELD_NAME) {
                    final String name = in.currentName();
                    in.nextToken();
                    if (in.currentToken().isScalarValue()) {
                        // A member's answer has some 30 scalars: only the few read become strings.
                        item.read(name, in);
                    } else {
                        in.skipChildren();
                    }
                }
            } else {
                in.skipChildren();
            }
            visitor.accept(item);
        }
    }

    /** The fields read of one member written or refused; a field the answer lacks is {@code null}. */
    private static final class Item {
        private String email;
        private String status;
        private String lastChanged;
        private String errorCode;
        private String error;
        private String field;
        private String fieldMessage;

        private void read(final String name, final JsonParser in) throws IOException {
            switch (name) {
                case "email_address" -> email = in.getValueAsString();
                case "status" -> status = in.getValueAsString();
                case "last_changed" -> lastChanged = in.getValueAsString();
                case "error_code" -> errorCode = in.getValueAsString();
                case "error" -> error = in.getValueAsString();
                case "field" -> field = in.getValueAsString();
                case "field_message" -> fieldMessage = in.getValueAsString();
                default -> {
                    // Not read.
                }
            }
        }

        private void clear() {
            email = null;
            status = null;
            lastChanged = null;
            errorCode = null;
            error = null;
            field = null;
            fieldMessage = null;
        }

        private String hash() {
            return SubscriberHash.of(text(email));
        }

        private Written written(final boolean created) {
            return new Written(created, text(status), lastChanged);
        }

        private Refusal refusal() {
            return MailchimpAnswers.refusal(text(errorCode), text(error), text(field), text(fieldMessage));
        }

        private static String text(final String value) {
            return value == null ? "" : value;
        }
    }

    public Written written(final String subscriberHash) {
        return written.get(subscriberHash);
    }

    /** The member's refusal, or {@code null} when Mailchimp did not refuse it. */
    public Refusal refused(final String subscriberHash) {
        return refused.get(subscriberHash);
    }
}
