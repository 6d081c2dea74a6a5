package io.mlconnector.nifi.mailchimp.contact;

import java.nio.charset.StandardCharsets;

/** FNV-1a (64 bits) over the UTF-8 bytes of text, as the sync's fingerprints of keys and contents take it. */
public final class Fnv {

    public static final long OFFSET_BASIS = 0xcbf29ce484222325L;

    private Fnv() {
    }

    static long step(final long hash, final int octet) {
        return word(hash, octet);
    }

    /** {@code hash} after a 64-bit word taken in one step, e.g. the digest of a text that is always the same. */
    static long word(final long hash, final long word) {
        return (hash ^ word) * 0x100000001b3L;
    }

    /**
     * {@code hash} after the UTF-8 bytes of {@code text}: an ASCII text (the usual case) is its own UTF-8, read in one pass
     * without encoding it; any other is encoded and read from its start.
     */
    public static long utf8(final long hash, final String text) {
        long result = hash;
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (c >= 0x80) {
                return encoded(hash, text);
            }
            result = step(result, c);
        }
        return result;
    }

    private static long encoded(final long hash, final String text) {
        long result = hash;
        for (final byte b : text.getBytes(StandardCharsets.UTF_8)) {
            result = step(result, b & 0xff);
        }
        return result;
    }
}
