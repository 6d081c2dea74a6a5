package io.mlconnector.sandbox.mailchimp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * {@code /lists/{id}/segments[/{segment_id}]}: static segments, which in Mailchimp are the audience's tags
 * (mailchimp.md §6.2, §11.4 G4). Unknown addresses are ignored; more than 500 per call is refused.
 */
final class SegmentsResource {

    private static final int MAX_ITEMS = 500;

    private final ObjectMapper mapper;
    private final MemberJson json;

    SegmentsResource(ObjectMapper mapper, MemberJson json) {
        this.mapper = mapper;
        this.json = json;
    }

    JsonNode handle(ApiCall c, Audience audience) {
        List<String> s = c.segments;
        synchronized (audience) {
            if (s.size() == 3) {
                c.allow("GET, POST");
                if (c.method().equals("GET")) {
                    return json.collection(c, "segments", audience,
                            audience.tagsByName.values().stream().map(tag -> render(audience, tag)).toList());
                }
                return create(audience, c.json());
            }
            if (s.size() != 4) {
                throw Problems.notFound();
            }
            Audience.Tag tag = find(audience, s.get(3));
            c.allow("GET, POST");
            return c.method().equals("GET") ? render(audience, tag) : addRemove(audience, tag, c.json());
        }
    }

    private JsonNode create(Audience audience, JsonNode body) {
        String name = body.path("name").asText("");
        if (name.isBlank()) {
            throw Problems.invalidResource("", "Required fields were not provided: name");
        }
        if (audience.tagsByName.containsKey(name)) {
            throw Problems.invalidResourceDetail("Sorry, that tag already exists.");
        }
        JsonNode emails = body.path("static_segment");
        checkSize(emails.size());
        Audience.Tag tag = audience.tag(name);
        emails.forEach(e -> {
            StoredMember m = audience.members.get(Hashes.subscriberHash(e.asText()));
            if (m != null) {
                m.addTag(tag.id());
            }
        });
        return render(audience, tag);
    }

    private JsonNode addRemove(Audience audience, Audience.Tag tag, JsonNode body) {
        JsonNode add = body.path("members_to_add");
        JsonNode remove = body.path("members_to_remove");
        checkSize(Math.max(add.size(), remove.size()));
        ObjectNode result = mapper.createObjectNode();
        ArrayNode added = result.putArray("members_added");
        ArrayNode removed = result.putArray("members_removed");
        ArrayNode errors = result.putArray("errors");
        ArrayNode unknown = mapper.createArrayNode();
        long now = audience.now().toEpochMilli();
        for (JsonNode email : add) {
            StoredMember m = audience.members.get(Hashes.subscriberHash(email.asText()));
            if (m == null) {
                unknown.add(email.asText());
            } else if (m.addTag(tag.id())) {
                m.lastChangedMillis = now;
                added.add(json.render(audience, m));
            }
        }
        for (JsonNode email : remove) {
            StoredMember m = audience.members.get(Hashes.subscriberHash(email.asText()));
            if (m != null && m.removeTag(tag.id())) {
                m.lastChangedMillis = now;
                removed.add(json.render(audience, m));
            }
        }
        if (!unknown.isEmpty()) {
            errors.addObject().put("error", "Email addresses are not subscribed to the list").set("email_addresses", unknown);
        }
        result.put("total_added", added.size());
        result.put("total_removed", removed.size());
        result.put("error_count", unknown.size());
        return result;
    }

    private static void checkSize(int size) {
        if (size > MAX_ITEMS) {
            throw Problems.invalidResourceDetail("Maximum allowed member items exceeded, please provide at most 500 items "
                    + "in members_to_add field or members_to_remove field");
        }
    }

    private static Audience.Tag find(Audience audience, String id) {
        try {
            Audience.Tag tag = audience.tagsById.get(Integer.parseInt(id));
            if (tag != null) {
                return tag;
            }
        } catch (NumberFormatException e) {
            // not a segment id: not found
        }
        throw Problems.notFound();
    }

    private ObjectNode render(Audience audience, Audience.Tag tag) {
        ObjectNode node = mapper.createObjectNode();
        node.put("id", tag.id());
        node.put("name", tag.name());
        node.put("member_count", audience.members.values().stream().filter(m -> m.hasTag(tag.id())).count());
        node.put("type", "static");
        node.put("created_at", MemberJson.time(tag.dateAdded()));
        node.put("updated_at", MemberJson.time(tag.dateAdded()));
        node.put("list_id", audience.id());
        return node;
    }
}
