package io.mlconnector.nifi.mailchimp.contact;

import org.junit.jupiter.api.Test;

import java.util.Locale;

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
}
