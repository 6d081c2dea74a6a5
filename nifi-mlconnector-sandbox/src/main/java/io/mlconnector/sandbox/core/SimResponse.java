package io.mlconnector.sandbox.core;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a simulator handler answers: a status, headers, and either a byte body (sent with Content-Length) or a
 * {@link BodyWriter} streamed with chunked transfer encoding so large bodies are never held in memory.
 */
public final class SimResponse {

    /** Writes a streamed body; the stream is closed by the server. */
    @FunctionalInterface
    public interface BodyWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    private final int status;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final byte[] body;
    private final BodyWriter writer;

    private SimResponse(int status, String contentType, byte[] body, BodyWriter writer) {
        this.status = status;
        this.body = body;
        this.writer = writer;
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
    }

    /** A response without a body. */
    public static SimResponse empty(int status) {
        return new SimResponse(status, null, new byte[0], null);
    }

    public static SimResponse bytes(int status, String contentType, byte[] body) {
        return new SimResponse(status, contentType, Objects.requireNonNull(body, "body"), null);
    }

    public static SimResponse text(int status, String contentType, String body) {
        return bytes(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    public static SimResponse stream(int status, String contentType, BodyWriter writer) {
        return new SimResponse(status, contentType, null, Objects.requireNonNull(writer, "writer"));
    }

    /** Adds or replaces a response header; returns this response. */
    public SimResponse header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public int status() {
        return status;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public boolean isStreamed() {
        return writer != null;
    }

    /** The byte body, or null when streamed. */
    public byte[] body() {
        return body;
    }

    /** Writes the body, whichever kind it is. */
    void writeBody(OutputStream out) throws IOException {
        if (writer != null) {
            writer.writeTo(out);
        } else {
            out.write(body);
        }
    }
}
