package io.mlconnector.nifi.mailchimp.audience;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlconnector.nifi.http.HttpMethod;
import io.mlconnector.nifi.mailchimp.MailchimpConnectionService;
import io.mlconnector.nifi.mailchimp.MailchimpRequest;
import io.mlconnector.nifi.mailchimp.MailchimpResponse;
import io.mlconnector.nifi.mailchimp.MailchimpTransientException;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The Marketing API calls of a contact sync for one audience, on top of the connection service (which bounds
 * concurrency and retries transient failures). Audience-level problems become {@link AudienceException}s with a
 * message users can act on; member-level answers are returned for the caller to interpret.
 */
public final class AudienceClient {

    /** Mailchimp's largest page of members. */
    public static final int PAGE_SIZE = 1000;
    private static final String MEMBER_FIELDS = "members.id,members.email_address,members.status,members.merge_fields,"
            + "members.last_changed,total_items";
    /** Only what the sync reads of a batch subscribe answer: Mailchimp otherwise returns every member in full. */
    private static final String BATCH_FIELDS = "new_members.email_address,new_members.status,updated_members.email_address,"
            + "updated_members.status,errors,total_created,total_updated,error_count";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final MailchimpConnectionService service;
    private final String audienceId;

    public AudienceClient(final MailchimpConnectionService service, final String audienceId) {
        this.service = service;
        this.audienceId = audienceId;
    }

    public String audienceId() {
        return audienceId;
    }

    /** {@code .../3.0/lists/{id}}: where this sync sends, for provenance. */
    public URI transitUri() {
        return service.resolve(MailchimpRequest.of(HttpMethod.GET, null, "lists", audienceId));
    }

    /** The audience's name; fails when the key cannot see the audience. */
    public String audienceName() throws AudienceException, MailchimpTransientException {
        final MailchimpResponse response = service.execute(
                MailchimpRequest.of(HttpMethod.GET, null, "lists", audienceId).withQueryParameter("fields", "id,name"));
        requireSuccess(response, "Audience " + audienceId + " cannot be read");
        return response.body().path("name").asText(audienceId);
    }

    public List<MergeField> mergeFields() throws AudienceException, MailchimpTransientException {
        final MailchimpResponse response = service.execute(MailchimpRequest.of(HttpMethod.GET, null, "lists", audienceId, "merge-fields")
                .withQueryParameter("count", String.valueOf(PAGE_SIZE)));
        requireSuccess(response, "Merge fields of audience " + audienceId + " cannot be read");
        final List<MergeField> fields = new ArrayList<>();
        response.body().path("merge_fields").forEach(f -> fields.add(
                new MergeField(f.path("tag").asText(), f.path("type").asText(), f.path("required").asBoolean(false))));
        return fields;
    }

    /** Creates an optional, hidden text merge field whose tag and name are {@code tag}. */
    public void createTextMergeField(final String tag) throws AudienceException, MailchimpTransientException {
        final ObjectNode body = JSON.objectNode().put("name", tag).put("tag", tag).put("type", "text")
                .put("required", false).put("public", false);
        final MailchimpResponse response = service.execute(MailchimpRequest.of(HttpMethod.POST, body, "lists", audienceId, "merge-fields"));
        requireSuccess(response, "Merge field " + tag + " cannot be created in audience " + audienceId
                + " (the audience may have reached its merge field limit)");
    }

    /** One page of members, with only the fields the sync needs; {@code since} may be {@code null}. */
    public JsonNode membersPage(final int offset, final String since) throws AudienceException, MailchimpTransientException {
        MailchimpRequest request = MailchimpRequest.of(HttpMethod.GET, null, "lists", audienceId, "members")
                .withQueryParameter("fields", MEMBER_FIELDS)
                .withQueryParameter("count", String.valueOf(PAGE_SIZE))
                .withQueryParameter("offset", String.valueOf(offset));
        if (since != null) {
            request = request.withQueryParameter("since_last_changed", since);
        }
        final MailchimpResponse response = service.execute(request);
        requireSuccess(response, "Members of audience " + audienceId + " cannot be listed");
        return response.body();
    }

    /** Batch subscribe with {@code update_existing}: each member's {@code status} is sent as given. */
    public BatchResult batchSubscribe(final ArrayNode members) throws AudienceException, MailchimpTransientException {
        final ObjectNode body = JSON.objectNode();
        body.set("members", members);
        body.put("update_existing", true);
        final MailchimpResponse response = service.execute(MailchimpRequest.of(HttpMethod.POST, body, "lists", audienceId)
                .withQueryParameter("fields", BATCH_FIELDS));
        requireSuccess(response, "Batch subscribe to audience " + audienceId + " was refused");
        return BatchResult.parse(response.body());
    }

    public MailchimpResponse patchMember(final String subscriberHash, final ObjectNode body) throws MailchimpTransientException {
        return service.execute(MailchimpRequest.of(HttpMethod.PATCH, body, "lists", audienceId, "members", subscriberHash));
    }

    /** DELETE, which archives the member (204). */
    public MailchimpResponse archiveMember(final String subscriberHash) throws MailchimpTransientException {
        return service.execute(MailchimpRequest.of(HttpMethod.DELETE, null, "lists", audienceId, "members", subscriberHash));
    }

    private static void requireSuccess(final MailchimpResponse response, final String what) throws AudienceException {
        if (!response.isSuccess()) {
            throw new AudienceException(what + ": HTTP " + response.statusCode() + " " + response.title()
                    + (response.detail().isEmpty() ? "" : " - " + response.detail()));
        }
    }
}
