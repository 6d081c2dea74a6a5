package io.mlconnector.sandbox.mailchimp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code POST /lists/{id}}: up to 500 members, HTTP 200 with per-member outcomes and errors (mailchimp.md §3, §11.5).
 */
final class BatchSubscribe {

    static final int MAX_MEMBERS = 500;

    private final ObjectMapper mapper;
    private final RequestSchemas schemas;
    private final MemberOperations operations;
    private final MemberJson json;
    private final MailchimpSettings settings;

    BatchSubscribe(ObjectMapper mapper, RequestSchemas schemas, MemberOperations operations, MemberJson json,
                   MailchimpSettings settings) {
        this.settings = settings;
        this.mapper = mapper;
        this.schemas = schemas;
        this.operations = operations;
        this.json = json;
    }

    /** Validates the envelope; returns the number of members. */
    int check(JsonNode body) {
        schemas.check(RequestSchemas.BATCH_SUBSCRIBE, body);
        int size = body.get("members").size();
        if (size > MAX_MEMBERS) {
            throw Problems.invalidResource("members",
                    "Maximum allowed member items exceeded, please provide at most 500 items in members field");
        }
        return size;
    }

    ObjectNode run(Audience audience, JsonNode body, boolean skipMergeValidation, boolean skipDuplicateCheck) {
        boolean updateExisting = body.path("update_existing").asBoolean(false);
        boolean syncTags = body.path("sync_tags").asBoolean(false);
        ObjectNode result = mapper.createObjectNode();
        ArrayNode created = result.putArray("new_members");
        ArrayNode updated = result.putArray("updated_members");
        ArrayNode errors = result.putArray("errors");
        Set<String> seen = new HashSet<>();
        for (JsonNode item : body.get("members")) {
            String email = item.path("email_address").asText("");
            if (!seen.add(Hashes.subscriberHash(email))) {
                if (!skipDuplicateCheck) {
                    error(errors, email, email + " is a duplicate of another member in this request.", "ERROR_GENERIC", "", "");
                }
                continue;
            }
            try {
                MemberOperations.BatchOutcome outcome = operations.batchMember(audience, item, updateExisting, syncTags,
                        skipMergeValidation);
                synchronized (audience) {
                    (outcome.created() ? created : updated).add(json.render(audience, outcome.member()));
                }
            } catch (MemberOperations.ContactExists e) {
                error(errors, email, e.getMessage(), "ERROR_CONTACT_EXISTS", "", "");
            } catch (ApiException e) {
                ApiException.FieldError first = e.errors.isEmpty() ? null : e.errors.get(0);
                String field = first == null ? "" : first.field();
                String message = first == null ? "" : first.message();
                error(errors, email, e.detail, "ERROR_GENERIC", field, message);
            }
        }
        if (settings.batchAnswerOrder() == MailchimpSettings.BatchAnswerOrder.REVERSED) {
            List.of(created, updated, errors).forEach(BatchSubscribe::reverse);
        }
        result.put("total_created", created.size());
        result.put("total_updated", updated.size());
        result.put("error_count", errors.size());
        result.putArray("_links");
        return result;
    }

    private static void reverse(ArrayNode items) {
        List<JsonNode> copy = new ArrayList<>();
        items.forEach(copy::add);
        items.removeAll();
        copy.reversed().forEach(items::add);
    }

    private static void error(ArrayNode errors, String email, String error, String code, String field, String fieldMessage) {
        errors.addObject().put("email_address", email).put("error", error).put("error_code", code)
                .put("field", field).put("field_message", fieldMessage);
    }
}
