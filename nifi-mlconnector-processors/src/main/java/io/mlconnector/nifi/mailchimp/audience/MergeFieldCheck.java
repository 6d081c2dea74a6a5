package io.mlconnector.nifi.mailchimp.audience;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * How an audience's merge fields fit a mapping: the tags to create, and required fields the mapping leaves empty
 * (every write would be refused with "Please enter a value").
 */
public record MergeFieldCheck(List<String> missing, List<String> requiredButUnmapped) {

    public static MergeFieldCheck of(final Collection<MergeField> existing, final Set<String> mapped) {
        final Set<String> present = existing.stream().map(MergeField::tag).collect(java.util.stream.Collectors.toSet());
        final List<String> missing = mapped.stream().filter(tag -> !present.contains(tag)).toList();
        final List<String> blocking = existing.stream()
                .filter(f -> f.required() && !mapped.contains(f.tag()))
                .map(MergeField::tag)
                .toList();
        return new MergeFieldCheck(missing, blocking);
    }

    /** Why writes cannot work, or {@code null} when they can (possibly after creating the missing fields). */
    public String problem(final String audienceId, final boolean createMissing) {
        if (!requiredButUnmapped.isEmpty()) {
            return "Audience " + audienceId + " requires merge field(s) " + String.join(", ", requiredButUnmapped)
                    + " which the mapping does not fill: map them with dynamic properties or make them optional in Mailchimp";
        }
        if (!missing.isEmpty() && !createMissing) {
            return "Audience " + audienceId + " lacks merge field(s) " + String.join(", ", missing)
                    + " and Create Missing Merge Fields is false";
        }
        return null;
    }
}
