package io.mlconnector.nifi.mailchimp.sync;

import io.mlconnector.nifi.mailchimp.audience.MailchimpAnswers;
import io.mlconnector.nifi.mailchimp.audience.Refusal;
import io.mlconnector.nifi.mailchimp.audience.RefusalClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RefusalsTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "HTTP 400 Member In Compliance State - pat@example.com is in a compliance state due to unsubscribe, bounce, "
                + "or compliance review and cannot be subscribed.",
        "pat@example.com was permanently deleted and cannot be re-imported.",
        "HTTP 400 Forgotten Email Not Subscribed",
        "HTTP 400 Invalid Resource - This member's status is \"cleaned.\" You can only update email addresses for members "
                + "with a status of \"subscribed.\""})
    void consentRefusalsAreSkips(final String message) {
        assertEquals(Outcome.Route.SUCCESS, Outcome.refused(MailchimpAnswers.refusal("ERROR_GENERIC", message, "", ""), "subscribed").route());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "cleaned.up@fake.test looks fake or invalid, please enter a real email address.",
        "Your merge fields were invalid. (STATUS: Please enter a value)"})
    void otherRefusalsMentioningCleanedOrAStatusMergeFieldAreFailures(final String message) {
        assertEquals(Outcome.Route.FAILURE, Outcome.refused(MailchimpAnswers.refusal("ERROR_GENERIC", message, "", ""), "subscribed").route());
    }

    /** O4: whatever words Mailchimp uses for a batch item it wants a status on, they name the member's status field. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "The resource submitted could not be validated. For field-specific details, see the 'errors' array.|status|"
                + "Required fields were not provided: status",
        "Invalid Resource|members.item:0.status|Data presented is not one of the accepted values",
        "HTTP 400 Invalid Resource - The resource submitted could not be validated. (status: Value is not one of the "
                + "enum values: subscribed, unsubscribed, cleaned, pending)||"})
    void aBatchItemRefusedForItsStatusIsTakenUpAgain(final String error, final String field, final String fieldMessage) {
        final Refusal refusal = MailchimpAnswers.refusal("ERROR_GENERIC", error, field, fieldMessage);
        assertEquals(Refusal.Kind.STATUS_NEEDED, refusal.kind());
        assertEquals(RefusalClass.ORDERING, refusal.refusalClass());
    }
}
