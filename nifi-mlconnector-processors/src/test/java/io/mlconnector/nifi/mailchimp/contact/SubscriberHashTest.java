package io.mlconnector.nifi.mailchimp.contact;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SubscriberHashTest {

    @Test
    void hashesTheTrimmedLowerCasedAddress() {
        assertEquals("0cba00ca3da1b283a57287bcceb17e35", SubscriberHash.of("  Jane.Doe@Example.com "));
    }

    @Test
    void ignoresTheDefaultLocale() {
        final Locale previous = Locale.getDefault();
        Locale.setDefault(Locale.forLanguageTag("tr-TR"));
        try {
            assertEquals(SubscriberHash.of("ian@example.com"), SubscriberHash.of("IAN@EXAMPLE.COM"));
        } finally {
            Locale.setDefault(previous);
        }
    }

    @Test
    void isTheLowerCaseHexOfTheMd5OfTheUtf8Address() throws Exception {
        final Random random = new Random(7);
        final MessageDigest md5 = MessageDigest.getInstance("MD5");
        for (int i = 0; i < 2_000; i++) {
            final StringBuilder address = new StringBuilder();
            for (int c = random.nextInt(1, 40); c > 0; c--) {
                address.append((char) (random.nextBoolean() ? random.nextInt(32, 127) : random.nextInt(128, 0x3000)));
            }
            final String normalised = address.toString().trim().toLowerCase(Locale.ROOT);
            assertEquals(HexFormat.of().formatHex(md5.digest(normalised.getBytes(StandardCharsets.UTF_8))),
                    SubscriberHash.of(address.toString()), address::toString);
        }
    }
}
