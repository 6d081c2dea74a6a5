package io.mlconnector.sandbox.mailchimp;

import java.util.List;
import java.util.Map;

/** Mailchimp's error titles and details, verbatim where they were observed (mailchimp.md §7). */
final class Problems {

    static final String VALIDATION_DETAIL =
            "The resource submitted could not be validated. For field-specific details, see the 'errors' array.";
    static final String MERGE_FIELDS_DETAIL = "Your merge fields were invalid.";
    private static final String METHOD_NOT_ALLOWED_DETAIL =
            "The requested method and resource are not compatible. See the Allow header for this resource's available methods.";

    private Problems() {
    }

    static ApiException apiKeyMissing() {
        return new ApiException(401, "API Key Missing", "Your request did not include an API key.");
    }

    static ApiException apiKeyInvalid() {
        return new ApiException(401, "API Key Invalid",
                "Your API key may be invalid, or you've attempted to access the wrong datacenter.");
    }

    static ApiException wrongDatacenter() {
        return new ApiException(403, "Wrong Datacenter", "The API key provided is linked to a different data center.");
    }

    static ApiException notFound() {
        return new ApiException(404, "Resource Not Found", "The requested resource could not be found.");
    }

    static ApiException methodNotAllowed(String allow) {
        return new ApiException(405, "Method Not Allowed", METHOD_NOT_ALLOWED_DETAIL, List.of(), Map.of("Allow", allow));
    }

    static ApiException jsonParseError() {
        return new ApiException(400, "JSON Parse Error", "We encountered an unspecified JSON parsing error.");
    }

    static ApiException invalidAction() {
        return new ApiException(400, "Invalid Action", "The action requested was not valid for this resource.");
    }

    static ApiException invalidResource(List<ApiException.FieldError> errors) {
        return new ApiException(400, "Invalid Resource", VALIDATION_DETAIL, errors, Map.of());
    }

    static ApiException invalidResource(String field, String message) {
        return invalidResource(List.of(new ApiException.FieldError(field, message)));
    }

    static ApiException invalidResourceDetail(String detail) {
        return new ApiException(400, "Invalid Resource", detail);
    }

    /** A second interest category, or interest of one category, with the same name [INF]. */
    static ApiException alreadyExists(String name) {
        return invalidResourceDetail("Cannot add \"" + name + "\" because it already exists on the list.");
    }

    static ApiException invalidMergeFields(List<ApiException.FieldError> errors) {
        return new ApiException(400, "Invalid Resource", MERGE_FIELDS_DETAIL, errors, Map.of());
    }

    static ApiException memberExists(String email) {
        return new ApiException(400, "Member Exists",
                email + " is already a list member. Use PUT to insert or update list members.");
    }

    static ApiException complianceState(String email) {
        return new ApiException(400, "Member In Compliance State", email
                + " is in a compliance state due to unsubscribe, bounce, or compliance review and cannot be subscribed.");
    }

    static ApiException forgotten(String email) {
        return new ApiException(400, "Forgotten Email Not Subscribed", email
                + " was permanently deleted and cannot be re-imported. The contact must re-subscribe to get back on the list.");
    }

    /** The observed message for updates of cleaned members; the title is inferred. */
    static ApiException cleaned() {
        return new ApiException(400, "Invalid Resource",
                "This member's status is \"cleaned.\" You can only update email addresses for members with a status of \"subscribed.\"");
    }

    /** DELETE of a cleaned member; the Allow header as for the archived one (O6). */
    static ApiException cannotRemove() {
        return new ApiException(405, "Method Not Allowed", "This list member cannot be removed.  Please contact support.",
                List.of(), Map.of("Allow", "GET, PUT"));
    }

    /** O6 [REC]: DELETE of an archived or pending member. */
    static ApiException cannotArchive() {
        return new ApiException(405, "Method Not Allowed",
                "This list member cannot be removed. Can not archive a contact that is bounced, pending or archived",
                List.of(), Map.of("Allow", "GET, PUT"));
    }

    /** R4: the anti-abuse throttle on one address. */
    static ApiException tooManySignups(String email) {
        return invalidResourceDetail(email + " has signed up to a lot of lists very recently; we're not allowing more signups for now");
    }

    static ApiException invalidEmail() {
        return invalidResourceDetail("Please provide a valid email address.");
    }

    static ApiException fakeEmail(String email) {
        return invalidResourceDetail(email + " looks fake or invalid, please enter a real email address.");
    }

    static ApiException tooManyConnections(int limit) {
        return new ApiException(429, "Too Many Requests",
                "You have exceeded the limit of " + limit + " simultaneous connections.");
    }

    /** The burst answers of Mailchimp at very high volume (R9): 429 or 403 without a body. */
    static ApiException emptyThrottled(int status) {
        return new ApiException(status, null, null);
    }

    /**
     * The error Mailchimp's glossary names {@code name} (mailchimp.md §7.3), as the legacy {@code X-Trigger-Error}
     * header forces it; null for an unknown name.
     */
    static ApiException glossary(String name) {
        return switch (name) {
            case "BadRequest" -> new ApiException(400, "Bad Request", "Your request could not be processed.");
            case "InvalidAction" -> invalidAction();
            case "InvalidResource" -> invalidResource(List.of());
            case "JSONParseError" -> jsonParseError();
            case "APIKeyMissing" -> apiKeyMissing();
            case "APIKeyInvalid" -> apiKeyInvalid();
            case "Forbidden" -> new ApiException(403, "Forbidden", "You are not permitted to access this resource.");
            case "UserDisabled" -> new ApiException(403, "User Disabled", "This account has been disabled.");
            case "WrongDatacenter" -> wrongDatacenter();
            case "ResourceNotFound" -> notFound();
            case "MethodNotAllowed" -> new ApiException(405, "Method Not Allowed", METHOD_NOT_ALLOWED_DETAIL);
            case "ResourceNestingTooDeep" -> new ApiException(414, "Resource Nesting Too Deep",
                    "The sub-resource requested is nested too deeply.");
            case "InvalidMethodOverride" -> new ApiException(422, "Invalid Method Override",
                    "You can only use the X-HTTP-Method-Override header with the POST method.");
            case "RequestedFieldsInvalid" -> new ApiException(422, "Requested Fields Invalid",
                    "The fields requested from this resource are invalid.");
            case "TooManyRequests" -> tooManyConnections(10);
            case "InternalServerError" -> new ApiException(500, "Internal Server Error", "An unexpected internal error has occurred.");
            case "ComplianceRelated" -> new ApiException(503, "Compliance Related", "This method has been disabled.");
            default -> null;
        };
    }

    static ApiException tooManyBatches() {
        return new ApiException(429, "Too Many Requests", "You have more than 500 pending batches.");
    }
}
