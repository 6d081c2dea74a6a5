package io.mlconnector.sandbox.mailchimp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlconnector.sandbox.core.SimHandler;
import io.mlconnector.sandbox.core.SimRequest;
import io.mlconnector.sandbox.core.SimResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
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
    private final String apiKey;
    private final String dataCenter;
    private final MailchimpSettings settings;
    private final ConnectionGate gate;
    private final Duration perRequest;
    private final Duration perBatchMember;
    private final Supplier<Instant> clock;
    private final Map<String, Audience> audiences = new LinkedHashMap<>();
    private final MemberOperations operations;
    private final MemberJson json;
    private final BatchSubscribe batchSubscribe;
    private final AsyncBatches batches;
    private final MergeFieldsResource mergeFields;
    private final InterestsResource interests;

    MailchimpApi(String apiKey, String dataCenter, MailchimpSettings settings, int maxConnections, Duration perRequest,
                 Duration perBatchMember, Supplier<Instant> clock, Supplier<String> serverOrigin) {
        this.apiKey = apiKey;
        this.dataCenter = dataCenter;
        this.settings = settings;
        this.gate = new ConnectionGate(maxConnections);
        this.perRequest = perRequest;
        this.perBatchMember = perBatchMember;
        this.clock = clock;
        RequestSchemas schemas = new RequestSchemas(mapper);
        this.operations = new MemberOperations(settings, schemas);
        this.json = new MemberJson(mapper);
        this.batchSubscribe = new BatchSubscribe(mapper, schemas, operations, json);
        this.batches = new AsyncBatches(mapper, schemas, settings, clock, serverOrigin);
        this.mergeFields = new MergeFieldsResource(mapper, json, schemas);
        this.interests = new InterestsResource(mapper);
        this.batches.runner(request -> dispatch(request, UUID.randomUUID().toString()));
    }

    Audience createAudience(String name) {
        Audience audience = new Audience(Hashes.hexId(), name, clock, batches::settle);
        synchronized (audiences) {
            audiences.put(audience.id(), audience);
        }
        return audience;
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

    /** Handles one HTTP request end to end. */
    @Override
    public SimResponse handle(SimRequest request) {
        String requestId = UUID.randomUUID().toString();
        if (request.path().startsWith(AsyncBatches.RESULTS_PATH)) {
            return results(request, requestId);
        }
        String key;
        try {
            key = authenticate(request.header("Authorization"));
        } catch (ApiException e) {
            return problem(e, requestId);
        }
        if (!gate.tryEnter(key)) {
            return problem(settings.throttleResponse() == MailchimpSimulator.ThrottleResponse.FORBIDDEN_EMPTY_403
                    ? Problems.emptyForbidden() : Problems.tooManyConnections(gate.limit()), requestId);
        }
        try {
            sleep(perRequest);
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
            Call call = new Call(request, segments);
            JsonNode result = route(call);
            if (result == null) {
                return SimResponse.empty(204).header("X-Request-Id", requestId);
            }
            if (request.method().equals("GET")) {
                result = FieldFilter.apply(result, request.queryParam("fields"), request.queryParam("exclude_fields"));
            }
            return SimResponse.bytes(200, JSON, mapper.writeValueAsBytes(result)).header("X-Request-Id", requestId);
        } catch (ApiException e) {
            return problem(e, requestId);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String authenticate(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw Problems.apiKeyMissing();
        }
        String[] parts = authorization.trim().split("\\s+", 2);
        String key = null;
        if (parts.length == 2 && parts[0].equalsIgnoreCase("Basic")) {
            try {
                String decoded = new String(Base64.getDecoder().decode(parts[1]), StandardCharsets.UTF_8);
                key = decoded.contains(":") ? decoded.substring(decoded.indexOf(':') + 1) : null;
            } catch (IllegalArgumentException e) {
                throw Problems.apiKeyInvalid();
            }
        } else if (parts.length == 2 && (parts[0].equalsIgnoreCase("Bearer") || parts[0].equalsIgnoreCase("OAuth"))) {
            key = parts[1];
        }
        if (key == null || key.isBlank()) {
            throw Problems.apiKeyMissing();
        }
        int dash = key.lastIndexOf('-');
        if (dash > 0 && !key.substring(dash + 1).equals(dataCenter)) {
            throw settings.wrongDataCenterAs401() ? Problems.apiKeyInvalid() : Problems.wrongDatacenter();
        }
        if (!key.equals(apiKey)) {
            throw Problems.apiKeyInvalid();
        }
        return key;
    }

    private JsonNode route(Call c) {
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

    private JsonNode lists(Call c) {
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
            case "members" -> members(c, audience);
            case "merge-fields" -> mergeFields.handle(c, audience);
            case "interest-categories" -> interests.handle(c, audience);
            case "tag-search" -> {
                if (s.size() != 3) {
                    throw Problems.notFound();
                }
                c.allow("GET");
                yield tagSearch(c, audience);
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

    private JsonNode members(Call c, Audience audience) {
        List<String> s = c.segments;
        boolean skipMerge = c.boolParam("skip_merge_validation");
        if (s.size() == 3) {
            c.allow("GET, POST");
            if (c.method().equals("GET")) {
                return memberPage(c, audience);
            }
            return render(audience, operations.post(audience, c.json(), skipMerge));
        }
        String id = s.get(3);
        if (s.size() == 4) {
            c.allow("GET, PUT, PATCH, DELETE");
            return switch (c.method()) {
                case "GET" -> render(audience, operations.get(audience, id));
                case "PUT" -> render(audience, operations.put(audience, id, c.json(), skipMerge));
                case "PATCH" -> render(audience, operations.patch(audience, id, c.json(), skipMerge));
                default -> {
                    operations.archive(audience, id);
                    yield null;
                }
            };
        }
        if (s.size() == 5 && s.get(4).equals("tags")) {
            c.allow("GET, POST");
            if (c.method().equals("GET")) {
                return memberTags(audience, id);
            }
            operations.tags(audience, id, c.json());
            return null;
        }
        if (s.size() == 6 && s.get(4).equals("actions")) {
            c.allow("POST");
            if (!s.get(5).equals("delete-permanent")) {
                throw Problems.invalidAction();
            }
            operations.deletePermanent(audience, id);
            return null;
        }
        throw Problems.notFound();
    }

    private JsonNode memberPage(Call c, Audience audience) {
        int count = c.count();
        int offset = c.intParam("offset", 0);
        String statusParam = c.request.queryParam("status");
        MemberStatus status = statusParam == null ? null : memberStatus(statusParam);
        String since = c.request.queryParam("since_last_changed");
        long sinceEpoch = since == null ? Long.MIN_VALUE : parseTime(since, "since_last_changed");
        ObjectNode node = mapper.createObjectNode();
        ArrayNode page = node.putArray("members");
        int total = 0;
        synchronized (audience) {
            for (StoredMember m : audience.members.values()) {
                if ((status == null || m.status == status) && m.lastChangedEpochSecond > sinceEpoch) {
                    if (total >= offset && page.size() < count) {
                        page.add(json.render(audience, m));
                    }
                    total++;
                }
            }
        }
        node.put("list_id", audience.id());
        node.put("total_items", total);
        node.putArray("_links");
        return node;
    }

    private static MemberStatus memberStatus(String wire) {
        try {
            return MemberStatus.of(wire);
        } catch (IllegalArgumentException e) {
            throw Problems.invalidResource("status", "Value is not one of the enum values");
        }
    }

    private static long parseTime(String value, String field) {
        try {
            return OffsetDateTime.parse(value).toEpochSecond();
        } catch (RuntimeException e) {
            try {
                return Instant.parse(value).getEpochSecond();
            } catch (RuntimeException e2) {
                throw Problems.invalidResource(field, "Please provide a valid date-time");
            }
        }
    }

    private JsonNode memberTags(Audience audience, String id) {
        synchronized (audience) {
            StoredMember m = operations.get(audience, id);
            ObjectNode node = mapper.createObjectNode();
            ArrayNode tags = node.putArray("tags");
            if (m.tagIds != null) {
                for (int tagId : m.tagIds) {
                    Audience.Tag tag = audience.tagsById.get(tagId);
                    tags.addObject().put("id", tag.id()).put("name", tag.name()).put("date_added", MemberJson.time(tag.dateAdded()));
                }
            }
            node.put("total_items", tags.size());
            node.putArray("_links");
            return node;
        }
    }

    private JsonNode tagSearch(Call c, Audience audience) {
        String name = java.util.Objects.requireNonNullElse(c.request.queryParam("name"), "").toLowerCase(Locale.ROOT);
        ObjectNode node = mapper.createObjectNode();
        ArrayNode tags = node.putArray("tags");
        synchronized (audience) {
            audience.tagsByName.values().stream().filter(t -> t.name().toLowerCase(Locale.ROOT).contains(name))
                    .forEach(t -> tags.addObject().put("id", t.id()).put("name", t.name()));
        }
        node.put("total_items", tags.size());
        return node;
    }

    private JsonNode render(Audience audience, StoredMember m) {
        synchronized (audience) {
            return json.render(audience, m);
        }
    }

    private JsonNode batchesRoute(Call c) {
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

    /** One routed request: segments after /3.0, body parsing and parameter helpers. */
    final class Call {
        final SimRequest request;
        final List<String> segments;

        Call(SimRequest request, List<String> segments) {
            this.request = request;
            this.segments = segments;
        }

        String method() {
            return request.method();
        }

        /** 405 with an Allow header unless the method is one of {@code allowed}. */
        void allow(String allowed) {
            if (!Arrays.asList(allowed.split(", ")).contains(request.method())) {
                throw Problems.methodNotAllowed(allowed);
            }
        }

        JsonNode json() {
            try {
                JsonNode node = mapper.readTree(request.body());
                if (node == null || node.isMissingNode()) {
                    throw Problems.jsonParseError();
                }
                if (!node.isObject()) {
                    throw Problems.invalidResource("", "Schema describes object, " + node.getNodeType().name() + " found instead");
                }
                return node;
            } catch (IOException e) {
                throw Problems.jsonParseError();
            }
        }

        boolean boolParam(String name) {
            return Boolean.parseBoolean(request.queryParam(name));
        }

        int intParam(String name, int fallback) {
            String value = request.queryParam(name);
            try {
                return value == null ? fallback : Math.max(0, Integer.parseInt(value));
            } catch (NumberFormatException e) {
                throw Problems.invalidResource(name, "Please provide an integer");
            }
        }

        /** {@code count}: default 10, at most 1000 (clamped, or 400 when so configured). */
        int count() {
            int count = intParam("count", 10);
            if (count > 1000) {
                if (settings.rejectCountOverMaximum()) {
                    throw Problems.invalidResource("count", "Value must be at most 1000");
                }
                return 1000;
            }
            return count;
        }
    }
}
