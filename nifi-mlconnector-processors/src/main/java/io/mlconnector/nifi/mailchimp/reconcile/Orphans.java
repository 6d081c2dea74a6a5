package io.mlconnector.nifi.mailchimp.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.mlconnector.nifi.mailchimp.MailchimpTransientException;
import io.mlconnector.nifi.mailchimp.audience.AudienceCatalog;
import io.mlconnector.nifi.mailchimp.audience.AudienceClient;
import io.mlconnector.nifi.mailchimp.audience.AudienceException;
import io.mlconnector.nifi.mailchimp.audience.MemberIndex;
import io.mlconnector.nifi.mailchimp.audience.MemberWrite;
import io.mlconnector.nifi.mailchimp.contact.KnownMember;
import io.mlconnector.nifi.mailchimp.contact.MemberStatus;
import io.mlconnector.nifi.mailchimp.contact.SourceVersion;
import io.mlconnector.nifi.mailchimp.contact.SyncAction;
import io.mlconnector.nifi.mailchimp.sync.ArchiveMarker;
import io.mlconnector.nifi.mailchimp.sync.Outcome;
import io.mlconnector.nifi.mailchimp.sync.RunMode;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * The orphans of one audience after a complete pass: contacts that hold a source ID the pass did not read, are not
 * archived, and did not change after the pass read (a source version at or after the pass's window end, or, without
 * one, a Mailchimp change after the pass started, means the person may have joined since). The {@link OrphanPolicy}
 * decides what is done to each, from the member as Mailchimp has it now, with the consent rules of terminations:
 * unsubscribed and cleaned contacts stay so, pending ones are never archived.
 */
public final class Orphans {

    /** How many orphans the report names when the limit stops the pass acting on them. */
    static final int LISTED = 100;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /**
     * A contact the index showed absent and what became of it: an outcome as a record's, so provenance and counts read
     * alike. {@code absent} is false when the member as Mailchimp has it now shows otherwise (gone, or changed since).
     */
    public record Orphan(KnownMember member, Outcome outcome, boolean absent) {
        Orphan(final KnownMember member, final Outcome outcome) {
            this(member, outcome, true);
        }
    }

    /**
     * What the index shows.
     *
     * @param population contacts holding a source ID, archived ones excepted: what a pass's share is measured against
     * @param absent     the orphans among them
     * @param actionable the orphans the policy would change, by their status in the index
     * @param listed     the orphans, all of them when the policy may act, else the first {@link #LISTED}
     * @param limit      the most the policy may change in one pass
     */
    public record Search(long population, long absent, long actionable, List<KnownMember> listed, long limit) {
        /** Whether the pass would act on more than its share: then it only reports. */
        public boolean overLimit() {
            return actionable > limit;
        }
    }

    private final OrphanPolicy policy;
    private final RunMode mode;
    private final String sourceIdMergeField;

    public Orphans(final OrphanPolicy policy, final RunMode mode, final String sourceIdMergeField) {
        this.policy = policy;
        this.mode = mode;
        this.sourceIdMergeField = sourceIdMergeField;
    }

    /** Finds the orphans of the pass in the index; {@code limitPercent} of the population is the most the policy may change. */
    public Search search(final MemberIndex index, final SourceIdSet keys, final EndOfPass pass, final int limitPercent) {
        final long[] counts = new long[3];
        final List<KnownMember> listed = new ArrayList<>();
        final long cap = Math.max(LISTED, (long) index.size() * limitPercent / 100 + 1);
        index.forEachWithSourceId(member -> {
            if (member.status() == MemberStatus.ARCHIVED) {
                return;
            }
            counts[0]++;
            if (keys.contains(member.sourceId()) || joinedAfter(member.version(), pass)) {
                return;
            }
            counts[1]++;
            if (policy.changes(member.status())) {
                counts[2]++;
            }
            if (listed.size() < cap) {
                listed.add(member);
            }
        });
        final long limit = counts[0] * limitPercent / 100;
        final List<KnownMember> kept = counts[2] > limit ? List.copyOf(listed.subList(0, Math.min(LISTED, listed.size()))) : listed;
        return new Search(counts[0], counts[1], counts[2], kept, limit);
    }

    /**
     * Decides (and in a real run applies) the policy for every orphan found, on the sync's threads; over the limit, only
     * reports them. Returns them in the order found.
     */
    public List<Orphan> handle(final Search search, final EndOfPass pass, final AudienceClient client, final AudienceCatalog audiences,
                               final MemberIndex index, final ExecutorService executor) {
        final List<Future<Orphan>> decided = new ArrayList<>();
        for (final KnownMember member : search.listed()) {
            decided.add(executor.submit(() -> handle(member, search.overLimit(), pass, client, audiences, index)));
        }
        final List<Orphan> orphans = new ArrayList<>();
        for (int i = 0; i < decided.size(); i++) {
            try {
                orphans.add(decided.get(i).get());
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                orphans.add(new Orphan(search.listed().get(i), Outcome.retry("Interrupted; the next pass decides again")));
            } catch (final ExecutionException e) {
                orphans.add(new Orphan(search.listed().get(i), Outcome.failure(null, String.valueOf(e.getCause().getMessage()))));
            }
        }
        return orphans;
    }

    private Orphan handle(final KnownMember member, final boolean overLimit, final EndOfPass pass, final AudienceClient client,
                          final AudienceCatalog audiences, final MemberIndex index) {
        final String why = "Orphan: " + sourceIdMergeField + " " + member.sourceId() + " is not in reconciliation pass " + pass.passId();
        if (overLimit) {
            return new Orphan(member, Outcome.success(SyncAction.SKIPPED, member.status().apiValue(), why
                    + "; not changed: the pass's orphans exceed the Orphan Limit (a narrowed source?), so it only reports"));
        }
        if (policy == OrphanPolicy.REPORT_ONLY && member.version() != null) {
            return new Orphan(member, reported(member.status(), why));
        }
        try {
            final JsonNode now = client.member(member.subscriberHash());
            if (now == null) {
                index.remove(member.subscriberHash());
                return new Orphan(member, Outcome.success(SyncAction.SKIPPED, null, why + "; no longer in the audience"), false);
            }
            final KnownMember current = audiences.known(now);
            if (!Objects.equals(current.sourceId(), member.sourceId()) || changedAfter(current, now, pass)) {
                index.put(current);
                return new Orphan(member, Outcome.success(SyncAction.SKIPPED, current.status().apiValue(), why
                        + "; not absent: the contact changed after the pass read PeopleSoft"), false);
            }
            return new Orphan(member, apply(current, why, client, index));
        } catch (final AudienceException e) {
            return new Orphan(member, Outcome.rejected(e));
        } catch (final MailchimpTransientException e) {
            return new Orphan(member, Outcome.failure(member.status().apiValue(), "Mailchimp unavailable: " + e.getMessage()
                    + "; the next pass decides again"));
        }
    }

    private Outcome apply(final KnownMember member, final String why, final AudienceClient client, final MemberIndex index)
            throws MailchimpTransientException {
        final MemberStatus status = member.status();
        if (policy == OrphanPolicy.REPORT_ONLY) {
            return reported(status, why);
        }
        if (!policy.changes(status)) {
            return Outcome.success(SyncAction.SKIPPED, status.apiValue(), why + "; " + (status == MemberStatus.ARCHIVED
                    ? "already archived" : "left " + status.apiValue() + ": its consent state is kept"));
        }
        if (mode == RunMode.PREVIEW) {
            return Outcome.success(policy == OrphanPolicy.ARCHIVE ? SyncAction.WOULD_ARCHIVE : SyncAction.WOULD_UNSUBSCRIBE, status.apiValue(), why);
        }
        final String hash = member.subscriberHash();
        final MemberWrite written;
        if (policy == OrphanPolicy.UNSUBSCRIBE) {
            written = client.patchMember(hash, JSON.objectNode().put("status", MemberStatus.UNSUBSCRIBED.apiValue()));
        } else {
            final String marker = ArchiveMarker.tag(status);
            final MemberWrite tagged = client.tagMember(hash, marker, true);
            written = tagged instanceof MemberWrite.Refused ? tagged : client.archiveMember(hash);
            if (written instanceof MemberWrite.Refused && !(tagged instanceof MemberWrite.Refused)) {
                client.tagMember(hash, marker, false);
            }
        }
        if (written instanceof MemberWrite.Refused refused) {
            return Outcome.refused(refused.refusal(), status.apiValue());
        }
        final MemberStatus after = policy == OrphanPolicy.ARCHIVE ? MemberStatus.ARCHIVED : MemberStatus.UNSUBSCRIBED;
        index.put(member.withStatus(after));
        return Outcome.success(after == MemberStatus.ARCHIVED ? SyncAction.ARCHIVED : SyncAction.UNSUBSCRIBED, after.apiValue(), why);
    }

    private Outcome reported(final MemberStatus status, final String why) {
        return Outcome.success(SyncAction.SKIPPED, status.apiValue(), why + "; Orphan Policy is Report Only");
    }

    private static boolean joinedAfter(final SourceVersion version, final EndOfPass pass) {
        return version != null && version.epochMillis() >= pass.windowEnd().toEpochMilli();
    }

    /** As the member shows now: a version at or after the window's end, or without one a change after the pass started. */
    private static boolean changedAfter(final KnownMember current, final JsonNode member, final EndOfPass pass) {
        if (current.version() != null) {
            return joinedAfter(current.version(), pass);
        }
        final Instant changed = lastChanged(member);
        return changed != null && !changed.isBefore(pass.started());
    }

    private static Instant lastChanged(final JsonNode member) {
        try {
            final String text = member.path("last_changed").asText("");
            return text.isEmpty() ? null : OffsetDateTime.parse(text).toInstant();
        } catch (final DateTimeParseException e) {
            return null;
        }
    }
}
