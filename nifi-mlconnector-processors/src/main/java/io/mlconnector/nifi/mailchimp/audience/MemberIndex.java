package io.mlconnector.nifi.mailchimp.audience;

import io.mlconnector.nifi.mailchimp.contact.KnownMember;
import io.mlconnector.nifi.mailchimp.contact.MemberStatus;
import io.mlconnector.nifi.mailchimp.contact.SourceVersion;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What the sync knows of one audience's members, by subscriber hash and by source ID. Mailchimp cannot search members
 * by merge field, so the index is built by paging through the audience once and then kept current from our own
 * writes and from {@code since_last_changed} pages.
 * <p>
 * Audiences have up to millions of members, so the index holds no object per member: each member is a row of
 * primitive columns (the 128-bit hash as two longs, a status byte, the source version and the content fingerprint,
 * the SYNCTAGS value as a short index into the distinct values, and where its source ID starts and how long it is in
 * one byte arena), found through two open-addressing tables of row numbers, by hash and by source ID. That is 40
 * bytes a row, about 9 for an EMPLID's bytes and about 11 for the two tables: some 60 bytes per member when the rows
 * are sized for the audience ({@link #expect}), against about 160 before. What nearly no member has (SYNCJOBS,
 * SYNCSHARED, a source ID beyond Latin-1 or 127 bytes, more distinct tags than a short counts) sits in side tables by
 * row. Thread-safe: batches update it concurrently.
 */
public final class MemberIndex {

    private static final byte FREE = 0;
    private static final int EMPTY = 0;
    private static final int DELETED = -1;
    private static final int NONE = -1;
    private static final long NO_VERSION = Long.MIN_VALUE;
    private static final MemberStatus[] STATUSES = MemberStatus.values();
    private static final HexFormat HEX = HexFormat.of();
    /** Tag codes: 0 none, 1.. a distinct value, this one a value of the side table. */
    private static final short OTHER_TAGS = -1;
    /** ID lengths: 0 none, 1..127 bytes in the arena, this one an ID of the side table. */
    private static final byte OTHER_ID = -1;
    private static final int MAX_LOAD_PERCENT = 80;
    private static final int TARGET_LOAD_PERCENT = 70;
    /** A table entry holds a row + 1 in its low bits (so at most 2^26 - 2 rows) and 5 bits of its key's hash above them. */
    private static final int ROW_BITS = 26;
    private static final int ROW_MASK = (1 << ROW_BITS) - 1;
    private static final int KEY_BITS = 0x1F;

    // The rows.
    private long[] high = new long[0];
    private long[] low = new long[0];
    /** FREE or the status ordinal + 1. */
    private byte[] states = new byte[0];
    /** Epoch millis, or NO_VERSION. */
    private long[] versions = new long[0];
    private long[] fingerprints = new long[0];
    private short[] tags = new short[0];
    private int[] idStarts = new int[0];
    private byte[] idLengths = new byte[0];
    private int rows;
    private int members;
    /** Rows of removed members, reused first. */
    private int[] freeRows = new int[0];
    private int freeCount;

    /** The source IDs' bytes (Latin-1), and how many of them belong to no row any more. */
    private byte[] ids = new byte[0];
    private int idBytes;
    private int idGarbage;

    // The tables: a link (see link()), EMPTY or DELETED.
    private int[] byHash = new int[8];
    private int[] bySource = new int[8];
    private int usedHashEntries;
    private int usedSourceEntries;

    /** SYNCTAGS values repeat (a few departments and locations): stored once each, up to what a short counts. */
    private final List<String> distinctTags = new ArrayList<>();
    private final Map<String, Short> tagCodes = new HashMap<>();
    private final Map<Integer, String> otherTags = new HashMap<>();
    private final Map<Integer, String> otherIds = new HashMap<>();
    /** SYNCJOBS and SYNCSHARED by row: set for the few people with several jobs or sharing their address. */
    private final Map<Integer, String> jobs = new HashMap<>();
    private final Map<Integer, String> shared = new HashMap<>();

    private volatile String lastChanged;

    /** Sizes the rows and tables for {@code expectedMembers} more members whose source IDs take about {@code bytesPerId}. */
    public synchronized void expect(final int expectedMembers, final int bytesPerId) {
        final int more = Math.max(0, expectedMembers);
        final int needed = members + more;
        if (rows + more > high.length) {
            resizeRows(rows + more);
        }
        final long idsNeeded = idBytes + (long) more * Math.max(0, bytesPerId);
        if (idsNeeded > ids.length && idsNeeded < Integer.MAX_VALUE) {
            ids = Arrays.copyOf(ids, (int) idsNeeded);
        }
        if ((long) needed * 100 > (long) byHash.length * MAX_LOAD_PERCENT) {
            rebuildTables(needed);
        }
    }

    public synchronized KnownMember byHash(final String subscriberHash) {
        final int row = findHash(highOf(subscriberHash), lowOf(subscriberHash));
        return row == NONE ? null : member(row);
    }

    public synchronized KnownMember bySourceId(final String sourceId) {
        if (sourceId == null) {
            return null;
        }
        final int entry = findSource(sourceId);
        return entry == NONE ? null : member(rowOf(bySource[entry]));
    }

    /** Records a member's current state; for a source ID held by several members, a non-archived one wins. */
    public synchronized void put(final KnownMember member) {
        if ((long) (Math.max(usedHashEntries, usedSourceEntries) + 1) * 100 > (long) byHash.length * MAX_LOAD_PERCENT) {
            // Grown by half, as the rows are: a table sized for one more member would be rebuilt every few puts.
            rebuildTables(members + 1 + (members >> 1));
        }
        final long hi = highOf(member.subscriberHash());
        final long lo = lowOf(member.subscriberHash());
        int row = findHash(hi, lo);
        if (row == NONE) {
            row = newRow(hi, lo);
            setId(row, member.sourceId());
        } else if (!sameId(row, member.sourceId())) {
            unlinkSource(row);
            setId(row, member.sourceId());
        }
        states[row] = (byte) (member.status().ordinal() + 1);
        versions[row] = member.version() == null ? NO_VERSION : member.version().epochMillis();
        fingerprints[row] = member.fingerprint();
        if (member.syncTags() != null) {
            setTags(row, member.syncTags());
        }
        if (member.jobs() != null) {
            putOrRemove(jobs, row, member.jobs());
        }
        if (member.shared() != null) {
            putOrRemove(shared, row, member.shared());
        }
        if (member.sourceId() != null) {
            linkSource(row, member.sourceId(), member.status());
        }
    }

    /** Forgets a member that no longer exists (permanently deleted, or moved to another address). */
    public synchronized void remove(final String subscriberHash) {
        final long hi = highOf(subscriberHash);
        final long lo = lowOf(subscriberHash);
        final int entry = hashEntry(hi, lo);
        if (entry == NONE) {
            return;
        }
        final int row = rowOf(byHash[entry]);
        unlinkSource(row);
        setId(row, null);
        setTags(row, null);
        jobs.remove(row);
        shared.remove(row);
        states[row] = FREE;
        byHash[entry] = DELETED;
        if (freeCount == freeRows.length) {
            freeRows = Arrays.copyOf(freeRows, Math.max(8, freeCount * 2));
        }
        freeRows[freeCount++] = row;
        members--;
    }

    /** Records the tags this sync set on a member (after its tag segments were updated). */
    public synchronized void putSyncTags(final String subscriberHash, final String value) {
        final int row = findHash(highOf(subscriberHash), lowOf(subscriberHash));
        if (row != NONE) {
            setTags(row, value);
        }
    }

    /** Visits every member that holds a source ID (a reconciliation pass looks for the ones it did not read). */
    public synchronized void forEachWithSourceId(final Consumer<KnownMember> visitor) {
        for (int row = 0; row < rows; row++) {
            if (states[row] != FREE && idLengths[row] != 0) {
                visitor.accept(member(row));
            }
        }
    }

    public synchronized int size() {
        return members;
    }

    /** The bytes the index's arrays take (side tables of the few members in them not counted): for its memory bound. */
    synchronized long footprintBytes() {
        return high.length * 8L * 4 + states.length + tags.length * 2L + idStarts.length * 4L + idLengths.length
                + freeRows.length * 4L + ids.length + byHash.length * 4L + bySource.length * 4L;
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

    private KnownMember member(final int row) {
        final String hash = HEX.toHexDigits(high[row]) + HEX.toHexDigits(low[row]);
        return new KnownMember(hash, STATUSES[states[row] - 1], id(row),
                versions[row] == NO_VERSION ? null : new SourceVersion(versions[row]), fingerprints[row], tags(row),
                jobs.get(row), shared.get(row));
    }

    private int newRow(final long hi, final long lo) {
        final int row;
        if (freeCount > 0) {
            row = freeRows[--freeCount];
        } else {
            if (rows == ROW_MASK - 1) {
                throw new IllegalStateException("An audience of more than " + (ROW_MASK - 1) + " members cannot be indexed");
            }
            if (rows == high.length) {
                resizeRows(Math.max(16, rows + (rows >> 1)));
            }
            row = rows++;
        }
        high[row] = hi;
        low[row] = lo;
        tags[row] = 0;
        idLengths[row] = 0;
        members++;
        insertHash(row);
        return row;
    }

    // By hash.

    private int findHash(final long hi, final long lo) {
        final int entry = hashEntry(hi, lo);
        return entry == NONE ? NONE : rowOf(byHash[entry]);
    }

    private int hashEntry(final long hi, final long lo) {
        final int capacity = byHash.length;
        final int mixed = spread(hi ^ lo);
        for (int entry = slot(mixed, capacity); byHash[entry] != EMPTY; entry = next(entry, capacity)) {
            final int link = byHash[entry];
            if (sameKeyBits(link, mixed) && high[rowOf(link)] == hi && low[rowOf(link)] == lo) {
                return entry;
            }
        }
        return NONE;
    }

    private void insertHash(final int row) {
        final int mixed = spread(high[row] ^ low[row]);
        if (insert(byHash, slot(mixed, byHash.length), link(row, mixed))) {
            usedHashEntries++;
        }
    }

    /** Puts {@code link} at the first empty or deleted entry from {@code start}; returns whether it took an empty one. */
    private static boolean insert(final int[] table, final int start, final int link) {
        int entry = start;
        while (table[entry] > EMPTY) {
            entry = next(entry, table.length);
        }
        final boolean empty = table[entry] == EMPTY;
        table[entry] = link;
        return empty;
    }

    // By source ID.

    private int findSource(final String sourceId) {
        final int capacity = bySource.length;
        final int mixed = spread(sourceId.hashCode());
        for (int entry = slot(mixed, capacity); bySource[entry] != EMPTY; entry = next(entry, capacity)) {
            final int link = bySource[entry];
            if (sameKeyBits(link, mixed) && idEquals(rowOf(link), sourceId)) {
                return entry;
            }
        }
        return NONE;
    }

    /** @param sourceId the row's source ID */
    private void linkSource(final int row, final String sourceId, final MemberStatus status) {
        final int entry = findSource(sourceId);
        if (entry != NONE) {
            final int holder = rowOf(bySource[entry]);
            if (holder == row || states[holder] == MemberStatus.ARCHIVED.ordinal() + 1 || status != MemberStatus.ARCHIVED) {
                bySource[entry] = link(row, spread(sourceId.hashCode()));
            }
            return;
        }
        insertSource(row, sourceId.hashCode());
    }

    private void insertSource(final int row, final int idHash) {
        final int mixed = spread(idHash);
        if (insert(bySource, slot(mixed, bySource.length), link(row, mixed))) {
            usedSourceEntries++;
        }
    }

    private void unlinkSource(final int row) {
        final String sourceId = id(row);
        if (sourceId == null) {
            return;
        }
        final int entry = findSource(sourceId);
        if (entry != NONE && rowOf(bySource[entry]) == row) {
            bySource[entry] = DELETED;
        }
    }

    // Source IDs.

    private String id(final int row) {
        final int length = idLengths[row];
        if (length == 0) {
            return null;
        }
        return length == OTHER_ID ? otherIds.get(row) : new String(ids, idStarts[row], length, StandardCharsets.ISO_8859_1);
    }

    private boolean sameId(final int row, final String sourceId) {
        return sourceId == null ? idLengths[row] == 0 : idEquals(row, sourceId);
    }

    /** Compares in place: lookups run per record and must not copy the ID. */
    private boolean idEquals(final int row, final String sourceId) {
        final int length = idLengths[row];
        if (length == OTHER_ID) {
            return sourceId.equals(otherIds.get(row));
        }
        if (sourceId.length() != length) {
            return false;
        }
        final int start = idStarts[row];
        for (int i = 0; i < length; i++) {
            if (sourceId.charAt(i) != (ids[start + i] & 0xFF)) {
                return false;
            }
        }
        return true;
    }

    /** The row's source ID's {@link String#hashCode()}, computed from the arena: a Latin-1 string hashes its chars so. */
    private int idHash(final int row) {
        final int length = idLengths[row];
        if (length == OTHER_ID) {
            return otherIds.get(row).hashCode();
        }
        int hash = 0;
        for (int i = idStarts[row], end = i + length; i < end; i++) {
            hash = 31 * hash + (ids[i] & 0xFF);
        }
        return hash;
    }

    private void setId(final int row, final String sourceId) {
        if (idLengths[row] == OTHER_ID) {
            otherIds.remove(row);
        } else {
            idGarbage += idLengths[row];
        }
        idLengths[row] = 0;
        if (sourceId == null) {
            return;
        }
        final int length = sourceId.length();
        if (length > Byte.MAX_VALUE || !latin1(sourceId)) {
            otherIds.put(row, sourceId);
            idLengths[row] = OTHER_ID;
            return;
        }
        if (idBytes + length > ids.length) {
            growIds(length);
        }
        for (int i = 0; i < length; i++) {
            ids[idBytes + i] = (byte) sourceId.charAt(i);
        }
        idStarts[row] = idBytes;
        idLengths[row] = (byte) length;
        idBytes += length;
    }

    /** Compacts the arena when half of it is garbage, else grows it by half. */
    private void growIds(final int more) {
        if (idGarbage * 2 > idBytes) {
            final byte[] compact = new byte[Math.max(16, (idBytes - idGarbage + more) * 3 / 2)];
            int at = 0;
            for (int row = 0; row < rows; row++) {
                final int length = idLengths[row];
                if (states[row] != FREE && length > 0) {
                    System.arraycopy(ids, idStarts[row], compact, at, length);
                    idStarts[row] = at;
                    at += length;
                }
            }
            ids = compact;
            idBytes = at;
            idGarbage = 0;
        }
        if (idBytes + more > ids.length) {
            ids = Arrays.copyOf(ids, Math.max(16, Math.max(idBytes + more, ids.length + (ids.length >> 1))));
        }
    }

    private static boolean latin1(final String value) {
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) > 0xFF) {
                return false;
            }
        }
        return true;
    }

    // Tags.

    private String tags(final int row) {
        final short code = tags[row];
        return code == 0 ? null : code == OTHER_TAGS ? otherTags.get(row) : distinctTags.get(code - 1);
    }

    private void setTags(final int row, final String value) {
        if (tags[row] == OTHER_TAGS) {
            otherTags.remove(row);
        }
        tags[row] = 0;
        if (value == null || value.isEmpty()) {
            return;
        }
        Short code = tagCodes.get(value);
        if (code == null && distinctTags.size() < Short.MAX_VALUE) {
            distinctTags.add(value);
            code = (short) distinctTags.size();
            tagCodes.put(value, code);
        }
        if (code == null) {
            otherTags.put(row, value);
            tags[row] = OTHER_TAGS;
        } else {
            tags[row] = code;
        }
    }

    private static void putOrRemove(final Map<Integer, String> side, final int row, final String value) {
        if (value.isEmpty()) {
            side.remove(row);
        } else {
            side.put(row, value);
        }
    }

    // Sizing.

    private void resizeRows(final int capacity) {
        high = Arrays.copyOf(high, capacity);
        low = Arrays.copyOf(low, capacity);
        states = Arrays.copyOf(states, capacity);
        versions = Arrays.copyOf(versions, capacity);
        fingerprints = Arrays.copyOf(fingerprints, capacity);
        tags = Arrays.copyOf(tags, capacity);
        idStarts = Arrays.copyOf(idStarts, capacity);
        idLengths = Arrays.copyOf(idLengths, capacity);
    }

    /** Rebuilds both tables without deleted entries, for {@code expected} members at a load of 70 % (they grow at 80 %). */
    private void rebuildTables(final int expected) {
        final int capacity = (int) Math.max(8, Math.min(Integer.MAX_VALUE - 8, (long) expected * 100 / TARGET_LOAD_PERCENT + 1));
        final int[] oldSource = bySource;
        byHash = new int[capacity];
        bySource = new int[capacity];
        usedHashEntries = 0;
        usedSourceEntries = 0;
        for (int row = 0; row < rows; row++) {
            if (states[row] != FREE) {
                insertHash(row);
            }
        }
        // Re-link the source IDs as they were linked, so the non-archived holder stays the one found.
        for (final int link : oldSource) {
            if (link > 0) {
                insertSource(rowOf(link), idHash(rowOf(link)));
            }
        }
    }

    /** An index of {@code capacity} from well-mixed bits, without a power-of-two size (Lemire's multiply-shift). */
    private static int slot(final int mixed, final int capacity) {
        return (int) (((mixed & 0xFFFFFFFFL) * capacity) >>> 32);
    }

    /** A table entry: the row + 1, and above it bits of its key's hash that the slot was not chosen by. */
    private static int link(final int row, final int mixed) {
        return ((mixed & KEY_BITS) << ROW_BITS) | (row + 1);
    }

    private static int rowOf(final int link) {
        return (link & ROW_MASK) - 1;
    }

    /** Whether a used entry may hold the key of {@code mixed}: most entries of other keys are passed without reading their row. */
    private static boolean sameKeyBits(final int link, final int mixed) {
        return link > 0 && link >>> ROW_BITS == (mixed & KEY_BITS);
    }

    private static int next(final int entry, final int capacity) {
        return entry + 1 == capacity ? 0 : entry + 1;
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
