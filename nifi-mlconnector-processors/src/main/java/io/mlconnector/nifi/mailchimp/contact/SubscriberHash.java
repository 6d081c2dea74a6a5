package io.mlconnector.nifi.mailchimp.contact;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** Mailchimp's member id: the MD5 hex of the trimmed, lower-cased address (Locale.ROOT, so no Turkish dotless i). */
public final class SubscriberHash {

    private SubscriberHash() {
    }

    public static String of(final String emailAddress) {
        final String normalised = emailAddress.trim().toLowerCase(Locale.ROOT);
        try {
            final byte[] digest = MessageDigest.getInstance("MD5").digest(normalised.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every Java runtime", e);
        }
    }
}
