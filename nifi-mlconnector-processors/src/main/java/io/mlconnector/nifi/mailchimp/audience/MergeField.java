package io.mlconnector.nifi.mailchimp.audience;

/** An audience's merge field: its tag, type and whether Mailchimp requires a value. */
public record MergeField(String tag, String type, boolean required) {
}
