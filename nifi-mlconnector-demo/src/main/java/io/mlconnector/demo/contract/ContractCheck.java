package io.mlconnector.demo.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlconnector.nifi.http.HttpMethod;
import io.mlconnector.nifi.mailchimp.MailchimpConnectionService;
import io.mlconnector.nifi.mailchimp.MailchimpRequest;
import io.mlconnector.nifi.mailchimp.MailchimpResponse;
import io.mlconnector.nifi.mailchimp.MailchimpTransientException;
import io.mlconnector.nifi.mailchimp.audience.AudienceClient;
import io.mlconnector.nifi.mailchimp.audience.AudienceException;
import io.mlconnector.nifi.mailchimp.audience.BatchResult;
import io.mlconnector.nifi.mailchimp.audience.MailchimpAnswers;
import io.mlconnector.nifi.mailchimp.audience.MailchimpAnswers.Target;
import io.mlconnector.nifi.mailchimp.audience.MergeField;
import io.mlconnector.nifi.mailchimp.audience.Refusal;
import io.mlconnector.nifi.mailchimp.audience.RefusalClass;
import io.mlconnector.nifi.mailchimp.contact.SubscriberHash;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Exercises, on a real audience, each behaviour of Mailchimp the product relies on (mailchimp-observed.md O1-O16 and
 * R6, R8, R10 where a call can show them), through the product's own connection service and audience client, and
 * tells for each what the account answered, which simulator switch setting gives the same answer, and whether the
 * product handles it: where the answer is a refusal, by the product's own classification ({@link MailchimpAnswers}),
 * as for the refusals it cannot provoke (R1-R4, R9), whose documented words it classifies. Contacts are created as {@code transactional}, so no email is ever sent (no {@code subscribed},
 * no {@code pending}: no welcome or opt-in email), and archived at the end; deleted permanently only when asked.
 */
public final class ContractCheck {

    /** Waits between writes whose {@code last_changed} must differ (Mailchimp shows whole seconds). */
    @FunctionalInterface
    public interface Pause {
        Pause SLEEP = Thread::sleep;

        void pause(Duration duration) throws InterruptedException;
    }

    /** A call the check cannot go on without failed (the key or the audience is refused). */
    public static final class Refused extends Exception {
        Refused(final String message) {
            super(message);
        }
    }

    static final String TAG = "mlc-contract-check";
    static final String STATUS = "transactional";
    static final String UNKNOWN_MERGE_TAG = "MLCNOSUCH";
    /** At millisecond precision a change is almost never exactly at the queried instant: the boundary cannot be told. */
    static final String EITHER_BOUNDARY = "exclusive|inclusive";
    private static final Duration TICK = Duration.ofMillis(1_100);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /**
     * The refusals the check cannot provoke on a throwaway audience (row, behaviour, why not, Mailchimp's documented words
     * for the product to classify; {@code null} where no words reach the classification).
     */
    private static final List<List<String>> NOT_PROVOKED = List.of(
            List.of("R1", "subscribing an address in a compliance state", "it needs a person's own opt-out or a bounce",
                    "Member In Compliance State: x@%s is in a compliance state due to unsubscribe, bounce, or compliance review "
                            + "and cannot be subscribed."),
            List.of("R2", "re-adding a permanently deleted address", "it needs a permanent delete, after which the address can never "
                    + "be added again", "Forgotten Email Not Subscribed: x@%s was permanently deleted and cannot be re-imported."),
            List.of("R3", "an address Mailchimp thinks fake", "it needs an address Mailchimp refuses, which your domain is not",
                    "Invalid Resource: x@%s looks fake or invalid, please enter a real email address."),
            List.of("R4", "an address that signed up to many lists very recently", "it needs an over-used address",
                    "Invalid Resource: x@%s has signed up to a lot of lists very recently; we're not allowing more signups for now"),
            List.of("R9", "throttling: 429, or 429/403 without a body", "it needs more than 10 simultaneous connections, which "
                    + "the check never opens", ""));

    private final MailchimpConnectionService service;
    private final AudienceClient client;
    private final String audienceId;
    private final String addressPrefix;
    private final String domain;
    private final Pause pause;
    private final Set<String> created = new LinkedHashSet<>();
    private final List<Finding> findings = new ArrayList<>();
    private int next;

    /**
     * @param runId a short id that makes this run's addresses unique, e.g. a timestamp in base 36
     */
    public ContractCheck(final MailchimpConnectionService service, final String audienceId, final String domain, final String runId,
                         final Pause pause) {
        this.service = service;
        this.client = new AudienceClient(service, audienceId);
        this.audienceId = audienceId;
        this.domain = domain;
        this.addressPrefix = "mlc-contract-" + runId + "-";
        this.pause = pause;
    }

    /** The audience's name; throws Refused when the key or the audience is refused. */
    public String audienceName() throws Refused, MailchimpTransientException {
        try {
            return client.audienceName();
        } catch (final AudienceException e) {
            throw new Refused(e.getMessage());
        }
    }

    /** Runs every probe, then archives (or deletes) what it created; returns the findings in row order of the run. */
    public List<Finding> run(final boolean deletePermanently) throws MailchimpTransientException, AudienceException, InterruptedException {
        try {
            final List<MergeField> fields = client.mergeFields();
            tagsOfANonMemberAndArchiving();
            writesWithoutOrWithOddFields(fields);
            sinceLastChanged();
            batchAnswerOrder();
            refusals();
        } finally {
            cleanUp(deletePermanently);
        }
        return List.copyOf(findings);
    }

    /** The addresses this run created (for the caller's report). */
    public Set<String> createdAddresses() {
        return Set.copyOf(created);
    }

    /** What the product does with a refusal of the class, as its audit trail and documentation name it. */
    static String handling(final RefusalClass refusalClass) {
        return "class " + refusalClass.value() + ": " + switch (refusalClass) {
            case RETRY_NOW -> "retried with backoff, then the records go to retry";
            case RETRY_LATER -> "held on retry for the Retry Later Delay (mailchimp.retry.after), not failed";
            case PERMANENT_FOR_PERSON -> "skipped with Mailchimp's words and what the person must do; never retried";
            case PERMANENT_FOR_RECORD -> "the record fails with Mailchimp's words";
            case NOTHING_TO_DO -> "skipped: nothing to do";
            case ORDERING -> "the contact is read again and the record decided anew";
            case CONFIGURATION -> "the run stops; Verify on the connection service names the problem";
        };
    }

    /**
     * Whether the product handles a refusal as the behaviour needs, by its own classification: {@code expected} is the
     * kind the product acts on.
     */
    static String covers(final Refusal refusal, final Refusal.Kind expected) {
        return refusal.kind() == expected ? "yes: " + handling(refusal.refusalClass())
                : "NO: the product reads this answer as " + refusal.kind() + " (" + handling(refusal.refusalClass()) + "); tell the project";
    }

    /** The refusals the check does not provoke, each with what the product's classification of Mailchimp's words does. */
    static List<Finding> notProvoked(final String domain) {
        return NOT_PROVOKED.stream().map(row -> new Finding(row.get(0), row.get(1), "not provoked: " + row.get(2), Finding.NOT_PROVOKED,
                row.get(3).isEmpty() ? "yes: " + handling(RefusalClass.RETRY_NOW) + " (by the connection service, not by their words)"
                        : "yes: " + handling(MailchimpAnswers.refusal("ERROR_GENERIC", row.get(3).formatted(domain), "", "").refusalClass())))
                .toList();
    }

    private static Finding switched(final String row, final String behaviour, final String observed, final String assignment,
                                    final String covered) {
        return new Finding(row, behaviour, observed, assignment == null ? Finding.NO_MATCH : assignment,
                assignment == null ? "unknown: an answer nobody recorded" : covered);
    }

    private String newAddress() {
        final String email = addressPrefix + ++next + "@" + domain;
        created.add(email);
        return email;
    }

    /** O8, O14, O9, O6, O1, O7, O3 and O2 on one contact: tags before it exists, create, tag, archive twice, list, re-add. */
    private void tagsOfANonMemberAndArchiving() throws MailchimpTransientException, AudienceException, InterruptedException {
        final String email = newAddress();
        final String hash = SubscriberHash.of(email);
        final MailchimpResponse early = tagMember(hash);
        findings.add(Finding.recorded("O8", "tags of an address that is not a member", describe(early), early.statusCode() == 404,
                covers(MailchimpAnswers.refusal(early, Target.MEMBER_TAGS), Refusal.Kind.NOT_YET_MEMBER)));

        final BatchResult createdResult = client.batchSubscribe(items(item(email, STATUS, null)), false);
        final BatchResult.Written written = createdResult.written(hash);
        findings.add(Finding.recorded("O14", "batch subscribe of a new address", written == null
                        ? "refused: " + refusal(createdResult, hash) : "HTTP 200, in new_members as " + written.status(),
                written != null && written.created() && STATUS.equals(written.status()), "yes"));
        if (written == null) {
            return;
        }
        pause.pause(TICK);
        final String before = lastChanged(hash);
        tagMember(hash);
        final String afterTag = lastChanged(hash);
        final boolean moved = afterTag.compareTo(before) > 0;
        findings.add(Finding.recorded("O9", "adding a tag moves last_changed", moved ? "moved" : "did not move", moved,
                "yes: the index refresh reads from one second before its watermark"));

        final MailchimpResponse archived = rawMember(HttpMethod.DELETE, null, hash);
        final MailchimpResponse again = rawMember(HttpMethod.DELETE, null, hash);
        findings.add(Finding.recorded("O6", "archiving an archived contact", describe(again), archived.isSuccess() && again.statusCode() == 405
                && again.detail().contains("Can not archive a contact that is bounced, pending or archived"),
                covers(MailchimpAnswers.refusal(again, Target.MEMBER), Refusal.Kind.NOT_ALLOWED)));

        final String since = minusOneSecond(lastChanged(hash));
        final boolean listed = holds(client.membersPage(0, since, null), hash);
        final boolean listedAsArchived = holds(client.membersPage(0, since, "archived"), hash);
        findings.add(switched("O1", "archived contact in the listing without status", (listed ? "listed" : "not listed")
                + (listedAsArchived ? "; status=archived lists it" : "; status=archived does NOT list it"),
                listedAsArchived ? "archived-listing=" + (listed ? "listed" : "hidden") : null,
                "yes: the first read of an audience also reads status=archived when the listing leaves them out"));

        final JsonNode member = client.member(hash);
        final boolean tagKept = member != null && member.path("tags").toString().contains(TAG);
        findings.add(Finding.recorded("O7", "tags of an archived contact", tagKept ? "kept" : "lost", tagKept,
                "yes: a rehire finds the archive marker tag"));

        final BatchResult readded = client.batchSubscribe(items(item(email, STATUS, null)), false);
        final BatchResult.Written back = readded.written(hash);
        final Refusal refused = readded.refused(hash);
        final String o3 = back != null && back.created() && STATUS.equals(back.status()) ? "batch-archived=unarchive-as-new"
                : refused != null && refused.kind() == Refusal.Kind.EXISTS ? "batch-archived=contact-exists" : null;
        findings.add(switched("O3", "batch subscribe of the archived address", back != null
                ? "in " + (back.created() ? "new_members" : "updated_members") + " as " + back.status() : "refused: " + refusal(readded, hash), o3,
                refused == null ? "yes: the index knows archived contacts, so none is sent as new; a rehire restores it by PUT"
                        : covers(refused, Refusal.Kind.EXISTS)));

        if (back != null) {
            rawMember(HttpMethod.DELETE, null, hash);
        }
        final ObjectNode restore = JSON.objectNode().put("email_address", email).put("status", STATUS).put("status_if_new", STATUS);
        final MailchimpResponse restored = rawMember(HttpMethod.PUT, restore, hash);
        final boolean sameId = restored.isSuccess() && hash.equals(restored.body().path("id").asText());
        findings.add(Finding.recorded("O2", "PUT with a status on an archived contact", describe(restored)
                        + (restored.isSuccess() ? ", status " + restored.body().path("status").asText() : ""),
                sameId && STATUS.equals(restored.body().path("status").asText()), "yes: a rehire restores the contact so"));
    }

    /** O4 (no status, empty status), O11 (unknown merge tag), O13 (lower-case key), O12 (bad address value), R6. */
    private void writesWithoutOrWithOddFields(final List<MergeField> fields) throws MailchimpTransientException, AudienceException {
        final String email = newAddress();
        final String hash = SubscriberHash.of(email);
        if (client.batchSubscribe(items(item(email, STATUS, null)), false).written(hash) == null) {
            return;
        }
        final BatchResult noStatus = client.batchSubscribe(items(item(email, null, JSON.objectNode().put("FNAME", "Contract"))), true);
        final BatchResult.Written kept = noStatus.written(hash);
        final Refusal wantsStatus = noStatus.refused(hash);
        findings.add(switched("O4", "batch update without status", kept != null ? "updated, status " + kept.status()
                        : "refused: " + refusal(noStatus, hash),
                kept != null && STATUS.equals(kept.status()) ? "batch-missing-status=keeps-status"
                        : wantsStatus != null ? "batch-missing-status=refused" : null,
                wantsStatus == null ? "yes: updates go in batches without a status, which keeps it"
                        : covers(wantsStatus, Refusal.Kind.STATUS_NEEDED) + "; sent alone as a PATCH without status"));

        final MailchimpResponse empty = rawBatch(items(item(email, "", null)), true);
        final String field = empty.body().path("errors").path(0).path("field").asText("");
        findings.add(Finding.recorded("O4", "batch item with \"status\": \"\"", describe(empty) + errors(empty),
                empty.statusCode() == 400 && field.endsWith("status"), "yes: the sync never sends an empty status"));

        final boolean unknownAbsent = fields.stream().noneMatch(f -> f.tag().equals(UNKNOWN_MERGE_TAG));
        if (unknownAbsent) {
            final BatchResult unknown = client.batchSubscribe(items(item(email, STATUS, JSON.objectNode().put(UNKNOWN_MERGE_TAG, "x"))), true);
            findings.add(switched("O11", "batch item with an unknown merge tag", unknown.written(hash) != null ? "written, tag dropped"
                    : "refused: " + refusal(unknown, hash), unknown.written(hash) != null ? "batch-unknown-merge-tag=dropped"
                    : unknown.refused(hash) != null ? "batch-unknown-merge-tag=refused" : null,
                    "yes: mapped merge fields are created (or the run stops) before any write: no unknown tag is sent"));
        }

        if (fields.stream().anyMatch(f -> f.tag().equals("FNAME"))) {
            final MailchimpResponse lower = rawMember(HttpMethod.PATCH, mergeFields(JSON.objectNode().put("fname", "lower case")), hash);
            final boolean saved = lower.isSuccess() && "lower case".equals(lower.body().path("merge_fields").path("FNAME").asText());
            findings.add(switched("O13", "lower-case merge key", lower.isSuccess() ? (saved ? "saved" : "dropped without an error")
                    : describe(lower), lower.isSuccess() ? "lower-case-merge-keys=" + (saved ? "saved" : "dropped") : null,
                    "yes: merge tags are validated upper case"));
        }

        if (fields.stream().anyMatch(f -> f.tag().equals("ADDRESS") && f.type().equals("address"))) {
            final MailchimpResponse invalid = rawMember(HttpMethod.PATCH, mergeFields(JSON.objectNode().put("ADDRESS", "nowhere")), hash);
            findings.add(Finding.recorded("O12", "an incomplete address value", describe(invalid) + errors(invalid),
                    invalid.statusCode() == 400 && "Your merge fields were invalid.".equals(invalid.detail()),
                    covers(MailchimpAnswers.refusal(invalid, Target.MEMBER), Refusal.Kind.INVALID) + ", its field messages included"));
        }

        final MailchimpResponse exists = rawMember(HttpMethod.POST, JSON.objectNode().put("email_address", email).put("status", STATUS));
        findings.add(Finding.recorded("R6", "POST /members of an existing address", describe(exists),
                exists.statusCode() == 400 && "Member Exists".equals(exists.title()),
                covers(MailchimpAnswers.refusal(exists, Target.MEMBER), Refusal.Kind.EXISTS)));
    }

    /** O10: whether a member changed at second S is listed from S and from S.999. */
    private void sinceLastChanged() throws MailchimpTransientException, AudienceException, InterruptedException {
        final String email = newAddress();
        final String hash = SubscriberHash.of(email);
        pause.pause(TICK);
        if (client.batchSubscribe(items(item(email, STATUS, null)), false).written(hash) == null) {
            return;
        }
        final String changed = lastChanged(hash);
        final OffsetDateTime at = OffsetDateTime.parse(changed);
        final boolean fromSecond = holds(client.membersPage(0, changed, null), hash);
        final boolean fromLastMilli = holds(client.membersPage(0, at.plusNanos(999_000_000).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME), null), hash);
        final String observed = "changed at " + changed + ": " + (fromSecond ? "listed" : "not listed") + " from that second, "
                + (fromLastMilli ? "listed" : "not listed") + " from its last millisecond";
        final String precision;
        final String boundary;
        if (fromSecond == fromLastMilli) {
            precision = "since-precision=second";
            boundary = "since-boundary=" + (fromSecond ? "inclusive" : "exclusive");
        } else if (fromSecond) {
            precision = "since-precision=millisecond";
            boundary = "since-boundary=" + EITHER_BOUNDARY;
        } else {
            precision = null;
            boundary = null;
        }
        final String refresh = "yes: the index refresh reads from one second before its watermark";
        findings.add(switched("O10", "since_last_changed precision", observed, precision, refresh));
        findings.add(switched("O10", "since_last_changed boundary", fromSecond != fromLastMilli ? "not told apart at millisecond precision"
                : observed, boundary, refresh));
    }

    /** O15: the order of new_members for two new addresses. */
    private void batchAnswerOrder() throws MailchimpTransientException {
        final String first = newAddress();
        final String second = newAddress();
        final MailchimpResponse answer = rawBatch(items(item(first, STATUS, null), item(second, STATUS, null)), false);
        final List<String> order = new ArrayList<>();
        answer.body().path("new_members").forEach(m -> order.add(m.path("email_address").asText().toLowerCase(Locale.ROOT)));
        findings.add(switched("O15", "order of new_members", order.equals(List.of(first, second)) ? "input order"
                : order.equals(List.of(second, first)) ? "reversed" : "other: " + order.size() + " members",
                order.equals(List.of(first, second)) ? "batch-answer-order=input"
                        : order.equals(List.of(second, first)) ? "batch-answer-order=reversed" : null,
                "yes: answers are matched by address, never by position"));
    }

    /** R8 (a member that does not exist) and R10 is the caller's: it needs a second service with a wrong key. */
    private void refusals() throws MailchimpTransientException {
        final MailchimpResponse absent = service.execute(MailchimpRequest.of(HttpMethod.GET, null, "lists", audienceId, "members",
                SubscriberHash.of(addressPrefix + "never@" + domain)));
        findings.add(Finding.recorded("R8", "GET of an address never added", describe(absent),
                absent.statusCode() == 404 && "Resource Not Found".equals(absent.title()),
                covers(MailchimpAnswers.refusal(absent, Target.MEMBER), Refusal.Kind.NOT_FOUND)));
    }

    /** R10 with a service holding a key Mailchimp does not know: the caller builds it. */
    public static Finding wrongKey(final MailchimpConnectionService withWrongKey) throws MailchimpTransientException {
        final MailchimpResponse ping = withWrongKey.execute(MailchimpRequest.of(HttpMethod.GET, null, "ping"));
        return Finding.recorded("R10", "a key Mailchimp does not know", describe(ping), ping.statusCode() == 401
                && "API Key Invalid".equals(ping.title()), covers(MailchimpAnswers.refusal(ping, Target.AUDIENCE), Refusal.Kind.CONFIGURATION));
    }

    private void cleanUp(final boolean deletePermanently) throws MailchimpTransientException {
        for (final String email : created) {
            final String hash = SubscriberHash.of(email);
            if (deletePermanently) {
                service.execute(MailchimpRequest.of(HttpMethod.POST, null, "lists", audienceId, "members", hash, "actions", "delete-permanent"));
            } else {
                rawMember(HttpMethod.DELETE, null, hash);
            }
        }
    }

    /** A member call whose raw answer is what the check observes: POST /members, or PUT/PATCH/DELETE /members/{hash}. */
    private MailchimpResponse rawMember(final HttpMethod method, final ObjectNode body, final String... hash)
            throws MailchimpTransientException {
        final List<String> path = new ArrayList<>(List.of("lists", audienceId, "members"));
        path.addAll(List.of(hash));
        return service.execute(MailchimpRequest.of(method, body, path.toArray(String[]::new)));
    }

    /** Activates the check's tag as the product does, without firing tag automations; the raw answer is observed. */
    private MailchimpResponse tagMember(final String hash) throws MailchimpTransientException {
        final ObjectNode body = JSON.objectNode().put("is_syncing", true);
        body.putArray("tags").addObject().put("name", TAG).put("status", "active");
        return service.execute(MailchimpRequest.of(HttpMethod.POST, body, "lists", audienceId, "members", hash, "tags"));
    }

    private MailchimpResponse rawBatch(final ArrayNode members, final boolean updateExisting) throws MailchimpTransientException {
        final ObjectNode body = JSON.objectNode().put("update_existing", updateExisting);
        body.set("members", members);
        return service.execute(MailchimpRequest.of(HttpMethod.POST, body, "lists", audienceId)
                .withQueryParameter("fields", "new_members.email_address,errors,total_created,error_count"));
    }

    private String lastChanged(final String hash) throws MailchimpTransientException, AudienceException {
        final JsonNode member = client.member(hash);
        return member == null ? "" : member.path("last_changed").asText("");
    }

    private static boolean holds(final JsonNode page, final String hash) {
        for (final JsonNode member : page.path("members")) {
            if (hash.equals(member.path("id").asText())) {
                return true;
            }
        }
        return false;
    }

    private static String minusOneSecond(final String timestamp) {
        return OffsetDateTime.parse(timestamp).minusSeconds(1).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    private static ArrayNode items(final ObjectNode... members) {
        final ArrayNode items = JSON.arrayNode();
        for (final ObjectNode member : members) {
            items.add(member);
        }
        return items;
    }

    private static ObjectNode item(final String email, final String status, final ObjectNode mergeFields) {
        final ObjectNode item = JSON.objectNode().put("email_address", email);
        if (status != null) {
            item.put("status", status);
        }
        if (mergeFields != null) {
            item.set("merge_fields", mergeFields);
        }
        return item;
    }

    private static ObjectNode mergeFields(final ObjectNode values) {
        final ObjectNode body = JSON.objectNode();
        body.set("merge_fields", values);
        return body;
    }

    private static String refusal(final BatchResult result, final String hash) {
        final Refusal refused = result.refused(hash);
        return refused == null ? "not reported" : refused.message();
    }

    static String describe(final MailchimpResponse response) {
        final String text = "HTTP " + response.statusCode() + (response.title().isEmpty() ? "" : " " + response.title());
        return response.detail().isEmpty() ? text : text + ": " + response.detail();
    }

    private static String errors(final MailchimpResponse response) {
        final List<String> fields = new ArrayList<>();
        response.body().path("errors").forEach(e -> fields.add(e.path("field").asText() + ": " + e.path("message").asText()));
        return fields.isEmpty() ? "" : " " + fields;
    }
}
