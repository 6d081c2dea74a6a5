package io.mlconnector.nifi.mailchimp.sync;

import org.apache.nifi.flowfile.FlowFile;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Records Mailchimp refuses for hours or days (an address that signed up to many lists very recently) leave on
 * {@code retry} in a FlowFile of their own naming the earliest time to try again. In the shipped flow {@code retry}
 * loops through RetryFlowFile back to this processor, which leaves such a FlowFile in its queue until then: no call to
 * Mailchimp, and no round of RetryFlowFile's Maximum Retries spent while it waits.
 */
public record RetryLater(Duration delay) {

    /** The earliest time, ISO-8601 in UTC, to send a FlowFile's records again. */
    public static final String ATTRIBUTE = "mailchimp.retry.after";

    /** The value of {@link #ATTRIBUTE} for records refused at {@code now}. */
    String after(final Instant now) {
        return now.plus(delay).toString();
    }

    /** Whether the FlowFile is to wait in the queue at {@code now}; an unreadable time does not hold it. */
    public static boolean holds(final FlowFile flowFile, final Instant now) {
        final String after = flowFile.getAttribute(ATTRIBUTE);
        if (after == null) {
            return false;
        }
        try {
            return now.isBefore(Instant.parse(after.trim()));
        } catch (final DateTimeParseException e) {
            return false;
        }
    }
}
