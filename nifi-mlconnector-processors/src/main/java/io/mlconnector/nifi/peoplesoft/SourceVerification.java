package io.mlconnector.nifi.peoplesoft;

import io.mlconnector.nifi.peoplesoft.poll.PollWindow;
import io.mlconnector.nifi.peoplesoft.read.RecordSource;
import io.mlconnector.nifi.peoplesoft.read.SourceRow;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.ConfigVerificationResult.Outcome;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Verifies GetPeopleSoftRecords's source: reads one sample row and checks that the Modified Timestamp Field and the
 * Record Key Fields are among its columns.
 */
final class SourceVerification {

    /**
     * The windows read, each ending now minus the lag, until one returns a row: at most one row per request and as
     * many requests as spans, so a verification never reads the whole history.
     */
    static final List<Duration> SPANS = List.of(Duration.ofDays(1), Duration.ofDays(7), Duration.ofDays(31), Duration.ofDays(366));

    private static final String READ = "Read a sample row";
    private static final String COLUMNS = "Check columns";

    private SourceVerification() {
    }

    static List<ConfigVerificationResult> verify(final PollSettings settings, final Instant now) {
        final Instant end = now.minus(settings.lag());
        final List<SourceRow> sample = new ArrayList<>();
        PollWindow window = null;
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            final RecordSource source = settings.sources().open(executor);
            // A quiet system has no row in the last day: look further back, one row per request, so the columns still get checked.
            for (final Duration span : SPANS) {
                window = new PollWindow(end.minus(span), end);
                try {
                    source.read(window, true, sample::add);
                } catch (final IOException | RuntimeException e) {
                    return List.of(step(READ, Outcome.FAILED, "Reading " + source.describe() + " for window " + window + " failed: " + e.getMessage()),
                            step(COLUMNS, Outcome.SKIPPED, "No row was read"));
                }
                if (!sample.isEmpty()) {
                    return List.of(step(READ, Outcome.SUCCESSFUL, source.describe() + " returned a row with columns "
                            + sample.getFirst().values().keySet() + " for window " + window), checkColumns(settings, sample.getFirst()));
                }
            }
            return List.of(step(READ, Outcome.SUCCESSFUL, source.describe() + " answered but returned no row for window " + window),
                    step(COLUMNS, Outcome.SKIPPED, "No row changed in the last " + SPANS.getLast().toDays() + " days"));
        }
    }

    private static ConfigVerificationResult checkColumns(final PollSettings settings, final SourceRow row) {
        final Set<String> columns = row.values().keySet();
        final List<String> missing = new ArrayList<>(settings.keyFields());
        missing.add(settings.modifiedField());
        missing.removeAll(columns);
        return missing.isEmpty()
                ? step(COLUMNS, Outcome.SUCCESSFUL, "The Modified Timestamp Field " + settings.modifiedField() + " and the Record Key Fields "
                        + settings.keyFields() + " are among the columns")
                : step(COLUMNS, Outcome.FAILED, "Columns " + missing + " are missing; the columns found are " + columns);
    }

    private static ConfigVerificationResult step(final String name, final Outcome outcome, final String explanation) {
        return new ConfigVerificationResult.Builder().verificationStepName(name).outcome(outcome).explanation(explanation).build();
    }
}
