package io.mlconnector.nifi.mailchimp.contact;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the first pass over a FlowFile learns of its records, so that the second pass can decide each one without
 * holding any:
 * <ul>
 *   <li><b>superseded</b>: a newer record of the same job (source ID and employment record), of the same person (source
 *       ID, when records are people) or, for a record without a source ID, at the same address wins: the newest
 *       source version, the last one when versions tie or are missing. Records of two people at one address never
 *       supersede each other, so a holder's own update is never skipped for another person's record.</li>
 *   <li><b>folded</b>: the jobs of one person are decided together by the first of their records (the newest of each
 *       job) in the FlowFile, with the fields of the newest record of an active job, else of the newest record
 *       ({@link #deciding}), and the others' states ({@link #otherJobs}); the later ones are folded into it, so they
 *       can share its outcome.</li>
 *   <li>who else is reported active at an address ({@link #othersAt}) and where each person's newest record is
 *       ({@link #movesTo}): for shared addresses and email swaps.</li>
 * </ul>
 * Kept are 64-bit fingerprints in open-addressing tables with primitive columns, one bit per record, per person the
 * source ID, and for people with several jobs the contact of their records after the first (284 bytes per record
 * measured): memory grows with the number of records, not their size.
 */
public final class DuplicateFilter {

    private static final long NO_VERSION = Long.MIN_VALUE;
    private static final int NONE = -1;

    /** The newest record per job, or per person when records are people. */
    private final FingerprintTable keys;
    private int[] keyPosition;
    private long[] keyVersion;
    /** The employment record of a job key (one shared instance per value); {@code null} for a person key. */
    private String[] keyRecord;
    private final BitSet keyActive = new BitSet();

    private final FingerprintTable people;
    private String[] personSourceId;
    private int[] personFirstKey;
    /** The address fingerprint of the person's newest record. */
    private long[] personAddress;
    private long[] personNewestVersion;
    private final Map<Integer, List<Integer>> furtherKeys = new HashMap<>();
    /** The people with further keys, so that the others are never looked up (boxed) in furtherKeys. */
    private final BitSet severalKeys = new BitSet();

    private final FingerprintTable addresses;
    private int[] addressPosition;
    private long[] addressVersion;
    private final BitSet addressSourced = new BitSet();
    private int[] addressFirstPerson;
    private final Map<Integer, List<Integer>> furtherOccupants = new HashMap<>();
    private final BitSet severalOccupants = new BitSet();

    /** For people with several jobs: the contact of each job's newest record observed after their first record. */
    private final Map<Integer, Contact> laterJobContacts = new HashMap<>();
    /** The record that decides for a person with several jobs, by position, when another record's fields are used. */
    private final Map<Integer, Contact> decidingContacts = new HashMap<>();
    private final BitSet decides = new BitSet();
    private final Map<String, String> recordNames = new HashMap<>();
    private final BitSet superseded = new BitSet();
    /** Computed when the second pass first asks. */
    private BitSet folded;

    /** A filter that grows with the records observed. */
    public DuplicateFilter() {
        this(0);
    }

    /** @param expectedRecords how many records to make room for at once, so that the tables need not grow (more may come) */
    public DuplicateFilter(final int expectedRecords) {
        keys = new FingerprintTable(expectedRecords);
        people = new FingerprintTable(expectedRecords);
        addresses = new FingerprintTable(expectedRecords);
        keyPosition = new int[expectedRecords];
        keyVersion = new long[expectedRecords];
        keyRecord = new String[expectedRecords];
        personSourceId = new String[expectedRecords];
        personFirstKey = new int[expectedRecords];
        personAddress = new long[expectedRecords];
        personNewestVersion = new long[expectedRecords];
        addressPosition = new int[expectedRecords];
        addressVersion = new long[expectedRecords];
        addressFirstPerson = new int[expectedRecords];
    }

    /** Notes the record at {@code position} (increasing), which has no source version. */
    public void observe(final int position, final String subscriberHash, final String sourceId) {
        observe(position, subscriberHash, sourceId, null);
    }

    /** Notes the record at {@code position} (increasing) of an active person, with its source version ({@code null}: none). */
    public void observe(final int position, final String subscriberHash, final String sourceId, final SourceVersion version) {
        observe(position, subscriberHash, sourceId, null, version, true, null);
    }

    /** Notes the record at {@code position} (increasing) that maps to {@code contact}. */
    public void observe(final int position, final Contact contact) {
        observe(position, contact.subscriberHash(), contact.sourceId(), contact.employmentRecord(), contact.version(),
                !contact.terminated(), contact);
    }

    /** @param contact the record's contact, kept when it is the newest of a job of a person with several; or {@code null} */
    private void observe(final int position, final String subscriberHash, final String sourceId, final String employmentRecord,
                         final SourceVersion version, final boolean active, final Contact contact) {
        if (folded != null) {
            throw new IllegalStateException("The first pass is over");
        }
        final long versionMillis = version == null ? NO_VERSION : version.epochMillis();
        final long address = FingerprintTable.fingerprint('e', subscriberHash);
        if (sourceId == null) {
            atAddress(address, position, versionMillis, NONE);
            return;
        }
        final long personKey = FingerprintTable.fingerprint('s', sourceId);
        final int person = person(personKey, sourceId);
        final long key = employmentRecord == null ? personKey : FingerprintTable.fingerprint('j', sourceId, employmentRecord);
        int entry = keys.find(key);
        boolean won = true;
        if (entry == NONE) {
            entry = keys.add(key);
            growKeys();
            keyRecord[entry] = employmentRecord == null ? null : recordNames.computeIfAbsent(employmentRecord, r -> r);
            link(person, entry);
            win(entry, position, versionMillis, active);
        } else if (isOlder(versionMillis, keyVersion[entry])) {
            superseded.set(position);
            won = false;
        } else {
            superseded.set(keyPosition[entry]);
            win(entry, position, versionMillis, active);
        }
        if (!isOlder(versionMillis, personNewestVersion[person])) {
            personNewestVersion[person] = versionMillis;
            personAddress[person] = address;
        }
        atAddress(address, position, versionMillis, person);
        if (won && contact != null && severalKeys.get(person)) {
            laterJobContacts.put(entry, contact);
        }
    }

    public boolean isSuperseded(final int position) {
        return superseded.get(position);
    }

    public int supersededCount() {
        return superseded.cardinality();
    }

    /** Whether the record is one of its person's jobs decided by an earlier record of theirs in this FlowFile. */
    public boolean isFolded(final int position) {
        return folded().get(position);
    }

    /** Whether the record decides for its person's other jobs in this FlowFile (folded into it). */
    public boolean decidesForOthers(final int position) {
        folded();
        return decides.get(position);
    }

    /** The contact to decide with for the record at {@code position}: its own, or the newest active job's of its person. */
    public Contact deciding(final int position, final Contact own) {
        folded();
        return decides.get(position) ? decidingContacts.getOrDefault(position, own) : own;
    }

    /** The states this FlowFile reports of the person's other jobs, for the record that decides them; mostly none. */
    public List<EmploymentRecords.Job> otherJobs(final Contact contact) {
        if (contact.sourceId() == null || contact.employmentRecord() == null) {
            return List.of();
        }
        final int person = people.find(FingerprintTable.fingerprint('s', contact.sourceId()));
        if (person == NONE || personFirstKey[person] == NONE) {
            return List.of();
        }
        if (!severalKeys.get(person)) {
            final int entry = personFirstKey[person];
            return isLive(entry) && !keyRecord[entry].equals(contact.employmentRecord()) ? List.of(job(entry)) : List.of();
        }
        final List<EmploymentRecords.Job> jobs = new ArrayList<>();
        for (final int entry : liveKeys(person)) {
            if (!keyRecord[entry].equals(contact.employmentRecord())) {
                jobs.add(job(entry));
            }
        }
        return jobs;
    }

    private EmploymentRecords.Job job(final int entry) {
        return new EmploymentRecords.Job(keyRecord[entry], keyActive.get(entry),
                keyVersion[entry] == NO_VERSION ? null : new SourceVersion(keyVersion[entry]));
    }

    /** The source IDs of the other people whose newest record in this FlowFile is active and at the contact's address. */
    public List<String> othersAt(final Contact contact) {
        final long address = FingerprintTable.fingerprint('e', contact.subscriberHash());
        final int entry = addresses.find(address);
        if (entry == NONE || addressFirstPerson[entry] == NONE) {
            return List.of();
        }
        final String other = otherAt(addressFirstPerson[entry], contact, address);
        if (!severalOccupants.get(entry)) {
            return other == null ? List.of() : List.of(other);
        }
        final List<String> others = new ArrayList<>();
        if (other != null) {
            others.add(other);
        }
        for (final int person : furtherOccupants.get(entry)) {
            final String next = otherAt(person, contact, address);
            if (next != null) {
                others.add(next);
            }
        }
        return others;
    }

    /** The person's source ID when they are someone else whose newest record is active and at the address; else {@code null}. */
    private String otherAt(final int person, final Contact contact, final long address) {
        final String sourceId = personSourceId[person];
        return !sourceId.equals(contact.sourceId()) && personAddress[person] == address && isActive(person) ? sourceId : null;
    }

    /** Whether the newest record of {@code sourceId} in this FlowFile is at the address of {@code subscriberHash}. */
    public boolean movesTo(final String sourceId, final String subscriberHash) {
        final int person = people.find(FingerprintTable.fingerprint('s', sourceId));
        return person != NONE && personAddress[person] == FingerprintTable.fingerprint('e', subscriberHash);
    }

    private void win(final int entry, final int position, final long version, final boolean active) {
        keyPosition[entry] = position;
        keyVersion[entry] = version;
        keyActive.set(entry, active);
    }

    private int person(final long key, final String sourceId) {
        int person = people.find(key);
        if (person == NONE) {
            person = people.add(key);
            if (person == personSourceId.length) {
                final int capacity = Math.max(256, person * 2);
                personSourceId = Arrays.copyOf(personSourceId, capacity);
                personFirstKey = Arrays.copyOf(personFirstKey, capacity);
                personAddress = Arrays.copyOf(personAddress, capacity);
                personNewestVersion = Arrays.copyOf(personNewestVersion, capacity);
            }
            personSourceId[person] = sourceId;
            personFirstKey[person] = NONE;
            personNewestVersion[person] = NO_VERSION;
        }
        return person;
    }

    private void link(final int person, final int key) {
        if (personFirstKey[person] == NONE) {
            personFirstKey[person] = key;
        } else {
            furtherKeys.computeIfAbsent(person, p -> new ArrayList<>(2)).add(key);
            severalKeys.set(person);
        }
    }

    /** Records of people at one address supersede each other only when one of them has no source ID. */
    private void atAddress(final long address, final int position, final long version, final int person) {
        int entry = addresses.find(address);
        if (entry == NONE) {
            entry = addresses.add(address);
            if (entry == addressPosition.length) {
                final int capacity = Math.max(256, entry * 2);
                addressPosition = Arrays.copyOf(addressPosition, capacity);
                addressVersion = Arrays.copyOf(addressVersion, capacity);
                addressFirstPerson = Arrays.copyOf(addressFirstPerson, capacity);
            }
            addressFirstPerson[entry] = person;
            take(entry, position, version, person);
            return;
        }
        if (person != NONE) {
            occupy(entry, person);
        }
        final boolean anyWithoutSourceId = person == NONE || !addressSourced.get(entry);
        if (isOlder(version, addressVersion[entry])) {
            if (anyWithoutSourceId) {
                superseded.set(position);
            }
        } else {
            if (anyWithoutSourceId) {
                superseded.set(addressPosition[entry]);
            }
            take(entry, position, version, person);
        }
    }

    private void take(final int entry, final int position, final long version, final int person) {
        addressPosition[entry] = position;
        addressVersion[entry] = version;
        addressSourced.set(entry, person != NONE);
    }

    private void occupy(final int entry, final int person) {
        if (addressFirstPerson[entry] == NONE) {
            addressFirstPerson[entry] = person;
        } else if (addressFirstPerson[entry] != person) {
            final List<Integer> further = furtherOccupants.computeIfAbsent(entry, e -> new ArrayList<>(2));
            if (!further.contains(person)) {
                further.add(person);
            }
            severalOccupants.set(entry);
        }
    }

    /** The person's newest record per job (or their newest record) that no record without a source ID superseded. */
    private List<Integer> liveKeys(final int person) {
        final List<Integer> live = new ArrayList<>();
        if (person == NONE || personFirstKey[person] == NONE) {
            return live;
        }
        live.add(personFirstKey[person]);
        live.addAll(furtherKeys.getOrDefault(person, List.of()));
        live.removeIf(entry -> !isLive(entry));
        return live;
    }

    /** Whether no record without a source ID superseded the key's newest record. */
    private boolean isLive(final int key) {
        return !superseded.get(keyPosition[key]);
    }

    private boolean isActive(final int person) {
        if (severalKeys.get(person)) {
            return liveKeys(person).stream().anyMatch(keyActive::get);
        }
        final int key = personFirstKey[person];
        return key != NONE && isLive(key) && keyActive.get(key);
    }

    /**
     * Per person with several jobs: the first record decides, with the fields of the newest record of an active job
     * (else of the newest record); the later ones are folded into it. The first is not folded into a later one, so that
     * its outcome is known when theirs is asked for.
     */
    private BitSet folded() {
        if (folded == null) {
            folded = new BitSet();
            for (final int person : furtherKeys.keySet()) {
                final List<Integer> live = liveKeys(person);
                if (live.size() < 2) {
                    continue;
                }
                final int first = live.stream().min((a, b) -> Integer.compare(keyPosition[a], keyPosition[b])).orElseThrow();
                final int fields = live.stream().reduce((a, b) -> hasBetterFields(b, a) ? b : a).orElseThrow();
                live.stream().filter(entry -> entry != first).forEach(entry -> folded.set(keyPosition[entry]));
                decides.set(keyPosition[first]);
                if (fields != first && laterJobContacts.containsKey(fields)) {
                    decidingContacts.put(keyPosition[first], laterJobContacts.get(fields));
                }
            }
            laterJobContacts.clear();
        }
        return folded;
    }

    private boolean hasBetterFields(final int candidate, final int current) {
        if (keyActive.get(candidate) != keyActive.get(current)) {
            return keyActive.get(candidate);
        }
        final long a = keyVersion[candidate];
        final long b = keyVersion[current];
        if (a != NO_VERSION && b != NO_VERSION && a != b) {
            return a > b;
        }
        return keyPosition[candidate] > keyPosition[current];
    }

    private void growKeys() {
        final int size = keys.size();
        if (size > keyPosition.length) {
            final int capacity = Math.max(256, keyPosition.length * 2);
            keyPosition = Arrays.copyOf(keyPosition, capacity);
            keyVersion = Arrays.copyOf(keyVersion, capacity);
            keyRecord = Arrays.copyOf(keyRecord, capacity);
        }
    }

    /** Older only when both have versions; without a version to compare the later record wins. */
    private static boolean isOlder(final long version, final long than) {
        return version != NO_VERSION && than != NO_VERSION && version < than;
    }
}
