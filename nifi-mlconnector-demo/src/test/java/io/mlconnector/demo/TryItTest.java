package io.mlconnector.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlconnector.sandbox.core.SimServer;
import io.mlconnector.sandbox.launcher.Jdks;
import io.mlconnector.sandbox.service.AdminApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The user guide's "Try it in your own NiFi", every command that runs outside NiFi, as written: the sandbox started
 * with the guide's command and the oldest JDK on this machine, and the admin API calls (over HTTP) around the shipped
 * flow playing NiFi's part: parity after the initial load, each kind of change, the next run moving only the changes,
 * parity again, and the reset.
 */
class TryItTest {

    static final Path GUIDE = Path.of("..", "docs", "user-guide.md");
    static final String SECTION = "## 2. Try it in your own NiFi";
    private static final Path SANDBOX_JAR = Path.of("..", "nifi-mlconnector-sandbox", "target", "nifi-mlconnector-sandbox.jar");
    private static final Pattern JAVA_JAR = Pattern.compile("java -jar (nifi-mlconnector-sandbox/target/nifi-mlconnector-sandbox\\.jar)(.*)");
    private static final Pattern CODE_BLOCK = Pattern.compile("```bash\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern CURL = Pattern.compile("curl -s(?: -X (POST))? \\$ADMIN(/[^\\s`]*)(?: -d '([^']*)')?");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    @Timeout(180)
    void theGuidesAdminCommandsDriveTheSandboxAroundTheFlow() throws Exception {
        final List<List<Request>> phases = guidePhases();
        assertEquals(4, phases.size(), "parity after the first run; the changes; parity after the second run; parity and the reset");
        final FlowDefinition flow = FlowDefinition.shipped();
        try (Sandbox sandbox = Sandbox.start(300, 40, 5);
             SimServer admin = AdminApi.serve(sandbox.service(), 0);
             FlowRunner runner = FlowRunner.create(flow, ComponentCatalog.fromClasspath(), sandbox.parameterBindings(), step -> { })) {
            final int seededEmployees = sandbox.peopleSoft().hr().employeeCount();
            assertFalse(parity(admin).get("matches").asBoolean(), "empty audiences do not match PeopleSoft");

            runner.runOnce();
            final List<JsonNode> first = send(admin, phases.get(0));
            assertTrue(first.getLast().get("matches").asBoolean(), first.getLast()::toString);

            final List<JsonNode> answers = send(admin, phases.get(1));
            final List<JsonNode> changes = answers.stream().filter(a -> a.has("kind")).toList();
            assertEquals(List.of("hire", "email change", "department", "termination", "termination", "rehire", "second job", "new customer",
                            "inactivated"),
                    changes.stream().map(c -> c.get("kind").asText()).toList());
            final JsonNode listed = answers.get(answers.size() - 2);
            assertEquals(changes.size(), listed.size(), "GET /changes lists them all: " + listed);
            final JsonNode before = answers.getLast();
            assertFalse(before.get("matches").asBoolean());
            final String differences = before.toString();
            // Neither the future leaver (works until then) nor the person with a second job (still active) differs yet.
            final List<String> noDifference = List.of(changes.get(4).get("key").asText(), changes.get(6).get("key").asText());
            for (final JsonNode change : changes) {
                final String key = change.get("key").asText();
                assertEquals(!noDifference.contains(key), differences.contains(key),
                        () -> key + " (" + change.get("kind").asText() + ") among the differences: " + differences);
            }

            Sandbox.letChangesSettle();
            final Map<String, SyncReport> second = SyncReport.of(flow, runner.runOnce()).stream()
                    .collect(Collectors.toMap(SyncReport::destination, r -> r));
            final SyncReport employees = second.get("Put Employees into Mailchimp");
            final SyncReport customers = second.get("Put Customer Contacts into Mailchimp");
            assertEquals(List.of(2L, 3L, 1L), List.of(employees.count("created"), employees.count("updated"), employees.count("archived")),
                    "the hire and the rehire, the email and the department change and the second job, today's termination: "
                            + employees.actions());
            assertEquals(List.of(1L, 1L), List.of(customers.count("created"), customers.count("unsubscribed")), customers.actions()::toString);
            final List<JsonNode> after = send(admin, phases.get(2));
            assertTrue(after.getLast().get("matches").asBoolean(), after.getLast()::toString);

            final List<JsonNode> last = send(admin, phases.get(3));
            assertEquals(2, last.size(), "parity after the replay, then the reset");
            assertTrue(last.getFirst().get("matches").asBoolean(), last.getFirst()::toString);
            assertEquals(seededEmployees, sandbox.peopleSoft().hr().employeeCount(), "the hire is gone");
            assertEquals(0, get(admin, "/changes").size());
            final JsonNode reset = parity(admin);
            reset.get("audiences").forEach(a -> assertEquals(0, a.get("contacts_by_status").size(), a::toString));
        }
    }

    @Test
    void badRequestsGetAClearAnswer() throws Exception {
        try (Sandbox sandbox = Sandbox.start(20, 5, 5); SimServer admin = AdminApi.serve(sandbox.service(), 0)) {
            assertEquals(404, call(admin, new Request("POST", "/changes/email", "{\"emplid\": \"NOBODY\"}")).statusCode());
            assertEquals(400, call(admin, new Request("POST", "/changes/hire", "{\"first_name\": \"Grace\"}")).statusCode());
            assertEquals(400, call(admin, new Request("POST", "/changes/termination", "{\"effective\": \"soon\"}")).statusCode());
            assertEquals(400, call(admin, new Request("POST", "/changes/rehire", "not json")).statusCode());
            final HttpResponse<String> unknown = call(admin, new Request("GET", "/nothing", null));
            assertEquals(404, unknown.statusCode());
            assertTrue(unknown.body().contains("GET / lists the endpoints"), unknown.body());
            assertTrue(call(admin, new Request("GET", "/", null)).body().contains("POST /changes/hire"));
            assertEquals(0, get(admin, "/changes").size(), "nothing was changed by the refused requests");
        }
    }

    @Test
    @Timeout(120)
    void theGuidesSandboxCommandStartsWithTheJavaANewcomerHas(@TempDir final Path parameters) throws Exception {
        assumeTrue(Files.exists(SANDBOX_JAR), "the sandbox jar is built by mvn package (bin/test builds it before this module's tests)");
        final Matcher command = JAVA_JAR.matcher(section());
        assertTrue(command.find(), "the guide starts the sandbox jar");
        final List<String> options = new ArrayList<>(List.of(command.group(2).strip().split("\\s+")));
        // Ephemeral ports and a fresh directory: a build machine may hold the guide's port.
        options.set(options.indexOf("--admin-port") + 1, "0");
        options.set(options.indexOf("--parameters-dir") + 1, parameters.toString());
        final Jdks.Jdk old = Jdks.newestBelow(21, Jdks.defaultFolders(System.getProperty("user.home")));
        final String java = old == null ? Path.of(System.getProperty("java.home"), "bin", "java").toString() : old.java().getPath();
        final List<String> line = new ArrayList<>(List.of(java, "-jar", SANDBOX_JAR.toString()));
        line.addAll(options);
        final ProcessBuilder builder = new ProcessBuilder(line).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        final Process sandbox = builder.start();
        try {
            final BufferedReader out = new BufferedReader(new InputStreamReader(sandbox.getInputStream(), StandardCharsets.UTF_8));
            String admin = null;
            for (String printed; admin == null && (printed = out.readLine()) != null; ) {
                if (printed.startsWith("Admin API = ")) {
                    admin = printed.replaceFirst("^Admin API = (\\S+).*", "$1");
                }
            }
            assertNotNull(admin, "the sandbox printed its admin API (started with " + java + ")");
            final HttpResponse<String> parity = http.send(HttpRequest.newBuilder(URI.create(admin + "/parity")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, parity.statusCode(), parity.body());
            assertTrue(Files.exists(parameters.resolve("PeopleSoft to Mailchimp").resolve("Mailchimp API Key")));
        } finally {
            sandbox.destroy();
            assertTrue(sandbox.waitFor(30, TimeUnit.SECONDS), "stops on SIGTERM, the sandbox JVM with the launcher");
        }
    }

    /** The admin commands of the guide's section, one list per bash block using $ADMIN, then the inline ones after. */
    static List<List<Request>> guidePhases() throws IOException {
        final String section = section();
        final List<List<Request>> phases = new ArrayList<>();
        final Matcher block = CODE_BLOCK.matcher(section);
        while (block.find()) {
            final List<Request> requests = requests(block.group(1));
            if (!requests.isEmpty()) {
                phases.add(requests);
            }
        }
        phases.add(requests(CODE_BLOCK.matcher(section).replaceAll("")));
        return phases;
    }

    static String section() throws IOException {
        return UserGuideTest.section(Files.readString(GUIDE), SECTION);
    }

    private static List<Request> requests(final String text) {
        final List<Request> requests = new ArrayList<>();
        final Matcher curl = CURL.matcher(text);
        while (curl.find()) {
            requests.add(new Request(curl.group(1) == null && curl.group(3) == null ? "GET" : "POST", curl.group(2), curl.group(3)));
        }
        return requests;
    }

    record Request(String method, String path, String body) {
    }

    private List<JsonNode> send(final SimServer admin, final List<Request> requests) throws Exception {
        final List<JsonNode> answers = new ArrayList<>();
        for (final Request request : requests) {
            final HttpResponse<String> response = call(admin, request);
            assertEquals(request.method().equals("POST") && request.path().startsWith("/changes/") ? 201 : 200, response.statusCode(),
                    () -> request + ": " + response.body());
            answers.add(JSON.readTree(response.body()));
        }
        return answers;
    }

    private JsonNode parity(final SimServer admin) throws Exception {
        return get(admin, "/parity");
    }

    private JsonNode get(final SimServer admin, final String path) throws Exception {
        return JSON.readTree(call(admin, new Request("GET", path, null)).body());
    }

    private HttpResponse<String> call(final SimServer admin, final Request request) throws Exception {
        final HttpRequest.BodyPublisher body = request.body() == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(request.body());
        return http.send(HttpRequest.newBuilder(URI.create(admin.baseUrl() + request.path())).method(request.method(), body).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
