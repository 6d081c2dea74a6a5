package io.mlconnector.sandbox.mailchimp;

/**
 * An audience merge field.
 *
 * @param mergeId      Mailchimp's unchanging numeric id
 * @param tag          merge tag, at most 10 characters
 * @param name         display name
 * @param type         one of text, number, address, phone, date, url, imageurl, radio, dropdown, birthday, zip
 * @param required     whether member writes must provide a value
 * @param defaultValue default value, "" when none
 * @param isPublic     shown on the signup form
 * @param displayOrder position in forms
 * @param helpText     help text, "" when none
 */
public record MergeField(int mergeId, String tag, String name, String type, boolean required, String defaultValue,
                         boolean isPublic, int displayOrder, String helpText) {
}
