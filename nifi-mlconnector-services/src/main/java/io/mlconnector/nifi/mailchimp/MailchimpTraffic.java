package io.mlconnector.nifi.mailchimp;

import java.util.LinkedHashMap;
import java.util.SequencedMap;

/**
 * What a connection service met since its figures were last taken ({@link MailchimpConnectionService#takeTraffic()}):
 * throttled answers (429, or 403 with an empty body) and retries (of throttled, 5xx, reset or timed-out requests).
 * Each figure is handed out once, so counters that add them up count every answer exactly once.
 */
public record MailchimpTraffic(long throttled, long retries) {

    public static final MailchimpTraffic NONE = new MailchimpTraffic(0, 0);
    /** NiFi counters (Counters UI) a processor adds the figures to. */
    public static final String THROTTLED_COUNTER = "Mailchimp requests throttled";
    public static final String RETRIES_COUNTER = "Mailchimp retries";

    /** Short name to value, {@code throttled} first: for a summary's attributes and provenance details. */
    public SequencedMap<String, Long> figures() {
        final SequencedMap<String, Long> figures = new LinkedHashMap<>();
        figures.put("throttled", throttled);
        figures.put("retries", retries);
        return figures;
    }

    /** NiFi counter name to value. */
    public SequencedMap<String, Long> counters() {
        final SequencedMap<String, Long> counters = new LinkedHashMap<>();
        counters.put(THROTTLED_COUNTER, throttled);
        counters.put(RETRIES_COUNTER, retries);
        return counters;
    }
}
