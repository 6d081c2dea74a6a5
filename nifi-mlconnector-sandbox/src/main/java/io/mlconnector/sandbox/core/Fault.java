package io.mlconnector.sandbox.core;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** A misbehaviour a {@link SimServer} applies to one request instead of (or on top of) the normal answer. */
public final class Fault {

    public enum Kind {
        /** Answer with the given status, content type and body; the simulator's handler is not called. */
        STATUS,
        /** Close the connection right after the response headers, before any body byte. */
        CONNECTION_RESET,
        /** Answer 200 with a JSON content type and a body that is not JSON. */
        MALFORMED_BODY,
        /** Send the normal status and headers, then close the connection part-way through the body. */
        TRUNCATED_BODY,
        /** Send the normal status and headers and a few bytes, stall for the duration, then the rest. */
        SLOW_BODY,
        /** Wait for the duration, then answer normally. */
        DELAY
    }

    private final Kind kind;
    private final int status;
    private final String contentType;
    private final byte[] body;
    private final Duration duration;
    private final Map<String, String> headers;

    private Fault(Kind kind, int status, String contentType, byte[] body, Duration duration) {
        this(kind, status, contentType, body, duration, Map.of());
    }

    private Fault(Kind kind, int status, String contentType, byte[] body, Duration duration, Map<String, String> headers) {
        this.kind = kind;
        this.status = status;
        this.contentType = contentType;
        this.body = body;
        this.duration = duration;
        this.headers = headers;
    }

    /** This canned answer with one more header, e.g. {@code Retry-After}. */
    public Fault withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Fault(kind, status, contentType, body, duration, Map.copyOf(more));
    }

    public static Fault status(int code, String contentType, String body) {
        return new Fault(Kind.STATUS, code, contentType, body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8),
                Duration.ZERO);
    }

    public static Fault connectionReset() {
        return new Fault(Kind.CONNECTION_RESET, 0, null, null, Duration.ZERO);
    }

    public static Fault malformedBody() {
        return new Fault(Kind.MALFORMED_BODY, 200, "application/json",
                "{\"status\":\"success\",\"data\":{\"query\":[{\"oops\" <html>".getBytes(StandardCharsets.UTF_8), Duration.ZERO);
    }

    public static Fault truncatedBody() {
        return new Fault(Kind.TRUNCATED_BODY, 0, null, null, Duration.ZERO);
    }

    public static Fault slowBody(Duration stall) {
        return new Fault(Kind.SLOW_BODY, 0, null, null, Objects.requireNonNull(stall, "stall"));
    }

    public static Fault delay(Duration delay) {
        return new Fault(Kind.DELAY, 0, null, null, Objects.requireNonNull(delay, "delay"));
    }

    public Kind kind() {
        return kind;
    }

    public Duration duration() {
        return duration;
    }

    /** The canned response of {@link Kind#STATUS} and {@link Kind#MALFORMED_BODY} faults. */
    SimResponse cannedResponse() {
        SimResponse response = SimResponse.bytes(status, contentType, body);
        headers.forEach(response::header);
        return response;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case STATUS -> "status " + status;
            case SLOW_BODY, DELAY -> kind.name().toLowerCase() + " " + duration;
            default -> kind.name().toLowerCase();
        };
    }
}
