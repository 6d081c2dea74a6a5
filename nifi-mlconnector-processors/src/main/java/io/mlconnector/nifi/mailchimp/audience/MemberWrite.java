package io.mlconnector.nifi.mailchimp.audience;

import com.fasterxml.jackson.databind.JsonNode;

/** Mailchimp's answer to a write of one member: the member as written, or the refusal. */
public sealed interface MemberWrite {

    /** Written: {@code member} is the answer's body (empty for 204). */
    record Written(JsonNode member) implements MemberWrite {
    }

    record Refused(Refusal refusal) implements MemberWrite {
    }
}
