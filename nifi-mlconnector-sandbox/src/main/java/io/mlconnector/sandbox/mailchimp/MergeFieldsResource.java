package io.mlconnector.sandbox.mailchimp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Locale;

/** {@code /lists/{id}/merge-fields[/{merge_id}]} (mailchimp.md §5, §11.3 F2). */
final class MergeFieldsResource {

    private final ObjectMapper mapper;
    private final MemberJson json;
    private final RequestSchemas schemas;

    MergeFieldsResource(ObjectMapper mapper, MemberJson json, RequestSchemas schemas) {
        this.mapper = mapper;
        this.json = json;
        this.schemas = schemas;
    }

    JsonNode handle(ApiCall c, Audience audience) {
        List<String> s = c.segments;
        if (s.size() == 3) {
            c.allow("GET, POST");
            return c.method().equals("GET") ? list(c, audience) : create(audience, c.json());
        }
        if (s.size() != 4) {
            throw Problems.notFound();
        }
        c.allow("GET, PATCH, DELETE");
        synchronized (audience) {
            MergeField field = find(audience, s.get(3));
            switch (c.method()) {
                case "GET" -> {
                    return json.renderMergeField(audience, field);
                }
                case "PATCH" -> {
                    return json.renderMergeField(audience, update(audience, field, c.json()));
                }
                default -> {
                    audience.mergeFields.remove(field.mergeId());
                    return null;
                }
            }
        }
    }

    private JsonNode list(ApiCall c, Audience audience) {
        String type = c.request.queryParam("type");
        String required = c.request.queryParam("required");
        ObjectNode node = mapper.createObjectNode();
        ArrayNode fields = node.putArray("merge_fields");
        synchronized (audience) {
            List<MergeField> matching = audience.mergeFields.values().stream()
                    .filter(f -> type == null || f.type().equals(type))
                    .filter(f -> required == null || f.required() == Boolean.parseBoolean(required))
                    .toList();
            matching.stream().skip(c.intParam("offset", 0)).limit(c.count())
                    .forEach(f -> fields.add(json.renderMergeField(audience, f)));
            node.put("list_id", audience.id());
            node.put("total_items", matching.size());
        }
        node.putArray("_links");
        return node;
    }

    private JsonNode create(Audience audience, JsonNode body) {
        schemas.check(RequestSchemas.POST_MERGE_FIELD, body);
        synchronized (audience) {
            if (audience.mergeFields.size() >= audience.mergeFieldLimit()) {
                throw Problems.invalidResourceDetail("This list already has the maximum of "
                        + audience.mergeFieldLimit() + " merge fields.");
            }
            int mergeId = audience.nextMergeId();
            String tag = body.hasNonNull("tag") ? body.get("tag").asText().toUpperCase(Locale.ROOT) : "MMERGE" + mergeId;
            checkTag(audience, tag);
            MergeField field = new MergeField(mergeId, tag, body.get("name").asText(), body.get("type").asText(),
                    body.path("required").asBoolean(false), body.path("default_value").asText(""),
                    body.path("public").asBoolean(false), body.path("display_order").asInt(mergeId),
                    body.path("help_text").asText(""));
            audience.putMergeField(field);
            return json.renderMergeField(audience, field);
        }
    }

    private MergeField update(Audience audience, MergeField field, JsonNode body) {
        schemas.check(RequestSchemas.POST_MERGE_FIELD, body, List.of("name", "type"));
        String tag = field.tag();
        if (body.hasNonNull("tag") && !body.get("tag").asText().equalsIgnoreCase(tag)) {
            tag = body.get("tag").asText().toUpperCase(Locale.ROOT);
            checkTag(audience, tag);
        }
        MergeField updated = new MergeField(field.mergeId(), tag, body.path("name").asText(field.name()), field.type(),
                body.path("required").asBoolean(field.required()), body.path("default_value").asText(field.defaultValue()),
                body.path("public").asBoolean(field.isPublic()), body.path("display_order").asInt(field.displayOrder()),
                body.path("help_text").asText(field.helpText()));
        audience.putMergeField(updated);
        return updated;
    }

    private static void checkTag(Audience audience, String tag) {
        if (tag.length() > 10) {
            throw Problems.invalidResource("tag", "The tag must be 10 characters or fewer.");
        }
        if (!Audience.TAG.matcher(tag).matches()) {
            throw Problems.invalidResource("tag", "The tag may contain only letters, digits and underscores.");
        }
        if (audience.mergeField(tag) != null) {
            throw Problems.invalidResourceDetail("A Merge Field with the tag \"" + tag + "\" already exists for this list.");
        }
    }

    private static MergeField find(Audience audience, String id) {
        try {
            MergeField field = audience.mergeFields.get(Integer.parseInt(id));
            if (field != null) {
                return field;
            }
        } catch (NumberFormatException e) {
            // not a merge id: not found
        }
        throw Problems.notFound();
    }
}
