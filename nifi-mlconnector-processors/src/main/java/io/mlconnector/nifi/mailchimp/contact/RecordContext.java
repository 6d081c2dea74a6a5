package io.mlconnector.nifi.mailchimp.contact;

import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

/**
 * What the sync knows around one record besides the members found by its source ID and its address: from the
 * FlowFile's first pass ({@link DuplicateFilter}) and the member index.
 *
 * @param otherJobs       the states the FlowFile reports of the person's other employment records
 * @param othersAtAddress the other people the FlowFile reports active at the record's address
 * @param movesTo         whether the FlowFile's newest record of a person (source ID) is at an address (subscriber hash)
 * @param hasContact      whether a person (source ID) has a contact of their own in the audience
 */
public record RecordContext(List<EmploymentRecords.Job> otherJobs, List<String> othersAtAddress,
                            BiPredicate<String, String> movesTo, Predicate<String> hasContact) {

    /** Nothing known beyond the record. */
    public static final RecordContext NONE = new RecordContext(List.of(), List.of(), (sourceId, hash) -> false, sourceId -> false);

    public RecordContext {
        otherJobs = List.copyOf(otherJobs);
        othersAtAddress = List.copyOf(othersAtAddress);
    }

    /** What {@code people} and {@code hasContact} (the member index) tell about the record mapped to {@code contact}. */
    public static RecordContext of(final Contact contact, final DuplicateFilter people, final Predicate<String> hasContact) {
        return new RecordContext(people.otherJobs(contact), people.othersAt(contact), people::movesTo, hasContact);
    }
}
