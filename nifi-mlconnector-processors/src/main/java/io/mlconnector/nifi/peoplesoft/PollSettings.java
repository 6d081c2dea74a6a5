package io.mlconnector.nifi.peoplesoft;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlconnector.nifi.peoplesoft.poll.DateTimePrompts;
import io.mlconnector.nifi.peoplesoft.poll.PollWindow;
import io.mlconnector.nifi.peoplesoft.read.ComponentInterfaceSource;
import io.mlconnector.nifi.peoplesoft.read.QuerySource;
import io.mlconnector.nifi.peoplesoft.read.RecordSource;
import io.mlconnector.nifi.peoplesoft.read.ServiceOperationSource;
import io.mlconnector.nifi.peoplesoft.read.SourceSettings;
import io.mlconnector.nifi.peoplesoft.write.PassWriter;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.PropertyValue;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.serialization.RecordSetWriterFactory;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import static io.mlconnector.nifi.peoplesoft.GetPeopleSoftRecords.COMPONENT_INTERFACE_NAME;
import static io.mlconnector.nifi.peoplesoft.GetPeopleSoftRecords.CONNECTION_SERVICE;
import static io.mlconnector.nifi.peoplesoft.GetPeopleSoftRecords.DATETIME_FORMAT;
import static io.mlconnector.nifi.peoplesoft.GetPeopleSoftRecords.INITIAL_WINDOW_START;
import static io.mlconnector.nifi.peoplesoft.GetPeopleSoftRecords.MAX_CONCURRENT_REQUESTS;
import static io.mlconnector.nifi.peoplesoft.GetPeopleSoftRecords.MAX_ROWS;
import static io.mlconnector.nifi.peoplesoft.GetPeopleSoftRecords.MINIMUM_PASS_INTERVAL;
import static io.mlconnector.nifi.peoplesoft.GetPeopleSoftRecords.MODIFIED_TIMESTAMP_FIELD;
import static io.mlconnector.nifi.peoplesoft.GetPeopleSoftRecords.OVERLAP_WINDOW;
import static io.mlconnector.nifi.peoplesoft.GetPeopleSoftRecords.PEOPLESOFT_INTERFACE;
import static io.mlconnector.nifi.peoplesoft.GetPeopleSoftRecords.POLL_MODE;
import static io.mlconnector.nifi.peoplesoft.GetPeopleSoftRecords.QUERY_NAME;
import static io.mlconnector.nifi.peoplesoft.GetPeopleSoftRecords.QUERY_OWNER;
import static io.mlconnector.nifi.peoplesoft.GetPeopleSoftRecords.RECORDS_JSON_POINTER;
import static io.mlconnector.nifi.peoplesoft.GetPeopleSoftRecords.RECORDS_PER_FLOWFILE;
import static io.mlconnector.nifi.peoplesoft.GetPeopleSoftRecords.RECORD_KEY_FIELDS;
import static io.mlconnector.nifi.peoplesoft.GetPeopleSoftRecords.RECORD_WRITER;
import static io.mlconnector.nifi.peoplesoft.GetPeopleSoftRecords.SERVICE_OPERATION;
import static io.mlconnector.nifi.peoplesoft.GetPeopleSoftRecords.TIME_ZONE;
import static io.mlconnector.nifi.peoplesoft.GetPeopleSoftRecords.WINDOW_END_PARAMETER;
import static io.mlconnector.nifi.peoplesoft.GetPeopleSoftRecords.WINDOW_END_PROMPT;
import static io.mlconnector.nifi.peoplesoft.GetPeopleSoftRecords.WINDOW_LAG;
import static io.mlconnector.nifi.peoplesoft.GetPeopleSoftRecords.WINDOW_START_PARAMETER;
import static io.mlconnector.nifi.peoplesoft.GetPeopleSoftRecords.WINDOW_START_PROMPT;

/**
 * GetPeopleSoftRecords's configuration as one trigger (or one verification) reads it: every property evaluated once,
 * the source identity computed once.
 *
 * @param sourceIdentity      what identifies the rows read, so that state written for another source is not used. The node's
 *                       whole address counts, not its name alone: every HCM database defaults to PSFT_HR, so a test
 *                       system's watermark must not skip rows of production.
 * @param minimumPassInterval in Full Reconciliation Pass mode only, as {@code overlap} in Incremental mode only (null otherwise)
 * @param fromTheBeginning    whether Initial Window Start is empty: the first window, or a pass, reads everything
 * @param sources             opens the source; the executor runs a Component Interface's G_GET requests
 */
record PollSettings(PeopleSoftInterface peopleSoftInterface, PeopleSoftConnectionService service, String sourceName, String sourceIdentity,
                    PollMode pollMode, Duration minimumPassInterval, ZoneId zone, Instant initialStart, boolean fromTheBeginning, Duration overlap,
                    Duration lag, String modifiedField, List<String> keyFields, RecordSetWriterFactory writerFactory, int recordsPerFlowFile,
                    SourceFactory sources) {

    /** Attributes of a reconciliation pass's FlowFiles besides {@link io.mlconnector.nifi.peoplesoft.write.PassWriter}'s. */
    static final String PASS_STARTED = PassWriter.PASS_STARTED;
    static final String PASS_WHOLE_POPULATION = PassWriter.PASS_WHOLE_POPULATION;

    private static final ObjectMapper OBJECT_MAPPER = new ObjectMapper();

    @FunctionalInterface
    interface SourceFactory {
        RecordSource open(ExecutorService executor);
    }

    static PollSettings of(final ProcessContext context) {
        final PeopleSoftInterface peopleSoftInterface = context.getProperty(PEOPLESOFT_INTERFACE).asAllowableValue(PeopleSoftInterface.class);
        final PeopleSoftConnectionService service = context.getProperty(CONNECTION_SERVICE).asControllerService(PeopleSoftConnectionService.class);
        final ZoneId zone = ZoneId.of(value(context, TIME_ZONE));
        final String modifiedField = value(context, MODIFIED_TIMESTAMP_FIELD);
        final List<String> keyFields = Arrays.stream(value(context, RECORD_KEY_FIELDS).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        final Map<String, String> extras = new TreeMap<>();
        context.getProperties().keySet().stream().filter(PropertyDescriptor::isDynamic)
                .forEach(d -> extras.put(d.getName(), context.getProperty(d).evaluateAttributeExpressions().getValue()));
        final String sourceName = value(context, switch (peopleSoftInterface) {
            case QUERY -> QUERY_NAME;
            case SERVICE_OPERATION -> SERVICE_OPERATION;
            case COMPONENT_INTERFACE -> COMPONENT_INTERFACE_NAME;
        });
        final String owner = peopleSoftInterface == PeopleSoftInterface.QUERY ? value(context, QUERY_OWNER) + "/" : "";
        final URI node = service.resolve(PeopleSoftRequest.get(List.of(), Map.of()));
        final String sourceIdentity = peopleSoftInterface.getValue() + "|" + node + "|" + owner + sourceName + "|" + extras;
        final SourceSettings settings = new SourceSettings(service, new DateTimePrompts(value(context, DATETIME_FORMAT), zone), modifiedField, OBJECT_MAPPER);
        final SourceFactory sources = switch (peopleSoftInterface) {
            case QUERY -> {
                final QuerySource query = new QuerySource(settings, value(context, QUERY_OWNER).toUpperCase(Locale.ROOT), sourceName,
                        value(context, WINDOW_START_PROMPT), value(context, WINDOW_END_PROMPT), extras,
                        context.getProperty(MAX_ROWS).evaluateAttributeExpressions().asInteger());
                yield executor -> query;
            }
            case SERVICE_OPERATION -> {
                final ServiceOperationSource operation = new ServiceOperationSource(settings, sourceName, value(context, WINDOW_START_PARAMETER),
                        value(context, WINDOW_END_PARAMETER), extras, JsonPointer.compile(value(context, RECORDS_JSON_POINTER)));
                yield executor -> operation;
            }
            case COMPONENT_INTERFACE -> {
                final int concurrency = context.getProperty(MAX_CONCURRENT_REQUESTS).asInteger();
                yield executor -> new ComponentInterfaceSource(settings, sourceName, extras, keyFields, executor, concurrency);
            }
        };
        final PollMode pollMode = context.getProperty(POLL_MODE).asAllowableValue(PollMode.class);
        final String initialStart = value(context, INITIAL_WINDOW_START);
        return new PollSettings(peopleSoftInterface, service, sourceName, sourceIdentity, pollMode,
                pollMode == PollMode.FULL_RECONCILIATION_PASS ? duration(context, MINIMUM_PASS_INTERVAL) : null, zone,
                PollWindow.initialStart(initialStart, zone), initialStart == null || initialStart.isBlank(),
                pollMode == PollMode.INCREMENTAL ? duration(context, OVERLAP_WINDOW) : null, duration(context, WINDOW_LAG),
                modifiedField, keyFields, context.getProperty(RECORD_WRITER).asControllerService(RecordSetWriterFactory.class),
                context.getProperty(RECORDS_PER_FLOWFILE).evaluateAttributeExpressions().asInteger(), sources);
    }

    /** What every FlowFile says of where it comes from. */
    Map<String, String> sourceAttributes() {
        final Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("peoplesoft.interface", peopleSoftInterface.getValue());
        attributes.put("peoplesoft.source", sourceName);
        attributes.put("peoplesoft.node", service.getNodeName());
        return attributes;
    }

    /** What every FlowFile of a window gets. */
    Map<String, String> windowAttributes(final PollWindow window) {
        final Map<String, String> attributes = sourceAttributes();
        attributes.put("peoplesoft.window.start", window.start().toString());
        attributes.put(PassWriter.WINDOW_END, window.end().toString());
        return attributes;
    }

    /** What every FlowFile of a reconciliation pass gets: the window it covers, when it started, whether it read everything. */
    Map<String, String> passAttributes(final PollWindow window, final Instant started) {
        final Map<String, String> attributes = windowAttributes(window);
        attributes.put(PASS_STARTED, started.toString());
        attributes.put(PASS_WHOLE_POPULATION, String.valueOf(fromTheBeginning));
        return attributes;
    }

    private static String value(final ProcessContext context, final PropertyDescriptor descriptor) {
        final PropertyValue property = context.getProperty(descriptor);
        return descriptor.isExpressionLanguageSupported() ? property.evaluateAttributeExpressions().getValue() : property.getValue();
    }

    private static Duration duration(final ProcessContext context, final PropertyDescriptor descriptor) {
        return Duration.ofMillis(context.getProperty(descriptor).evaluateAttributeExpressions().asTimePeriod(TimeUnit.MILLISECONDS));
    }
}
