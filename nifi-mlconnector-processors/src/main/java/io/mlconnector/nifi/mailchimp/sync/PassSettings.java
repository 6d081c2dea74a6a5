package io.mlconnector.nifi.mailchimp.sync;

import io.mlconnector.nifi.mailchimp.reconcile.OrphanPolicy;
import org.apache.nifi.processor.Relationship;

import java.time.Duration;

/**
 * How a PutMailchimpContact ends a reconciliation pass.
 *
 * @param orphanPolicy what is done to contacts whose source ID the pass did not read
 * @param orphanLimit  the largest share of the audience's contacts with a source ID, in percent, one pass may change
 * @param endWait        how long the end of a pass waits for the pass's records to be synced, on any node
 * @param report       where the report goes
 */
public record PassSettings(OrphanPolicy orphanPolicy, int orphanLimit, Duration endWait, Relationship report) {
}
