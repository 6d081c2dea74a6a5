package io.mlconnector.nifi.mailchimp.contact;

import org.apache.nifi.components.DescribedValue;

/** The status a contact gets when the sync adds it (or restores an archived one). */
public enum NewContactStatus implements DescribedValue {
    SUBSCRIBED(MemberStatus.SUBSCRIBED, "New contacts receive marketing email at once."),
    PENDING(MemberStatus.PENDING, "Mailchimp sends new contacts an opt-in confirmation email (double opt-in)."),
    TRANSACTIONAL(MemberStatus.TRANSACTIONAL, "New contacts only receive transactional (non-marketing) email.");

    private final MemberStatus status;
    private final String description;

    NewContactStatus(final MemberStatus status, final String description) {
        this.status = status;
        this.description = description;
    }

    public MemberStatus status() {
        return status;
    }

    @Override
    public String getValue() {
        return status.apiValue();
    }

    @Override
    public String getDisplayName() {
        return status.apiValue();
    }

    @Override
    public String getDescription() {
        return description;
    }
}
