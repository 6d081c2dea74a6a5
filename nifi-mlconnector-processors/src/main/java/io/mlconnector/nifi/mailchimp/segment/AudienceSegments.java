package io.mlconnector.nifi.mailchimp.segment;

import io.mlconnector.nifi.mailchimp.MailchimpTransientException;
import io.mlconnector.nifi.mailchimp.audience.AudienceException;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * One audience's tags (static segments) and the interests of the mapped interest category, by name: listed once per
 * processor run, then kept current from what this processor creates. With {@code create} false nothing is created
 * and the missing names are left out of the answers (a dry run reports them).
 */
public final class AudienceSegments {

    private final String interestCategory;
    private Map<String, String> tagIds;
    private String categoryId;
    /** The category was listed and is missing (and not to be created): not listed again, as the rest is not. */
    private boolean categoryMissing;
    private Map<String, String> interestIds;

    public AudienceSegments(final String interestCategory) {
        this.interestCategory = interestCategory;
    }

    /** The ids of the named tags; missing ones are created when {@code create}, left out otherwise. */
    public synchronized Map<String, String> tagIds(final SegmentClient client, final Collection<String> names, final boolean create)
            throws AudienceException, MailchimpTransientException {
        if (tagIds == null) {
            tagIds = new LinkedHashMap<>(client.tags());
        }
        final Map<String, String> ids = new LinkedHashMap<>();
        for (final String name : new TreeSet<>(names)) {
            if (!tagIds.containsKey(name) && create) {
                tagIds.put(name, client.createTag(name));
            }
            if (tagIds.containsKey(name)) {
                ids.put(name, tagIds.get(name));
            }
        }
        return ids;
    }

    /**
     * Every interest of the category by name, after creating the category and the named interests it lacks when
     * {@code create}; without {@code create} a missing category has no interests.
     */
    public synchronized Map<String, String> interestIds(final SegmentClient client, final Collection<String> names,
                                                       final boolean create) throws AudienceException, MailchimpTransientException {
        if (categoryId == null) {
            if (categoryMissing && !create) {
                return Map.of();
            }
            categoryId = client.interestCategories().get(interestCategory);
            if (categoryId == null && !create) {
                categoryMissing = true;
                return Map.of();
            }
            if (categoryId == null) {
                categoryId = client.createInterestCategory(interestCategory);
            }
            interestIds = new LinkedHashMap<>(client.interests(categoryId));
        }
        for (final String name : new TreeSet<>(names)) {
            if (!interestIds.containsKey(name) && create) {
                interestIds.put(name, client.createInterest(categoryId, name));
            }
        }
        return Map.copyOf(interestIds);
    }
}
