package io.mlconnector.sandbox.mailchimp;

import io.mlconnector.sandbox.mailchimp.MailchimpSimulator.ThrottleResponse;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Switches for what the evidence (mailchimp-observed.md) leaves open and for what mailchimp.md §11 marks as inferred,
 * changeable while the simulator runs. Each default is the likeliest answer; {@link MailchimpSwitches} names them for
 * the command line, and nifi-mlconnector-sandbox/README.md lists them with their evidence.
 */
public final class MailchimpSettings {

    /** O1: does {@code GET /lists/{id}/members} without {@code status} list archived members? */
    public enum ArchivedListing { HIDDEN, LISTED }

    /** O3: batch subscribe of an archived address. */
    public enum BatchArchived { UNARCHIVE_AS_NEW, CONTACT_EXISTS }

    /** O4: a batch item without {@code status} for an existing member. */
    public enum BatchMissingStatus { KEEPS_STATUS, REFUSED }

    /** O11: a merge tag the audience lacks, in batch subscribe (single-member writes drop it: [REC]). */
    public enum BatchUnknownMergeTag { DROPPED, REFUSED }

    /** O10: how finely {@code since_last_changed} is compared with a member's change time. */
    public enum SincePrecision { SECOND, MILLISECOND }

    /** O10: whether a member changed exactly at {@code since_last_changed} is listed. */
    public enum SinceBoundary { EXCLUSIVE, INCLUSIVE }

    /** O15: the order of {@code new_members}, {@code updated_members} and {@code errors} in a batch answer. */
    public enum BatchAnswerOrder { INPUT, REVERSED }

    /** O13: merge keys not in upper case. */
    public enum LowerCaseMergeKeys { DROPPED, SAVED }

    private volatile ArchivedListing archivedListing = ArchivedListing.HIDDEN;
    private volatile BatchArchived batchArchived = BatchArchived.UNARCHIVE_AS_NEW;
    private volatile BatchMissingStatus batchMissingStatus = BatchMissingStatus.KEEPS_STATUS;
    private volatile BatchUnknownMergeTag batchUnknownMergeTag = BatchUnknownMergeTag.DROPPED;
    private volatile SincePrecision sincePrecision = SincePrecision.SECOND;
    private volatile SinceBoundary sinceBoundary = SinceBoundary.EXCLUSIVE;
    private volatile BatchAnswerOrder batchAnswerOrder = BatchAnswerOrder.INPUT;
    private volatile LowerCaseMergeKeys lowerCaseMergeKeys = LowerCaseMergeKeys.DROPPED;
    private volatile Set<String> signupThrottled = Set.of();
    private volatile ThrottleResponse throttleResponse = ThrottleResponse.TOO_MANY_REQUESTS_429;
    private volatile boolean wrongDataCenterAs401;
    private volatile boolean omitProblemType;
    private volatile boolean acceptEmailInPath = true;
    private volatile boolean putRequiresStatusIfNew = true;
    private volatile boolean rejectCountOverMaximum;
    private volatile boolean storeEmailLowerCase;
    private volatile int textMergeFieldMaxLength = 255;
    private volatile boolean rejectUnknownInterests = true;
    private volatile boolean batchComplianceAsError;
    private volatile Set<String> fakeEmailDomains = Set.of();
    private volatile int retryAfterSeconds;
    private volatile Duration batchProcessingTime = Duration.ofSeconds(1);

    public ArchivedListing archivedListing() {
        return archivedListing;
    }

    /** O1: archived members left out of the listing without {@code status} (default), or listed with the others. */
    public MailchimpSettings archivedListing(ArchivedListing value) {
        this.archivedListing = value;
        return this;
    }

    public BatchArchived batchArchived() {
        return batchArchived;
    }

    /**
     * O3: an archived address in batch subscribe comes back in {@code new_members}, un-archived with the item's status
     * (default, the one third-party report), or is refused with ERROR_CONTACT_EXISTS unless {@code update_existing}.
     */
    public MailchimpSettings batchArchived(BatchArchived value) {
        this.batchArchived = value;
        return this;
    }

    public BatchMissingStatus batchMissingStatus() {
        return batchMissingStatus;
    }

    /** O4: an existing member's batch item without {@code status} keeps the member's status (default) or is refused. */
    public MailchimpSettings batchMissingStatus(BatchMissingStatus value) {
        this.batchMissingStatus = value;
        return this;
    }

    public BatchUnknownMergeTag batchUnknownMergeTag() {
        return batchUnknownMergeTag;
    }

    /** O11: in batch subscribe an unknown merge tag is dropped as single writes drop it (default), or refuses the item. */
    public MailchimpSettings batchUnknownMergeTag(BatchUnknownMergeTag value) {
        this.batchUnknownMergeTag = value;
        return this;
    }

    public SincePrecision sincePrecision() {
        return sincePrecision;
    }

    /** O10: {@code since_last_changed} compared by whole seconds, as {@code last_changed} is shown (default), or finer. */
    public MailchimpSettings sincePrecision(SincePrecision value) {
        this.sincePrecision = value;
        return this;
    }

    public SinceBoundary sinceBoundary() {
        return sinceBoundary;
    }

    /** O10: members changed "after" {@code since_last_changed}, as the docs word it (default), or at it too. */
    public MailchimpSettings sinceBoundary(SinceBoundary value) {
        this.sinceBoundary = value;
        return this;
    }

    public BatchAnswerOrder batchAnswerOrder() {
        return batchAnswerOrder;
    }

    /** O15: batch answers list members in input order (default) or reversed: nothing promises the order. */
    public MailchimpSettings batchAnswerOrder(BatchAnswerOrder value) {
        this.batchAnswerOrder = value;
        return this;
    }

    public LowerCaseMergeKeys lowerCaseMergeKeys() {
        return lowerCaseMergeKeys;
    }

    /** O13: merge keys not in upper case are dropped without an error (default, as reported) or saved. */
    public MailchimpSettings lowerCaseMergeKeys(LowerCaseMergeKeys value) {
        this.lowerCaseMergeKeys = value;
        return this;
    }

    public Set<String> signupThrottled() {
        return signupThrottled;
    }

    /**
     * R4: addresses that "signed up to a lot of lists very recently": creating or un-archiving them is refused until
     * they are taken off this set (Mailchimp lifts it after hours or days). Default none.
     */
    public MailchimpSettings signupThrottled(Set<String> addresses) {
        this.signupThrottled = lowerCased(addresses);
        return this;
    }

    boolean isSignupThrottled(String email) {
        return signupThrottled.contains(email.toLowerCase(Locale.ROOT));
    }

    public ThrottleResponse throttleResponse() {
        return throttleResponse;
    }

    /** L2, R9: 429 problem document (default), 429 without a body, or 403 without a body. */
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

    /** M11, R3: domains whose addresses "look fake or invalid" (default none). */
    public MailchimpSettings fakeEmailDomains(Set<String> domains) {
        this.fakeEmailDomains = lowerCased(domains);
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

    private static Set<String> lowerCased(Set<String> values) {
        return values.stream().map(v -> v.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }
}
