package io.mlconnector.sandbox.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.function.Predicate;

/**
 * Fault plan of one simulator. Faults scheduled for the N-th request win over probabilistic ones; each probabilistic
 * rule draws from its own seeded generator, so a run is repeatable for the same request order.
 */
public final class Faults {

    private long arrivals;
    private final Map<Long, Fault> byArrival = new HashMap<>();
    private final List<ProbabilisticRule> rules = new ArrayList<>();
    private RequestObserver observer;

    /** The fault for the {@code remaining}-th request from now that {@code matches}. */
    private static final class MatchingRule {
        private final Predicate<SimRequest> matches;
        private final Fault fault;
        private int remaining;

        private MatchingRule(Predicate<SimRequest> matches, int remaining, Fault fault) {
            this.matches = matches;
            this.remaining = remaining;
            this.fault = fault;
        }
    }

    private final List<MatchingRule> matching = new ArrayList<>();

    private record ProbabilisticRule(double probability, Fault fault, Random random) {
    }

    /** Applies {@code fault} to the {@code n}-th request from now ({@code 1} = the next one). */
    public synchronized Faults failNth(int n, Fault fault) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be 1 or more");
        }
        byArrival.put(arrivals + n, Objects.requireNonNull(fault, "fault"));
        return this;
    }

    /**
     * Applies {@code fault} to the {@code n}-th request from now that {@code matches}: for tests whose client sends
     * requests concurrently, so that arrival order alone would not say which one fails.
     */
    public synchronized Faults failNthMatching(int n, Predicate<SimRequest> matches, Fault fault) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be 1 or more");
        }
        matching.add(new MatchingRule(Objects.requireNonNull(matches, "matches"), n, Objects.requireNonNull(fault, "fault")));
        return this;
    }

    /** Applies {@code fault} to each request with probability {@code p}, drawn from a generator seeded with {@code seed}. */
    public synchronized Faults failWithProbability(double p, Fault fault, long seed) {
        if (p < 0 || p > 1) {
            throw new IllegalArgumentException("p must be within [0, 1]");
        }
        rules.add(new ProbabilisticRule(p, Objects.requireNonNull(fault, "fault"), new Random(seed)));
        return this;
    }

    /** Shows every request to {@code observer} once handled, or to none when null; {@link #clear()} keeps it. */
    public synchronized Faults observe(RequestObserver observer) {
        this.observer = observer;
        return this;
    }

    synchronized RequestObserver observer() {
        return observer;
    }

    public synchronized void clear() {
        byArrival.clear();
        matching.clear();
        rules.clear();
    }

    /** Counts one arriving request and returns the fault to apply to it, if any. */
    synchronized Optional<Fault> next(SimRequest request) {
        arrivals++;
        Fault scheduled = byArrival.remove(arrivals);
        for (Iterator<MatchingRule> rules = matching.iterator(); rules.hasNext(); ) {
            MatchingRule rule = rules.next();
            if (rule.matches.test(request) && --rule.remaining == 0) {
                rules.remove();
                scheduled = scheduled != null ? scheduled : rule.fault;
            }
        }
        Fault drawn = null;
        for (ProbabilisticRule rule : rules) {
            if (rule.random().nextDouble() < rule.probability() && drawn == null) {
                drawn = rule.fault();
            }
        }
        return Optional.ofNullable(scheduled != null ? scheduled : drawn);
    }
}
