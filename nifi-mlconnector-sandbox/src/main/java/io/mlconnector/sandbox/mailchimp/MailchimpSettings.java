package io.mlconnector.sandbox.mailchimp;

import io.mlconnector.sandbox.mailchimp.MailchimpSimulator.ThrottleResponse;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * Switches for the behaviours mailchimp.md §11 marks as inferred, changeable while the simulator runs. Defaults follow
 * the reference's recommendation.
 */
public final class MailchimpSettings {

    private volatile ThrottleResponse throttleResponse = ThrottleResponse.TOO_MANY_REQUESTS_429;
    private volatile boolean wrongDataCenterAs401;
    private volatile boolean omitProblemType;
    private volatile boolean acceptEmailInPath = true;
    private volatile boolean putRequiresStatusIfNew = true;
    private volatile boolean rejectCountOverMaximum;
    private volatile boolean storeEmailLowerCase;
    private volatile boolean rejectUnknownMergeTags;
    private volatile int textMergeFieldMaxLength = 255;
    private volatile boolean rejectUnknownInterests = true;
    private volatile boolean batchComplianceAsError;
    private volatile Set<String> fakeEmailDomains = Set.of();
    private volatile int retryAfterSeconds;
    private volatile Duration batchProcessingTime = Duration.ofSeconds(1);

    public ThrottleResponse throttleResponse() {
        return throttleResponse;
    }

    /** L2: 429 problem document (default) or 403 with an empty body. */
    public MailchimpSettings throttleResponse(ThrottleResponse value) {
        this.throttleResponse = value;
        return this;
    }

    public boolean wrongDataCenterAs401() {
        return wrongDataCenterAs401;
    }

    /** T2: a key of another data center gets 401 API Key Invalid instead of 403 Wrong Datacenter. */
    public MailchimpSettings wrongDataCenterAs401(boolean value) {
        this.wrongDataCenterAs401 = value;
        return this;
    }

    public boolean omitProblemType() {
        return omitProblemType;
    }

    /** T5: leave {@code type} out of problem documents, as some 2024-2025 responses do. */
    public MailchimpSettings omitProblemType(boolean value) {
        this.omitProblemType = value;
        return this;
    }

    public boolean acceptEmailInPath() {
        return acceptEmailInPath;
    }

    /** M2: the member path segment may be the address instead of its hash (newer spec; default true). */
    public MailchimpSettings acceptEmailInPath(boolean value) {
        this.acceptEmailInPath = value;
        return this;
    }

    public boolean putRequiresStatusIfNew() {
        return putRequiresStatusIfNew;
    }

    /**
     * M3: PUT bodies must carry {@code email_address} and {@code status_if_new} as the published schema says (default);
     * false: only when the member is created.
     */
    public MailchimpSettings putRequiresStatusIfNew(boolean value) {
        this.putRequiresStatusIfNew = value;
        return this;
    }

    public boolean rejectCountOverMaximum() {
        return rejectCountOverMaximum;
    }

    /** M13: {@code count} above 1000 is rejected with 400 instead of clamped. */
    public MailchimpSettings rejectCountOverMaximum(boolean value) {
        this.rejectCountOverMaximum = value;
        return this;
    }

    public boolean storeEmailLowerCase() {
        return storeEmailLowerCase;
    }

    /** M14: addresses are stored lower-cased (default: as given). */
    public MailchimpSettings storeEmailLowerCase(boolean value) {
        this.storeEmailLowerCase = value;
        return this;
    }

    public boolean rejectUnknownMergeTags() {
        return rejectUnknownMergeTags;
    }

    /** F5: merge tags the audience lacks are rejected (default: silently ignored). */
    public MailchimpSettings rejectUnknownMergeTags(boolean value) {
        this.rejectUnknownMergeTags = value;
        return this;
    }

    public int textMergeFieldMaxLength() {
        return textMergeFieldMaxLength;
    }

    /** F6: maximum length of text merge values (default 255). */
    public MailchimpSettings textMergeFieldMaxLength(int value) {
        this.textMergeFieldMaxLength = value;
        return this;
    }

    public boolean rejectUnknownInterests() {
        return rejectUnknownInterests;
    }

    /** G5: member {@code interests} keys must be existing interest ids (default true). */
    public MailchimpSettings rejectUnknownInterests(boolean value) {
        this.rejectUnknownInterests = value;
        return this;
    }

    public boolean batchComplianceAsError() {
        return batchComplianceAsError;
    }

    /**
     * B4: in batch subscribe with {@code update_existing}, re-subscribing an unsubscribed member is an ERROR_GENERIC
     * item; default: the status is silently left unchanged, as observed.
     */
    public MailchimpSettings batchComplianceAsError(boolean value) {
        this.batchComplianceAsError = value;
        return this;
    }

    public Set<String> fakeEmailDomains() {
        return fakeEmailDomains;
    }

    /** M11: domains whose addresses "look fake or invalid" (default none). */
    public MailchimpSettings fakeEmailDomains(Set<String> domains) {
        this.fakeEmailDomains = domains.stream().map(d -> d.toLowerCase(Locale.ROOT))
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
        return this;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** L3: add {@code Retry-After} to throttled answers (0 = none, as Mailchimp). */
    public MailchimpSettings retryAfterSeconds(int value) {
        this.retryAfterSeconds = value;
        return this;
    }

    public Duration batchProcessingTime() {
        return batchProcessingTime;
    }

    /** A2: simulated time from submission to {@code finished} of an async batch (default 1 s). */
    public MailchimpSettings batchProcessingTime(Duration value) {
        this.batchProcessingTime = value;
        return this;
    }
}
