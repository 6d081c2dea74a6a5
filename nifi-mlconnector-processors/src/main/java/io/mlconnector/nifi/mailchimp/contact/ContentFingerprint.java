package io.mlconnector.nifi.mailchimp.contact;

import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * A 64-bit digest of what a sync writes to a member: the values of the mapped merge fields (source ID and source
 * version included). Computed the same way from a record's contact and from a member as Mailchimp lists it, so equal
 * fingerprints mean a write would change nothing. Values are compared stripped, and an empty value equals a missing
 * one (the sync never sends empty values).
 */
public final class ContentFingerprint {

    /** Not computed: never equal to a contact's fingerprint. */
    public static final long UNKNOWN = 0L;

    private final List<String> tags;

    public ContentFingerprint(final Collection<String> mergeTags) {
        this.tags = mergeTags.stream().distinct().sorted().toList();
    }

    /** @param valueOfTag the value of a merge tag, or {@code null} when it has none */
    public long of(final Function<String, String> valueOfTag) {
        long hash = Fnv.OFFSET_BASIS;
        for (final String tag : tags) {
            final String value = valueOfTag.apply(tag);
            hash = mix(hash, tag);
            hash = mix(hash, value == null ? "" : value.strip());
        }
        return hash == UNKNOWN ? 1L : hash;
    }

    /** FNV-1a over the UTF-8 bytes, then a separator byte no UTF-8 text contains. */
    private static long mix(final long start, final String text) {
        return Fnv.step(Fnv.utf8(start, text), 0xff);
    }
}
