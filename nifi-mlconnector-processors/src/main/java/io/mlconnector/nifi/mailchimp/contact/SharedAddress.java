package io.mlconnector.nifi.mailchimp.contact;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The other people reported active at a contact's address (a shared mailbox, a data-entry error), in the order they
 * were noted: their source IDs in the hidden merge field {@code SYNCSHARED}, joined with {@code |}. The contact keeps
 * belonging to its holder (the person of its source-ID merge field); when the holder leaves, the contact passes to a
 * person noted here instead of being archived or unsubscribed. Read with the member pages at no extra call, so it holds
 * across FlowFiles, restarts and cluster nodes. Immutable.
 */
public final class SharedAddress {

    public static final String MERGE_FIELD = "SYNCSHARED";
    private static final String SEPARATOR = "|";
    private static final SharedAddress NOBODY = new SharedAddress(List.of());

    private final List<String> sourceIds;

    private SharedAddress(final List<String> sourceIds) {
        this.sourceIds = List.copyOf(sourceIds);
    }

    /** What a member's {@code SYNCSHARED} says; nobody for no member. */
    public static SharedAddress of(final KnownMember member) {
        return member == null ? NOBODY : parse(member.shared());
    }

    public static SharedAddress parse(final String text) {
        if (text == null || text.isBlank()) {
            return NOBODY;
        }
        return new SharedAddress(Arrays.stream(text.split("\\" + SEPARATOR)).map(String::strip).filter(id -> !id.isEmpty())
                .distinct().toList());
    }

    /** Whether a source ID can be noted: {@code SYNCSHARED} separates with '|' and holds at most 255 characters. */
    public boolean canNote(final String sourceId) {
        return contains(sourceId) || !sourceId.contains(SEPARATOR) && sourceId.chars().noneMatch(Character::isISOControl)
                && with(sourceId).text().length() <= EmploymentRecords.MAX_LENGTH;
    }

    /** With {@code sourceId} noted last (unchanged when it is noted already); check {@link #canNote} first. */
    public SharedAddress with(final String sourceId) {
        if (contains(sourceId)) {
            return this;
        }
        final List<String> next = new ArrayList<>(sourceIds);
        next.add(sourceId);
        return new SharedAddress(next);
    }

    public SharedAddress without(final String sourceId) {
        return contains(sourceId) ? new SharedAddress(sourceIds.stream().filter(id -> !id.equals(sourceId)).toList()) : this;
    }

    public boolean contains(final String sourceId) {
        return sourceIds.contains(sourceId);
    }

    public boolean isEmpty() {
        return sourceIds.isEmpty();
    }

    /** The noted source IDs, first noted first. */
    public List<String> sourceIds() {
        return sourceIds;
    }

    /** The value of {@code SYNCSHARED}; empty when nobody is noted. */
    public String text() {
        return String.join(SEPARATOR, sourceIds);
    }

    @Override
    public boolean equals(final Object other) {
        return other instanceof SharedAddress shared && sourceIds.equals(shared.sourceIds);
    }

    @Override
    public int hashCode() {
        return sourceIds.hashCode();
    }

    @Override
    public String toString() {
        return sourceIds.toString();
    }
}
