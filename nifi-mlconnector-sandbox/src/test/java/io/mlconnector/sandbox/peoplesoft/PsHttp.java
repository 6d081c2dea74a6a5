package io.mlconnector.sandbox.peoplesoft;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Real HTTP calls to a simulator on loopback, as tests need them. */
final class PsHttp {

    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PsHttp() {
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** GET {targetLocation}/{pathAfterNode} as the simulator's own user. */
    static HttpResponse<String> get(PeopleSoftSimulator ps, String pathAfterNode) {
        return get(ps, pathAfterNode, basic(ps.username(), ps.password()));
    }

    static HttpResponse<String> get(PeopleSoftSimulator ps, String pathAfterNode, String authorization) {
        return send(ps.targetLocation() + "/" + pathAfterNode, authorization);
    }

    static HttpResponse<String> send(String url, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The ExecuteQuery path for {@code query} with prompts given as name, value, name, value... */
    static String executeQuery(String query, String outType, int maxrows, boolean json, String... prompts) {
        List<String> names = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (int i = 0; i < prompts.length; i += 2) {
            names.add(prompts[i]);
            values.add(prompts[i + 1]);
        }
        return "ExecuteQuery.v1/PUBLIC/" + query + "/" + outType + "/NONFILE?isconnectedquery=N&maxrows=" + maxrows
                + "&prompt_uniquepromptname=" + String.join(",", names)
                + "&prompt_fieldvalue=" + URLEncoder.encode(String.join(",", values), StandardCharsets.UTF_8).replace("%2C", ",")
                + (json ? "&json_resp=true" : "");
    }

    /** Runs MC_EMPL_CHANGES as JSON and returns {@code data.query}. */
    static JsonNode employeeChanges(PeopleSoftSimulator ps, String from, String to, int maxrows) {
        HttpResponse<String> response = get(ps, executeQuery("MC_EMPL_CHANGES", "JSON", maxrows, true,
                "FROM_DTTM", from, "TO_DTTM", to));
        if (response.statusCode() != 200) {
            throw new AssertionError("HTTP " + response.statusCode() + ": " + response.body());
        }
        return json(response.body()).path("data").path("query");
    }

    static JsonNode json(String body) {
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first row whose {@code key} has {@code value}, or null. */
    static JsonNode rowWith(JsonNode rows, String key, String value) {
        for (JsonNode row : rows) {
            if (row.path(key).asText().equals(value)) {
                return row;
            }
        }
        return null;
    }

    static List<String> column(JsonNode rows, String key) {
        List<String> values = new ArrayList<>();
        rows.forEach(row -> values.add(row.path(key).asText()));
        return values;
    }
}
