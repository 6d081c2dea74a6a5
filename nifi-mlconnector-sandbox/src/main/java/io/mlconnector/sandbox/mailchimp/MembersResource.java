package io.mlconnector.sandbox.mailchimp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * {@code /lists/{id}/members/**} and {@code /lists/{id}/tag-search}: routing, paging and rendering around
 * {@link MemberOperations}.
 */
final class MembersResource {

    private final ObjectMapper mapper;
    private final MemberOperations operations;
    private final MemberJson json;
    private final MailchimpSettings settings;

    MembersResource(ObjectMapper mapper, MemberOperations operations, MemberJson json, MailchimpSettings settings) {
        this.mapper = mapper;
        this.operations = operations;
        this.json = json;
        this.settings = settings;
    }

    JsonNode handle(ApiCall c, Audience audience) {
        List<String> s = c.segments;
        boolean skipMerge = c.boolParam("skip_merge_validation");
        if (s.size() == 3) {
            c.allow("GET, POST");
            if (c.method().equals("GET")) {
                return memberPage(c, audience);
            }
            return render(audience, operations.post(audience, c.json(), skipMerge));
        }
        String id = s.get(3);
        if (s.size() == 4) {
            c.allow("GET, PUT, PATCH, DELETE");
            return switch (c.method()) {
                case "GET" -> render(audience, operations.get(audience, id));
                case "PUT" -> render(audience, operations.put(audience, id, c.json(), skipMerge));
                case "PATCH" -> render(audience, operations.patch(audience, id, c.json(), skipMerge));
                default -> {
                    operations.archive(audience, id);
                    yield null;
                }
            };
        }
        if (s.size() == 5 && s.get(4).equals("tags")) {
            c.allow("GET, POST");
            if (c.method().equals("GET")) {
                return memberTags(audience, id);
            }
            operations.tags(audience, id, c.json());
            return null;
        }
        if (s.size() == 6 && s.get(4).equals("actions")) {
            c.allow("POST");
            if (!s.get(5).equals("delete-permanent")) {
                throw Problems.invalidAction();
            }
            operations.deletePermanent(audience, id);
            return null;
        }
        throw Problems.notFound();
    }

    private JsonNode memberPage(ApiCall c, Audience audience) {
        int count = c.count();
        int offset = c.intParam("offset", 0);
        String statusParam = c.request.queryParam("status");
        MemberStatus status = statusParam == null ? null : memberStatus(statusParam);
        boolean archivedListed = settings.archivedListing() == MailchimpSettings.ArchivedListing.LISTED;
        String since = c.request.queryParam("since_last_changed");
        Predicate<StoredMember> changedSince = since == null ? m -> true : changedSince(parseTime(since, "since_last_changed"));
        ObjectNode node = mapper.createObjectNode();
        ArrayNode page = node.putArray("members");
        int total = 0;
        synchronized (audience) {
            for (StoredMember m : audience.members.values()) {
                boolean inStatus = status == null ? archivedListed || m.status != MemberStatus.ARCHIVED : m.status == status;
                if (inStatus && changedSince.test(m)) {
                    if (total >= offset && page.size() < count) {
                        page.add(json.render(audience, m));
                    }
                    total++;
                }
            }
        }
        node.put("list_id", audience.id());
        node.put("total_items", total);
        node.putArray("_links");
        return node;
    }

    /** O10: by whole seconds or milliseconds, boundary excluded or included, as the settings say. */
    private Predicate<StoredMember> changedSince(Instant since) {
        boolean bySecond = settings.sincePrecision() == MailchimpSettings.SincePrecision.SECOND;
        boolean inclusive = settings.sinceBoundary() == MailchimpSettings.SinceBoundary.INCLUSIVE;
        long bound = bySecond ? since.getEpochSecond() : since.toEpochMilli();
        return m -> {
            long changed = bySecond ? Math.floorDiv(m.lastChangedMillis, 1000) : m.lastChangedMillis;
            return inclusive ? changed >= bound : changed > bound;
        };
    }

    private static MemberStatus memberStatus(String wire) {
        try {
            return MemberStatus.of(wire);
        } catch (IllegalArgumentException e) {
            throw Problems.invalidResource("status", RequestSchemas.ACCEPTED_VALUES);
        }
    }

    private static Instant parseTime(String value, String field) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (RuntimeException e) {
            try {
                return Instant.parse(value);
            } catch (RuntimeException e2) {
                throw Problems.invalidResource(field, "Please provide a valid date-time");
            }
        }
    }

    private JsonNode memberTags(Audience audience, String id) {
        synchronized (audience) {
            StoredMember m = operations.get(audience, id);
            ObjectNode node = mapper.createObjectNode();
            ArrayNode tags = node.putArray("tags");
            if (m.tagIds != null) {
                for (int tagId : m.tagIds) {
                    Audience.Tag tag = audience.tagsById.get(tagId);
                    tags.addObject().put("id", tag.id()).put("name", tag.name()).put("date_added", MemberJson.time(tag.dateAdded()));
                }
            }
            node.put("total_items", tags.size());
            node.putArray("_links");
            return node;
        }
    }

    JsonNode tagSearch(ApiCall c, Audience audience) {
        String name = java.util.Objects.requireNonNullElse(c.request.queryParam("name"), "").toLowerCase(Locale.ROOT);
        ObjectNode node = mapper.createObjectNode();
        ArrayNode tags = node.putArray("tags");
        synchronized (audience) {
            audience.tagsByName.values().stream().filter(t -> t.name().toLowerCase(Locale.ROOT).contains(name))
                    .forEach(t -> tags.addObject().put("id", t.id()).put("name", t.name()));
        }
        node.put("total_items", tags.size());
        return node;
    }

    private JsonNode render(Audience audience, StoredMember m) {
        synchronized (audience) {
            return json.render(audience, m);
        }
    }
}
