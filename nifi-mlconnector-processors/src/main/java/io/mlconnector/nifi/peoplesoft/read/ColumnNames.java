package io.mlconnector.nifi.peoplesoft.read;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Normalises the column keys of a result: the record alias is dropped ({@code A.EMPLID} becomes {@code EMPLID}); when two
 * columns would share a bare name, each keeps its alias joined by an underscore ({@code D.DESCR}, {@code E.DESCR} become
 * {@code D_DESCR}, {@code E_DESCR}).
 */
public final class ColumnNames {

    private final Map<String, String> normalised = new LinkedHashMap<>();

    /** The normalised name of a raw key, extending the mapping when the key is new. */
    public String normalise(final String rawName) {
        final String known = normalised.get(rawName);
        if (known != null) {
            return known;
        }
        normalised.put(rawName, null);
        remap(normalised.keySet());
        return normalised.get(rawName);
    }

    private void remap(final Collection<String> rawNames) {
        final Map<String, Integer> bareCounts = new HashMap<>();
        for (final String raw : rawNames) {
            bareCounts.merge(bare(raw), 1, Integer::sum);
        }
        for (final String raw : rawNames) {
            final String bare = bare(raw);
            final int dot = raw.lastIndexOf('.');
            normalised.put(raw, bareCounts.get(bare) > 1 && dot > 0 ? raw.substring(0, dot).replace('.', '_') + "_" + bare : bare);
        }
    }

    private static String bare(final String raw) {
        return raw.substring(raw.lastIndexOf('.') + 1);
    }
}
