package io.mlconnector.nifi.peoplesoft.poll;

import io.mlconnector.nifi.peoplesoft.read.SourceRow;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;

/**
 * A 64-bit fingerprint of a row's content (key, modified timestamp and every other column): a row read again with
 * the same content is a repeat; the same key and timestamp with other content (e.g. a row as of a later effective
 * date) is not.
 */
public final class RowFingerprint {

    private RowFingerprint() {
    }

    public static long of(final SourceRow row) {
        final MessageDigest digest = sha256();
        for (final Map.Entry<String, Object> column : row.values().entrySet()) {
            digest.update(column.getKey().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(String.valueOf(column.getValue()).getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 1);
        }
        return ByteBuffer.wrap(digest.digest()).getLong();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
