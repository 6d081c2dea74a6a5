package io.mlconnector.nifi.mailchimp.reconcile;

import io.mlconnector.nifi.mailchimp.contact.MemberStatus;
import io.mlconnector.nifi.mailchimp.contact.TerminationAction;
import org.apache.nifi.components.AllowableValue;

import java.util.Arrays;

/** What a complete reconciliation pass does to the contacts whose source ID it did not contain. Never a permanent delete. */
public enum OrphanPolicy {
    REPORT_ONLY("Report Only", "Lists the orphans in the reconciliation report and in provenance; changes nothing in Mailchimp.",
            TerminationAction.NONE),
    UNSUBSCRIBE("Unsubscribe", "Sets subscribed, transactional and pending orphans to unsubscribed. Unsubscribed and cleaned "
            + "contacts stay as they are.", TerminationAction.UNSUBSCRIBE),
    ARCHIVE("Archive", "Archives subscribed and transactional orphans, tagged as the Termination Action Archive tags them, so a "
            + "person who comes back is restored under that action. Unsubscribed, cleaned and pending contacts stay as they are.",
            TerminationAction.ARCHIVE);

    private final AllowableValue allowable;
    private final TerminationAction action;

    OrphanPolicy(final String name, final String description, final TerminationAction action) {
        this.allowable = new AllowableValue(name, name, description);
        this.action = action;
    }

    /** Whether the policy changes an orphan of this status: the termination action's consent rule. */
    public boolean changes(final MemberStatus status) {
        return action.changes(status);
    }

    /** The property value, e.g. {@code Report Only}. */
    public String value() {
        return allowable.getValue();
    }

    public AllowableValue allowable() {
        return allowable;
    }

    public static AllowableValue[] allowableValues() {
        return Arrays.stream(values()).map(OrphanPolicy::allowable).toArray(AllowableValue[]::new);
    }

    public static OrphanPolicy of(final String value) {
        return Arrays.stream(values()).filter(policy -> policy.value().equals(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No Orphan Policy " + value));
    }
}
