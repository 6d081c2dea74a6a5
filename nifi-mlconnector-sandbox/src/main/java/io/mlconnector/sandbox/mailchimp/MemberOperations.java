package io.mlconnector.sandbox.mailchimp;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The member state machine (mailchimp.md §2.5, §11.2): create, update, archive, permanent delete and tags, with
 * Mailchimp's errors. Every method locks the audience and validates fully before it changes anything.
 */
final class MemberOperations {

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s.]+");

    private final MailchimpSettings settings;
    private final RequestSchemas schemas;
    private final MergeFieldValidator mergeValidator;

    MemberOperations(MailchimpSettings settings, RequestSchemas schemas) {
        this.settings = settings;
        this.schemas = schemas;
        this.mergeValidator = new MergeFieldValidator(settings);
    }

    /** The hash a member path segment stands for: the hash itself or, if allowed, the address. */
    String hashOf(String pathSegment) {
        if (settings.acceptEmailInPath() && pathSegment.contains("@")) {
            return Hashes.subscriberHash(pathSegment);
        }
        return pathSegment.toLowerCase(Locale.ROOT);
    }

    StoredMember get(Audience audience, String pathSegment) {
        synchronized (audience) {
            return existing(audience, hashOf(pathSegment));
        }
    }

    /** PUT: add or update. */
    StoredMember put(Audience audience, String pathSegment, JsonNode body, boolean skipMergeValidation) {
        schemas.check(RequestSchemas.PUT_MEMBER, body,
                settings.putRequiresStatusIfNew() ? List.of() : List.of("email_address", "status_if_new"));
        String hash = hashOf(pathSegment);
        String email = text(body, "email_address");
        MemberStatus status = status(body, "status");
        synchronized (audience) {
            StoredMember m = audience.members.get(hash);
            if (m == null) {
                if (audience.forgotten.contains(hash)) {
                    throw Problems.forgotten(email == null ? pathSegment : email);
                }
                if (email != null && !Hashes.subscriberHash(email).equals(hash)) {
                    // The client hashed something else than the lower-cased address (mailchimp.md §2.6).
                    throw audience.forgotten.contains(Hashes.subscriberHash(email))
                            ? Problems.forgotten(email) : Problems.memberExists(email);
                }
                MemberStatus initial = status != null ? status : status(body, "status_if_new");
                if (email == null || initial == null) {
                    throw Problems.invalidResource("", "Required fields were not provided: "
                            + (email == null ? "email_address" : "status_if_new"));
                }
                return create(audience, hash, email, initial, body, skipMergeValidation);
            }
            if (status == null && m.status == MemberStatus.ARCHIVED) {
                status = status(body, "status_if_new");
            }
            return update(audience, hash, m, body, status, skipMergeValidation, false);
        }
    }

    /** PATCH: update only. */
    StoredMember patch(Audience audience, String pathSegment, JsonNode body, boolean skipMergeValidation) {
        schemas.check(RequestSchemas.PATCH_MEMBER, body);
        String hash = hashOf(pathSegment);
        synchronized (audience) {
            StoredMember m = existing(audience, hash);
            return update(audience, hash, m, body, status(body, "status"), skipMergeValidation, false);
        }
    }

    /** POST: add only. */
    StoredMember post(Audience audience, JsonNode body, boolean skipMergeValidation) {
        schemas.check(RequestSchemas.POST_MEMBER, body);
        String email = text(body, "email_address");
        String hash = Hashes.subscriberHash(email);
        synchronized (audience) {
            if (audience.forgotten.contains(hash)) {
                throw Problems.forgotten(email);
            }
            if (audience.members.containsKey(hash)) {
                throw Problems.memberExists(email);
            }
            return create(audience, hash, email, status(body, "status"), body, skipMergeValidation);
        }
    }

    /** DELETE: archive. */
    void archive(Audience audience, String pathSegment) {
        synchronized (audience) {
            StoredMember m = existing(audience, hashOf(pathSegment));
            if (m.status == MemberStatus.CLEANED) {
                throw Problems.cannotRemove();
            }
            m.status = MemberStatus.ARCHIVED;
            m.lastChangedEpochSecond = audience.now().getEpochSecond();
        }
    }

    /** actions/delete-permanent: gone for good. */
    void deletePermanent(Audience audience, String pathSegment) {
        String hash = hashOf(pathSegment);
        synchronized (audience) {
            existing(audience, hash);
            audience.members.remove(hash);
            audience.forgotten.add(hash);
        }
    }

    /** POST tags: activate or deactivate tags; unknown active tags are created. */
    void tags(Audience audience, String pathSegment, JsonNode body) {
        schemas.check(RequestSchemas.POST_TAGS, body);
        synchronized (audience) {
            StoredMember m = existing(audience, hashOf(pathSegment));
            for (JsonNode tag : body.get("tags")) {
                String name = tag.get("name").asText();
                if ("active".equals(tag.get("status").asText())) {
                    m.addTag(audience.tag(name).id());
                } else if (audience.tagsByName.containsKey(name)) {
                    m.removeTag(audience.tagsByName.get(name).id());
                }
            }
            m.lastChangedEpochSecond = audience.now().getEpochSecond();
        }
    }

    /** Outcome of one member of a batch subscribe. */
    record BatchOutcome(StoredMember member, boolean created) {
    }

    /**
     * One member of {@code POST /lists/{id}}: created, updated (when {@code updateExisting}) or an exception the caller
     * turns into an {@code errors[]} item.
     */
    BatchOutcome batchMember(Audience audience, JsonNode item, boolean updateExisting, boolean syncTags,
                             boolean skipMergeValidation) {
        String email = text(item, "email_address");
        if (email == null) {
            throw Problems.invalidResource("", "Required fields were not provided: email_address");
        }
        String hash = Hashes.subscriberHash(email);
        MemberStatus status = status(item, "status");
        synchronized (audience) {
            if (audience.forgotten.contains(hash)) {
                throw Problems.forgotten(email);
            }
            StoredMember m = audience.members.get(hash);
            if (m == null) {
                if (status == null) {
                    throw Problems.invalidResource("status", "Required fields were not provided: status");
                }
                return new BatchOutcome(create(audience, hash, email, status, item, skipMergeValidation), true);
            }
            if (!updateExisting) {
                throw new ContactExists(email);
            }
            StoredMember updated = update(audience, hash, m, item, status, skipMergeValidation,
                    !settings.batchComplianceAsError());
            if (syncTags) {
                updated.tagIds = tagIds(audience, item.get("tags"));
            }
            return new BatchOutcome(updated, false);
        }
    }

    /** ERROR_CONTACT_EXISTS in a batch subscribe. */
    static final class ContactExists extends RuntimeException {
        ContactExists(String email) {
            super(email + " is already a list member.", null, false, false);
        }
    }

    private StoredMember existing(Audience audience, String hash) {
        StoredMember m = audience.members.get(hash);
        if (m == null) {
            throw Problems.notFound();
        }
        return m;
    }

    private StoredMember create(Audience audience, String hash, String email, MemberStatus status, JsonNode body,
                                boolean skipMergeValidation) {
        checkAddress(email);
        Map<String, Object> merge = mergeValidator.apply(audience, body.get("merge_fields"), null, skipMergeValidation);
        String[] interests = interests(audience, body.get("interests"), null);
        StoredMember m = new StoredMember(settings.storeEmailLowerCase() ? email.toLowerCase(Locale.ROOT) : email, status,
                audience.now().getEpochSecond());
        m.mergeFields = merge;
        m.interests = interests;
        m.tagIds = tagIds(audience, body.get("tags"));
        applyPlainFields(m, body);
        audience.members.put(hash, m);
        return m;
    }

    private StoredMember update(Audience audience, String hash, StoredMember m, JsonNode body, MemberStatus status,
                                boolean skipMergeValidation, boolean ignoreCompliance) {
        if (m.status == MemberStatus.CLEANED) {
            throw Problems.cleaned();
        }
        String email = text(body, "email_address");
        String newHash = email == null ? hash : Hashes.subscriberHash(email);
        if (!newHash.equals(hash)) {
            if (audience.forgotten.contains(newHash)) {
                throw Problems.forgotten(email);
            }
            if (audience.members.containsKey(newHash)) {
                throw Problems.memberExists(email);
            }
            checkAddress(email);
        }
        if (status == MemberStatus.SUBSCRIBED && m.status == MemberStatus.UNSUBSCRIBED) {
            if (!ignoreCompliance) {
                throw Problems.complianceState(m.email);
            }
            status = null;
        }
        Map<String, Object> merge = mergeValidator.apply(audience, body.get("merge_fields"), m.mergeFields, skipMergeValidation);
        String[] interests = interests(audience, body.get("interests"), m.interests);
        if (!newHash.equals(hash)) {
            audience.members.remove(hash);
            m.email = settings.storeEmailLowerCase() ? email.toLowerCase(Locale.ROOT) : email;
            audience.members.put(newHash, m);
        }
        if (status != null) {
            m.status = status;
        }
        m.mergeFields = merge;
        m.interests = interests;
        applyPlainFields(m, body);
        m.lastChangedEpochSecond = audience.now().getEpochSecond();
        return m;
    }

    private void checkAddress(String email) {
        if (!EMAIL.matcher(email).matches()) {
            throw Problems.invalidEmail();
        }
        String domain = email.substring(email.indexOf('@') + 1).toLowerCase(Locale.ROOT);
        if (settings.fakeEmailDomains().contains(domain)) {
            throw Problems.fakeEmail(email);
        }
    }

    private String[] interests(Audience audience, JsonNode requested, String[] current) {
        if (requested == null || !requested.isObject()) {
            return current;
        }
        Set<String> on = new LinkedHashSet<>(current == null ? List.of() : Arrays.asList(current));
        List<ApiException.FieldError> errors = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : requested.properties()) {
            if (!audience.interests.containsKey(e.getKey())) {
                if (settings.rejectUnknownInterests()) {
                    errors.add(new ApiException.FieldError("interests", "Invalid interest ID: '" + e.getKey() + "'"));
                }
                continue;
            }
            if (e.getValue().asBoolean()) {
                on.add(e.getKey());
            } else {
                on.remove(e.getKey());
            }
        }
        if (!errors.isEmpty()) {
            throw Problems.invalidResource(errors);
        }
        return on.isEmpty() ? null : on.toArray(String[]::new);
    }

    private static int[] tagIds(Audience audience, JsonNode names) {
        if (names == null || !names.isArray() || names.isEmpty()) {
            return null;
        }
        Set<Integer> ids = new LinkedHashSet<>();
        names.forEach(n -> ids.add(audience.tag(n.asText()).id()));
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    private static void applyPlainFields(StoredMember m, JsonNode body) {
        if (body.hasNonNull("language")) {
            m.language = body.get("language").asText();
        }
        if (body.hasNonNull("vip")) {
            m.vip = body.get("vip").asBoolean();
        }
        if (body.hasNonNull("email_type")) {
            m.textEmail = "text".equals(body.get("email_type").asText());
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode node = body.get(field);
        return node == null || node.isNull() ? null : node.asText();
    }

    private static MemberStatus status(JsonNode body, String field) {
        String wire = text(body, field);
        return wire == null ? null : MemberStatus.of(wire);
    }
}
