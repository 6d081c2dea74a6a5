package io.mlconnector.nifi.mailchimp.sync;

import io.mlconnector.nifi.mailchimp.MailchimpTransientException;
import io.mlconnector.nifi.mailchimp.audience.AudienceException;
import io.mlconnector.nifi.mailchimp.audience.MailchimpAnswers;
import io.mlconnector.nifi.mailchimp.audience.Refusal;
import io.mlconnector.nifi.mailchimp.audience.RefusalClass;
import io.mlconnector.nifi.mailchimp.contact.SyncAction;

/**
 * What became of one record: the action, the contact's Mailchimp status afterwards ({@code null} when unknown), the
 * reason, where the record goes, and the class of Mailchimp's refusal when one decided it ({@code null} otherwise).
 */
public record Outcome(SyncAction action, String status, String reason, Route route, RefusalClass refusal) {

    /** Where a record goes: {@code RETRY_LATER} is the retry relationship too, held back for the Retry Later Delay. */
    public enum Route { SUCCESS, FAILURE, RETRY, RETRY_LATER }

    static final String CONSENT_KEPT = "Mailchimp keeps the contact's consent state: ";

    public static Outcome success(final SyncAction action, final String status, final String reason) {
        return new Outcome(action, status, reason, Route.SUCCESS, null);
    }

    public static Outcome failure(final String status, final String reason) {
        return new Outcome(SyncAction.FAILED, status, reason, Route.FAILURE, null);
    }

    public static Outcome retry(final String reason) {
        return new Outcome(SyncAction.FAILED, null, reason, Route.RETRY, null);
    }

    /** Every record of a request that still failed transiently after the connection service's retries. */
    public static Outcome unavailable(final MailchimpTransientException e) {
        return refused(MailchimpAnswers.unavailable(e), null);
    }

    /** Every record of a request Mailchimp refused whole, or of an audience that cannot take writes. */
    public static Outcome rejected(final AudienceException e) {
        return new Outcome(SyncAction.FAILED, null, e.getMessage(), Route.FAILURE, e.refusalClass());
    }

    /**
     * A record Mailchimp refused, by the refusal's class. {@code currentStatus} is the contact's status as known. The
     * classes that need the member re-read ({@link RefusalClass#ORDERING}, {@link RefusalClass#NOTHING_TO_DO}) are
     * settled by the caller, which knows which member to read; here they get their route only.
     */
    public static Outcome refused(final Refusal refusal, final String currentStatus) {
        final String words = refusal.message();
        final RefusalClass refusalClass = refusal.refusalClass();
        return switch (refusalClass) {
            case RETRY_NOW -> new Outcome(SyncAction.FAILED, null, words, Route.RETRY, refusalClass);
            case RETRY_LATER -> new Outcome(SyncAction.FAILED, currentStatus, "Mailchimp refuses the address for now, "
                    + "usually for hours or days: " + words + "; tried again once the Retry Later Delay has passed "
                    + "(mailchimp.retry.after)", Route.RETRY_LATER, refusalClass);
            case PERMANENT_FOR_PERSON -> new Outcome(SyncAction.SKIPPED, currentStatus, CONSENT_KEPT + words + "; "
                    + whatThePersonMustDo(refusal.kind()), Route.SUCCESS, refusalClass);
            case NOTHING_TO_DO -> new Outcome(SyncAction.SKIPPED, currentStatus, "Nothing to do in Mailchimp: " + words,
                    Route.SUCCESS, refusalClass);
            case ORDERING -> new Outcome(SyncAction.FAILED, currentStatus, words, Route.RETRY, refusalClass);
            case PERMANENT_FOR_RECORD, CONFIGURATION -> new Outcome(SyncAction.FAILED, currentStatus,
                    "Mailchimp refused the contact: " + words, Route.FAILURE, refusalClass);
        };
    }

    /** A call's failure after the connection service's retries: still unavailable, or refused. */
    static Outcome failed(final Exception e) {
        return switch (e) {
            case MailchimpTransientException transientFailure -> unavailable(transientFailure);
            case AudienceException refused -> rejected(refused);
            default -> throw new IllegalStateException(e);
        };
    }

    /** A record whose own follow-up call (a tag, a marker) failed: retried when Mailchimp was unavailable, else refused. */
    static Outcome followUpFailed(final Exception e, final String status, final String reason) {
        return e instanceof MailchimpTransientException ? retry(reason).because(RefusalClass.RETRY_NOW)
                : failure(status, reason).because(((AudienceException) e).refusalClass());
    }

    /** This outcome, as decided by a refusal of the class. */
    Outcome because(final RefusalClass refusalClass) {
        return new Outcome(action, status, reason, route, refusalClass);
    }

    /** This outcome with another reason. */
    Outcome withReason(final String newReason) {
        return new Outcome(action, status, newReason, route, refusal);
    }

    /** This outcome under another action (e.g. a preview's {@code would_*}). */
    Outcome withAction(final SyncAction newAction) {
        return new Outcome(newAction, status, reason, route, refusal);
    }

    private static String whatThePersonMustDo(final Refusal.Kind kind) {
        return switch (kind) {
            case PERMANENTLY_DELETED -> "not retried: only the person can come back, by subscribing again through a signup form";
            case CLEANED -> "not retried: the address bounced; only a new address of the person can be subscribed";
            default -> "not retried: only the person can subscribe again, through a signup form or a double opt-in email";
        };
    }
}
