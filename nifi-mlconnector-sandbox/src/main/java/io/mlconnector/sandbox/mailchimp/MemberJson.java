package io.mlconnector.sandbox.mailchimp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Renders members and other resources the way Mailchimp does (mailchimp.md §2.3, §11.2 M12). */
final class MemberJson {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx").withZone(ZoneOffset.UTC);
    /** The last second formatted, and how. */
    private static volatile Stamp lastStamp;

    private final ObjectMapper mapper;

    MemberJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    static String time(Instant instant) {
        return TIME.format(instant);
    }

    static String time(long epochSecond) {
        // A batch's members share their second: formatting it once per second spares most of a render's work.
        Stamp last = lastStamp;
        if (last == null || last.epochSecond != epochSecond) {
            last = new Stamp(epochSecond, time(Instant.ofEpochSecond(epochSecond)));
            lastStamp = last;
        }
        return last.text;
    }

    /** The member resource; caller holds the audience monitor. */
    ObjectNode render(Audience audience, StoredMember m) {
        String hash = Hashes.subscriberHash(m.email);
        ObjectNode node = mapper.createObjectNode();
        node.put("id", hash);
        node.put("email_address", m.email);
        node.put("unique_email_id", hash.substring(0, 10));
        node.put("contact_id", hash.substring(10, 32));
        node.put("full_name", fullName(m.mergeFields));
        node.put("web_id", Long.parseLong(hash.substring(0, 7), 16));
        node.put("email_type", m.textEmail ? "text" : "html");
        node.put("status", m.status.wire());
        node.put("consents_to_one_to_one_messaging", true);
        ObjectNode merge = node.putObject("merge_fields");
        for (MergeField field : audience.mergeFields.values()) {
            Object value = m.mergeFields == null ? null : m.mergeFields.get(field.tag());
            if (value instanceof Map<?, ?> address) {
                merge.set(field.tag(), mapper.valueToTree(address));
            } else if (value instanceof Number number) {
                merge.put(field.tag(), number.doubleValue() == number.longValue() ? number.longValue() : number.doubleValue());
            } else {
                merge.put(field.tag(), value == null ? "" : value.toString());
            }
        }
        if (!audience.interests.isEmpty()) {
            ObjectNode interests = node.putObject("interests");
            List<String> on = m.interests == null ? List.of() : Arrays.asList(m.interests);
            audience.interests.keySet().forEach(id -> interests.put(id, on.contains(id)));
        }
        ObjectNode stats = node.putObject("stats");
        stats.put("avg_open_rate", 0);
        stats.put("avg_click_rate", 0);
        node.put("ip_signup", "");
        node.put("timestamp_signup", time(m.signupEpochSecond));
        node.put("ip_opt", "");
        node.put("timestamp_opt", time(m.signupEpochSecond));
        node.put("member_rating", 2);
        node.put("last_changed", time(Math.floorDiv(m.lastChangedMillis, 1000)));
        node.put("language", m.language == null ? "" : m.language);
        node.put("vip", m.vip);
        node.put("email_client", "");
        ObjectNode location = node.putObject("location");
        location.put("latitude", 0);
        location.put("longitude", 0);
        location.put("gmtoff", 0);
        location.put("dstoff", 0);
        location.put("country_code", "");
        location.put("timezone", "");
        node.put("source", "API - Generic");
        ArrayNode tags = mapper.createArrayNode();
        if (m.tagIds != null) {
            for (int tagId : m.tagIds) {
                Audience.Tag tag = audience.tagsById.get(tagId);
                tags.addObject().put("id", tag.id()).put("name", tag.name());
            }
        }
        node.put("tags_count", tags.size());
        node.set("tags", tags);
        node.put("list_id", audience.id());
        node.putArray("_links");
        return node;
    }

    ObjectNode renderList(Audience audience, int memberCount, Map<MemberStatus, Integer> byStatus) {
        ObjectNode node = mapper.createObjectNode();
        node.put("id", audience.id());
        node.put("web_id", Long.parseLong(audience.id().substring(0, 7), 16));
        node.put("name", audience.name());
        node.put("date_created", time(audience.created()));
        node.put("list_rating", 0);
        node.put("email_type_option", false);
        node.put("double_optin", false);
        ObjectNode stats = node.putObject("stats");
        stats.put("member_count", byStatus.getOrDefault(MemberStatus.SUBSCRIBED, 0));
        stats.put("total_contacts", memberCount);
        stats.put("unsubscribe_count", byStatus.getOrDefault(MemberStatus.UNSUBSCRIBED, 0));
        stats.put("cleaned_count", byStatus.getOrDefault(MemberStatus.CLEANED, 0));
        stats.put("archived_count", byStatus.getOrDefault(MemberStatus.ARCHIVED, 0));
        stats.put("merge_field_count", audience.mergeFields.size());
        node.putArray("_links");
        return node;
    }

    ObjectNode renderMergeField(Audience audience, MergeField f) {
        ObjectNode node = mapper.createObjectNode();
        node.put("merge_id", f.mergeId());
        node.put("tag", f.tag());
        node.put("name", f.name());
        node.put("type", f.type());
        node.put("required", f.required());
        node.put("default_value", f.defaultValue());
        node.put("public", f.isPublic());
        node.put("display_order", f.displayOrder());
        ObjectNode options = node.putObject("options");
        if ("text".equals(f.type())) {
            options.put("size", 25);
        }
        node.put("help_text", f.helpText());
        node.put("list_id", audience.id());
        node.putArray("_links");
        return node;
    }

    /**
     * One page of an audience's sub-collection, {@code {<field>: [...], list_id, total_items, _links}}: {@code count}
     * items (default 10, as Mailchimp) from {@code offset}; {@code total_items} counts them all.
     */
    ObjectNode collection(ApiCall c, String field, Audience audience, List<ObjectNode> items) {
        int offset = Math.min(c.intParam("offset", 0), items.size());
        ObjectNode node = mapper.createObjectNode();
        node.putArray(field).addAll(items.subList(offset, Math.min(items.size(), offset + c.count())));
        node.put("list_id", audience.id());
        node.put("total_items", items.size());
        node.putArray("_links");
        return node;
    }

    private static String fullName(Map<String, Object> merge) {
        if (merge == null) {
            return "";
        }
        Object first = merge.getOrDefault("FNAME", "");
        Object last = merge.getOrDefault("LNAME", "");
        return (first + " " + last).trim();
    }

    private record Stamp(long epochSecond, String text) {
    }
}
