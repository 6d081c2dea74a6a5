package io.mlconnector.nifi.peoplesoft.read;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonToken;
import io.mlconnector.nifi.peoplesoft.PeopleSoftRequest;
import io.mlconnector.nifi.peoplesoft.PeopleSoftResponse;
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
public record ServiceOperationSource(SourceSettings settings, String operation, String startParameter, String endParameter,
                                     Map<String, String> extraParameters, JsonPointer recordsPointer) implements RecordSource {

    @Override
    public void read(final PollWindow window, final boolean sample, final RowHandler handler) throws IOException {
        final RowShaper shaper = settings.shaper();
        try (PeopleSoftResponse response = settings.service().execute(request(window));
             JsonParser parser = settings.objectMapper().getFactory().createParser(response.body())) {
            if (!JsonRows.seek(parser, recordsPointer)) {
                throw new IOException("The answer has no value at Records JSON Pointer " + recordsPointer);
            }
            if (parser.currentToken() != JsonToken.START_ARRAY) {
                throw new IOException("The value at Records JSON Pointer " + recordsPointer + " is not an array");
            }
            final RowFields fields = new RowFields();
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                JsonRows.readFields(parser, fields);
                handler.accept(shaper.shape(fields));
                if (sample) {
                    return;
                }
            }
            JsonRows.drain(parser);
        }
    }

    private PeopleSoftRequest request(final PollWindow window) {
        final String[] bounds = settings.prompts().bounds(window);
        final Map<String, String> parameters = new LinkedHashMap<>(extraParameters);
        parameters.put(startParameter, bounds[0]);
        parameters.put(endParameter, bounds[1]);
        final List<String> segments = Arrays.stream(operation.split("/")).filter(s -> !s.isEmpty()).toList();
        return PeopleSoftRequest.get(segments, parameters);
    }

    @Override
    public URI transitUri(final PollWindow window) {
        return settings.service().resolve(request(window));
    }

    @Override
    public String describe() {
        return "REST Service Operation " + operation;
    }
}
