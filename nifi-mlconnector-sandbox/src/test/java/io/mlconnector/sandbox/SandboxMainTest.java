package io.mlconnector.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The standalone sandbox starts in its own JVM, prints its JSON line, answers on both ports and stops on SIGTERM. */
class SandboxMainTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void startsPrintsItsParametersAndAnswersOnBothPorts() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                SandboxMain.class.getName(), "--employees", "50", "--customers", "10", "--seed", "7")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).get(60, TimeUnit.SECONDS);
            JsonNode ready = new ObjectMapper().readTree(line);
            for (String field : List.of("peoplesoft_base_url", "peoplesoft_gateway_path", "peoplesoft_node", "peoplesoft_user",
                    "peoplesoft_password", "mailchimp_api_base_url", "mailchimp_api_key", "mailchimp_employee_audience_id",
                    "mailchimp_customer_audience_id")) {
                assertTrue(ready.hasNonNull(field) && !ready.get(field).asText().isEmpty(), field);
            }

            String mailchimpAuth = basic("sandbox", ready.get("mailchimp_api_key").asText());
            String mailchimp = ready.get("mailchimp_api_base_url").asText();
            assertEquals(200, get(mailchimp + "/ping", mailchimpAuth).statusCode());
            assertEquals(200, get(mailchimp + "/lists/" + ready.get("mailchimp_customer_audience_id").asText(), mailchimpAuth).statusCode());

            String prompts = ready.get("peoplesoft_base_url").asText() + ready.get("peoplesoft_gateway_path").asText() + "/"
                    + ready.get("peoplesoft_node").asText() + "/QueryPrompts.v1/PUBLIC/MC_EMPL_CHANGES";
            String peopleSoftAuth = basic(ready.get("peoplesoft_user").asText(), ready.get("peoplesoft_password").asText());
            HttpResponse<String> answer = get(prompts, peopleSoftAuth);
            assertEquals(200, answer.statusCode());
            assertTrue(answer.body().contains("FROM_DTTM"), answer.body());
        } finally {
            process.destroy();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "stops on SIGTERM");
        }
    }

    @Test
    void rejectsUnknownOptions() {
        assertThrows(IllegalArgumentException.class, () -> SandboxMain.parse(new String[]{"--employees"}));
        assertThrows(IllegalArgumentException.class, () -> SandboxMain.parse(new String[]{"--colour", "red"}));
        assertEquals("9000", SandboxMain.parse(new String[]{"--mailchimp-port", "9000", "--https"}).get("mailchimp-port"));
    }

    private HttpResponse<String> get(String url, String authorization) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", authorization).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
