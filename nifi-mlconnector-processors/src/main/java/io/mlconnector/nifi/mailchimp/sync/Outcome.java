package io.mlconnector.nifi.mailchimp.sync;

import io.mlconnector.nifi.mailchimp.contact.SyncAction;

/**
 * What became of one record: the action, the contact's Mailchimp status afterwards ({@code null} when unknown),
 * the reason, and where the record goes.
 */
public record Outcome(SyncAction action, String status, String reason, Route route) {

    public enum Route { SUCCESS, FAILURE, RETRY }

    public static Outcome success(final SyncAction action, final String status, final String reason) {
        return new Outcome(action, status, reason, Route.SUCCESS);
    }

    public static Outcome failure(final String status, final String reason) {
        return new Outcome(SyncAction.FAILED, status, reason, Route.FAILURE);
    }

    public static Outcome retry(final String reason) {
        return new Outcome(SyncAction.FAILED, null, reason, Route.RETRY);
    }
}
