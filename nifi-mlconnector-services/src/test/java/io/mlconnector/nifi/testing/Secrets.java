package io.mlconnector.nifi.testing;

import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.util.LogMessage;
import org.apache.nifi.util.MockComponentLog;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;

/** Collects every text a user could see from a service and asserts a canary secret is in none of it. */
public final class Secrets {

    private Secrets() {
    }

    /** All log messages of a component at every level, with their arguments and throwables rendered. */
    public static List<String> logText(final MockComponentLog log) {
        final List<String> texts = new ArrayList<>();
        Stream.of(log.getTraceMessages(), log.getDebugMessages(), log.getInfoMessages(), log.getWarnMessages(), log.getErrorMessages())
                .flatMap(List::stream)
                .forEach(message -> texts.add(render(message)));
        return texts;
    }

    public static List<String> verificationText(final List<ConfigVerificationResult> results) {
        return results.stream().map(result -> result.getVerificationStepName() + ": " + result.getOutcome() + ": "
                + result.getExplanation()).toList();
    }

    /** The message of a failure and of all its causes. */
    public static String failureText(final Throwable failure) {
        final StringBuilder text = new StringBuilder();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            text.append(cause).append('\n');
        }
        return text.toString();
    }

    public static void assertAbsent(final String canary, final List<String> texts) {
        for (final String text : texts) {
            assertFalse(text.contains(canary), () -> "secret leaked into: " + text.replace(canary, "<CANARY>"));
        }
    }

    private static String render(final LogMessage message) {
        return message.getMsg() + " " + Arrays.deepToString(message.getArgs())
                + (message.getThrowable() == null ? "" : " " + failureText(message.getThrowable()));
    }
}
