package io.mlconnector.nifi.mailchimp.audience;

import io.mlconnector.nifi.mailchimp.MailchimpResponse;
import io.mlconnector.nifi.mailchimp.MailchimpTransientException;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The one reading of Mailchimp's answers: every refusal, of a request or of one member of a batch, gets its
 * {@link RefusalClass} here and nowhere else. Mailchimp gives no code for most classes (a batch error's code is only
 * {@code ERROR_CONTACT_EXISTS} or {@code ERROR_GENERIC}), so the titles and texts it documents are matched. Throttling
 * and unavailability never reach here as answers: the connection service retries them and then throws.
 */
public final class MailchimpAnswers {

    /** What a request addressed, which decides what a 404 means. */
    public enum Target {
        /** The audience or one of its collections (merge fields, tags, interests, batch subscribe). */
        AUDIENCE,
        /** One member: a 404 means it is not (or no longer) in the audience. */
        MEMBER,
        /** One member's tags: a 404 means the member does not exist yet. */
        MEMBER_TAGS
    }

    private static final String CONTACT_EXISTS = "ERROR_CONTACT_EXISTS";
    private static final String MEMBER_EXISTS = "member exists";
    private static final String SIGNUP_LIMIT = "signed up to a lot of lists very recently";
    private static final String COMPLIANCE_STATE = "compliance state";
    private static final String[] FORGOTTEN = {"permanently deleted", "forgotten email"};
    /** A phrase, not the word: "cleaned" alone also appears in enum lists of validation errors and in addresses. */
    private static final String CLEANED = "status is \"cleaned";
    /**
     * The member property, as Mailchimp names fields (lower case, also in paths such as {@code members.item:0.status});
     * a merge tag STATUS is upper case.
     */
    private static final Pattern STATUS = Pattern.compile("\\bstatus\\b");

    private MailchimpAnswers() {
    }

    /** The refusal of a request Mailchimp did not accept (a non-2xx answer). */
    public static Refusal refusal(final MailchimpResponse response, final Target target) {
        return new Refusal(kind(response, target), describe(response));
    }

    /**
     * The refusal of one member of a batch subscribe, from its error item. An otherwise unclassified refusal that names the
     * status (its field, or its text) is {@link Refusal.Kind#STATUS_NEEDED}: the sync sends updates without one.
     */
    public static Refusal refusal(final String errorCode, final String error, final String field, final String fieldMessage) {
        final String message = field == null || field.isBlank() ? error : error + " (" + field + ": " + fieldMessage + ")";
        if (CONTACT_EXISTS.equals(errorCode)) {
            return new Refusal(Refusal.Kind.EXISTS, message);
        }
        final Refusal.Kind kind = byText(message);
        return new Refusal(kind == Refusal.Kind.INVALID && STATUS.matcher(message).find() ? Refusal.Kind.STATUS_NEEDED : kind, message);
    }

    /** A request that still failed transiently after the connection service's retries. */
    public static Refusal unavailable(final MailchimpTransientException e) {
        return new Refusal(Refusal.Kind.UNAVAILABLE, "Mailchimp still unavailable after retries: " + e.getMessage());
    }

    /**
     * Whether the failure came without any answer (a timeout or a cut connection): a write may then have been applied
     * all the same, so what Mailchimp holds is read again before the record is decided on.
     */
    public static boolean answerLost(final MailchimpTransientException e) {
        return e.getStatusCode() < 0;
    }

    /** Returns when Mailchimp accepted the request; otherwise throws its refusal, prefixed with {@code what} failed. */
    public static void requireSuccess(final MailchimpResponse response, final String what) throws AudienceException {
        if (!response.isSuccess()) {
            final Refusal refusal = refusal(response, Target.AUDIENCE);
            throw new AudienceException(what + ": " + refusal.message(), refusal.refusalClass());
        }
    }

    /**
     * Whether the refusal of a create may be Mailchimp's answer to a name that exists already (created a moment earlier
     * by another node, or by a retried POST): its text is not documented, so the caller looks the name up.
     */
    public static boolean mayBeDuplicate(final MailchimpResponse response) {
        return response.statusCode() == 400;
    }

    /** Whether a GET of one member found none. */
    static boolean memberAbsent(final MailchimpResponse response) {
        return response.statusCode() == 404;
    }

    /** {@code HTTP 400 Invalid Resource - Your merge fields were invalid. (FNAME: Please enter a value)}. */
    static String describe(final MailchimpResponse response) {
        final StringBuilder text = new StringBuilder("HTTP ").append(response.statusCode()).append(' ').append(response.title());
        if (!response.detail().isEmpty()) {
            text.append(" - ").append(response.detail());
        }
        response.body().path("errors").forEach(e -> text.append(" (").append(e.path("field").asText())
                .append(": ").append(e.path("message").asText()).append(')'));
        return text.toString();
    }

    private static Refusal.Kind kind(final MailchimpResponse response, final Target target) {
        return switch (response.statusCode()) {
            case 401, 403 -> Refusal.Kind.CONFIGURATION;
            case 404 -> switch (target) {
                case AUDIENCE -> Refusal.Kind.CONFIGURATION;
                case MEMBER -> Refusal.Kind.NOT_FOUND;
                case MEMBER_TAGS -> Refusal.Kind.NOT_YET_MEMBER;
            };
            case 405 -> Refusal.Kind.NOT_ALLOWED;
            default -> MEMBER_EXISTS.equalsIgnoreCase(response.title()) ? Refusal.Kind.EXISTS
                    : byText(response.title() + " " + response.detail());
        };
    }

    private static Refusal.Kind byText(final String text) {
        final String lower = text.toLowerCase(Locale.ROOT);
        if (lower.contains(SIGNUP_LIMIT)) {
            return Refusal.Kind.SIGNUP_LIMIT;
        }
        if (lower.contains(COMPLIANCE_STATE)) {
            return Refusal.Kind.COMPLIANCE_STATE;
        }
        if (lower.contains(FORGOTTEN[0]) || lower.contains(FORGOTTEN[1])) {
            return Refusal.Kind.PERMANENTLY_DELETED;
        }
        return lower.contains(CLEANED) ? Refusal.Kind.CLEANED : Refusal.Kind.INVALID;
    }
}
