package io.mlconnector.sandbox.mailchimp;

import java.util.List;
import java.util.Map;

/** An error answer: becomes a problem+json document (or an empty body when {@code title} is null). */
final class ApiException extends RuntimeException {

    record FieldError(String field, String message) {
    }

    final int status;
    final String title;
    final String detail;
    final List<FieldError> errors;
    final Map<String, String> headers;

    ApiException(int status, String title, String detail, List<FieldError> errors, Map<String, String> headers) {
        super(title == null ? "HTTP " + status : title + ": " + detail, null, false, false);
        this.status = status;
        this.title = title;
        this.detail = detail;
        this.errors = errors;
        this.headers = headers;
    }

    ApiException(int status, String title, String detail) {
        this(status, title, detail, List.of(), Map.of());
    }
}
