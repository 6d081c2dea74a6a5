package io.mlconnector.nifi.mailchimp.contact;

/** A record that cannot become a contact (no or malformed address); its message is the reason shown to users. */
public class InvalidContactException extends Exception {

    public InvalidContactException(final String message) {
        super(message);
    }
}
