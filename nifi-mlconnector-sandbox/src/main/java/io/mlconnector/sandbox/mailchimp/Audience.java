package io.mlconnector.sandbox.mailchimp;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * One Mailchimp audience (list): members keyed by subscriber hash, the forgotten (permanently deleted) hashes, merge
 * fields, tags and interests. All access goes through the audience's monitor.
 */
public final class Audience {

    static final Pattern TAG = Pattern.compile("[A-Z0-9_]{1,10}");
    static final Set<String> MERGE_TYPES = Set.of("text", "number", "address", "phone", "date", "url", "imageurl",
            "radio", "dropdown", "birthday", "zip");

    record Tag(int id, String name, Instant dateAdded) {
    }

    record InterestCategory(String id, String title, String type, int displayOrder) {
    }

    record Interest(String id, String categoryId, String name, int displayOrder) {
    }

    private final String id;
    private final String name;
    private final Instant created;
    private final Supplier<Instant> clock;
    private final Runnable beforeRead;
    final Map<String, StoredMember> members = new LinkedHashMap<>();
    final Set<String> forgotten = new HashSet<>();
    final Map<Integer, MergeField> mergeFields = new LinkedHashMap<>();
    final Map<String, Tag> tagsByName = new LinkedHashMap<>();
    final Map<Integer, Tag> tagsById = new HashMap<>();
    final Map<String, InterestCategory> interestCategories = new LinkedHashMap<>();
    final Map<String, Interest> interests = new LinkedHashMap<>();
    private int nextMergeId = 1;
    private int mergeFieldLimit = 30;

    Audience(String id, String name, Supplier<Instant> clock, Runnable beforeRead) {
        this.id = id;
        this.name = name;
        this.clock = clock;
        this.beforeRead = beforeRead;
        this.created = clock.get();
        addMergeField("FNAME", "First Name", "text", false);
        addMergeField("LNAME", "Last Name", "text", false);
        addMergeField("ADDRESS", "Address", "address", false);
        addMergeField("PHONE", "Phone Number", "phone", false);
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    Instant created() {
        return created;
    }

    Instant now() {
        return clock.get();
    }

    /** Every member, archived ones included, in insertion order. */
    public List<Member> members() {
        beforeRead.run();
        synchronized (this) {
            List<Member> all = new ArrayList<>(members.size());
            for (StoredMember m : members.values()) {
                all.add(snapshot(m));
            }
            return all;
        }
    }

    /** The member with this address (any case), unless absent or permanently deleted. */
    public Optional<Member> member(String email) {
        beforeRead.run();
        synchronized (this) {
            StoredMember m = members.get(Hashes.subscriberHash(email));
            return m == null ? Optional.empty() : Optional.of(snapshot(m));
        }
    }

    /**
     * Puts a member in place without any API rule, in any status (cleaned, transactional and archived included).
     *
     * @param status Mailchimp's lower-case status
     */
    public synchronized Member seedMember(String email, String status, Map<String, Object> mergeFields) {
        String hash = Hashes.subscriberHash(email);
        forgotten.remove(hash);
        StoredMember m = new StoredMember(email, MemberStatus.of(status), clock.get());
        m.mergeFields = mergeFields == null || mergeFields.isEmpty() ? null : Map.copyOf(mergeFields);
        members.put(hash, m);
        return snapshot(m);
    }

    /**
     * A marketer's edit in Mailchimp's web app: the merge fields given replace the member's values (the others stay),
     * and {@code last_changed} moves, as it does for any change.
     */
    public synchronized Member editByHand(String email, Map<String, Object> values) {
        StoredMember m = stored(email);
        Map<String, Object> fields = new HashMap<>(m.mergeFields == null ? Map.of() : m.mergeFields);
        fields.putAll(values);
        m.mergeFields = Map.copyOf(fields);
        m.lastChangedMillis = clock.get().toEpochMilli();
        return snapshot(m);
    }

    /** A marketer archives the contact in Mailchimp's web app: no tag says why, and it leaves the default listing. */
    public synchronized Member archiveByHand(String email) {
        StoredMember m = stored(email);
        m.status = MemberStatus.ARCHIVED;
        m.lastChangedMillis = clock.get().toEpochMilli();
        return snapshot(m);
    }

    private StoredMember stored(String email) {
        StoredMember m = members.get(Hashes.subscriberHash(email));
        if (m == null) {
            throw new NoSuchElementException("No contact <" + email + "> in audience " + name);
        }
        return m;
    }

    /** Removes every member, permanently deleted addresses included, as for a new audience. */
    public synchronized void clear() {
        members.clear();
        forgotten.clear();
    }

    /** Permanently deletes the address: it disappears and can never be added again. */
    public synchronized void forget(String email) {
        String hash = Hashes.subscriberHash(email);
        members.remove(hash);
        forgotten.add(hash);
    }

    public synchronized List<MergeField> mergeFields() {
        return List.copyOf(mergeFields.values());
    }

    /** Adds a merge field as a marketer would in the UI (for example a required field added behind the sync's back). */
    public synchronized MergeField addMergeField(String tag, String type, boolean required) {
        return addMergeField(tag, tag, type, required);
    }

    /** Deletes a merge field as a marketer would in the UI; members lose its values. */
    public synchronized void deleteMergeField(String tag) {
        mergeFields.values().removeIf(f -> f.tag().equals(tag));
        members.values().stream().filter(m -> m.mergeFields != null && m.mergeFields.containsKey(tag)).forEach(m -> {
            Map<String, Object> kept = new HashMap<>(m.mergeFields);
            kept.remove(tag);
            m.mergeFields = Collections.unmodifiableMap(kept);
        });
    }

    /** The maximum number of merge fields (default 30); more are rejected by POST merge-fields. */
    public synchronized void setMergeFieldLimit(int limit) {
        this.mergeFieldLimit = limit;
    }

    synchronized int mergeFieldLimit() {
        return mergeFieldLimit;
    }

    synchronized MergeField addMergeField(String tag, String name, String type, boolean required) {
        String upper = tag.toUpperCase(Locale.ROOT);
        if (!TAG.matcher(upper).matches() || !MERGE_TYPES.contains(type)) {
            throw new IllegalArgumentException("bad merge field " + tag + " " + type);
        }
        int mergeId = nextMergeId++;
        MergeField field = new MergeField(mergeId, upper, name, type, required, "", true, mergeId, "");
        mergeFields.put(mergeId, field);
        return field;
    }

    /** Activates a tag on a member as a marketer would in the UI; the tag is created when new. */
    public synchronized void tagMember(String email, String tagName) {
        StoredMember m = members.get(Hashes.subscriberHash(email));
        if (m == null) {
            throw new IllegalArgumentException("no member " + email);
        }
        m.addTag(tag(tagName).id());
    }

    /** The number of members with this tag (the static segment's {@code member_count}); 0 for an unknown tag. */
    public synchronized long tagMemberCount(String tagName) {
        Tag tag = tagsByName.get(tagName);
        return tag == null ? 0 : members.values().stream().filter(m -> m.hasTag(tag.id())).count();
    }

    /** The names of the audience's tags (static segments), in creation order. */
    public synchronized List<String> tagNames() {
        return List.copyOf(tagsByName.keySet());
    }

    /** The name of an interest (group) by id, or {@code null}. */
    public synchronized String interestName(String interestId) {
        Interest interest = interests.get(interestId);
        return interest == null ? null : interest.name();
    }

    /** The names of a category's interests, in display order; empty when the category does not exist. */
    public synchronized List<String> interestNames(String categoryTitle) {
        return interestCategories.values().stream().filter(c -> c.title().equals(categoryTitle)).findFirst()
                .map(c -> interests.values().stream().filter(i -> i.categoryId().equals(c.id()))
                        .sorted(java.util.Comparator.comparingInt(Interest::displayOrder)).map(Interest::name).toList())
                .orElse(List.of());
    }

    synchronized int nextMergeId() {
        return nextMergeId;
    }

    synchronized MergeField mergeField(String tag) {
        for (MergeField f : mergeFields.values()) {
            if (f.tag().equals(tag)) {
                return f;
            }
        }
        return null;
    }

    synchronized void putMergeField(MergeField field) {
        mergeFields.put(field.mergeId(), field);
        nextMergeId = Math.max(nextMergeId, field.mergeId() + 1);
    }

    synchronized Tag tag(String name) {
        return tagsByName.computeIfAbsent(name, n -> {
            Tag t = new Tag(tagsByName.size() + 1, n, clock.get());
            tagsById.put(t.id(), t);
            return t;
        });
    }

    synchronized List<String> tagNames(StoredMember m) {
        if (m.tagIds == null) {
            return List.of();
        }
        List<String> names = new ArrayList<>(m.tagIds.length);
        for (int tagId : m.tagIds) {
            names.add(tagsById.get(tagId).name());
        }
        return names;
    }

    private Member snapshot(StoredMember m) {
        return new Member(m.email, m.status.wire(), m.mergeFields == null ? Map.of() : m.mergeFields, tagNames(m),
                m.interests == null ? Set.of() : Set.copyOf(Arrays.asList(m.interests)),
                Instant.ofEpochMilli(m.lastChangedMillis));
    }
}
