package io.mlconnector.demo.contract;

/**
 * One behaviour the contract check exercised.
 *
 * @param row       the row of mailchimp-observed.md (O1-O16, R1-R10)
 * @param behaviour what was asked, in a few words
 * @param observed  what the account answered
 * @param matches   the simulator switch setting that gives the same answer ({@code name=value}), {@link #RECORDED}
 *                  when it is behaviour the simulator always shows, or {@link #NO_MATCH}
 * @param covered   whether the product handles that answer: "yes", or "NO" and why
 */
public record Finding(String row, String behaviour, String observed, String matches, String covered) {

    /** The answer is the one the simulator always gives (no switch). */
    public static final String RECORDED = "(always)";
    /** No setting of the simulator gives this answer. */
    public static final String NO_MATCH = "none: tell the project";
    /** The check does not provoke this behaviour (see the observed column for why). */
    public static final String NOT_PROVOKED = "(not provoked)";

    public boolean isCovered() {
        return covered.startsWith("yes");
    }

    static Finding recorded(final String row, final String behaviour, final String observed, final boolean asRecorded,
                            final String covered) {
        return new Finding(row, behaviour, observed, asRecorded ? RECORDED : NO_MATCH, asRecorded ? covered : "unknown: an answer nobody recorded");
    }
}
