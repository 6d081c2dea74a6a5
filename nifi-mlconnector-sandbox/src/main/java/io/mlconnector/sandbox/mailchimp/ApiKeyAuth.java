package io.mlconnector.sandbox.mailchimp;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * API key authentication (mailchimp.md §1, §11.1 T1-T3): HTTP Basic with the key as password, or the key as a Bearer
 * or OAuth token; a key of another data center is refused before it is looked up.
 */
final class ApiKeyAuth {

    private final String apiKey;
    private final String dataCenter;
    private final MailchimpSettings settings;

    ApiKeyAuth(String apiKey, String dataCenter, MailchimpSettings settings) {
        this.apiKey = apiKey;
        this.dataCenter = dataCenter;
        this.settings = settings;
    }

    /** The API key of a valid Authorization header. */
    String authenticate(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw Problems.apiKeyMissing();
        }
        String[] parts = authorization.trim().split("\\s+", 2);
        String key = null;
        if (parts.length == 2 && parts[0].equalsIgnoreCase("Basic")) {
            try {
                String decoded = new String(Base64.getDecoder().decode(parts[1]), StandardCharsets.UTF_8);
                key = decoded.contains(":") ? decoded.substring(decoded.indexOf(':') + 1) : null;
            } catch (IllegalArgumentException e) {
                throw Problems.apiKeyInvalid();
            }
        } else if (parts.length == 2 && (parts[0].equalsIgnoreCase("Bearer") || parts[0].equalsIgnoreCase("OAuth"))) {
            key = parts[1];
        }
        if (key == null || key.isBlank()) {
            throw Problems.apiKeyMissing();
        }
        int dash = key.lastIndexOf('-');
        if (dash > 0 && !key.substring(dash + 1).equals(dataCenter)) {
            throw settings.wrongDataCenterAs401() ? Problems.apiKeyInvalid() : Problems.wrongDatacenter();
        }
        if (!key.equals(apiKey)) {
            throw Problems.apiKeyInvalid();
        }
        return key;
    }
}
