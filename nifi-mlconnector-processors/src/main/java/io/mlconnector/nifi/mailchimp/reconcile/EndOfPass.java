package io.mlconnector.nifi.mailchimp.reconcile;

import io.mlconnector.nifi.peoplesoft.write.PassWriter;
import org.apache.nifi.flowfile.FlowFile;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The end FlowFile of a complete reconciliation pass, as GetPeopleSoftRecords sends it on {@code pass complete}: its
 * content holds the keys of every record of the pass; its attributes say what absence from it may mean.
 *
 * @param recordCount     the records the pass sent to {@code success}
 * @param wholePopulation whether the pass read from the beginning, so that absence from it means absence from PeopleSoft
 * @param started         when the pass started
 * @param windowEnd       the end of the pass's window: a contact whose source version is at or after it may have joined since
 */
public record EndOfPass(String passId, long recordCount, boolean wholePopulation, Instant started, Instant windowEnd) {

    /** The pass a FlowFile of records belongs to, or {@code null} for records of an incremental run. */
    public static String passOf(final FlowFile flowFile) {
        return isEnd(flowFile) ? null : flowFile.getAttribute(PassWriter.PASS_ID);
    }

    /** Whether the FlowFile is the end of a complete pass (and not records to sync). */
    public static boolean isEnd(final FlowFile flowFile) {
        return "true".equals(flowFile.getAttribute(PassWriter.PASS_COMPLETE)) && flowFile.getAttribute(PassWriter.PASS_ID) != null;
    }

    /**
     * Reads the end FlowFile's attributes.
     *
     * @throws IllegalArgumentException when one is missing or unreadable: the FlowFile was not written by a pass
     */
    public static EndOfPass of(final FlowFile flowFile) {
        try {
            return new EndOfPass(flowFile.getAttribute(PassWriter.PASS_ID),
                    Long.parseLong(required(flowFile, PassWriter.PASS_RECORD_COUNT)),
                    Boolean.parseBoolean(required(flowFile, PassWriter.PASS_WHOLE_POPULATION)),
                    Instant.parse(required(flowFile, PassWriter.PASS_STARTED)), Instant.parse(required(flowFile, PassWriter.WINDOW_END)));
        } catch (final NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException("The end of reconciliation pass " + flowFile.getAttribute(PassWriter.PASS_ID)
                    + " has an unreadable attribute: " + e.getMessage(), e);
        }
    }

    private static String required(final FlowFile flowFile, final String attribute) {
        final String value = flowFile.getAttribute(attribute);
        if (value == null) {
            throw new IllegalArgumentException("The end of reconciliation pass " + flowFile.getAttribute(PassWriter.PASS_ID)
                    + " lacks the attribute " + attribute);
        }
        return value.trim();
    }
}
