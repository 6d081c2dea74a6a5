package io.mlconnector.sandbox.mailchimp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlconnector.sandbox.core.SimHandler;
import io.mlconnector.sandbox.core.SimRequest;
import io.mlconnector.sandbox.core.SimResponse;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The Marketing API 3.0 as a {@link SimHandler}: auth with the data-center check, the connection gate, latency,
 * routing and problem+json errors. {@link MailchimpSimulator} plugs it into a SimServer.
 */
final class MailchimpApi implements SimHandler {

    static final String API_PREFIX = "/3.0";
    static final String JSON = "application/json; charset=utf-8";
    static final String PROBLEM_JSON = "application/problem+json; charset=utf-8";
    private static final String ERROR_TYPE = "https://mailchimp.com/developer/marketing/docs/errors/";

    private final ObjectMapper mapper = new ObjectMapper();
    private final ApiKeyAuth auth;
    private final String dataCenter;
    private final MailchimpSettings settings;
    private final ConnectionGate gate;
    private final Duration perRequest;
    private final Duration perBatchMember;
    private final Supplier<Instant> clock;
    private final Map<String, Audience> audiences = new LinkedHashMap<>();
    private final MemberJson json;
    private final MembersResource members;
    private final BatchSubscribe batchSubscribe;
    private final AsyncBatches batches;
    private final MergeFieldsResource mergeFields;
    private final InterestsResource interests;
    private final SegmentsResource segments;
    private volatile RequestHold hold;

    MailchimpApi(String apiKey, String dataCenter, MailchimpSettings settings, int maxConnections, Duration perRequest,
                 Duration perBatchMember, Supplier<Instant> clock, Supplier<String> serverOrigin) {
        this.auth = new ApiKeyAuth(apiKey, dataCenter, settings);
        this.dataCenter = dataCenter;
        this.settings = settings;
        this.gate = new ConnectionGate(maxConnections);
        this.perRequest = perRequest;
        this.perBatchMember = perBatchMember;
        this.clock = clock;
        RequestSchemas schemas = new RequestSchemas(mapper);
        MemberOperations operations = new MemberOperations(settings, schemas);
        this.json = new MemberJson(mapper);
        this.members = new MembersResource(mapper, operations, json, settings);
        this.batchSubscribe = new BatchSubscribe(mapper, schemas, operations, json, settings);
        this.batches = new AsyncBatches(mapper, schemas, settings, clock, serverOrigin);
        this.mergeFields = new MergeFieldsResource(mapper, json, schemas);
        this.interests = new InterestsResource(mapper, json);
        this.segments = new SegmentsResource(mapper, json);
        this.batches.runner(request -> dispatch(request, UUID.randomUUID().toString()));
    }

    Audience createAudience(String name) {
        Audience audience = new Audience(Hashes.hexId(), name, clock, batches::settle);
        synchronized (audiences) {
            audiences.put(audience.id(), audience);
        }
        return audience;
    }

    void deleteAudience(String listId) {
        synchronized (audiences) {
            audiences.remove(listId);
        }
    }

    Audience audience(String listId) {
        synchronized (audiences) {
            Audience audience = audiences.get(listId);
            if (audience == null) {
                throw Problems.notFound();
            }
            return audience;
        }
    }

    /** The limit of simultaneous connections, with its figures. */
    ConnectionGate gate() {
        return gate;
    }

    /** From now on every authenticated request waits inside the gate until the returned hold is released. */
    RequestHold holdRequests() {
        return holdRequests(request -> true, Integer.MAX_VALUE);
    }

    /** From now on the first {@code count} authenticated requests {@code which} selects wait inside the gate until released. */
    RequestHold holdRequests(Predicate<SimRequest> which, int count) {
        RequestHold next = new RequestHold(which, count);
        hold = next;
        return next;
    }

    /** Handles one HTTP request end to end. */
    @Override
    public SimResponse handle(SimRequest request) {
        String requestId = UUID.randomUUID().toString();
        if (request.path().startsWith(AsyncBatches.RESULTS_PATH)) {
            return results(request, requestId);
        }
        String key;
        try {
            key = auth.authenticate(request.header("Authorization"));
        } catch (ApiException e) {
            return problem(e, requestId);
        }
        if (!gate.tryEnter(key)) {
            return problem(switch (settings.throttleResponse()) {
                case TOO_MANY_REQUESTS_429 -> Problems.tooManyConnections(gate.limit());
                case TOO_MANY_REQUESTS_EMPTY_429 -> Problems.emptyThrottled(429);
                case FORBIDDEN_EMPTY_403 -> Problems.emptyThrottled(403);
            }, requestId);
        }
        try {
            RequestHold current = hold;
            if (current != null) {
                current.holdIfChosen(request);
            }
            sleep(perRequest);
            String trigger = request.header("X-Trigger-Error");
            ApiException forced = trigger == null ? null : Problems.glossary(trigger.trim());
            if (forced != null) {
                return problem(forced, requestId);
            }
            batches.settle();
            return dispatch(request, requestId);
        } finally {
            gate.leave(key);
        }
    }

    /** Routes an authenticated request; async batch operations come in here too. */
    SimResponse dispatch(SimRequest request, String requestId) {
        try {
            String path = request.path();
            if (!path.equals(API_PREFIX) && !path.startsWith(API_PREFIX + "/")) {
                throw Problems.notFound();
            }
            List<String> segments = new ArrayList<>();
            for (String s : path.substring(API_PREFIX.length()).split("/")) {
                if (!s.isEmpty()) {
                    segments.add(s);
                }
            }
            ApiCall call = new ApiCall(request, segments, mapper, settings);
            JsonNode result = route(call);
            if (result == null) {
                return SimResponse.empty(204).header("X-Request-Id", requestId);
            }
            // Partial responses work on every method, batch subscribe answers included.
            result = FieldFilter.apply(result, request.queryParam("fields"), request.queryParam("exclude_fields"));
            return SimResponse.bytes(200, JSON, mapper.writeValueAsBytes(result)).header("X-Request-Id", requestId);
        } catch (ApiException e) {
            return problem(e, requestId);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode route(ApiCall c) {
        List<String> s = c.segments;
        if (s.isEmpty()) {
            c.allow("GET");
            return account();
        }
        switch (s.get(0)) {
            case "ping" -> {
                if (s.size() == 1) {
                    c.allow("GET");
                    return mapper.createObjectNode().put("health_status", "Everything's Chimpy!");
                }
            }
            case "lists" -> {
                return lists(c);
            }
            case "batches" -> {
                return batchesRoute(c);
            }
            default -> {
            }
        }
        throw Problems.notFound();
    }

    private JsonNode account() {
        ObjectNode node = mapper.createObjectNode();
        node.put("account_id", "sim" + dataCenter + "account");
        node.put("login_id", "sim-login");
        node.put("account_name", "Mailchimp Simulator");
        node.put("email", "owner@example.org");
        node.put("role", "owner");
        node.put("pricing_plan_type", "monthly");
        node.put("account_timezone", "UTC");
        synchronized (audiences) {
            node.put("total_subscribers", audiences.size());
        }
        node.putArray("_links");
        return node;
    }

    private JsonNode lists(ApiCall c) {
        List<String> s = c.segments;
        if (s.size() == 1) {
            c.allow("GET");
            ObjectNode node = mapper.createObjectNode();
            ArrayNode lists = node.putArray("lists");
            List<Audience> all;
            synchronized (audiences) {
                all = List.copyOf(audiences.values());
            }
            all.stream().skip(c.intParam("offset", 0)).limit(c.count()).forEach(a -> lists.add(listResource(a)));
            node.put("total_items", all.size());
            node.putArray("_links");
            return node;
        }
        Audience audience = audience(s.get(1));
        if (s.size() == 2) {
            c.allow("GET, POST");
            if (c.method().equals("GET")) {
                return listResource(audience);
            }
            JsonNode body = c.json();
            int members = batchSubscribe.check(body);
            sleep(perBatchMember.multipliedBy(members));
            return batchSubscribe.run(audience, body, c.boolParam("skip_merge_validation"), c.boolParam("skip_duplicate_check"));
        }
        return switch (s.get(2)) {
            case "members" -> members.handle(c, audience);
            case "merge-fields" -> mergeFields.handle(c, audience);
            case "interest-categories" -> interests.handle(c, audience);
            case "segments" -> segments.handle(c, audience);
            case "tag-search" -> {
                if (s.size() != 3) {
                    throw Problems.notFound();
                }
                c.allow("GET");
                yield members.tagSearch(c, audience);
            }
            default -> throw Problems.notFound();
        };
    }

    private ObjectNode listResource(Audience audience) {
        synchronized (audience) {
            Map<MemberStatus, Integer> byStatus = new EnumMap<>(MemberStatus.class);
            audience.members.values().forEach(m -> byStatus.merge(m.status, 1, Integer::sum));
            return json.renderList(audience, audience.members.size(), byStatus);
        }
    }

    private JsonNode batchesRoute(ApiCall c) {
        List<String> s = c.segments;
        if (s.size() == 1) {
            c.allow("GET, POST");
            return c.method().equals("GET") ? batches.list(c.count(), c.intParam("offset", 0)) : batches.submit(c.json());
        }
        if (s.size() == 2) {
            c.allow("GET, DELETE");
            if (c.method().equals("GET")) {
                return batches.get(s.get(1));
            }
            batches.delete(s.get(1));
            return null;
        }
        throw Problems.notFound();
    }

    private SimResponse results(SimRequest request, String requestId) {
        String name = request.path().substring(AsyncBatches.RESULTS_PATH.length());
        byte[] archive = request.method().equals("GET") && name.endsWith(".tar.gz")
                ? batches.archive(name.substring(0, name.length() - ".tar.gz".length())) : null;
        if (archive == null) {
            return problem(Problems.notFound(), requestId);
        }
        return SimResponse.bytes(200, "application/x-gzip", archive).header("X-Request-Id", requestId);
    }

    private SimResponse problem(ApiException e, String requestId) {
        Map<String, String> headers = new LinkedHashMap<>(e.headers);
        headers.put("X-Request-Id", requestId);
        if (e.status == 429 && settings.retryAfterSeconds() > 0) {
            headers.put("Retry-After", String.valueOf(settings.retryAfterSeconds()));
        }
        if (e.title == null) {
            return withHeaders(SimResponse.empty(e.status), headers);
        }
        headers.put("Link", "<https://" + dataCenter + ".api.mailchimp.com/schema/3.0/ProblemDetailDocument.json>; rel=\"describedBy\"");
        ObjectNode body = mapper.createObjectNode();
        if (!settings.omitProblemType()) {
            body.put("type", ERROR_TYPE);
        }
        body.put("title", e.title);
        body.put("status", e.status);
        body.put("detail", e.detail);
        body.put("instance", requestId);
        if (!e.errors.isEmpty()) {
            ArrayNode errors = body.putArray("errors");
            e.errors.forEach(f -> errors.addObject().put("field", f.field()).put("message", f.message()));
        }
        try {
            return withHeaders(SimResponse.bytes(e.status, PROBLEM_JSON, mapper.writeValueAsBytes(body)), headers);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static SimResponse withHeaders(SimResponse response, Map<String, String> headers) {
        headers.forEach(response::header);
        return response;
    }

    private static void sleep(Duration duration) {
        if (duration.isZero() || duration.isNegative()) {
            return;
        }
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
