package io.mlconnector.nifi.mailchimp.sync;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlconnector.nifi.mailchimp.audience.AudienceClient;
import io.mlconnector.nifi.mailchimp.contact.Plan;
import org.apache.nifi.flowfile.FlowFile;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;

/**
 * The executor of a FlowFile of a reconciliation pass: the FlowFile's own executor, with each outcome noted in its
 * {@link PassRecords}, and each update of an existing contact explained. The member index keeps only a fingerprint of
 * a member's merge fields, so which field an update overwrites, and from what, is read from Mailchimp before the
 * update is planned into its batch: one GET per contact that differs (the unchanged ones cost nothing), sent on the
 * sync's threads as the records are read, so the reads overlap each other and the batches. The outcome's reason then
 * names the fields, e.g. {@code Corrected by reconciliation: DEPT was 'Sales'}.
 */
final class PassExecutor implements PlanExecutor {

    private static final int MAX_VALUE_LENGTH = 60;

    /** An update waiting for its member's read before it goes to the delegate. */
    private record Held(Plan plan, FlowFile input, Future<JsonNode> read, CompletableFuture<Outcome> outcome) {
    }

    private final PlanExecutor delegate;
    private final PassRecords records;
    private final AudienceClient client;
    private final ExecutorService executor;
    private final Set<String> bookkeeping;
    private final Deque<Held> held = new ArrayDeque<>();
    /** The outcome handed out for each plan, to the delegate's own, while it is pending: a wait for one sends the other. */
    private final Map<CompletableFuture<Outcome>, CompletableFuture<Outcome>> delegated = new ConcurrentHashMap<>();

    /** @param bookkeeping merge tags the sync keeps for itself (the source version), not named among the fields overwritten */
    PassExecutor(final PlanExecutor delegate, final PassRecords records, final AudienceClient client, final ExecutorService executor,
                 final Set<String> bookkeeping) {
        this.delegate = delegate;
        this.bookkeeping = Set.copyOf(bookkeeping);
        this.records = records;
        this.client = client;
        this.executor = executor;
    }

    @Override
    public CompletableFuture<Outcome> submit(final Plan plan, final FlowFile input) {
        releaseRead();
        if (!explains(plan)) {
            final CompletableFuture<Outcome> own = delegate.submit(plan, input);
            final CompletableFuture<Outcome> noted = noted(plan, own, null, null);
            if (!noted.isDone()) {
                // Only a pending outcome can be waited for; most of a pass's are settled at once (unchanged).
                delegated.put(noted, own);
                noted.whenComplete((outcome, never) -> delegated.remove(noted));
            }
            return noted;
        }
        final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        Future<JsonNode> read;
        try {
            read = executor.submit(() -> client.member(plan.target().subscriberHash()));
        } catch (final RejectedExecutionException e) {
            read = CompletableFuture.completedFuture(null);
        }
        held.addLast(new Held(plan, input, read, outcome));
        releaseRead();
        return outcome;
    }

    /**
     * Hands on the updates whose read has answered, in order, so they join the open batch: on every plan, since the
     * records after a pass's corrections are mostly unchanged ones, and a correction left held would be sent alone
     * once someone waits for it.
     */
    private void releaseRead() {
        while (!held.isEmpty() && held.peekFirst().read().isDone()) {
            release(held.removeFirst());
        }
    }

    @Override
    public void flush() {
        releaseAll();
        delegate.flush();
    }

    /**
     * Someone waits for one of this FlowFile's updates: every held one goes on first (their reads are in flight), so
     * they share its batch rather than each being sent alone when its turn to be waited for comes.
     */
    @Override
    public void sendBatchContaining(final CompletableFuture<Outcome> outcome) {
        if (delegated.containsKey(outcome) || held.stream().anyMatch(h -> h.outcome() == outcome)) {
            releaseAll();
        }
        final CompletableFuture<Outcome> own = delegated.get(outcome);
        if (own != null) {
            delegate.sendBatchContaining(own);
        }
    }

    @Override
    public void abandon(final FlowFile input, final String reason) {
        held.forEach(h -> h.outcome().complete(Outcome.failure(null, reason)));
        held.clear();
        delegate.abandon(input, reason);
    }

    private void releaseAll() {
        while (!held.isEmpty()) {
            release(held.removeFirst());
        }
    }

    /** Updates of a contact the index holds: their write overwrites what Mailchimp has. */
    private static boolean explains(final Plan plan) {
        return plan.operation() == Plan.Operation.UPSERT && plan.target() != null;
    }

    /** Waits for the member's read, then hands the update on; its outcome names the fields it overwrites. */
    private void release(final Held held) {
        final List<String> overwritten = new ArrayList<>();
        final StringBuilder explained = new StringBuilder();
        final JsonNode member = read(held.read());
        if (member != null) {
            final JsonNode fields = member.path("merge_fields");
            held.plan().contact().mergeFields().forEach((tag, value) -> {
                final String was = fields.path(tag).isValueNode() ? fields.path(tag).asText().strip() : "";
                if (!bookkeeping.contains(tag) && !Objects.equals(was, value.strip())) {
                    overwritten.add(tag);
                    explained.append(explained.isEmpty() ? "Corrected by reconciliation: " : ", ")
                            .append(tag).append(" was '").append(shortened(was)).append('\'');
                }
            });
        }
        final CompletableFuture<Outcome> own = delegate.submit(held.plan(), held.input());
        delegated.put(held.outcome(), own);
        noted(held.plan(), own, overwritten.isEmpty() ? null : overwritten, explained.isEmpty() ? null : explained.toString())
                .whenComplete((outcome, never) -> {
                    delegated.remove(held.outcome());
                    held.outcome().complete(outcome);
                });
    }

    /** The delegate's outcome, noted in the pass's records (with the explanation of what it overwrote) as it settles. */
    private CompletableFuture<Outcome> noted(final Plan plan, final CompletableFuture<Outcome> own, final List<String> overwritten,
                                             final String explained) {
        return own.thenApply(outcome -> {
            final Outcome reported = explained == null || outcome.route() != Outcome.Route.SUCCESS ? outcome
                    : outcome.withReason(explained + (outcome.reason() == null ? "" : "; " + outcome.reason()));
            records.decided(plan, reported, overwritten);
            return reported;
        });
    }

    private static JsonNode read(final Future<JsonNode> read) {
        try {
            return read.get();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (final ExecutionException e) {
            // Unread: the update goes ahead without naming what it overwrites.
            return null;
        }
    }

    private static String shortened(final String value) {
        return value.length() <= MAX_VALUE_LENGTH ? value : value.substring(0, MAX_VALUE_LENGTH) + "…";
    }
}
