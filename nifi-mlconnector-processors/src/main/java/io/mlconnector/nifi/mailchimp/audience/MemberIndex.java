package io.mlconnector.nifi.mailchimp.audience;

import io.mlconnector.nifi.mailchimp.contact.KnownMember;
import io.mlconnector.nifi.mailchimp.contact.MemberStatus;
import io.mlconnector.nifi.mailchimp.contact.SourceVersion;

import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What the sync knows of one audience's members, by subscriber hash and by source ID. Mailchimp cannot search members
 * by merge field, so the index is built by paging through the audience once and then kept current from our own
 * writes and from {@code since_last_changed} pages.
 * <p>
 * Audiences have hundreds of thousands of members, so the index is two open-addressing tables of primitive arrays
 * rather than maps of objects: the 128-bit hash as two longs, a status byte, the source ID string, the source version
 * (epoch millis) and the content fingerprint per member, and per source ID the member's slot. Measured 155 bytes per
 * member (16 MB per 100,000) against 231 for the same data in HashMaps, before version and fingerprint added 16 bytes
 * a slot; the SYNCTAGS column (Tag Fields) adds a reference per slot, its values
 * shared between members, and the SYNCJOBS and SYNCSHARED columns a reference each, null for nearly every member. Thread-safe: batches of one FlowFile update it concurrently.
 */
public final class MemberIndex {

    private static final byte EMPTY = 0;
    private static final byte DELETED = -1;
    private static final int NO_SLOT = -1;
    private static final long NO_VERSION = Long.MIN_VALUE;
    private static final MemberStatus[] STATUSES = MemberStatus.values();
    private static final HexFormat HEX = HexFormat.of();
    private static final int MAX_DISTINCT_SYNC_TAGS = 10_000;

    private long[] high;
    private long[] low;
    /** EMPTY, DELETED or the status ordinal + 1. */
    private byte[] states;
    private String[] sourceIds;
    /** Epoch millis, or NO_VERSION. */
    private long[] versions;
    private long[] fingerprints;
    /** The SYNCTAGS value per member; null when none. */
    private String[] syncTags;
    /** SYNCJOBS and SYNCSHARED per member: null when empty, as for nearly every member (people with one job, alone at their address). */
    private String[] jobs;
    private String[] shared;
    /** SYNCTAGS values repeat (a few departments and locations): one string per distinct value, up to a bound. */
    private final Map<String, String> distinctSyncTags = new HashMap<>();
    /** Probed by source ID: 0 empty, -1 deleted, otherwise the member's slot + 1. */
    private int[] sourceSlots;
    private int members;
    private int usedSlots;
    private int usedSourceSlots;
    private volatile String lastChanged;

    public MemberIndex() {
        allocate(16);
    }

    public synchronized KnownMember byHash(final String subscriberHash) {
        final int slot = find(highOf(subscriberHash), lowOf(subscriberHash));
        return slot == NO_SLOT ? null : member(slot);
    }

    public synchronized KnownMember bySourceId(final String sourceId) {
        if (sourceId == null) {
            return null;
        }
        final int entry = findSource(sourceId);
        return entry == NO_SLOT ? null : member(sourceSlots[entry] - 1);
    }

    /** Records a member's current state; for a source ID held by several members, a non-archived one wins. */
    public synchronized void put(final KnownMember member) {
        if ((Math.max(usedSlots, usedSourceSlots) + 1) * 10 > states.length * 7) {
            rehash();
        }
        final long hi = highOf(member.subscriberHash());
        final long lo = lowOf(member.subscriberHash());
        int slot = find(hi, lo);
        if (slot == NO_SLOT) {
            slot = insertionSlot(hi, lo);
            high[slot] = hi;
            low[slot] = lo;
            syncTags[slot] = null;
            jobs[slot] = null;
            shared[slot] = null;
            members++;
        } else if (sourceIds[slot] != null && !sourceIds[slot].equals(member.sourceId())) {
            unlinkSource(slot);
        }
        states[slot] = (byte) (member.status().ordinal() + 1);
        sourceIds[slot] = member.sourceId();
        versions[slot] = member.version() == null ? NO_VERSION : member.version().epochMillis();
        fingerprints[slot] = member.fingerprint();
        if (member.syncTags() != null) {
            syncTags[slot] = distinct(member.syncTags());
        }
        if (member.jobs() != null) {
            jobs[slot] = member.jobs().isEmpty() ? null : member.jobs();
        }
        if (member.shared() != null) {
            shared[slot] = member.shared().isEmpty() ? null : member.shared();
        }
        if (member.sourceId() != null) {
            linkSource(slot, member.status());
        }
    }

    /** Forgets a member that no longer exists (permanently deleted, or moved to another address). */
    public synchronized void remove(final String subscriberHash) {
        final int slot = find(highOf(subscriberHash), lowOf(subscriberHash));
        if (slot != NO_SLOT) {
            unlinkSource(slot);
            states[slot] = DELETED;
            sourceIds[slot] = null;
            syncTags[slot] = null;
            jobs[slot] = null;
            shared[slot] = null;
            members--;
        }
    }

    /** Records the tags this sync set on a member (after its tag segments were updated). */
    public synchronized void putSyncTags(final String subscriberHash, final String value) {
        final int slot = find(highOf(subscriberHash), lowOf(subscriberHash));
        if (slot != NO_SLOT) {
            syncTags[slot] = value == null ? null : distinct(value);
        }
    }

    private String distinct(final String value) {
        if (value.isEmpty()) {
            return null;
        }
        final String shared = distinctSyncTags.get(value);
        if (shared != null) {
            return shared;
        }
        if (distinctSyncTags.size() < MAX_DISTINCT_SYNC_TAGS) {
            distinctSyncTags.put(value, value);
        }
        return value;
    }

    /** Visits every member that holds a source ID (a reconciliation pass looks for the ones it did not read). */
    public synchronized void forEachWithSourceId(final Consumer<KnownMember> visitor) {
        for (int slot = 0; slot < states.length; slot++) {
            if (states[slot] > EMPTY && sourceIds[slot] != null) {
                visitor.accept(member(slot));
            }
        }
    }

    public synchronized int size() {
        return members;
    }

    /** The greatest {@code last_changed} seen while paging, for the next {@code since_last_changed}; or {@code null}. */
    String lastChanged() {
        return lastChanged;
    }

    synchronized void noteLastChanged(final String value) {
        // Mailchimp's ISO-8601 timestamps share one offset, so they compare as strings.
        if (value != null && !value.isEmpty() && (lastChanged == null || value.compareTo(lastChanged) > 0)) {
            lastChanged = value;
        }
    }

    private KnownMember member(final int slot) {
        final String hash = HEX.toHexDigits(high[slot]) + HEX.toHexDigits(low[slot]);
        return new KnownMember(hash, STATUSES[states[slot] - 1], sourceIds[slot],
                versions[slot] == NO_VERSION ? null : new SourceVersion(versions[slot]), fingerprints[slot], syncTags[slot],
                jobs[slot], shared[slot]);
    }

    private int find(final long hi, final long lo) {
        final int mask = states.length - 1;
        for (int slot = spread(hi ^ lo) & mask; states[slot] != EMPTY; slot = (slot + 1) & mask) {
            if (states[slot] != DELETED && high[slot] == hi && low[slot] == lo) {
                return slot;
            }
        }
        return NO_SLOT;
    }

    private int insertionSlot(final long hi, final long lo) {
        final int mask = states.length - 1;
        int slot = spread(hi ^ lo) & mask;
        while (states[slot] > EMPTY) {
            slot = (slot + 1) & mask;
        }
        if (states[slot] == EMPTY) {
            usedSlots++;
        }
        return slot;
    }

    private int findSource(final String sourceId) {
        final int mask = sourceSlots.length - 1;
        for (int entry = spread(sourceId.hashCode()) & mask; sourceSlots[entry] != 0; entry = (entry + 1) & mask) {
            if (sourceSlots[entry] > 0 && sourceId.equals(sourceIds[sourceSlots[entry] - 1])) {
                return entry;
            }
        }
        return NO_SLOT;
    }

    private void linkSource(final int slot, final MemberStatus status) {
        final int entry = findSource(sourceIds[slot]);
        if (entry != NO_SLOT) {
            final int holder = sourceSlots[entry] - 1;
            if (holder == slot || states[holder] == MemberStatus.ARCHIVED.ordinal() + 1 || status != MemberStatus.ARCHIVED) {
                sourceSlots[entry] = slot + 1;
            }
            return;
        }
        final int mask = sourceSlots.length - 1;
        int free = spread(sourceIds[slot].hashCode()) & mask;
        while (sourceSlots[free] > 0) {
            free = (free + 1) & mask;
        }
        if (sourceSlots[free] == 0) {
            usedSourceSlots++;
        }
        sourceSlots[free] = slot + 1;
    }

    private void unlinkSource(final int slot) {
        if (sourceIds[slot] == null) {
            return;
        }
        final int entry = findSource(sourceIds[slot]);
        if (entry != NO_SLOT && sourceSlots[entry] == slot + 1) {
            sourceSlots[entry] = -1;
        }
    }

    /** Rebuilds both tables without deleted entries, at a load of at most 0.5 (it grows again at 0.7). */
    private void rehash() {
        final long[] oldHigh = high;
        final long[] oldLow = low;
        final byte[] oldStates = states;
        final String[] oldSourceIds = sourceIds;
        final long[] oldVersions = versions;
        final long[] oldFingerprints = fingerprints;
        final String[] oldSyncTags = syncTags;
        final String[] oldJobs = jobs;
        final String[] oldShared = shared;
        final int[] oldSourceSlots = sourceSlots;
        int capacity = 16;
        while (capacity < (members + 1) * 2L) {
            capacity <<= 1;
        }
        allocate(capacity);
        final int[] moved = new int[oldStates.length];
        for (int slot = 0; slot < oldStates.length; slot++) {
            if (oldStates[slot] > EMPTY) {
                final int target = insertionSlot(oldHigh[slot], oldLow[slot]);
                high[target] = oldHigh[slot];
                low[target] = oldLow[slot];
                states[target] = oldStates[slot];
                sourceIds[target] = oldSourceIds[slot];
                versions[target] = oldVersions[slot];
                fingerprints[target] = oldFingerprints[slot];
                syncTags[target] = oldSyncTags[slot];
                jobs[target] = oldJobs[slot];
                shared[target] = oldShared[slot];
                moved[slot] = target;
            }
        }
        // Re-link the source IDs as they were linked, so the non-archived holder stays the one found.
        for (final int link : oldSourceSlots) {
            if (link > 0) {
                final int slot = moved[link - 1];
                final int mask = sourceSlots.length - 1;
                int free = spread(sourceIds[slot].hashCode()) & mask;
                while (sourceSlots[free] != 0) {
                    free = (free + 1) & mask;
                }
                sourceSlots[free] = slot + 1;
                usedSourceSlots++;
            }
        }
    }

    private void allocate(final int capacity) {
        high = new long[capacity];
        low = new long[capacity];
        states = new byte[capacity];
        sourceIds = new String[capacity];
        versions = new long[capacity];
        fingerprints = new long[capacity];
        syncTags = new String[capacity];
        jobs = new String[capacity];
        shared = new String[capacity];
        sourceSlots = new int[capacity];
        usedSlots = 0;
        usedSourceSlots = 0;
    }

    private static int spread(final long value) {
        final long mixed = value * 0x9E3779B97F4A7C15L;
        return (int) (mixed ^ (mixed >>> 32));
    }

    private static long highOf(final String subscriberHash) {
        return HexFormat.fromHexDigitsToLong(subscriberHash, 0, 16);
    }

    private static long lowOf(final String subscriberHash) {
        return HexFormat.fromHexDigitsToLong(subscriberHash, 16, 32);
    }
}
