package io.mlconnector.nifi.mailchimp.audience;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlconnector.nifi.mailchimp.MailchimpTransientException;
import io.mlconnector.nifi.mailchimp.contact.ContentFingerprint;
import io.mlconnector.nifi.mailchimp.contact.EmploymentRecords;
import io.mlconnector.nifi.mailchimp.contact.KnownMember;
import io.mlconnector.nifi.mailchimp.contact.MemberStatus;
import io.mlconnector.nifi.mailchimp.contact.SharedAddress;
import io.mlconnector.nifi.mailchimp.contact.SourceVersion;
import io.mlconnector.nifi.mailchimp.contact.SubscriberHash;
import io.mlconnector.nifi.mailchimp.segment.SegmentFields;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.regex.Pattern;

/**
 * The audiences a processor writes to, between start and stop: merge fields are checked before each run of FlowFiles
 * (one request; missing ones are created, and when one went missing since the last check the index is read anew),
 * and the member index is built once by paging through the audience ({@code total/1000} requests, run in parallel)
 * and then refreshed before each run of FlowFiles with {@code since_last_changed} (usually one request).
 * <p>
 * Mailchimp's default listing most likely leaves archived members out (mailchimp-observed.md O1), yet the sync must
 * know them, their status and source version, across restarts: a replayed older record must not restore a contact
 * archived at termination, and a rehire must find the archived contact. So the first read of an audience also pages
 * through {@code status=archived} (one request per 1000 archived members), unless the default listing's first page
 * shows archived members already. Refreshes do not: the sync archives through its own writes, which keep the index
 * current; a member someone else archives afterwards stays as the index last saw it until the processor restarts, as
 * any stale entry does (see below).
 * <p>
 * Our own writes move {@code last_changed} too, so a plain refresh would read back, one page per 1000, every contact
 * the previous FlowFiles wrote. Instead each write's answer is noted ({@link OwnWrites}); when the listing since the
 * watermark holds exactly as many members as we wrote since it, nobody else changed anything and its other pages are
 * not read: the watermark moves to our latest write. Otherwise every page is read, as before. The trade-off: a change
 * someone else made to a member we also wrote since the last refresh (say an unsubscribe link clicked between our
 * two writes) is counted as ours and not read. The sync tolerates that stale entry as it tolerates any: updates send
 * no status, creates no {@code update_existing}, terminations and rehires re-read the member; the entry is corrected
 * by the next listing that holds the member, or when the processor restarts.
 */
public final class AudienceCatalog {

    private static final Pattern SUBSCRIBER_HASH = Pattern.compile("[0-9a-f]{32}");

    private static final String ARCHIVED = "archived";

    private final Map<String, MemberIndex> indexes = new ConcurrentHashMap<>();
    /** Indexes that hold the archived members: the first complete read of an index reads them once. */
    private final Set<MemberIndex> archivedRead = ConcurrentHashMap.newKeySet();
    private final Map<String, OwnWrites> ownWrites = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final Set<String> mergeFieldsReady = ConcurrentHashMap.newKeySet();
    /** Whether a listing since a second was seen to hold members changed in that second itself (O10). */
    private volatile boolean boundaryListed;
    /** Per audience, the merge tags it has and whether missing ones may be created, as of its last preparation. */
    private final Map<String, Set<String>> presentTags = new ConcurrentHashMap<>();
    private final Map<String, Boolean> mayCreate = new ConcurrentHashMap<>();
    private final Map<String, Object> fieldLocks = new ConcurrentHashMap<>();
    private final String sourceIdMergeField;
    private final String versionMergeField;
    private final ContentFingerprint content;

    /**
     * @param versionMergeField the merge tag holding the source version, or {@code null}
     * @param content           how members' mapped merge fields are fingerprinted
     */
    public AudienceCatalog(final String sourceIdMergeField, final String versionMergeField,
                           final ContentFingerprint content) {
        this.sourceIdMergeField = sourceIdMergeField;
        this.versionMergeField = versionMergeField;
        this.content = content;
    }

    /**
     * Makes sure the mapped merge fields exist, then returns the audience's refreshed member index. A refresh reads the
     * merge fields and its listing's first page at once; a first read creates the missing fields and reads the first
     * pages at once.
     */
    public MemberIndex prepare(final AudienceClient client, final Set<String> mergeTags, final boolean createMissing,
                               final ExecutorService executor) throws AudienceException, MailchimpTransientException {
        final String audienceId = client.audienceId();
        // One preparation at a time per audience (concurrent tasks would create a field twice); not the index's own
        // monitor: the page tasks update the index while this thread waits for them.
        synchronized (locks.computeIfAbsent(audienceId, id -> new Object())) {
            final MemberIndex known = indexes.get(audienceId);
            final String since = known == null ? null : overlapping(known.lastChanged());
            // A refresh reads its listing's first page with the check; a first read only once the check passed.
            Future<JsonNode> first = known == null ? null : executor.submit(() -> client.membersPage(0, since));
            // Read each time: a marketer may delete a mapped field, and Mailchimp its values with it, at any moment.
            final List<MergeField> existing = client.mergeFields();
            final MergeFieldCheck check = MergeFieldCheck.of(existing, mergeTags);
            final String problem = check.problem(audienceId, createMissing);
            if (problem != null) {
                if (first != null) {
                    first.cancel(true);
                }
                throw new AudienceException(problem);
            }
            final boolean gone = !mergeFieldsReady.add(audienceId) && !check.missing().isEmpty();
            if (gone) {
                // Gone since we checked: read the audience anew, so no contact passes for unchanged with lost values.
                forget(audienceId);
                if (first != null) {
                    first.cancel(true);
                }
            }
            // A first read's first pages go with the creations (a field missing yet holds no values to read): the
            // listing's, and the archived members' (which an account whose listing shows them does not need: then it
            // is not loaded).
            if (first == null || gone) {
                first = executor.submit(() -> client.membersPage(0, null));
            }
            final Future<JsonNode> archived = known != null && !gone && archivedRead.contains(known) ? null
                    : executor.submit(() -> client.membersPage(0, null, ARCHIVED));
            // At once: each creation is a request of its own, and no batch can go out before they are done.
            final List<Future<Void>> creations = new ArrayList<>();
            for (final String tag : check.missing()) {
                creations.add(executor.submit(() -> {
                    client.createTextMergeField(tag);
                    return null;
                }));
            }
            for (final Future<Void> creation : creations) {
                await(creation);
            }
            final Set<String> present = ConcurrentHashMap.newKeySet();
            existing.forEach(field -> present.add(field.tag()));
            present.addAll(mergeTags);
            presentTags.put(audienceId, present);
            mayCreate.put(audienceId, createMissing);
            final MemberIndex index = indexes.computeIfAbsent(audienceId, id -> new MemberIndex());
            final boolean anew = known == null || gone;
            refresh(client, index, anew ? null : since, await(first), archived, ownWrites.computeIfAbsent(audienceId, id -> new OwnWrites()),
                    executor);
            return index;
        }
    }

    /**
     * Forgets what is known of the audience's members: the next preparation reads every page again, archived members
     * included (a reconciliation pass, which must see hand edits, archives and deletions the refreshes cannot).
     */
    public void forget(final String audienceId) {
        synchronized (locks.computeIfAbsent(audienceId, id -> new Object())) {
            final MemberIndex dropped = indexes.remove(audienceId);
            if (dropped != null) {
                archivedRead.remove(dropped);
            }
            ownWrites.remove(audienceId);
        }
    }

    /**
     * Whether the audience has {@code tag}, a hidden text merge field the sync needs only now and then (such as
     * {@code SYNCSHARED}): created at the first need, when the audience's preparation allowed creating fields.
     */
    public boolean ensureMergeField(final AudienceClient client, final String tag) throws AudienceException, MailchimpTransientException {
        final String audienceId = client.audienceId();
        if (hasMergeField(audienceId, tag)) {
            return true;
        }
        if (!mayCreate.getOrDefault(audienceId, false)) {
            return false;
        }
        // Not the preparation's lock: it waits for page tasks that may queue behind this call's thread.
        synchronized (fieldLocks.computeIfAbsent(audienceId, id -> new Object())) {
            if (!hasMergeField(audienceId, tag)) {
                client.createTextMergeField(tag);
                presentTags.computeIfAbsent(audienceId, id -> ConcurrentHashMap.newKeySet()).add(tag);
            }
        }
        return true;
    }

    /** Whether the audience had {@code tag} at its last preparation (or this processor created it since). */
    public boolean hasMergeField(final String audienceId, final String tag) {
        return presentTags.getOrDefault(audienceId, Set.of()).contains(tag);
    }

    /** Notes a member we just wrote, with the {@code last_changed} Mailchimp answered ({@code null} when it did not). */
    public void wrote(final String audienceId, final String subscriberHash, final String lastChanged) {
        ownWrites.computeIfAbsent(audienceId, id -> new OwnWrites()).note(subscriberHash, lastChanged);
    }

    /** Notes a member we archived. */
    public void archived(final String audienceId, final String subscriberHash) {
        ownWrites.computeIfAbsent(audienceId, id -> new OwnWrites()).noteArchived(subscriberHash);
    }

    /**
     * Reads what changed since the watermark. When the listing holds only our own writes, its other pages are not
     * read. Which of them it holds depends on how Mailchimp compares {@code since_last_changed} (O10: by whole seconds
     * or finer, its second included or not): those of later seconds always, those of its second itself maybe. So the
     * listing is ours alone when it holds exactly the former, or exactly both once a listing showed that Mailchimp
     * lists that second (otherwise as many changes of others could hide in place of ours).
     *
     * @param archivedFirst the first page of the archived members, when it was read ahead, or {@code null}
     */
    private void refresh(final AudienceClient client, final MemberIndex index, final String since, final JsonNode first,
                         final Future<JsonNode> archivedFirst, final OwnWrites writes, final ExecutorService executor)
            throws AudienceException, MailchimpTransientException {
        final long sinceSecond = OwnWrites.epochSecond(since);
        if (since == null) {
            index.expect(first.path("total_items").asInt(0), idBytes(first));
        }
        load(first, index, sinceSecond);
        final List<Future<Void>> pages = new ArrayList<>();
        final boolean archivedUnread = !archivedRead.contains(index);
        final boolean archivedListed = holdsArchived(first);
        if (archivedUnread && !archivedListed) {
            final JsonNode archived = archivedFirst == null ? client.membersPage(0, null, ARCHIVED) : await(archivedFirst);
            index.expect(archived.path("total_items").asInt(0), idBytes(archived));
            load(archived, index, Long.MIN_VALUE);
            submitPages(client, index, null, ARCHIVED, archived.path("total_items").asInt(0), executor, pages);
        }
        final int total = first.path("total_items").asInt(0);
        final int after = writes.countAfter(sinceSecond, archivedListed);
        final boolean onlyOurs = total == after || boundaryListed && total == after + writes.countAt(sinceSecond, archivedListed);
        if (total > AudienceClient.PAGE_SIZE && onlyOurs) {
            index.noteLastChanged(writes.latest());
        } else {
            submitPages(client, index, since, null, total, executor, pages);
        }
        for (final Future<Void> page : pages) {
            await(page);
        }
        if (archivedUnread) {
            archivedRead.add(index);
        }
        writes.forgetBefore(OwnWrites.epochSecond(overlapping(index.lastChanged())));
    }

    /** The average length of the source IDs on a page, for sizing the index before a complete read. */
    private int idBytes(final JsonNode page) {
        int members = 0;
        int bytes = 0;
        for (final JsonNode member : page.path("members")) {
            members++;
            bytes += member.path("merge_fields").path(sourceIdMergeField).asText("").length();
        }
        return members == 0 ? 0 : (bytes + members - 1) / members;
    }

    /** Whether this account's default listing shows archived members: then it holds them all and no other read is needed. */
    private static boolean holdsArchived(final JsonNode page) {
        for (final JsonNode member : page.path("members")) {
            if (ARCHIVED.equals(member.path("status").asText())) {
                return true;
            }
        }
        return false;
    }

    /** Submits the reads of the pages after the first of a listing of {@code total} members. */
    private void submitPages(final AudienceClient client, final MemberIndex index, final String since, final String status,
                             final int total, final ExecutorService executor, final List<Future<Void>> pages) {
        for (int offset = AudienceClient.PAGE_SIZE; offset < total; offset += AudienceClient.PAGE_SIZE) {
            final int pageOffset = offset;
            pages.add(executor.submit(() -> {
                load(client.membersPage(pageOffset, since, status), index, OwnWrites.epochSecond(since));
                return null;
            }));
        }
    }

    /** One second before the watermark: since_last_changed is exclusive and changes share seconds. */
    private static String overlapping(final String lastChanged) {
        if (lastChanged == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(lastChanged).minusSeconds(1).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (final DateTimeParseException e) {
            return null;
        }
    }

    /**
     * Reads one member into the index: for an address that joined the audience without showing up in a refresh
     * (Mailchimp's {@code last_changed} is not guaranteed to grow past our watermark).
     */
    public void reload(final AudienceClient client, final MemberIndex index, final String subscriberHash)
            throws AudienceException, MailchimpTransientException {
        final JsonNode member = client.member(subscriberHash);
        if (member == null) {
            index.remove(subscriberHash);
        } else {
            index.put(known(member));
        }
    }

    /** Loads a page of a listing since {@code sinceSecond}, noting whether Mailchimp listed that second itself. */
    private void load(final JsonNode page, final MemberIndex index, final long sinceSecond) {
        for (final JsonNode member : page.path("members")) {
            index.put(known(member));
            final String lastChanged = member.path("last_changed").asText(null);
            index.noteLastChanged(lastChanged);
            if (!boundaryListed && sinceSecond != Long.MIN_VALUE && OwnWrites.epochSecond(lastChanged) == sinceSecond) {
                boundaryListed = true;
            }
        }
    }

    /** A member as a page or a member call shows it; public for the writes that answer with the member. */
    public KnownMember known(final JsonNode member) {
        final String id = member.path("id").asText("");
        final String hash = SUBSCRIBER_HASH.matcher(id).matches() ? id : SubscriberHash.of(member.path("email_address").asText(""));
        final JsonNode mergeFields = member.path("merge_fields");
        final String sourceId = mergeFields.path(sourceIdMergeField).asText("").trim();
        final SourceVersion version = versionMergeField == null ? null
                : SourceVersion.lenient(mergeFields.path(versionMergeField).asText(""));
        final long fingerprint = content.of(tag -> mergeFields.path(tag).isValueNode() ? mergeFields.path(tag).asText() : null);
        return new KnownMember(hash, MemberStatus.parse(member.path("status").asText(null)), sourceId.isEmpty() ? null : sourceId,
                version, fingerprint, mergeFields.path(SegmentFields.SYNC_TAGS).asText(""),
                mergeFields.path(EmploymentRecords.MERGE_FIELD).asText(""), mergeFields.path(SharedAddress.MERGE_FIELD).asText(""));
    }

    /** Waits for a task and rethrows what it threw as the checked exceptions of this API. */
    public static <T> T await(final Future<T> future) throws AudienceException, MailchimpTransientException {
        try {
            return future.get();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MailchimpTransientException(-1, "Interrupted while waiting for Mailchimp", e);
        } catch (final ExecutionException e) {
            switch (e.getCause()) {
                case AudienceException audience -> throw audience;
                case MailchimpTransientException transientFailure -> throw transientFailure;
                case RuntimeException runtime -> throw runtime;
                default -> throw new IllegalStateException(e.getCause());
            }
        }
    }
}
