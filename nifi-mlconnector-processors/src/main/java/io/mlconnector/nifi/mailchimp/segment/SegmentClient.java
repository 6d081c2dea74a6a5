package io.mlconnector.nifi.mailchimp.segment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlconnector.nifi.http.HttpMethod;
import io.mlconnector.nifi.mailchimp.MailchimpConnectionService;
import io.mlconnector.nifi.mailchimp.MailchimpRequest;
import io.mlconnector.nifi.mailchimp.MailchimpResponse;
import io.mlconnector.nifi.mailchimp.MailchimpTransientException;
import io.mlconnector.nifi.mailchimp.audience.AudienceException;
import io.mlconnector.nifi.mailchimp.audience.MailchimpAnswers;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.mlconnector.nifi.mailchimp.audience.MailchimpAnswers.requireSuccess;

/**
 * The Marketing API calls for an audience's tags (static segments) and interest groups. Listings page through
 * 1000 at a time with only the id and name; Mailchimp's default page is 10.
 */
public final class SegmentClient {

    /** Mailchimp's limit per list of a static segment update (mailchimp.md §6.2). */
    public static final int MAX_SEGMENT_MEMBERS = 500;
    private static final int PAGE = 1000;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final MailchimpConnectionService service;
    private final String audienceId;

    public SegmentClient(final MailchimpConnectionService service, final String audienceId) {
        this.service = service;
        this.audienceId = audienceId;
    }

    /** Static segment (tag) name to id. */
    public Map<String, String> tags() throws AudienceException, MailchimpTransientException {
        return names("segments", "name", "Tags", "segments");
    }

    /** Creates a tag, i.e. a static segment with no members; returns its id. */
    public String createTag(final String name) throws AudienceException, MailchimpTransientException {
        final ObjectNode body = JSON.objectNode().put("name", name);
        body.putArray("static_segment");
        return create(body, "Tag '" + name + "'", () -> tags().get(name), "segments");
    }

    /** Adds and removes up to {@link #MAX_SEGMENT_MEMBERS} addresses each to and from a tag, in one call. */
    public void updateTag(final String segmentId, final Collection<String> add, final Collection<String> remove)
            throws AudienceException, MailchimpTransientException {
        final ObjectNode body = JSON.objectNode();
        add.forEach(body.putArray("members_to_add")::add);
        remove.forEach(body.putArray("members_to_remove")::add);
        final MailchimpResponse response = service.execute(MailchimpRequest.of(HttpMethod.POST, body,
                "lists", audienceId, "segments", segmentId).withQueryParameter("fields", "total_added,total_removed,error_count"));
        requireSuccess(response, "Tag " + segmentId + " of audience " + audienceId + " cannot be updated");
    }

    /** Interest category title to id. */
    public Map<String, String> interestCategories() throws AudienceException, MailchimpTransientException {
        return names("categories", "title", "Interest categories", "interest-categories");
    }

    /** Creates a hidden interest category (groups only the sync sets, not shown on signup forms); returns its id. */
    public String createInterestCategory(final String title) throws AudienceException, MailchimpTransientException {
        return create(JSON.objectNode().put("title", title).put("type", "hidden"),
                "Interest category '" + title + "'", () -> interestCategories().get(title), "interest-categories");
    }

    /** Interest (group) name to id of one category. */
    public Map<String, String> interests(final String categoryId) throws AudienceException, MailchimpTransientException {
        return names("interests", "name", "Interests", "interest-categories", categoryId, "interests");
    }

    public String createInterest(final String categoryId, final String name) throws AudienceException, MailchimpTransientException {
        return create(JSON.objectNode().put("name", name), "Interest '" + name + "'", () -> interests(categoryId).get(name),
                "interest-categories", categoryId, "interests");
    }

    private Map<String, String> names(final String field, final String nameField, final String what, final String... path)
            throws AudienceException, MailchimpTransientException {
        final Map<String, String> ids = new LinkedHashMap<>();
        int total = 1;
        for (int offset = 0; offset < total; offset += PAGE) {
            final MailchimpResponse response = service.execute(MailchimpRequest.of(HttpMethod.GET, null, prefixed(path))
                    .withQueryParameter("fields", field + ".id," + field + "." + nameField + ",total_items")
                    .withQueryParameter("count", String.valueOf(PAGE))
                    .withQueryParameter("offset", String.valueOf(offset)));
            requireSuccess(response, what + " of audience " + audienceId + " cannot be read");
            response.body().path(field).forEach(item -> ids.put(item.path(nameField).asText(), item.path("id").asText()));
            total = response.body().path("total_items").asInt(0);
        }
        return ids;
    }

    /** The id of an existing tag, category or interest by name, or {@code null}. */
    private interface Lookup {
        String id() throws AudienceException, MailchimpTransientException;
    }

    /**
     * Creates and returns the new id. One that another node or processor created a moment earlier (or a retried POST
     * did) counts as created: Mailchimp refuses the duplicate name with a 400, so a 400 is checked by looking it up.
     */
    private String create(final JsonNode body, final String what, final Lookup existing, final String... path)
            throws AudienceException, MailchimpTransientException {
        final MailchimpResponse response = service.execute(MailchimpRequest.of(HttpMethod.POST, body, prefixed(path)));
        if (MailchimpAnswers.mayBeDuplicate(response)) {
            final String id = existing.id();
            if (id != null) {
                return id;
            }
        }
        requireSuccess(response, what + " cannot be created in audience " + audienceId);
        return response.body().path("id").asText();
    }

    private String[] prefixed(final String... path) {
        final String[] segments = new String[path.length + 2];
        segments[0] = "lists";
        segments[1] = audienceId;
        System.arraycopy(path, 0, segments, 2, path.length);
        return segments;
    }
}
