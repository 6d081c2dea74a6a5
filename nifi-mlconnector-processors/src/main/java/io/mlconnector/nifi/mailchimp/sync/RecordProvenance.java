package io.mlconnector.nifi.mailchimp.sync;

import io.mlconnector.nifi.mailchimp.contact.Contact;
import io.mlconnector.nifi.mailchimp.contact.ContactMapper;
import io.mlconnector.nifi.mailchimp.contact.SubscriberHash;
import io.mlconnector.nifi.mailchimp.contact.SyncAction;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.provenance.ProvenanceReporter;
import org.apache.nifi.serialization.record.Record;

import java.net.URI;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The provenance event of one record of one FlowFile, so that a provenance search on Details for a source ID (e.g.
 * {@code *KU0000001*}) finds every attempt made for that person: its details read
 * {@code EMPLID=KU0000001 action=created status=subscribed [retry=N] [reason=...]}, its transit URI is the member's
 * {@code .../lists/{audience}/members/{subscriber hash}}. A record settled as unchanged gets one only when Unchanged
 * Record Events is on: otherwise the FlowFile's summary SEND counts it, so a re-read of 100,000 unchanged people does
 * not write 100,000 events that say "nothing changed".
 * <p>
 * Every event of a record is reported on the incoming FlowFile, whose content is complete before the first call and
 * holds the person's record as PeopleSoft sent it: each event of a search shows that FlowFile with its size and
 * content, and NiFi can replay it from there, since it came from a queue. (On the outgoing FlowFile a forced event
 * would show it empty, as it is while the records are written, and the others it whole.)
 * <p>
 * A record written to Mailchimp gets a SEND, forced into the repository at once: Mailchimp has changed, so the event
 * must outlive a rolled-back session, and it holds no heap until the commit. A record settled without a write
 * (skipped, failed, still throttled) gets a REMOTE_INVOCATION held by the session until it commits, like the records
 * themselves. Not a ROUTE: NiFi de-duplicates a session's events by type, FlowFile, transit URI and relationship
 * (details and time are ignored), so per-record ROUTE events of one FlowFile would collapse into one; for the same
 * reason the URI of such an event ends with the record's position in its FlowFile ({@code #n}).
 */
public final class RecordProvenance {

    /** The attribute NiFi's RetryFlowFile counts the rounds of the retry loop in (the shipped flow's setting). */
    public static final String RETRIES_ATTRIBUTE = "mailchimp.retries";

    private static final Set<SyncAction> WRITES = EnumSet.of(SyncAction.CREATED, SyncAction.UPDATED,
            SyncAction.UNSUBSCRIBED, SyncAction.ARCHIVED);
    private static final Pattern LINE_BREAKS = Pattern.compile("[\\r\\n]+");

    private final ContactMapper mapper;
    private final String sourceIdName;
    private final boolean includeEmail;
    private final boolean unchangedEvents;
    private final String membersUri;
    private final FlowFile input;
    private final String retry;
    private int position;

    /**
     * @param sourceIdName  the name the source ID goes by in the details (the Source ID Merge Field)
     * @param includeEmail  whether the details name the email address as well
     * @param unchangedEvents whether a record settled as unchanged gets an event (otherwise only the FlowFile's SEND counts it)
     * @param audienceUri   {@code .../3.0/lists/{audience}}
     * @param input         the FlowFile whose records these are, which the events are reported on; its
     *                      {@value #RETRIES_ATTRIBUTE} is the retry round
     */
    public RecordProvenance(final ContactMapper mapper, final String sourceIdName, final boolean includeEmail,
                            final boolean unchangedEvents, final URI audienceUri, final FlowFile input) {
        this.mapper = mapper;
        this.sourceIdName = sourceIdName;
        this.includeEmail = includeEmail;
        this.unchangedEvents = unchangedEvents;
        this.membersUri = audienceUri + "/members";
        this.input = input;
        this.retry = input.getAttribute(RETRIES_ATTRIBUTE);
    }

    /**
     * Reports the event of {@code audit}, the audit record of the input's next record (they come in record order).
     *
     * @param sourceId the audit record's source ID, or {@code null}
     * @param contact  the record's contact, whose address and subscriber hash name the member, or {@code null}
     */
    void report(final ProvenanceReporter reporter, final Record audit, final String sourceId, final Contact contact, final Outcome outcome) {
        position++;
        if (outcome.action() == SyncAction.UNCHANGED && !unchangedEvents) {
            return;
        }
        // The contact's address is the one synced; a record without a contact is named by what its Email Field reads.
        final String email;
        final String hash;
        if (contact != null) {
            email = contact.emailAddress();
            hash = contact.subscriberHash();
        } else {
            email = mapper.emailAddress(audit);
            hash = email == null ? null : SubscriberHash.of(email);
        }
        event(reporter, hash == null ? membersUri : membersUri + "/" + hash, details(sourceId, email, outcome), outcome);
    }

    /** Reports the event of a member settled without a record (an orphan of a reconciliation pass), found by source ID. */
    void report(final ProvenanceReporter reporter, final String sourceId, final String subscriberHash, final Outcome outcome) {
        position++;
        event(reporter, membersUri + "/" + subscriberHash, details(sourceId, null, outcome), outcome);
    }

    /** A SEND for a write, otherwise a REMOTE_INVOCATION (its URI numbered, as several may name one member). */
    private void event(final ProvenanceReporter reporter, final String memberUri, final String details, final Outcome outcome) {
        if (WRITES.contains(outcome.action()) && outcome.route() == Outcome.Route.SUCCESS) {
            reporter.send(input, memberUri, details, true);
        } else {
            reporter.invokeRemoteProcess(input, memberUri + "#" + position, details);
        }
    }

    /** The details of a person's event: their source ID, the action, status and reason. */
    public String details(final String sourceId, final String email, final Outcome outcome) {
        final StringBuilder details = new StringBuilder(160);
        if (sourceId != null) {
            details.append(sourceIdName).append('=').append(sourceId).append(' ');
        }
        if (includeEmail && email != null) {
            details.append("email=").append(email).append(' ');
        }
        details.append("action=").append(outcome.action().value());
        if (outcome.status() != null) {
            details.append(" status=").append(outcome.status());
        }
        if (retry != null) {
            details.append(" retry=").append(retry);
        }
        if (outcome.reason() != null) {
            details.append(" reason=").append(reason(outcome.reason(), email));
        }
        return details.toString();
    }

    /** On one line; without the address when it must stay out of provenance (Mailchimp's errors often quote it). */
    private String reason(final String reason, final String email) {
        String text = reason.indexOf('\r') < 0 && reason.indexOf('\n') < 0 ? reason : LINE_BREAKS.matcher(reason).replaceAll(" ");
        if (!includeEmail && email != null && !email.isEmpty() && mayContain(text, email)) {
            text = Pattern.compile(Pattern.quote(email), Pattern.CASE_INSENSITIVE).matcher(text).replaceAll("[email address]");
        }
        return text;
    }

    /**
     * Whether {@code text} may hold the address, ignoring case char by char: wherever the case-insensitive (ASCII)
     * pattern above matches, this does too, and it spares compiling the pattern for every record.
     */
    private static boolean mayContain(final String text, final String email) {
        for (int i = 0; i + email.length() <= text.length(); i++) {
            if (text.regionMatches(true, i, email, 0, email.length())) {
                return true;
            }
        }
        return false;
    }
}
