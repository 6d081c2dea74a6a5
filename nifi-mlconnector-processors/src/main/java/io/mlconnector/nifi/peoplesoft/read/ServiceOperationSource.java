package io.mlconnector.nifi.peoplesoft.read;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonToken;
import io.mlconnector.nifi.peoplesoft.PeopleSoftConnectionService;
import io.mlconnector.nifi.peoplesoft.PeopleSoftRequest;
import io.mlconnector.nifi.peoplesoft.PeopleSoftResponse;
import io.mlconnector.nifi.peoplesoft.poll.DateTimePrompts;
import io.mlconnector.nifi.peoplesoft.poll.PollWindow;

import java.io.IOException;
import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a window through a site's own REST service operation that takes the window as two query parameters and
 * answers with the rows in an array at a JSON Pointer, e.g. {@code /data/employees}. The operation must return every
 * row of the window in one answer (it has no Max Rows).
 */
public final class ServiceOperationSource implements RecordSource {

    private final PeopleSoftConnectionService service;
    private final String operation;
    private final String startParameter;
    private final String endParameter;
    private final Map<String, String> extraParameters;
    private final JsonPointer recordsPointer;
    private final DateTimePrompts prompts;
    private final String modifiedField;
    private final JsonFactory jsonFactory;

    public ServiceOperationSource(final PeopleSoftConnectionService service, final String operation, final String startParameter,
                                  final String endParameter, final Map<String, String> extraParameters, final JsonPointer recordsPointer,
                                  final DateTimePrompts prompts, final String modifiedField, final JsonFactory jsonFactory) {
        this.service = service;
        this.operation = operation;
        this.startParameter = startParameter;
        this.endParameter = endParameter;
        this.extraParameters = extraParameters;
        this.recordsPointer = recordsPointer;
        this.prompts = prompts;
        this.modifiedField = modifiedField;
        this.jsonFactory = jsonFactory;
    }

    @Override
    public void read(final PollWindow window, final boolean sample, final RowHandler handler) throws IOException {
        final RowShaper shaper = new RowShaper(modifiedField, prompts.baseTimeZone());
        try (PeopleSoftResponse response = service.execute(request(window));
             JsonParser parser = jsonFactory.createParser(response.body())) {
            if (!JsonRows.seek(parser, recordsPointer)) {
                throw new IOException("The answer has no value at Records JSON Pointer " + recordsPointer);
            }
            if (parser.currentToken() != JsonToken.START_ARRAY) {
                throw new IOException("The value at Records JSON Pointer " + recordsPointer + " is not an array");
            }
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                handler.accept(shaper.shape(JsonRows.readObject(parser)));
                if (sample) {
                    return;
                }
            }
            JsonRows.drain(parser);
        }
    }

    private PeopleSoftRequest request(final PollWindow window) {
        final String[] bounds = prompts.bounds(window);
        final Map<String, String> parameters = new LinkedHashMap<>(extraParameters);
        parameters.put(startParameter, bounds[0]);
        parameters.put(endParameter, bounds[1]);
        final List<String> segments = Arrays.stream(operation.split("/")).filter(s -> !s.isEmpty()).toList();
        return PeopleSoftRequest.get(segments, parameters);
    }

    @Override
    public URI transitUri(final PollWindow window) {
        return service.resolve(request(window));
    }

    @Override
    public String describe() {
        return "REST Service Operation " + operation;
    }
}
