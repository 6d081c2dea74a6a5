package io.mlconnector.nifi.mailchimp.contact;

import io.mlconnector.nifi.records.SlotEntries;

import java.util.AbstractMap;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The merge field values of one contact over the tags of its mapping, which every contact of the mapping shares: one
 * array of values per record instead of a map's entries and table. Immutable; a {@code null} value is an absent tag.
 */
final class MergeValues extends AbstractMap<String, String> {

    private final List<String> tags;
    private final String[] values;
    private final int size;

    /** @param values by the index of their tag in {@code tags}; owned by this map from now on */
    MergeValues(final List<String> tags, final String[] values) {
        this.tags = tags;
        this.values = values;
        int present = 0;
        for (final String value : values) {
            if (value != null) {
                present++;
            }
        }
        this.size = present;
    }

    @Override
    public String get(final Object key) {
        for (int i = 0; i < tags.size(); i++) {
            if (tags.get(i).equals(key)) {
                return values[i];
            }
        }
        return null;
    }

    @Override
    public boolean containsKey(final Object key) {
        return get(key) != null;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public void forEach(final BiConsumer<? super String, ? super String> action) {
        for (int i = 0; i < tags.size(); i++) {
            if (values[i] != null) {
                action.accept(tags.get(i), values[i]);
            }
        }
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        return new SlotEntries<>(tags, values, null, size);
    }
}
