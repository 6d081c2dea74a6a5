package io.mlconnector.nifi.mailchimp.audience;

/**
 * The audience cannot take writes for a reason that retrying will not fix (unknown audience, a merge field that
 * cannot be created, a required merge field the mapping does not fill), or Mailchimp refused a whole request. The
 * message tells users what to change.
 */
public class AudienceException extends Exception {

    private final RefusalClass refusalClass;

    /** A problem of the audience's configuration. */
    public AudienceException(final String message) {
        this(message, RefusalClass.CONFIGURATION);
    }

    public AudienceException(final String message, final RefusalClass refusalClass) {
        super(message);
        this.refusalClass = refusalClass;
    }

    public RefusalClass refusalClass() {
        return refusalClass;
    }
}
