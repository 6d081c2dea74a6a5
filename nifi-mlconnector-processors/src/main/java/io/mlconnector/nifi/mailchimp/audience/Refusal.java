package io.mlconnector.nifi.mailchimp.audience;

/** One refusal of Mailchimp's: what it means, and Mailchimp's own words (status, title, detail and field errors). */
public record Refusal(Kind kind, String message) {

    /** What a refusal means, each of one {@link RefusalClass}. */
    public enum Kind {
        UNAVAILABLE(RefusalClass.RETRY_NOW),
        SIGNUP_LIMIT(RefusalClass.RETRY_LATER),
        COMPLIANCE_STATE(RefusalClass.PERMANENT_FOR_PERSON),
        PERMANENTLY_DELETED(RefusalClass.PERMANENT_FOR_PERSON),
        CLEANED(RefusalClass.PERMANENT_FOR_PERSON),
        INVALID(RefusalClass.PERMANENT_FOR_RECORD),
        /** 405: Mailchimp allows no such change (archiving a contact that is archived, pending or bounced). */
        NOT_ALLOWED(RefusalClass.NOTHING_TO_DO),
        /** 404 on a member: not (or no longer) in the audience. */
        NOT_FOUND(RefusalClass.NOTHING_TO_DO),
        /** Member Exists, ERROR_CONTACT_EXISTS: the address is in the audience after all. */
        EXISTS(RefusalClass.ORDERING),
        /**
         * A batch item sent without a status was refused for the want of one (O4, undocumented): the member was archived
         * since the index was read, or the account wants a status on every item.
         */
        STATUS_NEEDED(RefusalClass.ORDERING),
        /** 404 on a member's tags: the member does not exist yet. */
        NOT_YET_MEMBER(RefusalClass.ORDERING),
        CONFIGURATION(RefusalClass.CONFIGURATION);

        private final RefusalClass refusalClass;

        Kind(final RefusalClass refusalClass) {
            this.refusalClass = refusalClass;
        }

        public RefusalClass refusalClass() {
            return refusalClass;
        }
    }

    public RefusalClass refusalClass() {
        return kind.refusalClass();
    }
}
