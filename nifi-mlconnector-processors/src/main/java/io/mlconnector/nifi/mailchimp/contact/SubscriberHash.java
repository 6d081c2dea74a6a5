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

    /** MessageDigest instances are not thread-safe and slow to look up: one per thread. */
    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every Java runtime", e);
        }
    });

    public static String of(final String emailAddress) {
        final String normalised = emailAddress.trim().toLowerCase(Locale.ROOT);
        return HexFormat.of().formatHex(MD5.get().digest(normalised.getBytes(StandardCharsets.UTF_8)));
    }
}
