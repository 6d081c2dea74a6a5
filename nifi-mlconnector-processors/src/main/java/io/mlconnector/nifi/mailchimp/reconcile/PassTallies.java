package io.mlconnector.nifi.mailchimp.reconcile;

import org.apache.nifi.components.state.Scope;
import org.apache.nifi.components.state.StateManager;
import org.apache.nifi.components.state.StateMap;
import org.apache.nifi.logging.ComponentLog;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The tallies of reconciliation passes in the Put's cluster state, so that the node that gets a pass's end counts the
 * records every node synced. Keys: {@code pass.<id>.first} (when the first tally came, epoch millis) and
 * {@code pass.<id>.<audience>.<kind>} / {@code pass.<id>.<audience>.field.<tag>}. Nodes add theirs after their session
 * committed, with compare-and-set ({@link StateManager#replace}), so no count is lost to a concurrent node; a node that
 * dies between its commit and its tally leaves its records uncounted (the pass's end then waits out the Reconciliation
 * Wait), never counted twice.
 */
public final class PassTallies {

    /** Tallies of passes whose end never came (a pass routed elsewhere, an end FlowFile removed) are forgotten after this. */
    static final Duration FORGET_AFTER = Duration.ofDays(30);
    private static final int ATTEMPTS = 50;
    private static final String PREFIX = "pass.";
    private static final String FIRST = ".first";
    private static final String FIELD = "field.";

    private PassTallies() {
    }

    /** Adds tallies (pass ID to audience to tally) to the cluster state, retrying while other nodes change it. */
    public static void store(final StateManager state, final Map<String, Map<String, PassTally>> tallies, final Instant now,
                             final ComponentLog logger) {
        if (tallies.isEmpty()) {
            return;
        }
        try {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                final StateMap current = state.getState(Scope.CLUSTER);
                final Map<String, String> updated = forgetOld(current.toMap(), now);
                tallies.forEach((pass, byAudience) -> byAudience.forEach((audience, tally) -> add(updated, pass, audience, tally, now)));
                if (state.replace(current, updated, Scope.CLUSTER)) {
                    return;
                }
            }
            logger.warn("Reconciliation tallies of passes {} not stored: the cluster state kept changing; their reports will count fewer records",
                    tallies.keySet());
        } catch (final IOException e) {
            logger.warn("Reconciliation tallies of passes {} not stored: {}; their reports will count fewer records", tallies.keySet(), e.getMessage());
        }
    }

    /** Forgets a pass whose report was written. */
    public static void remove(final StateManager state, final String passId, final ComponentLog logger) {
        try {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                final StateMap current = state.getState(Scope.CLUSTER);
                final Map<String, String> updated = new HashMap<>(current.toMap());
                if (!updated.keySet().removeIf(key -> key.startsWith(PREFIX + passId + "."))) {
                    return;
                }
                if (state.replace(current, updated, Scope.CLUSTER)) {
                    return;
                }
            }
        } catch (final IOException e) {
            logger.warn("The tallies of reconciliation pass {} stay in state: {}", passId, e.getMessage());
        }
    }

    /** The records of the pass counted so far, in every audience. */
    public static long settled(final Map<String, String> state, final String passId) {
        final String prefix = PREFIX + passId + ".";
        long settled = 0;
        for (final Map.Entry<String, String> entry : state.entrySet()) {
            final String key = entry.getKey();
            if (key.startsWith(prefix) && !key.endsWith(FIRST) && !key.substring(prefix.length()).contains("." + FIELD)) {
                settled += Long.parseLong(entry.getValue());
            }
        }
        return settled;
    }

    /** The pass's tally in one audience. */
    public static PassTally of(final Map<String, String> state, final String passId, final String audienceId) {
        final String prefix = PREFIX + passId + "." + audienceId + ".";
        final PassTally tally = new PassTally();
        for (final DriftKind kind : DriftKind.values()) {
            final String count = state.get(prefix + kind.key());
            if (count != null) {
                tally.kinds().put(kind, Long.parseLong(count));
            }
        }
        state.forEach((key, value) -> {
            if (key.startsWith(prefix + FIELD)) {
                tally.fields().put(key.substring((prefix + FIELD).length()), Long.parseLong(value));
            }
        });
        return tally;
    }

    private static void add(final Map<String, String> state, final String passId, final String audienceId, final PassTally tally,
                            final Instant now) {
        final String prefix = PREFIX + passId + "." + audienceId + ".";
        state.putIfAbsent(PREFIX + passId + FIRST, String.valueOf(now.toEpochMilli()));
        tally.kinds().forEach((kind, count) -> state.merge(prefix + kind.key(), String.valueOf(count), PassTallies::sum));
        tally.fields().forEach((field, count) -> state.merge(prefix + FIELD + field, String.valueOf(count), PassTallies::sum));
    }

    private static Map<String, String> forgetOld(final Map<String, String> state, final Instant now) {
        final Map<String, String> kept = new HashMap<>(state);
        final long before = now.minus(FORGET_AFTER).toEpochMilli();
        state.forEach((key, value) -> {
            if (key.startsWith(PREFIX) && key.endsWith(FIRST) && Long.parseLong(value) < before) {
                final String pass = key.substring(0, key.length() - FIRST.length() + 1);
                kept.keySet().removeIf(k -> k.startsWith(pass));
            }
        });
        return kept;
    }

    private static String sum(final String a, final String b) {
        return String.valueOf(Long.parseLong(a) + Long.parseLong(b));
    }
}
