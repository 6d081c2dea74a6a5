package io.mlconnector.sandbox.mailchimp;

import io.mlconnector.sandbox.mailchimp.MailchimpSettings.ArchivedListing;
import io.mlconnector.sandbox.mailchimp.MailchimpSettings.BatchAnswerOrder;
import io.mlconnector.sandbox.mailchimp.MailchimpSettings.BatchArchived;
import io.mlconnector.sandbox.mailchimp.MailchimpSettings.BatchMissingStatus;
import io.mlconnector.sandbox.mailchimp.MailchimpSettings.BatchUnknownMergeTag;
import io.mlconnector.sandbox.mailchimp.MailchimpSettings.LowerCaseMergeKeys;
import io.mlconnector.sandbox.mailchimp.MailchimpSettings.SinceBoundary;
import io.mlconnector.sandbox.mailchimp.MailchimpSettings.SincePrecision;
import io.mlconnector.sandbox.mailchimp.MailchimpSimulator.ThrottleResponse;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The simulator's behaviour switches by name, as the sandbox's command line and the contract check name them
 * ({@code archived-listing=listed}): what each decides, the evidence row and class behind it, its values and default.
 */
public final class MailchimpSwitches {

    /**
     * One switch.
     *
     * @param evidence      the rows of mailchimp-observed.md (O, R) or mailchimp.md §11 (T, M, F, B, L) it models
     * @param evidenceClass [UNDOC], [3P], [REC], [DOC] or [INF] (inferred by mailchimp.md)
     * @param values        the values it takes, the default first
     */
    public record Switch(String name, String evidence, String evidenceClass, List<String> values, String description,
                         Function<MailchimpSettings, String> getter, BiConsumer<MailchimpSettings, String> setter) {

        public String defaultValue() {
            return values.getFirst();
        }

        /** The switch's value in {@code settings}. */
        public String valueIn(MailchimpSettings settings) {
            return getter.apply(settings);
        }

        /** {@code name=value}. */
        public String assignment(String value) {
            return name + "=" + value;
        }
    }

    private static final String ADDRESSES = "<addresses, comma-separated>";
    private static final String DOMAINS = "<domains, comma-separated>";

    /** Every switch; the evidence ones first. */
    public static final List<Switch> ALL = List.of(
            enumSwitch("archived-listing", "O1", "[3P]/[UNDOC]", ArchivedListing.class, ArchivedListing.HIDDEN,
                    "archived members in GET /lists/{id}/members without status (status=archived always lists them)",
                    MailchimpSettings::archivedListing, MailchimpSettings::archivedListing),
            enumSwitch("batch-archived", "O3", "[UNDOC]", BatchArchived.class, BatchArchived.UNARCHIVE_AS_NEW,
                    "batch subscribe of an archived address: back in new_members with the item's status, or ERROR_CONTACT_EXISTS",
                    MailchimpSettings::batchArchived, MailchimpSettings::batchArchived),
            enumSwitch("batch-missing-status", "O4", "[UNDOC]", BatchMissingStatus.class, BatchMissingStatus.KEEPS_STATUS,
                    "batch item without status for an existing member: the status is kept, or the item is refused",
                    MailchimpSettings::batchMissingStatus, MailchimpSettings::batchMissingStatus),
            enumSwitch("batch-unknown-merge-tag", "O11", "[UNDOC]", BatchUnknownMergeTag.class, BatchUnknownMergeTag.DROPPED,
                    "a merge tag the audience lacks, in batch subscribe: dropped as PUT and POST drop it, or the item is refused",
                    MailchimpSettings::batchUnknownMergeTag, MailchimpSettings::batchUnknownMergeTag),
            enumSwitch("since-precision", "O10", "[UNDOC]", SincePrecision.class, SincePrecision.SECOND,
                    "since_last_changed compared with the change time by whole seconds, or by milliseconds",
                    MailchimpSettings::sincePrecision, MailchimpSettings::sincePrecision),
            enumSwitch("since-boundary", "O10", "[UNDOC]", SinceBoundary.class, SinceBoundary.EXCLUSIVE,
                    "a member changed exactly at since_last_changed: not listed (changed \"after\"), or listed",
                    MailchimpSettings::sinceBoundary, MailchimpSettings::sinceBoundary),
            enumSwitch("batch-answer-order", "O15", "[DOC] (absence)", BatchAnswerOrder.class, BatchAnswerOrder.INPUT,
                    "order of new_members, updated_members and errors in a batch answer",
                    MailchimpSettings::batchAnswerOrder, MailchimpSettings::batchAnswerOrder),
            enumSwitch("lower-case-merge-keys", "O13", "[3P]", LowerCaseMergeKeys.class, LowerCaseMergeKeys.DROPPED,
                    "merge_fields keys not in upper case: dropped without an error, or saved",
                    MailchimpSettings::lowerCaseMergeKeys, MailchimpSettings::lowerCaseMergeKeys),
            new Switch("signup-throttled", "R4", "[3P]", List.of("", ADDRESSES),
                    "addresses refused with \"has signed up to a lot of lists very recently\" when created or un-archived",
                    s -> String.join(",", s.signupThrottled().stream().sorted().toList()),
                    (s, v) -> s.signupThrottled(list(v))),
            enumSwitch("throttle-response", "R9, L2", "[DOC]", ThrottleResponse.class, ThrottleResponse.TOO_MANY_REQUESTS_429,
                    "the answer beyond the simultaneous-connection limit: 429 problem document, 429 or 403 without a body",
                    MailchimpSettings::throttleResponse, MailchimpSettings::throttleResponse),
            new Switch("fake-email-domains", "R3, M11", "[3P]", List.of("", DOMAINS),
                    "domains whose addresses \"look fake or invalid\"",
                    s -> String.join(",", s.fakeEmailDomains().stream().sorted().toList()),
                    (s, v) -> s.fakeEmailDomains(list(v))),
            bool("batch-compliance-as-error", "B4", "[INF]", false,
                    "batch re-subscribe of an unsubscribed member with update_existing: an ERROR_GENERIC item instead of left unchanged",
                    MailchimpSettings::batchComplianceAsError, MailchimpSettings::batchComplianceAsError),
            bool("wrong-datacenter-as-401", "T2", "[INF]", false, "a key of another data center: 401 API Key Invalid instead of 403",
                    MailchimpSettings::wrongDataCenterAs401, MailchimpSettings::wrongDataCenterAs401),
            bool("omit-problem-type", "T5", "[INF]", false, "problem documents without type",
                    MailchimpSettings::omitProblemType, MailchimpSettings::omitProblemType),
            bool("accept-email-in-path", "M2", "[DOC]", true, "the member path segment may be the address instead of its hash",
                    MailchimpSettings::acceptEmailInPath, MailchimpSettings::acceptEmailInPath),
            bool("put-requires-status-if-new", "M3", "[DOC]", true, "PUT bodies must carry email_address and status_if_new",
                    MailchimpSettings::putRequiresStatusIfNew, MailchimpSettings::putRequiresStatusIfNew),
            bool("reject-count-over-maximum", "M13", "[INF]", false, "count above 1000 is a 400 instead of clamped",
                    MailchimpSettings::rejectCountOverMaximum, MailchimpSettings::rejectCountOverMaximum),
            bool("store-email-lower-case", "M14", "[INF]", false, "addresses stored lower-cased instead of as given",
                    MailchimpSettings::storeEmailLowerCase, MailchimpSettings::storeEmailLowerCase),
            bool("reject-unknown-interests", "G5", "[INF]", true, "member interests must be existing interest ids",
                    MailchimpSettings::rejectUnknownInterests, MailchimpSettings::rejectUnknownInterests),
            new Switch("retry-after-seconds", "L3", "[3P]", List.of("0", "<seconds>"), "Retry-After on throttled answers (0: none, as Mailchimp)",
                    s -> String.valueOf(s.retryAfterSeconds()), (s, v) -> s.retryAfterSeconds(Integer.parseInt(v))));

    private MailchimpSwitches() {
    }

    /** The switch of this name. */
    public static Switch named(String name) {
        return ALL.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown Mailchimp switch " + name + "; known: "
                        + ALL.stream().map(Switch::name).collect(Collectors.joining(", "))));
    }

    /** Applies {@code name=value}; throws IllegalArgumentException naming the accepted values when it is not one. */
    public static void apply(MailchimpSettings settings, String assignment) {
        int equals = assignment.indexOf('=');
        if (equals < 1) {
            throw new IllegalArgumentException("a Mailchimp switch is name=value, got " + assignment);
        }
        Switch target = named(assignment.substring(0, equals).trim());
        String value = assignment.substring(equals + 1).trim();
        try {
            target.setter().accept(settings, value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Mailchimp switch " + target.name() + " takes " + String.join(" | ", target.values())
                    + ", got " + value, e);
        }
    }

    /** The switches whose value in {@code settings} is not the default, as {@code name=value} separated by ", "; or "defaults". */
    public static String describe(MailchimpSettings settings) {
        String changed = ALL.stream().filter(s -> !s.valueIn(settings).equals(s.defaultValue()))
                .map(s -> s.assignment(s.valueIn(settings))).collect(Collectors.joining(", "));
        return changed.isEmpty() ? "defaults" : changed;
    }

    /** One line per switch for a usage text: name, values (default first), evidence. */
    public static String usage(String indent) {
        StringBuilder text = new StringBuilder();
        for (Switch s : ALL) {
            text.append(indent).append(String.format("%-27s %s%n", s.name(), String.join(" | ", s.values().stream()
                    .map(v -> v.isEmpty() ? "(none)" : v).toList()) + "   " + s.evidence() + " " + s.evidenceClass()));
            text.append(indent).append("    ").append(s.description()).append(System.lineSeparator());
        }
        return text.toString();
    }

    /** The wire name of an enum value: lower case, dashes. */
    public static String wire(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static <E extends Enum<E>> Switch enumSwitch(String name, String evidence, String evidenceClass, Class<E> type,
                                                        E defaultValue, String description,
                                                        Function<MailchimpSettings, E> getter,
                                                        BiConsumer<MailchimpSettings, E> setter) {
        List<String> values = Stream.concat(Stream.of(defaultValue), Arrays.stream(type.getEnumConstants()).filter(e -> e != defaultValue))
                .map(MailchimpSwitches::wire).toList();
        return new Switch(name, evidence, evidenceClass, values, description, s -> wire(getter.apply(s)),
                (s, v) -> setter.accept(s, Arrays.stream(type.getEnumConstants()).filter(e -> wire(e).equals(v)).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException(v))));
    }

    private static Switch bool(String name, String evidence, String evidenceClass, boolean defaultValue, String description,
                               Function<MailchimpSettings, Boolean> getter, BiConsumer<MailchimpSettings, Boolean> setter) {
        return new Switch(name, evidence, evidenceClass, List.of(String.valueOf(defaultValue), String.valueOf(!defaultValue)),
                description, s -> String.valueOf(getter.apply(s)), (s, v) -> {
                    if (!v.equals("true") && !v.equals("false")) {
                        throw new IllegalArgumentException(v);
                    }
                    setter.accept(s, Boolean.parseBoolean(v));
                });
    }

    private static Set<String> list(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(v -> !v.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }
}
