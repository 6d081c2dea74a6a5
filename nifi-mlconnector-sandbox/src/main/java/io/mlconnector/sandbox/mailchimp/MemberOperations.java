package io.mlconnector.sandbox.mailchimp;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
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
                return create(audience, hash, email, initial, body, skipMergeValidation, false);
            }
            if (status == null && m.status == MemberStatus.ARCHIVED) {
                status = status(body, "status_if_new");
            }
            return update(audience, hash, m, body, status, skipMergeValidation, false, false);
        }
    }

    /** PATCH: update only. */
    StoredMember patch(Audience audience, String pathSegment, JsonNode body, boolean skipMergeValidation) {
        schemas.check(RequestSchemas.PATCH_MEMBER, body);
        String hash = hashOf(pathSegment);
        synchronized (audience) {
            StoredMember m = existing(audience, hash);
            return update(audience, hash, m, body, status(body, "status"), skipMergeValidation, false, false);
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
            StoredMember m = audience.members.get(hash);
            if (m != null && m.status == MemberStatus.ARCHIVED) {
                // O2 [REC]: answered 200 with the same id and the tags kept, as a PUT with a status.
                return update(audience, hash, m, body, status(body, "status"), skipMergeValidation, false, false);
            }
            if (m != null) {
                throw Problems.memberExists(email);
            }
            return create(audience, hash, email, status(body, "status"), body, skipMergeValidation, false);
        }
    }

    /** DELETE: archive. */
    void archive(Audience audience, String pathSegment) {
        synchronized (audience) {
            StoredMember m = existing(audience, hashOf(pathSegment));
            switch (m.status) {
                case CLEANED -> throw Problems.cannotRemove();
                case ARCHIVED, PENDING -> throw Problems.cannotArchive();
                default -> {
                    m.status = MemberStatus.ARCHIVED;
                    m.lastChangedMillis = audience.now().toEpochMilli();
                }
            }
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
            boolean changed = false;
            for (JsonNode tag : body.get("tags")) {
                String name = tag.get("name").asText();
                if ("active".equals(tag.get("status").asText())) {
                    changed |= m.addTag(audience.tag(name).id());
                } else if (audience.tagsByName.containsKey(name)) {
                    changed |= m.removeTag(audience.tagsByName.get(name).id());
                }
            }
            // O9 [REC]: adding or deactivating a tag moves last_changed; an empty tag list does not.
            if (changed) {
                m.lastChangedMillis = audience.now().toEpochMilli();
            }
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
        boolean refuseUnknownTags = settings.batchUnknownMergeTag() == MailchimpSettings.BatchUnknownMergeTag.REFUSED;
        synchronized (audience) {
            if (audience.forgotten.contains(hash)) {
                throw Problems.forgotten(email);
            }
            StoredMember m = audience.members.get(hash);
            boolean asNew = m == null
                    || m.status == MemberStatus.ARCHIVED && settings.batchArchived() == MailchimpSettings.BatchArchived.UNARCHIVE_AS_NEW;
            if (asNew && status == null) {
                throw Problems.invalidResource("status", "Required fields were not provided: status");
            }
            if (m == null) {
                return new BatchOutcome(create(audience, hash, email, status, item, skipMergeValidation, refuseUnknownTags), true);
            }
            if (!asNew && !updateExisting) {
                throw new ContactExists(email);
            }
            if (status == null && settings.batchMissingStatus() == MailchimpSettings.BatchMissingStatus.REFUSED) {
                throw Problems.invalidResource("status", "Required fields were not provided: status");
            }
            StoredMember updated = update(audience, hash, m, item, status, skipMergeValidation,
                    !settings.batchComplianceAsError(), refuseUnknownTags);
            if (syncTags) {
                int[] tags = tagIds(audience, item.get("tags"));
                if (!Arrays.equals(tags, updated.tagIds)) {
                    updated.tagIds = tags;
                    updated.lastChangedMillis = audience.now().toEpochMilli();
                }
            }
            return new BatchOutcome(updated, asNew);
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
                                boolean skipMergeValidation, boolean refuseUnknownTags) {
        checkAddress(email);
        checkSignup(email);
        Map<String, Object> merge = mergeValidator.apply(audience, body.get("merge_fields"), null, skipMergeValidation,
                refuseUnknownTags);
        String[] interests = interests(audience, body.get("interests"), null);
        StoredMember m = new StoredMember(settings.storeEmailLowerCase() ? email.toLowerCase(Locale.ROOT) : email, status,
                audience.now());
        m.mergeFields = merge;
        m.interests = interests;
        m.tagIds = tagIds(audience, body.get("tags"));
        applyPlainFields(m, body);
        audience.members.put(hash, m);
        return m;
    }

    /** Applies a write to an existing member; {@code last_changed} moves only when something changed (O9). */
    private StoredMember update(Audience audience, String hash, StoredMember m, JsonNode body, MemberStatus status,
                                boolean skipMergeValidation, boolean ignoreCompliance, boolean refuseUnknownTags) {
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
        if (m.status == MemberStatus.ARCHIVED && status != null) {
            checkSignup(m.email);
        }
        Map<String, Object> merge = mergeValidator.apply(audience, body.get("merge_fields"), m.mergeFields, skipMergeValidation,
                refuseUnknownTags);
        String[] interests = interests(audience, body.get("interests"), m.interests);
        boolean changed = !newHash.equals(hash) || status != null && status != m.status
                || !Objects.equals(merge, m.mergeFields) || !Arrays.equals(interests, m.interests);
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
        changed |= applyPlainFields(m, body);
        if (changed) {
            m.lastChangedMillis = audience.now().toEpochMilli();
        }
        return m;
    }

    /** R4: a signup the anti-abuse throttle refuses, for hours or days. */
    private void checkSignup(String email) {
        if (settings.isSignupThrottled(email)) {
            throw Problems.tooManySignups(email);
        }
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

    /** Sets language, VIP and email type when given; true when one changed. */
    private static boolean applyPlainFields(StoredMember m, JsonNode body) {
        String language = m.language;
        boolean vip = m.vip;
        boolean textEmail = m.textEmail;
        if (body.hasNonNull("language")) {
            m.language = body.get("language").asText();
        }
        if (body.hasNonNull("vip")) {
            m.vip = body.get("vip").asBoolean();
        }
        if (body.hasNonNull("email_type")) {
            m.textEmail = "text".equals(body.get("email_type").asText());
        }
        return !Objects.equals(language, m.language) || vip != m.vip || textEmail != m.textEmail;
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
