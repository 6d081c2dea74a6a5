package io.mlconnector.nifi.mailchimp.sync;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlconnector.nifi.mailchimp.MailchimpTransientException;
import io.mlconnector.nifi.mailchimp.audience.AudienceException;
import io.mlconnector.nifi.mailchimp.audience.MemberIndex;
import io.mlconnector.nifi.mailchimp.contact.Contact;
import io.mlconnector.nifi.mailchimp.contact.ContentFingerprint;
import io.mlconnector.nifi.mailchimp.contact.KnownMember;
import io.mlconnector.nifi.mailchimp.contact.Plan;
import io.mlconnector.nifi.mailchimp.contact.SyncAction;
import io.mlconnector.nifi.mailchimp.segment.AudienceSegments;
import io.mlconnector.nifi.mailchimp.segment.SegmentClient;
import io.mlconnector.nifi.mailchimp.segment.SegmentFields;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntPredicate;

/**
 * Keeps the tags and the interest group a record maps to in step with PeopleSoft, for one audience.
 * <ul>
 *   <li>Interests go inside the batch upsert (and the member calls of moves and restores): the record's group true,
 *       the category's other groups false, so a move changes the group.</li>
 *   <li>Tags go inline when a contact is created. For contacts already in the audience the tags change in batch: per
 *       tag, one static-segment call adds and removes up to 500 members, just before the batch upsert (which writes
 *       the new SYNCTAGS), or after the member call that moved or restored the contact. Only tags this sync set before
 *       (the SYNCTAGS the index read) are removed; a marketer's own tags never are.</li>
 * </ul>
 * A tag call that fails sends its records to retry (or failure) and leaves their indexed SYNCTAGS as before, so the
 * retry moves the tags again. Each hook takes the records of one call (a batch, or a member call) and runs on that
 * call's thread, so the tag calls run one after another within the call's connection slot; calls of different batches
 * run at once. A preview creates and moves nothing: it names what the real run would create.
 */
final class TagAndGroupSync {

    static final String INTEREST_MISSING = "Interest group '%s' does not exist in interest category '%s' and Create "
            + "Missing Interest Groups is false";

    private final SegmentClient client;
    private final AudienceSegments segments;
    private final SegmentFields fields;
    private final String interestCategory;
    private final boolean createInterests;
    private final RunMode mode;
    private final MemberIndex index;
    /** The category's interests by name, as last resolved: the audience's only grow, so every thread's answer is kept. */
    private final Map<String, String> interestIds = new ConcurrentHashMap<>();

    /**
     * @param createInterests Create Missing Interest Groups
     */
    TagAndGroupSync(final SegmentClient client, final AudienceSegments segments, final SegmentFields fields,
                    final String interestCategory, final boolean createInterests, final RunMode mode, final MemberIndex index) {
        this.client = client;
        this.segments = segments;
        this.fields = fields;
        this.interestCategory = interestCategory;
        this.createInterests = createInterests;
        this.mode = mode;
        this.index = index;
    }

    /**
     * Finds the interest groups the call's writes name. A missing group is created when Create Missing Interest Groups
     * is true (in a preview, only named); otherwise the writes naming it fail here, before any call, as do all the
     * writes when the groups cannot be read.
     *
     * @return the groups missing that the real run creates (a real run created them: none are left)
     */
    Set<String> prepare(final CallRecords records) {
        final Set<String> groups = new HashSet<>();
        if (!fields.syncsInterests()) {
            return Set.of();
        }
        for (final Plan plan : records.plans()) {
            if (writesContact(plan)) {
                groups.add(group(plan.contact()));
            }
        }
        groups.remove("");
        try {
            interestIds.putAll(segments.interestIds(client, groups, createInterests && mode == RunMode.APPLY));
        } catch (final AudienceException | MailchimpTransientException e) {
            records.settleUnsettled(i -> writesContact(records.plan(i)), Outcome.failed(e));
            return Set.of();
        }
        final Set<String> missing = new TreeSet<>(groups);
        missing.removeAll(interestIds.keySet());
        if (createInterests) {
            return missing;
        }
        for (int i = 0; i < records.size(); i++) {
            final Plan plan = records.plan(i);
            if (!records.isSettled(i) && writesContact(plan) && missing.contains(group(plan.contact()))) {
                records.settle(i, Outcome.failure(Decisions.statusOf(plan.target()),
                        INTEREST_MISSING.formatted(group(plan.contact()), interestCategory)));
            }
        }
        return Set.of();
    }

    /** Whether the plan writes the contact's fields (and so its interests): upserts, moves and restores. */
    private static boolean writesContact(final Plan plan) {
        return switch (plan.operation()) {
            case UPSERT, CHANGE_EMAIL, MERGE_ADDRESSES, RESTORE -> true;
            default -> false;
        };
    }

    /** Adds the interests, and for a new contact the tags from its fields, to a member written by a call. */
    void decorate(final ObjectNode member, final Contact contact, final boolean create) {
        if (fields.syncsInterests()) {
            final String group = group(contact);
            final ObjectNode interests = member.putObject("interests");
            interestIds.forEach((name, id) -> interests.put(id, name.equals(group)));
        }
        final Set<String> tags = SegmentFields.tags(contact.mergeFields().get(SegmentFields.SYNC_TAGS));
        if (create && !tags.isEmpty()) {
            final ArrayNode array = member.has("tags") ? (ArrayNode) member.get("tags") : member.putArray("tags");
            tags.forEach(array::add);
        }
    }

    /**
     * Writes a batch item's interests and, for a new contact ({@code tags} not {@code null}), its tags: {@code tags}
     * then those from its fields.
     */
    void decorate(final JsonGenerator out, final Contact contact, final List<String> tags) throws IOException {
        if (fields.syncsInterests()) {
            final String group = group(contact);
            out.writeObjectFieldStart("interests");
            for (final Map.Entry<String, String> interest : interestIds.entrySet()) {
                out.writeBooleanField(interest.getValue(), interest.getKey().equals(group));
            }
            out.writeEndObject();
        }
        final Set<String> fromFields = tags == null ? Set.of() : SegmentFields.tags(contact.mergeFields().get(SegmentFields.SYNC_TAGS));
        if (tags != null && !(tags.isEmpty() && fromFields.isEmpty())) {
            out.writeArrayFieldStart("tags");
            for (final String tag : tags) {
                out.writeString(tag);
            }
            for (final String tag : fromFields) {
                out.writeString(tag);
            }
            out.writeEndArray();
        }
    }

    /** The tags a decided create or update needs that the audience lacks (what a preview reports the real run creates). */
    Set<String> missingTags(final Plan plan, final Outcome decided) throws AudienceException, MailchimpTransientException {
        final Set<String> needed = new TreeSet<>();
        if (writesContact(plan) && written(decided)) {
            needed.addAll(SegmentFields.tags(plan.contact().mergeFields().get(SegmentFields.SYNC_TAGS)));
        }
        if (needed.isEmpty()) {
            return needed;
        }
        needed.removeAll(segments.tagIds(client, needed, false).keySet());
        return needed;
    }

    /** One static-segment call: a tag, up to 500 addresses to add and to remove, and the records they come from. */
    private record TagCall(String tag, List<String> add, List<String> remove, Set<Integer> positions) {
    }

    /**
     * Before the batch upsert: moves the tags of the contacts it will update. Their SYNCTAGS is written only after, so
     * when a tag call fails the record is retried with the upsert not sent, and Mailchimp still holds the SYNCTAGS
     * that matches the tags (a repeated move changes nothing).
     */
    void moveTagsOfUpdates(final CallRecords records) {
        if (fields.syncsTags()) {
            move(records, i -> !records.isSettled(i) && records.plan(i).operation() == Plan.Operation.UPSERT
                    && records.plan(i).target() != null);
        }
    }

    /**
     * Once the call's writes are settled: moves the tags of the contacts that member calls moved or restored (their
     * address may be new), then records the SYNCTAGS of every contact written, except those whose tags failed.
     */
    void afterWrites(final CallRecords records) {
        if (!fields.syncsTags()) {
            return;
        }
        final Set<Integer> failed = move(records, i -> writesContact(records.plan(i)) && records.plan(i).operation() != Plan.Operation.UPSERT
                && records.plan(i).target() != null && written(records.outcome(i)) && records.outcome(i).action() == SyncAction.UPDATED);
        for (int i = 0; i < records.size(); i++) {
            final Contact contact = records.plan(i).contact();
            if (failed.contains(i)) {
                forgetWrite(contact.subscriberHash(), records.plan(i).target());
            } else if (writesContact(records.plan(i)) && written(records.outcome(i))) {
                index.putSyncTags(contact.subscriberHash(), contact.mergeFields().get(SegmentFields.SYNC_TAGS));
            }
        }
    }

    /**
     * The contact was written but its tags were not moved: the index keeps the tags set before and forgets the content
     * it wrote, so the retry is not taken for unchanged and moves the tags again.
     */
    private void forgetWrite(final String subscriberHash, final KnownMember before) {
        final KnownMember now = index.byHash(subscriberHash);
        if (now != null) {
            index.put(new KnownMember(now.subscriberHash(), now.status(), now.sourceId(), now.version(),
                    ContentFingerprint.UNKNOWN, before.syncTags() == null ? "" : before.syncTags()));
        }
    }

    private static boolean written(final Outcome outcome) {
        return outcome != null && outcome.route() == Outcome.Route.SUCCESS
                && (outcome.action() == SyncAction.CREATED || outcome.action() == SyncAction.UPDATED);
    }

    /** Moves the tags of the chosen records from the SYNCTAGS the index read to the record's; returns the failed ones. */
    private Set<Integer> move(final CallRecords records, final IntPredicate chosen) {
        final Map<String, List<Integer>> adds = new TreeMap<>();
        final Map<String, List<Integer>> removes = new TreeMap<>();
        for (int i = 0; i < records.size(); i++) {
            if (!chosen.test(i)) {
                continue;
            }
            final Plan plan = records.plan(i);
            final Set<String> now = SegmentFields.tags(plan.contact().mergeFields().get(SegmentFields.SYNC_TAGS));
            final Set<String> before = SegmentFields.tags(plan.target().syncTags());
            final int position = i;
            now.stream().filter(tag -> !before.contains(tag)).forEach(tag -> adds.computeIfAbsent(tag, t -> new ArrayList<>()).add(position));
            before.stream().filter(tag -> !now.contains(tag)).forEach(tag -> removes.computeIfAbsent(tag, t -> new ArrayList<>()).add(position));
        }
        return run(records, adds, removes);
    }

    /** Runs the tag calls one after another; returns the positions of the records whose calls failed. */
    private Set<Integer> run(final CallRecords records, final Map<String, List<Integer>> adds,
                             final Map<String, List<Integer>> removes) {
        final Set<Integer> failed = new HashSet<>();
        if (adds.isEmpty() && removes.isEmpty()) {
            return failed;
        }
        final Map<String, String> ids;
        final Set<String> names = new TreeSet<>(adds.keySet());
        names.addAll(removes.keySet());
        try {
            ids = segments.tagIds(client, adds.keySet(), true);
            ids.putAll(segments.tagIds(client, removes.keySet(), false));
        } catch (final AudienceException | MailchimpTransientException e) {
            final Set<Integer> all = new HashSet<>();
            adds.values().forEach(all::addAll);
            removes.values().forEach(all::addAll);
            all.forEach(position -> records.settle(position, tagsFailed(records.plan(position), records.outcome(position), e)));
            return all;
        }
        final List<TagCall> calls = new ArrayList<>();
        for (final String tag : names) {
            if (ids.containsKey(tag)) {
                calls.addAll(chunks(tag, records.plans(), adds.getOrDefault(tag, List.of()), removes.getOrDefault(tag, List.of())));
            }
        }
        for (final TagCall call : calls) {
            try {
                client.updateTag(ids.get(call.tag()), call.add(), call.remove());
            } catch (final AudienceException | MailchimpTransientException e) {
                for (final int position : call.positions()) {
                    failed.add(position);
                    records.settle(position, tagsFailed(records.plan(position), records.outcome(position), e));
                }
            }
        }
        return failed;
    }

    /**
     * Adds one tag to the chosen records' contacts, in one static-segment call per 500 (e.g. the archive marker of a
     * batch's terminations); returns the records whose call failed, with why. Settles nothing.
     */
    Map<Integer, Exception> addTag(final CallRecords records, final String tag, final List<Integer> positions) {
        final Map<Integer, Exception> failed = new TreeMap<>();
        try {
            final String id = segments.tagIds(client, Set.of(tag), true).get(tag);
            for (final TagCall call : chunks(tag, records.plans(), positions, List.of())) {
                try {
                    client.updateTag(id, call.add(), call.remove());
                } catch (final AudienceException | MailchimpTransientException e) {
                    call.positions().forEach(position -> failed.put(position, e));
                }
            }
        } catch (final AudienceException | MailchimpTransientException e) {
            positions.forEach(position -> failed.put(position, e));
        }
        return failed;
    }

    private static List<TagCall> chunks(final String tag, final List<Plan> plans, final List<Integer> add, final List<Integer> remove) {
        final List<TagCall> calls = new ArrayList<>();
        final int size = SegmentClient.MAX_SEGMENT_MEMBERS;
        for (int from = 0; from < Math.max(add.size(), remove.size()); from += size) {
            final List<Integer> adding = add.subList(Math.min(from, add.size()), Math.min(from + size, add.size()));
            final List<Integer> removing = remove.subList(Math.min(from, remove.size()), Math.min(from + size, remove.size()));
            final Set<Integer> positions = new HashSet<>(adding);
            positions.addAll(removing);
            calls.add(new TagCall(tag, emails(plans, adding), emails(plans, removing), positions));
        }
        return calls;
    }

    private static List<String> emails(final List<Plan> plans, final List<Integer> positions) {
        return positions.stream().map(position -> plans.get(position).contact().emailAddress()).toList();
    }

    /** A record whose tags could not be moved: after a write, it says so; before, the contact was left unchanged. */
    private static Outcome tagsFailed(final Plan plan, final Outcome written, final Exception e) {
        final String reason = (written == null ? "Tags could not be updated, so the contact was left unchanged: "
                : "Contact " + written.action().value() + ", but its tags could not be updated: ") + e.getMessage();
        final String status = written != null ? written.status() : plan.target().status().apiValue();
        return Outcome.followUpFailed(e, status, reason);
    }

    private static String group(final Contact contact) {
        final String group = contact.mergeFields().get(SegmentFields.SYNC_GROUP);
        return group == null ? "" : group;
    }
}
