package io.mlconnector.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlconnector.sandbox.service.ShippedFlow;
import org.apache.nifi.flow.VersionedParameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The standalone sandbox, started in its own JVM with the options the user guide's "Try it in your own NiFi" gives it,
 * prints the flow's parameters and NiFi 2's parameter provider with its real property names, writes a file per flow
 * parameter for that provider, answers on all three ports and stops on SIGTERM.
 */
class SandboxMainTest {

    private static final Pattern JAVA_JAR = Pattern.compile("java -jar nifi-mlconnector-sandbox/target/nifi-mlconnector-sandbox\\.jar(.*)");

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void startsAsTheGuideSaysPrintsAndWritesTheFlowsParametersAndServesTheAdminApi(@TempDir Path parametersDir) throws Exception {
        List<String> options = guideOptions();
        String guideAdminPort = options.get(options.indexOf("--admin-port") + 1);
        assertTrue(guide().contains("ADMIN=http://127.0.0.1:" + guideAdminPort), "the guide's ADMIN is the port it starts the admin API on");
        options.set(options.indexOf("--admin-port") + 1, "0"); // a fixed port could be taken on a build machine
        options.set(options.indexOf("--parameters-dir") + 1, parametersDir.toString());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), SandboxMain.class.getName()));
        command.addAll(options);
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            List<String> printed = CompletableFuture.supplyAsync(() -> readUntilAdmin(process)).get(60, TimeUnit.SECONDS);
            // Only the lines without secrets go into failure messages.
            String output = String.join("\n", printed.stream().filter(l -> !l.contains("Password =") && !l.contains("Key =")).toList());
            assertTrue(printed.getFirst().startsWith("Sandbox ready"), output);

            ShippedFlow flow = ShippedFlow.load();
            Map<String, String> parameters = new LinkedHashMap<>();
            printed.stream().filter(l -> l.startsWith("  ") && l.contains(" = ") && !l.contains("Parameter Group") && !l.contains("Parameter Value"))
                    .forEach(l -> parameters.put(l.strip().split(" = ", 2)[0], l.split(" = ", 2)[1]));
            List<String> flowParameters = flow.parameters().stream().map(VersionedParameter::getName).toList();
            assertTrue(flowParameters.containsAll(parameters.keySet()), "printed names are the flow's own: " + parameters.keySet());
            for (String name : List.of("PeopleSoft Base URL", "PeopleSoft Username", "PeopleSoft Password", "Mailchimp API Key",
                    "Mailchimp API Base URL", "Employee Audience ID", "Customer Audience ID")) {
                assertFalse(parameters.getOrDefault(name, "").isBlank(), name + " is printed");
            }
            assertEquals("MC_SYNC", parameters.get("PeopleSoft Username"));

            Path group = parametersDir.resolve(flow.parameterContextName());
            assertTrue(output.contains("add KubernetesSecretParameterProvider with"), output);
            assertTrue(output.contains("Parameter Group Directories = " + group), output);
            assertTrue(output.contains("Parameter Value Encoding = Plain text"), output);
            assertTrue(output.contains("parameter-group-directories") && output.contains("parameter-value-encoding with the value plaintext"), output);
            assertTrue(output.contains("mark Mailchimp API Key and PeopleSoft Password sensitive"), output);
            // The provider names a parameter after its file: exactly the flow's parameters, no more.
            try (var files = Files.list(group)) {
                assertEquals(flow.parameters().stream().map(VersionedParameter::getName).sorted().toList(),
                        files.map(f -> f.getFileName().toString()).sorted().toList());
            }
            for (VersionedParameter parameter : flow.parameters()) {
                String expected = parameters.getOrDefault(parameter.getName(), parameter.getValue() == null ? "" : parameter.getValue());
                assertTrue(expected.equals(Files.readString(group.resolve(parameter.getName()))), parameter.getName() + " as printed");
            }

            String mailchimpAuth = basic("sandbox", parameters.get("Mailchimp API Key"));
            String mailchimp = parameters.get("Mailchimp API Base URL");
            assertEquals(200, get(mailchimp + "/lists/" + parameters.get("Customer Audience ID"), mailchimpAuth).statusCode());
            String prompts = parameters.get("PeopleSoft Base URL") + parameters.get("PeopleSoft Gateway Path") + "/"
                    + parameters.get("PeopleSoft Node") + "/ExecuteQuery.v1/PUBLIC/MC_EMPL_CHANGES/JSON/NONFILE?isconnectedquery=N&maxrows=1"
                    + "&prompt_uniquepromptname=FROM_DTTM,TO_DTTM&prompt_fieldvalue=1900-01-01,2999-01-01&json_resp=true";
            HttpResponse<String> answer = get(prompts, basic(parameters.get("PeopleSoft Username"), parameters.get("PeopleSoft Password")));
            assertEquals(200, answer.statusCode(), "the printed user may run the flow's query");
            assertTrue(answer.body().contains("EMPLID"), answer.body());

            String admin = printed.getLast().replaceFirst("^Admin API = (\\S+).*", "$1");
            assertTrue(get(admin + "/", null).body().contains("GET  /parity"));
            JsonNode parity = new ObjectMapper().readTree(get(admin + "/parity", null).body());
            assertFalse(parity.get("matches").asBoolean(), "nothing was synced yet: " + parity);
            assertEquals(List.of("Employees", "Customer contacts"), parity.get("audiences").findValuesAsText("audience"));
            assertTrue(parity.toString().contains("is active in PeopleSoft but not in Mailchimp"), parity.toString());
        } finally {
            process.destroy();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "stops on SIGTERM");
        }
    }

    @Test
    void helpListsTheOptionsAndTheAdminApi() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            SandboxMain.main(new String[]{"--help"});
        } finally {
            System.setOut(original);
        }
        String help = out.toString(StandardCharsets.UTF_8);
        for (String option : guideOptions().stream().filter(o -> o.startsWith("--")).toList()) {
            assertTrue(help.contains(option), option + " in " + help);
        }
        for (String documented : List.of("--mailchimp-request-ms", "--mailchimp-member-ms", "POST /changes/termination", "POST /reset")) {
            assertTrue(help.contains(documented), documented + " in " + help);
        }
    }

    @Test
    void rejectsUnknownOptions() {
        assertThrows(IllegalArgumentException.class, () -> SandboxMain.parse(new String[]{"--employees"}));
        assertThrows(IllegalArgumentException.class, () -> SandboxMain.parse(new String[]{"--colour", "red"}));
        assertThrows(IllegalArgumentException.class, () -> SandboxMain.parse(new String[]{"--mailchimp-member-ms", "fast"}));
        assertEquals("9000", SandboxMain.parse(new String[]{"--mailchimp-port", "9000", "--https"}).get("mailchimp-port"));
    }

    /** The options of the user guide's {@code java -jar} command. */
    private static List<String> guideOptions() throws IOException {
        Matcher command = JAVA_JAR.matcher(guide());
        assertTrue(command.find(), "the guide starts the sandbox jar");
        return new ArrayList<>(Arrays.stream(command.group(1).strip().split("\\s+")).toList());
    }

    private static String guide() throws IOException {
        return Files.readString(Path.of("..", "docs", "user-guide.md"));
    }

    private static List<String> readUntilAdmin(Process process) {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        try {
            String line;
            while ((line = out.readLine()) != null) {
                lines.add(line);
                if (line.startsWith("Admin API = ")) {
                    return lines;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError("the sandbox stopped before it was ready: " + lines);
    }

    private HttpResponse<String> get(String url, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
