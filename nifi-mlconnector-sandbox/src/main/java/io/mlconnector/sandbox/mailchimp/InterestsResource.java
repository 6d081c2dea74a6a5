package io.mlconnector.sandbox.mailchimp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Set;

/** {@code /lists/{id}/interest-categories[/{cat}[/interests[/{id}]]]} (mailchimp.md §6.3, §11.4 G5). */
final class InterestsResource {

    private static final Set<String> CATEGORY_TYPES = Set.of("checkboxes", "dropdown", "radio", "hidden");

    private final ObjectMapper mapper;
    private final MemberJson json;

    InterestsResource(ObjectMapper mapper, MemberJson json) {
        this.mapper = mapper;
        this.json = json;
    }

    JsonNode handle(ApiCall c, Audience audience) {
        List<String> s = c.segments;
        synchronized (audience) {
            if (s.size() == 3) {
                c.allow("GET, POST");
                if (c.method().equals("GET")) {
                    return json.collection(c, "categories", audience,
                            audience.interestCategories.values().stream().map(cat -> render(audience, cat)).toList());
                }
                return render(audience, createCategory(audience, c.json()));
            }
            Audience.InterestCategory category = audience.interestCategories.get(s.get(3));
            if (category == null) {
                throw Problems.notFound();
            }
            if (s.size() == 4) {
                c.allow("GET");
                return render(audience, category);
            }
            if (!s.get(4).equals("interests") || s.size() > 6) {
                throw Problems.notFound();
            }
            if (s.size() == 6) {
                c.allow("GET");
                Audience.Interest interest = audience.interests.get(s.get(5));
                if (interest == null || !interest.categoryId().equals(category.id())) {
                    throw Problems.notFound();
                }
                return render(audience, interest);
            }
            c.allow("GET, POST");
            if (c.method().equals("GET")) {
                return json.collection(c, "interests", audience, audience.interests.values().stream()
                        .filter(i -> i.categoryId().equals(category.id())).map(i -> render(audience, i)).toList())
                        .put("category_id", category.id());
            }
            JsonNode body = c.json();
            String name = body.path("name").asText("");
            if (name.isBlank()) {
                throw Problems.invalidResource("", "Required fields were not provided: name");
            }
            if (audience.interests.values().stream().anyMatch(i -> i.categoryId().equals(category.id()) && i.name().equals(name))) {
                throw Problems.alreadyExists(name);
            }
            Audience.Interest interest = new Audience.Interest(Hashes.hexId(), category.id(), name,
                    body.path("display_order").asInt(audience.interests.size() + 1));
            audience.interests.put(interest.id(), interest);
            return render(audience, interest);
        }
    }

    private static Audience.InterestCategory createCategory(Audience audience, JsonNode body) {
        String title = body.path("title").asText("");
        String type = body.path("type").asText("");
        if (title.isBlank() || type.isBlank()) {
            throw Problems.invalidResource("", "Required fields were not provided: " + (title.isBlank() ? "title" : "type"));
        }
        if (!CATEGORY_TYPES.contains(type)) {
            throw Problems.invalidResource("type", RequestSchemas.ACCEPTED_VALUES);
        }
        if (audience.interestCategories.values().stream().anyMatch(existing -> existing.title().equals(title))) {
            throw Problems.alreadyExists(title);
        }
        Audience.InterestCategory category = new Audience.InterestCategory(Hashes.hexId(), title, type,
                body.path("display_order").asInt(audience.interestCategories.size() + 1));
        audience.interestCategories.put(category.id(), category);
        return category;
    }

    private ObjectNode render(Audience audience, Audience.InterestCategory category) {
        ObjectNode node = mapper.createObjectNode();
        node.put("list_id", audience.id());
        node.put("id", category.id());
        node.put("title", category.title());
        node.put("display_order", category.displayOrder());
        node.put("type", category.type());
        return node;
    }

    private ObjectNode render(Audience audience, Audience.Interest interest) {
        ObjectNode node = mapper.createObjectNode();
        node.put("category_id", interest.categoryId());
        node.put("list_id", audience.id());
        node.put("id", interest.id());
        node.put("name", interest.name());
        node.put("subscriber_count", String.valueOf(audience.members.values().stream()
                .filter(m -> m.interests != null && List.of(m.interests).contains(interest.id())).count()));
        node.put("display_order", interest.displayOrder());
        return node;
    }
}
