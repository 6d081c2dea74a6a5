package io.mlconnector.nifi.mailchimp.sync;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlconnector.nifi.mailchimp.contact.MemberStatus;

/**
 * The tag a contact gets when this sync archives it at termination. Mailchimp forgets an archived contact's status,
 * and anybody may archive contacts (a marketer tidying up opt-outs, say), so only the tag lets a rehire restore the
 * contact, and to no more than the status it had.
 */
public final class ArchiveMarker {

    private static final String PREFIX = "Archived at termination while ";

    private ArchiveMarker() {
    }

    public static String tag(final MemberStatus status) {
        return PREFIX + status.apiValue();
    }

    /** The status the contact had when this sync archived it, or {@code null} when the sync did not archive it. */
    static MemberStatus read(final JsonNode member) {
        for (final JsonNode tag : member.path("tags")) {
            final String name = tag.path("name").asText("");
            if (name.startsWith(PREFIX)) {
                final MemberStatus status = MemberStatus.parse(name.substring(PREFIX.length()));
                if (status.receivesUpdates()) {
                    return status;
                }
            }
        }
        return null;
    }
}
