package io.mlconnector.nifi.mailchimp.audience;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlconnector.nifi.http.HttpMethod;
import io.mlconnector.nifi.mailchimp.MailchimpConnectionService;
import io.mlconnector.nifi.mailchimp.MailchimpRequest;
import io.mlconnector.nifi.mailchimp.MailchimpResponse;
import io.mlconnector.nifi.mailchimp.MailchimpTransientException;
import io.mlconnector.nifi.mailchimp.StreamedJson;
import io.mlconnector.nifi.mailchimp.audience.MailchimpAnswers.Target;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import static io.mlconnector.nifi.mailchimp.audience.MailchimpAnswers.requireSuccess;

/**
 * The Marketing API calls of a contact sync for one audience, on top of the connection service (which bounds
 * concurrency and retries transient failures). Audience-level problems become {@link AudienceException}s with a
 * message users can act on; a member write answers a {@link MemberWrite}, its refusal read by {@link MailchimpAnswers}.
 */
public final class AudienceClient {

    /** Mailchimp's largest page of members. */
    public static final int PAGE_SIZE = 1000;
    private static final String MEMBER_FIELDS = "id,email_address,status,merge_fields,last_changed";
    private static final String PAGE_FIELDS = "members." + MEMBER_FIELDS.replace(",", ",members.") + ",total_items";
    /** Only what the sync reads of a batch subscribe answer: Mailchimp otherwise returns every member in full. */
    private static final String BATCH_FIELDS = "new_members.email_address,new_members.status,new_members.last_changed,"
            + "updated_members.email_address,updated_members.status,updated_members.last_changed,errors,total_created,"
            + "total_updated,error_count";
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

    /**
     * Creates an optional, hidden text merge field whose tag and name are {@code tag}. One that another node or
     * processor created a moment earlier (or a retried POST did) counts as created: Mailchimp refuses the duplicate tag
     * with a 400 whose text is not documented, so a 400 is checked against the audience's merge fields.
     */
    public void createTextMergeField(final String tag) throws AudienceException, MailchimpTransientException {
        final ObjectNode body = JSON.objectNode().put("name", tag).put("tag", tag).put("type", "text")
                .put("required", false).put("public", false);
        final MailchimpResponse response = service.execute(MailchimpRequest.of(HttpMethod.POST, body, "lists", audienceId, "merge-fields"));
        if (MailchimpAnswers.mayBeDuplicate(response) && mergeFields().stream().anyMatch(field -> field.tag().equals(tag))) {
            return;
        }
        requireSuccess(response, "Merge field " + tag + " cannot be created in audience " + audienceId
                + " (the audience may have reached its merge field limit)");
    }

    /** One page of members, with only the fields the sync needs; {@code since} may be {@code null}. */
    public JsonNode membersPage(final int offset, final String since) throws AudienceException, MailchimpTransientException {
        return membersPage(offset, since, null);
    }

    /**
     * One page of the members in {@code status} ({@code null}: Mailchimp's default listing, which may leave archived
     * members out), with only the fields the sync needs; {@code since} may be {@code null}.
     */
    public JsonNode membersPage(final int offset, final String since, final String status)
            throws AudienceException, MailchimpTransientException {
        MailchimpRequest request = MailchimpRequest.of(HttpMethod.GET, null, "lists", audienceId, "members")
                .withQueryParameter("fields", PAGE_FIELDS)
                .withQueryParameter("count", String.valueOf(PAGE_SIZE))
                .withQueryParameter("offset", String.valueOf(offset));
        if (since != null) {
            request = request.withQueryParameter("since_last_changed", since);
        }
        if (status != null) {
            request = request.withQueryParameter("status", status);
        }
        final MailchimpResponse response = service.execute(request);
        requireSuccess(response, "Members of audience " + audienceId + " cannot be listed");
        return response.body();
    }

    /** One member with the fields of a page and its tags, or {@code null} when the audience has none at that hash. */
    public JsonNode member(final String subscriberHash) throws AudienceException, MailchimpTransientException {
        final MailchimpResponse response = service.execute(MailchimpRequest.of(HttpMethod.GET, null, "lists", audienceId,
                "members", subscriberHash).withQueryParameter("fields", MEMBER_FIELDS + ",tags"));
        if (MailchimpAnswers.memberAbsent(response)) {
            return null;
        }
        requireSuccess(response, "Member " + subscriberHash + " of audience " + audienceId + " cannot be read");
        return response.body();
    }

    /**
     * Batch subscribe. Without {@code updateExisting}, members already in the audience are refused
     * ({@code ERROR_CONTACT_EXISTS}) rather than given the status sent for new ones; with it, Mailchimp applies a
     * member's {@code status} when present and keeps the current one when absent.
     *
     * @param members the JSON array of members: a tree, or written as it is sent
     */
    public BatchResult batchSubscribe(final JsonSerializable members, final boolean updateExisting)
            throws AudienceException, MailchimpTransientException {
        final StreamedJson body = out -> {
            out.writeStartObject();
            out.writeFieldName("members");
            out.writeObject(members);
            out.writeBooleanField("update_existing", updateExisting);
            out.writeEndObject();
        };
        final MailchimpResponse response = service.execute(MailchimpRequest.of(HttpMethod.POST, body, "lists", audienceId)
                .withQueryParameter("fields", BATCH_FIELDS).withAnswerReadAsTokens());
        requireSuccess(response, "Batch subscribe to audience " + audienceId + " was refused");
        try {
            return BatchResult.parse(response);
        } catch (final IOException e) {
            throw new UncheckedIOException("The answer of a batch subscribe to audience " + audienceId + " could not be read", e);
        }
    }

    public MemberWrite patchMember(final String subscriberHash, final ObjectNode body) throws MailchimpTransientException {
        return write(MailchimpRequest.of(HttpMethod.PATCH, body, "lists", audienceId, "members", subscriberHash), Target.MEMBER);
    }

    /** PUT: adds or updates a member; unlike PATCH it takes the status transactional. */
    public MemberWrite putMember(final String subscriberHash, final ObjectNode body) throws MailchimpTransientException {
        return write(MailchimpRequest.of(HttpMethod.PUT, body, "lists", audienceId, "members", subscriberHash), Target.MEMBER);
    }

    /** POST: adds a member; refused with "Member Exists" when the address is in the audience in any status. */
    public MemberWrite addMember(final ObjectNode body) throws MailchimpTransientException {
        return write(MailchimpRequest.of(HttpMethod.POST, body, "lists", audienceId, "members"), Target.MEMBER);
    }

    /** Activates or removes one tag, without firing the audience's tag automations (204). */
    public MemberWrite tagMember(final String subscriberHash, final String tag, final boolean active)
            throws MailchimpTransientException {
        final ObjectNode body = JSON.objectNode().put("is_syncing", true);
        body.putArray("tags").addObject().put("name", tag).put("status", active ? "active" : "inactive");
        return write(MailchimpRequest.of(HttpMethod.POST, body, "lists", audienceId, "members", subscriberHash, "tags"),
                Target.MEMBER_TAGS);
    }

    /** DELETE, which archives the member (204). */
    public MemberWrite archiveMember(final String subscriberHash) throws MailchimpTransientException {
        return write(MailchimpRequest.of(HttpMethod.DELETE, null, "lists", audienceId, "members", subscriberHash), Target.MEMBER);
    }

    private MemberWrite write(final MailchimpRequest request, final Target target) throws MailchimpTransientException {
        final MailchimpResponse response = service.execute(request);
        return response.isSuccess() ? new MemberWrite.Written(response.body())
                : new MemberWrite.Refused(MailchimpAnswers.refusal(response, target));
    }
}
