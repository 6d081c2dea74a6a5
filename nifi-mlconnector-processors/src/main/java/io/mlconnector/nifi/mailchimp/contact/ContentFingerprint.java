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
    /** Each tag's own digest: a tag weighs in as one step, not one per character, on every fingerprint. */
    private final long[] tagDigests;

    public ContentFingerprint(final Collection<String> mergeTags) {
        this.tags = mergeTags.stream().distinct().sorted().toList();
        this.tagDigests = tags.stream().mapToLong(tag -> Fnv.utf8(Fnv.OFFSET_BASIS, tag)).toArray();
    }

    /** @param valueOfTag the value of a merge tag, or {@code null} when it has none */
    public long of(final Function<String, String> valueOfTag) {
        long hash = Fnv.OFFSET_BASIS;
        for (int i = 0; i < tags.size(); i++) {
            hash = mix(hash, i, valueOfTag.apply(tags.get(i)));
        }
        return finished(hash);
    }

    /**
     * The slots of this fingerprint's tags among {@code valueTags}, for {@link #of(String[], int[])}: where each of its
     * tags, in its order, sits in {@code valueTags}; -1 for one that is not there.
     */
    public int[] slotsIn(final List<String> valueTags) {
        return tags.stream().mapToInt(valueTags::indexOf).toArray();
    }

    /**
     * The same fingerprint as {@link #of(Function)} gives for values held by slot, without looking each tag up.
     *
     * @param values the values by slot, {@code null} for a tag without one
     * @param slots  from {@link #slotsIn} for the tags {@code values} is held by
     */
    public long of(final String[] values, final int[] slots) {
        long hash = Fnv.OFFSET_BASIS;
        for (int i = 0; i < slots.length; i++) {
            hash = mix(hash, i, slots[i] < 0 ? null : values[slots[i]]);
        }
        return finished(hash);
    }

    /** The tag, then FNV-1a over the value's UTF-8 bytes, then a separator byte no UTF-8 text contains. */
    private long mix(final long hash, final int tag, final String value) {
        return Fnv.step(Fnv.utf8(Fnv.word(hash, tagDigests[tag]), value == null ? "" : value.strip()), 0xff);
    }

    private static long finished(final long hash) {
        return hash == UNKNOWN ? 1L : hash;
    }
}
