package io.mlconnector.nifi.mailchimp.reconcile;

import io.mlconnector.nifi.mailchimp.audience.RefusalClass;
import io.mlconnector.nifi.mailchimp.contact.MemberStatus;
import io.mlconnector.nifi.mailchimp.contact.Plan;
import io.mlconnector.nifi.mailchimp.sync.Outcome;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;

/** What a record of a reconciliation pass found and did, as the pass's report counts it. */
public enum DriftKind {
    UNCHANGED("unchanged"),
    MISSING_CONTACT("missing_contact"),
    FIELD_VALUE("field_value"),
    STATUS("status"),
    TAGS("tags"),
    EMAIL("email_address"),
    SKIPPED_BY_CONSENT("skipped_by_consent"),
    SKIPPED("skipped_other"),
    FAILED("failed");

    /** The kinds that are corrections: Mailchimp differed from PeopleSoft and was written. */
    public static final Set<DriftKind> CORRECTIONS = EnumSet.of(MISSING_CONTACT, FIELD_VALUE, STATUS, TAGS, EMAIL);

    private static final Set<MemberStatus> CONSENT = EnumSet.of(MemberStatus.UNSUBSCRIBED, MemberStatus.CLEANED,
            MemberStatus.PENDING, MemberStatus.ARCHIVED);

    private final String key;

    DriftKind(final String key) {
        this.key = key;
    }

    /** The name in the report and in state. */
    public String key() {
        return key;
    }

    /**
     * The kind of a record's settled outcome. {@code plan} is {@code null} for records decided without a plan (unreadable,
     * superseded, an unusable audience); {@code overwritten} are the merge tags the write changed, when they were read
     * before it ({@code null} otherwise), and {@code segmentTags} the merge tags that hold tags and groups.
     */
    public static DriftKind of(final Plan plan, final Outcome outcome, final Collection<String> overwritten,
                               final Collection<String> segmentTags) {
        return switch (outcome.action()) {
            case FAILED -> FAILED;
            case UNCHANGED -> UNCHANGED;
            case CREATED, WOULD_CREATE -> MISSING_CONTACT;
            case UNSUBSCRIBED, ARCHIVED, WOULD_UNSUBSCRIBE, WOULD_ARCHIVE -> STATUS;
            case UPDATED, WOULD_UPDATE -> updated(plan, overwritten, segmentTags);
            case SKIPPED -> skipped(plan, outcome);
        };
    }

    private static DriftKind updated(final Plan plan, final Collection<String> overwritten, final Collection<String> segmentTags) {
        if (plan == null) {
            return FIELD_VALUE;
        }
        return switch (plan.operation()) {
            case RESTORE -> STATUS;
            case CHANGE_EMAIL, MERGE_ADDRESSES -> EMAIL;
            default -> overwritten != null && !overwritten.isEmpty() && segmentTags.containsAll(overwritten) ? TAGS : FIELD_VALUE;
        };
    }

    /** A terminated person's contact left as the sync leaves it is no drift; a contact kept by its own status is consent. */
    private static DriftKind skipped(final Plan plan, final Outcome outcome) {
        if (outcome.refusal() == RefusalClass.PERMANENT_FOR_PERSON) {
            return SKIPPED_BY_CONSENT;
        }
        if (plan == null) {
            return SKIPPED;
        }
        if (plan.contact().terminated()) {
            return UNCHANGED;
        }
        final MemberStatus status = outcome.status() == null ? null : MemberStatus.parse(outcome.status());
        return status != null && CONSENT.contains(status) ? SKIPPED_BY_CONSENT : SKIPPED;
    }
}
