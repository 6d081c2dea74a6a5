package io.mlconnector.sandbox.peoplesoft;

import io.mlconnector.sandbox.core.SimRequest;
import io.mlconnector.sandbox.core.SimResponse;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Query Access Services: {@code ExecuteQuery.v1/{owner}/{query}/{JSON|XMLP}/NONFILE} and
 * {@code QueryPrompts.v1/{owner}/{query}}. Query-string names match case-insensitively; prompt names and values are
 * comma-separated and aligned by position. {@code maxrows=0} means no limit.
 */
final class QueryAccessService {

    private static final Set<String> OUT_TYPES = Set.of("JSON", "XMLP");

    private final Map<String, QueryDefinition> queries;
    private final Supplier<HrSnapshot> data;
    private final PeopleSoftSettings settings;
    private final QueryJsonWriter jsonWriter;
    private final QueryXmlWriter xmlWriter;

    QueryAccessService(List<QueryDefinition> queries, Supplier<HrSnapshot> data, PeopleSoftSettings settings,
                       PeopleSoftFormats formats) {
        this.queries = queries.stream().collect(Collectors.toMap(QueryDefinition::name, Function.identity()));
        this.data = data;
        this.settings = settings;
        this.jsonWriter = new QueryJsonWriter(formats);
        this.xmlWriter = new QueryXmlWriter(formats);
    }

    /** Thrown for requests QAS rejects; becomes a 500 whose detail depends on the service status. */
    private static final class QueryRequestException extends Exception {
        QueryRequestException(String message) {
            super(message, null, false, false);
        }
    }

    SimResponse executeQuery(IbCall call) {
        SimRequest request = call.request();
        boolean json = isJson(request);
        try {
            List<String> template = call.template();
            if (template.size() != 4) {
                throw new QueryRequestException("Expected {OwnerType}/{QueryName}/{OutResultType}/{OutResultFormat}");
            }
            QueryDefinition query = query(template.get(0), template.get(1));
            String outType = template.get(2).toUpperCase(Locale.ROOT);
            if (!OUT_TYPES.contains(outType)) {
                throw new QueryRequestException("OutResultType " + template.get(2) + " is not supported");
            }
            if (!"NONFILE".equalsIgnoreCase(template.get(3))) {
                throw new QueryRequestException("OutResultFormat " + template.get(3) + " is not supported");
            }
            if ("Y".equalsIgnoreCase(request.queryParamIgnoreCase("isconnectedquery"))) {
                throw new QueryRequestException("Connected queries are not supported");
            }
            int maxrows = maxrows(request.queryParamIgnoreCase("maxrows"));
            Map<String, String> prompts = prompts(query, request);
            HrSnapshot snapshot = data.get();
            long limit = maxrows == 0 ? Long.MAX_VALUE : maxrows;
            Supplier<Stream<Object[]>> rows = () -> query.rows(snapshot, prompts).limit(limit);
            int numrows;
            try (Stream<Object[]> counted = rows.get()) {
                numrows = (int) counted.count();
            } catch (IllegalArgumentException e) {
                throw new QueryRequestException(e.getMessage());
            }
            ColumnKeys keys = settings.columnKeys();
            if (json) {
                String querynameKey = settings.querynameKey();
                return SimResponse.stream(200, IbErrorResponses.JSON, out -> jsonWriter.write(out, query.name(),
                        querynameKey, query.columns(), keys, numrows, rows.get()));
            }
            return SimResponse.stream(200, IbErrorResponses.XML,
                    out -> xmlWriter.write(out, query.name(), query.columns(), keys, numrows, rows.get()));
        } catch (QueryRequestException e) {
            return IbErrorResponses.queryError(settings.serviceStatus(), json, e.getMessage());
        }
    }

    SimResponse queryPrompts(IbCall call) {
        boolean json = isJson(call.request());
        try {
            if (call.template().size() != 2) {
                throw new QueryRequestException("Expected {OwnerType}/{QueryName}");
            }
            QueryDefinition query = query(call.template().get(0), call.template().get(1));
            List<Map<String, Object>> prompts = query.prompts().stream().map(QueryAccessService::describe).toList();
            if (json) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put(settings.querynameKey(), query.name());
                body.put("prompts", prompts);
                return SimResponse.text(200, IbErrorResponses.JSON,
                        JsonText.write(Map.of("status", "success", "data", body)));
            }
            return SimResponse.bytes(200, IbErrorResponses.XML, promptsXml(query.name(), prompts));
        } catch (QueryRequestException e) {
            return IbErrorResponses.queryError(settings.serviceStatus(), json, e.getMessage());
        }
    }

    private static boolean isJson(SimRequest request) {
        return "true".equalsIgnoreCase(request.queryParamIgnoreCase("json_resp"));
    }

    private QueryDefinition query(String owner, String name) throws QueryRequestException {
        if (!"PUBLIC".equalsIgnoreCase(owner) && !"PRIVATE".equalsIgnoreCase(owner)) {
            throw new QueryRequestException("OwnerType must be PUBLIC or PRIVATE");
        }
        QueryDefinition query = queries.get(name);
        if (query == null || !"PUBLIC".equalsIgnoreCase(owner)) {
            throw new QueryRequestException("Query " + name + " does not exist or is not accessible");
        }
        return query;
    }

    private static int maxrows(String value) throws QueryRequestException {
        try {
            int maxrows = Integer.parseInt(value);
            if (maxrows < 0) {
                throw new NumberFormatException();
            }
            return maxrows;
        } catch (NumberFormatException e) {
            throw new QueryRequestException("maxrows must be a whole number of 0 or more");
        }
    }

    private static Map<String, String> prompts(QueryDefinition query, SimRequest request) throws QueryRequestException {
        List<String> names = split(request.queryParamIgnoreCase("prompt_uniquepromptname"));
        List<String> values = split(request.queryParamIgnoreCase("prompt_fieldvalue"));
        if (names.size() != values.size()) {
            throw new QueryRequestException("Prompt names and values do not line up");
        }
        Map<String, String> prompts = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (query.prompts().stream().noneMatch(p -> p.uniquePromptName().equals(name))) {
                throw new QueryRequestException("Query " + query.name() + " has no prompt " + name);
            }
            prompts.put(name, values.get(i));
        }
        Optional<QueryPrompt> missing = query.prompts().stream()
                .filter(p -> !prompts.containsKey(p.uniquePromptName())).findFirst();
        if (missing.isPresent()) {
            throw new QueryRequestException("Missing prompt " + missing.get().uniquePromptName());
        }
        return prompts;
    }

    private static List<String> split(String csv) {
        return csv == null || csv.isEmpty() ? List.of() : Arrays.asList(csv.split(",", -1));
    }

    private static Map<String, Object> describe(QueryPrompt prompt) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("UniquePromptName", prompt.uniquePromptName());
        row.put("FieldName", prompt.fieldName());
        row.put("FieldType", prompt.type().name());
        row.put("HeadingText", prompt.headingText());
        row.put("FieldLength", prompt.fieldLength());
        row.put("FieldDecimal", 0);
        row.put("FormatText", prompt.formatText());
        return row;
    }

    private static byte[] promptsXml(String queryName, List<Map<String, Object>> prompts) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?>\n<QAS_LISTQUERYPROMPTS_RESP_MSG><QAS_LISTQUERYPROMPTS_RESP queryname=\"")
                .append(queryName).append("\">");
        for (Map<String, Object> prompt : prompts) {
            xml.append("<PROMPT>");
            prompt.forEach((k, v) -> xml.append('<').append(k).append('>').append(v).append("</").append(k).append('>'));
            xml.append("</PROMPT>");
        }
        xml.append("</QAS_LISTQUERYPROMPTS_RESP></QAS_LISTQUERYPROMPTS_RESP_MSG>\n");
        return xml.toString().getBytes(StandardCharsets.UTF_8);
    }
}
