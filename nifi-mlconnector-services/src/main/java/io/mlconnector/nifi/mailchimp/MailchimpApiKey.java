package io.mlconnector.nifi.mailchimp;

import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.components.Validator;

import java.net.URI;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The data center of an API key ({@code <hex>-us21}) and the API base URL it implies. The suffix is checked strictly
 * because it becomes part of a host name: a crafted key such as {@code abc-us21.evil.com} would otherwise send
 * itself to another host.
 */
final class MailchimpApiKey {

    private static final Pattern DATA_CENTER = Pattern.compile("^[a-z]+[0-9]+$");

    /** Refuses a key without a valid data-center suffix; the message never repeats the key. */
    static final Validator VALIDATOR = (subject, input, context) -> new ValidationResult.Builder()
            .subject(subject)
            .valid(dataCenter(input).isPresent())
            .explanation(subject + " must end with '-' and its data center, lower-case letters followed by digits (for"
                    + " example ...-us21); the configured key does not, so the API host cannot be derived from it safely")
            .build();

    private MailchimpApiKey() {
    }

    /** The part after the last {@code -} when it is letters followed by digits, e.g. {@code us21}. */
    static Optional<String> dataCenter(final String apiKey) {
        if (apiKey == null) {
            return Optional.empty();
        }
        final String suffix = apiKey.substring(apiKey.lastIndexOf('-') + 1);
        return apiKey.indexOf('-') > 0 && DATA_CENTER.matcher(suffix).matches() ? Optional.of(suffix) : Optional.empty();
    }

    /** {@code https://{dc}.api.mailchimp.com/3.0}. */
    static URI defaultBaseUri(final String dataCenter) {
        return URI.create("https://" + dataCenter + ".api.mailchimp.com/3.0");
    }
}
