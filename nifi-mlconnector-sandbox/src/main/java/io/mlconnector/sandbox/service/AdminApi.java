package io.mlconnector.sandbox.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlconnector.sandbox.core.SimHandler;
import io.mlconnector.sandbox.core.SimRequest;
import io.mlconnector.sandbox.core.SimResponse;
import io.mlconnector.sandbox.core.SimServer;

import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The sandbox's admin API, on loopback, JSON in and out: make changes in PeopleSoft as HR and sales would, list them,
 * ask whether Mailchimp matches PeopleSoft, and reset. Every operation is the one the demo and the tests use.
 */
public final class AdminApi implements SimHandler {

    /** The endpoints, for {@code --help} and {@code GET /}. */
    public static final String USAGE = """
            admin API (JSON; request bodies are optional JSON objects; a change that names nobody picks someone unchanged):
              GET  /changes                        the most recent changes, oldest first
              POST /changes/hire                   {"first_name", "last_name", "email"}
              POST /changes/email                  {"emplid", "email"}
              POST /changes/department             {"emplid", "department": a name or DEPTID, default the next one}
              POST /changes/termination            {"emplid", "effective": "YYYY-MM-DD", default today; later = future-dated}
              POST /changes/rehire                 {"emplid", "effective"}
              POST /changes/job                    {"emplid", "deptid", "effective"}: a further concurrent job (next EMPL_RCD)
              POST /changes/job-end                {"emplid" (required), "empl_rcd", "effective"}: one job ends, others go on
              POST /changes/new-customer           {"name", "first_name", "last_name", "email"}
              POST /changes/customer-inactivation  {"setid": "SHARE", "cust_id"}
              POST /changes/round                  one change of each kind, as bin/demo makes them
              POST /drift/remove-from-population   {"emplid"}: rows purged from PeopleSoft, no change row (an orphan to come)
              POST /drift/edit-by-hand             {"emplid", "field": a merge tag, default FNAME, "value"}: edited in Mailchimp
              POST /drift/archive-by-hand          {"emplid"}: the employee's contact archived in Mailchimp
              POST /drift/orphan                   {"emplid", "email"}: a contact with an EMPLID PeopleSoft does not have
              POST /drift/round                    bin/demo's round: one removal from the population, one hand edit, one orphan
              GET  /parity                         per audience: matches, or the differences person by person (the first 100)
              POST /reset                          seeded PeopleSoft rows only, empty audiences (then Clear State on each Get)
            """;

    /** Before the first run every person differs: list a readable number, count them all. */
    static final int LISTED_DIFFERENCES = 100;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final SandboxService sandbox;

    private AdminApi(final SandboxService sandbox) {
        this.sandbox = sandbox;
    }

    /** Serves the admin API of the sandbox on 127.0.0.1 (port 0 = ephemeral). */
    public static SimServer serve(final SandboxService sandbox, final int port) throws IOException {
        return SimServer.builder().name("admin").port(port).handler(new AdminApi(sandbox)).start();
    }

    @Override
    public SimResponse handle(final SimRequest request) {
        try {
            final JsonNode body = request.body().length == 0 ? MAPPER.createObjectNode() : MAPPER.readTree(request.body());
            return route(request.method(), request.pathSegments(), body);
        } catch (final IOException e) {
            return error(400, "The request body is not JSON: " + e.getMessage());
        } catch (final NoSuchElementException e) {
            return error(404, e.getMessage());
        } catch (final IllegalArgumentException | IllegalStateException | DateTimeParseException e) {
            return error(400, e.getMessage());
        }
    }

    private SimResponse route(final String method, final List<String> path, final JsonNode body) {
        final String route = method + " /" + String.join("/", path);
        final HrChanges changes = sandbox.changes();
        return switch (route) {
            case "GET /" -> SimResponse.text(200, "text/plain; charset=utf-8", USAGE);
            case "GET /changes" -> json(200, changes(changes.recent()));
            case "POST /changes/hire" -> change(changes.hire(text(body, "first_name"), text(body, "last_name"), text(body, "email")));
            case "POST /changes/email" -> change(changes.changeEmail(text(body, "emplid"), text(body, "email")));
            case "POST /changes/department" -> change(changes.changeDepartment(text(body, "emplid"), text(body, "department")));
            case "POST /changes/termination" -> change(changes.terminate(text(body, "emplid"), date(body)));
            case "POST /changes/rehire" -> change(changes.rehire(text(body, "emplid"), date(body)));
            case "POST /changes/job" -> change(changes.addJob(text(body, "emplid"), text(body, "deptid"), date(body)));
            case "POST /changes/job-end" -> change(changes.endJob(text(body, "emplid"), integer(body, "empl_rcd"), date(body)));
            case "POST /changes/new-customer" -> change(changes.addCustomer(text(body, "name"), text(body, "first_name"),
                    text(body, "last_name"), text(body, "email")));
            case "POST /changes/customer-inactivation" -> change(changes.inactivateCustomer(text(body, "setid"), text(body, "cust_id")));
            case "POST /changes/round" -> json(201, changes(changes.applyRound()));
            case "POST /drift/remove-from-population" -> change(sandbox.drift().removeFromPopulation(text(body, "emplid")));
            case "POST /drift/edit-by-hand" -> change(sandbox.drift().editByHand(text(body, "emplid"), text(body, "field"), text(body, "value")));
            case "POST /drift/archive-by-hand" -> change(sandbox.drift().archiveByHand(text(body, "emplid")));
            case "POST /drift/orphan" -> change(sandbox.drift().addOrphan(text(body, "emplid"), text(body, "email")));
            case "POST /drift/round" -> json(201, changes(sandbox.drift().applyRound()));
            case "GET /parity" -> json(200, parity(sandbox.parity()));
            case "POST /reset" -> {
                sandbox.reset();
                yield json(200, MAPPER.createObjectNode().put("reset", true));
            }
            default -> error(404, "No " + route + "; GET / lists the endpoints");
        };
    }

    private static SimResponse change(final HrChanges.Change change) {
        return json(201, node(change));
    }

    private static ObjectNode node(final HrChanges.Change change) {
        return MAPPER.createObjectNode().put("at", change.at().toString()).put("kind", change.kind()).put("key", change.key())
                .put("detail", change.detail());
    }

    private static ArrayNode changes(final List<HrChanges.Change> changes) {
        final ArrayNode array = MAPPER.createArrayNode();
        changes.forEach(c -> array.add(node(c)));
        return array;
    }

    private static ObjectNode parity(final List<AudienceCheck.Result> results) {
        final ObjectNode report = MAPPER.createObjectNode();
        report.put("matches", results.stream().allMatch(AudienceCheck.Result::matches));
        final ArrayNode audiences = report.putArray("audiences");
        for (final AudienceCheck.Result result : results) {
            final ObjectNode audience = audiences.addObject().put("audience", result.audience()).put("peoplesoft_rows", result.rows());
            result.contactsByStatus().forEach(audience.putObject("contacts_by_status")::put);
            audience.put("matches", result.matches()).put("difference_count", result.differences().size());
            result.differences().stream().limit(LISTED_DIFFERENCES).forEach(audience.putArray("differences")::add);
        }
        return report;
    }

    private static String text(final JsonNode body, final String field) {
        final JsonNode value = body.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Integer integer(final JsonNode body, final String field) {
        final String value = text(body, field);
        try {
            return value == null ? null : Integer.valueOf(value.strip());
        } catch (final NumberFormatException e) {
            throw new IllegalArgumentException(field + " must be a whole number, not " + value);
        }
    }

    private static LocalDate date(final JsonNode body) {
        final String effective = text(body, "effective");
        return effective == null ? null : LocalDate.parse(effective);
    }

    private static SimResponse json(final int status, final JsonNode body) {
        try {
            return SimResponse.bytes(status, "application/json", MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(body));
        } catch (final IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SimResponse error(final int status, final String message) {
        return json(status, MAPPER.createObjectNode().put("error", message));
    }
}
