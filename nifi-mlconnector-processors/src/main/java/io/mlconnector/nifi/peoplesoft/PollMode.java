package io.mlconnector.nifi.peoplesoft;

import org.apache.nifi.components.DescribedValue;

/** What one run of GetPeopleSoftRecords reads: the changes since the last run, or the whole population again. */
public enum PollMode implements DescribedValue {

    INCREMENTAL("Incremental", "Each run reads the rows changed since the last one and moves the watermark."),
    FULL_RECONCILIATION_PASS("Full Reconciliation Pass", "Each run that is due reads every row from Initial Window Start (everything when"
            + " empty) as one pass, ending with a FlowFile of the keys it held. It keeps no watermark: schedule it on a second instance.");

    private final String displayName;
    private final String description;

    PollMode(final String displayName, final String description) {
        this.displayName = displayName;
        this.description = description;
    }

    @Override
    public String getValue() {
        return displayName;
    }

    @Override
    public String getDisplayName() {
        return displayName;
    }

    @Override
    public String getDescription() {
        return description;
    }
}
