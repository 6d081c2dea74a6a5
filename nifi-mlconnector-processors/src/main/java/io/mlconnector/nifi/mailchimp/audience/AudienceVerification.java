package io.mlconnector.nifi.mailchimp.audience;

import io.mlconnector.nifi.mailchimp.MailchimpTransientException;
import io.mlconnector.nifi.mailchimp.segment.SegmentClient;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.ConfigVerificationResult.Outcome;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Verification of a PutMailchimpContact: the audience can be read with the key, its merge fields fit the mapping, and
 * the Interest Category exists or will be created.
 *
 * @param mergeTags        the merge tags the mapping writes
 * @param interestCategory the Interest Category, or {@code null}
 */
public record AudienceVerification(Set<String> mergeTags, boolean createMissingMergeFields, String interestCategory,
                                   boolean createMissingInterestGroups) {

    public List<ConfigVerificationResult> verify(final AudienceClient client, final SegmentClient segments) {
        final List<ConfigVerificationResult> results = new ArrayList<>();
        final String audienceId = client.audienceId();
        try {
            final String name = client.audienceName();
            results.add(step("Read Audience", Outcome.SUCCESSFUL, "The API key works and audience " + audienceId + " (" + name + ") exists"));
        } catch (final AudienceException | MailchimpTransientException e) {
            results.add(step("Read Audience", Outcome.FAILED, e.getMessage()));
            results.add(step("Check Merge Fields", Outcome.SKIPPED, "The audience could not be read"));
            return results;
        }
        results.add(mergeFields(client));
        if (interestCategory != null) {
            results.add(interestCategory(segments));
        }
        return results;
    }

    private ConfigVerificationResult mergeFields(final AudienceClient client) {
        final String step = "Check Merge Fields";
        try {
            final MergeFieldCheck check = MergeFieldCheck.of(client.mergeFields(), mergeTags);
            final String problem = check.problem(client.audienceId(), createMissingMergeFields);
            if (problem != null) {
                return step(step, Outcome.FAILED, problem);
            }
            return step(step, Outcome.SUCCESSFUL, check.missing().isEmpty() ? "Every mapped merge field exists"
                    : "Merge field(s) " + String.join(", ", check.missing()) + " will be created as text fields");
        } catch (final AudienceException | MailchimpTransientException e) {
            return step(step, Outcome.FAILED, e.getMessage());
        }
    }

    private ConfigVerificationResult interestCategory(final SegmentClient client) {
        final String step = "Check Interest Category";
        try {
            final String id = client.interestCategories().get(interestCategory);
            if (id != null) {
                return step(step, Outcome.SUCCESSFUL, "Interest category '" + interestCategory + "' has groups "
                        + String.join(", ", client.interests(id).keySet()));
            }
            return createMissingInterestGroups
                    ? step(step, Outcome.SUCCESSFUL, "Interest category '" + interestCategory
                            + "' does not exist; it will be created (hidden) with the groups records name")
                    : step(step, Outcome.FAILED, "Interest category '" + interestCategory
                            + "' does not exist and Create Missing Interest Groups is false");
        } catch (final AudienceException | MailchimpTransientException e) {
            return step(step, Outcome.FAILED, e.getMessage());
        }
    }

    private static ConfigVerificationResult step(final String name, final Outcome outcome, final String explanation) {
        return new ConfigVerificationResult.Builder().verificationStepName(name).outcome(outcome).explanation(explanation).build();
    }
}
