package io.mlconnector.nifi.mailchimp.contact;

import java.nio.charset.StandardCharsets;

/** FNV-1a (64 bits) over the UTF-8 bytes of text, as the sync's fingerprints of keys and contents take it. */
public final class Fnv {

    public static final long OFFSET_BASIS = 0xcbf29ce484222325L;

    private Fnv() {
    }

    static long step(final long hash, final int octet) {
        return (hash ^ octet) * 0x100000001b3L;
    }

    /** {@code hash} after the UTF-8 bytes of {@code text}; an ASCII text (the usual case) is its own UTF-8, read without encoding it. */
    public static long utf8(final long hash, final String text) {
        long result = hash;
        if (isAscii(text)) {
            for (int i = 0; i < text.length(); i++) {
                result = step(result, text.charAt(i));
            }
        } else {
            for (final byte b : text.getBytes(StandardCharsets.UTF_8)) {
                result = step(result, b & 0xff);
            }
        }
        return result;
    }

    private static boolean isAscii(final String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
