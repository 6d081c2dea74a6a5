package io.mlconnector.nifi.mailchimp.sync;

import io.mlconnector.nifi.mailchimp.contact.SyncAction;

/**
 * How a sync runs, chosen once when the processor is scheduled: {@code APPLY} writes to Mailchimp; {@code PREVIEW}
 * (Dry Run) reads the same, decides the same and reports each write it would make as a {@code would_*} action.
 */
public enum RunMode {
    APPLY,
    PREVIEW;

    /** The action reported for a record whose decided action is {@code action}: a preview names the writes it did not make. */
    public SyncAction reported(final SyncAction action) {
        if (this == APPLY) {
            return action;
        }
        return switch (action) {
            case CREATED -> SyncAction.WOULD_CREATE;
            case UPDATED -> SyncAction.WOULD_UPDATE;
            case UNSUBSCRIBED -> SyncAction.WOULD_UNSUBSCRIBE;
            case ARCHIVED -> SyncAction.WOULD_ARCHIVE;
            default -> action;
        };
    }

    /** The outcome as this mode reports it: a preview's writes become {@code would_*}. */
    Outcome report(final Outcome decided) {
        final SyncAction action = reported(decided.action());
        return action == decided.action() ? decided : decided.withAction(action);
    }

    /** Whether runs of this mode count the action: writes only real runs, predictions only previews. */
    public boolean counts(final SyncAction action) {
        return switch (action) {
            case CREATED, UPDATED, UNSUBSCRIBED, ARCHIVED -> this == APPLY;
            case WOULD_CREATE, WOULD_UPDATE, WOULD_UNSUBSCRIBE, WOULD_ARCHIVE -> this == PREVIEW;
            default -> true;
        };
    }

    /** Whether the records' and FlowFiles' SEND events are reported: nothing is sent in a preview. */
    boolean sends() {
        return this == APPLY;
    }
}
