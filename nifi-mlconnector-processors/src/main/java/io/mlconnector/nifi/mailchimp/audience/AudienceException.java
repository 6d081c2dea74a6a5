package io.mlconnector.nifi.mailchimp.audience;

/**
 * The audience cannot take writes for a reason that retrying will not fix (unknown audience, a merge field that
 * cannot be created, a required merge field the mapping does not fill). The message tells users what to change.
 */
public class AudienceException extends Exception {

    public AudienceException(final String message) {
        super(message);
    }
}
