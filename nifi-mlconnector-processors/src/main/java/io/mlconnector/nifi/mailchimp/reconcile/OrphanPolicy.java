package io.mlconnector.nifi.mailchimp.reconcile;

import org.apache.nifi.components.DescribedValue;

/** What a complete reconciliation pass does to the contacts whose source ID it did not contain. Never a permanent delete. */
public enum OrphanPolicy implements DescribedValue {
    REPORT_ONLY("Report Only", "Lists the orphans in the reconciliation report and in provenance; changes nothing in Mailchimp."),
    UNSUBSCRIBE("Unsubscribe", "Sets subscribed, transactional and pending orphans to unsubscribed. Unsubscribed and cleaned "
            + "contacts stay as they are."),
    ARCHIVE("Archive", "Archives subscribed and transactional orphans, tagged as the Termination Action Archive tags them, so a "
            + "person who comes back is restored under that action. Unsubscribed, cleaned and pending contacts stay as they are.");

    private final String displayName;
    private final String description;

    OrphanPolicy(final String displayName, final String description) {
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
