package io.mlconnector.nifi.peoplesoft;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlconnector.nifi.peoplesoft.poll.DateTimePrompts;
import io.mlconnector.nifi.peoplesoft.poll.EmittedRows;
import io.mlconnector.nifi.peoplesoft.poll.OverlapRetention;
import io.mlconnector.nifi.peoplesoft.poll.PollState;
import io.mlconnector.nifi.peoplesoft.poll.PollWindow;
import io.mlconnector.nifi.peoplesoft.poll.RowFingerprint;
import io.mlconnector.nifi.peoplesoft.read.ComponentInterfaceSource;
import io.mlconnector.nifi.peoplesoft.read.QuerySource;
import io.mlconnector.nifi.peoplesoft.read.RecordSource;
import io.mlconnector.nifi.peoplesoft.read.ServiceOperationSource;
import io.mlconnector.nifi.peoplesoft.read.SourceRow;
import io.mlconnector.nifi.peoplesoft.read.SourceSettings;
import io.mlconnector.nifi.peoplesoft.write.FlowFileRecordSink;
import io.mlconnector.nifi.peoplesoft.write.RowSchemas;
import org.apache.nifi.annotation.behavior.DynamicProperty;
import org.apache.nifi.annotation.behavior.InputRequirement;
import org.apache.nifi.annotation.behavior.PrimaryNodeOnly;
import org.apache.nifi.annotation.behavior.Stateful;
import org.apache.nifi.annotation.behavior.TriggerSerially;
import org.apache.nifi.annotation.behavior.WritesAttribute;
import org.apache.nifi.annotation.behavior.WritesAttributes;
import org.apache.nifi.annotation.configuration.DefaultSchedule;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.documentation.UseCase;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.PropertyValue;
import org.apache.nifi.components.ValidationContext;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.components.state.Scope;
import org.apache.nifi.expression.ExpressionLanguageScope;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.processor.AbstractProcessor;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.processor.VerifiableProcessor;
import org.apache.nifi.processor.util.StandardValidators;
import org.apache.nifi.scheduling.SchedulingStrategy;
import org.apache.nifi.serialization.RecordSetWriterFactory;
import org.apache.nifi.serialization.record.RecordSchema;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static io.mlconnector.nifi.peoplesoft.GetPeopleSoftRecordsProperties.*;

@PrimaryNodeOnly
@TriggerSerially
@InputRequirement(InputRequirement.Requirement.INPUT_FORBIDDEN)
@DefaultSchedule(strategy = SchedulingStrategy.TIMER_DRIVEN, period = "1 day")
@Stateful(scopes = Scope.CLUSTER, description = "The source polled (interface, node address, query or operation, extra prompts), the"
        + " watermark (the end of the last window read completely), the record schema of the source and fingerprints of the"
        + " rows emitted inside the overlap. The watermark moves in the same session commit as the FlowFiles, so a failed run"
        + " reads the same window again, and a new Primary Node picks up where the previous one left off. Clearing state"
        + " starts again from Initial Window Start; changing the source does so as well.")
@Tags({"peoplesoft", "oracle", "erp", "hcm", "employees", "customers", "query", "incremental", "record", "mailchimp"})
@CapabilityDescription("Reads the employees or customers that changed in PeopleSoft since the last run, through a PeopleSoft Query"
        + " (QAS ExecuteQuery), a site's REST service operation or a component interface, and writes them as records with the"
        + " Record Writer. Each run reads the window from the stored watermark minus the Overlap Window up to now minus the"
        + " Window Lag, emits every row of it that was not already emitted, and moves the watermark only when the whole window"
        + " was written. Column keys are normalised (A.EMPLID becomes EMPLID), blank strings become null and PeopleSoft"
        + " datetimes become timestamps.")
@UseCase(description = "Send new hires, changes and terminations of employees to Mailchimp once a day.",
        configuration = """
                Set PeopleSoft Interface to "PeopleSoft Query", Query Name to the public query that returns changed employees
                (e.g. MC_EMPL_CHANGES, with prompts FROM_DTTM and TO_DTTM and an effective-date window), Record Key Fields to
                "EMPLID" and PeopleSoft Time Zone to the base time zone of the PeopleSoft database.
                Connect success to PutMailchimpContact.
                """)
@UseCase(description = "Read changed customers and their primary contact for one SetID.",
        configuration = """
                Set PeopleSoft Interface to "PeopleSoft Query", Query Name to MC_CUST_CHANGES, Record Key Fields to
                "SETID,CUST_ID" and add the dynamic property SETID = SHARE, which becomes a prompt.
                When no query can be created, use "Component Interface" with Component Interface Name CUSTOMER_CI and the
                dynamic property SETID = SHARE as a find key; each run then reads every customer of the SetID.
                """)
@DynamicProperty(name = "A prompt, query parameter or find key", value = "Its value",
        expressionLanguageScope = ExpressionLanguageScope.ENVIRONMENT,
        description = "Sent with every request: an extra prompt of the PeopleSoft Query (e.g. SETID = SHARE), a query parameter of"
                + " the REST Service Operation, or a find key of the Component Interface.")
@WritesAttributes({
        @WritesAttribute(attribute = "peoplesoft.interface", description = "The PeopleSoft Interface read"),
        @WritesAttribute(attribute = "peoplesoft.source", description = "The query, service operation or component interface read"),
        @WritesAttribute(attribute = "peoplesoft.node", description = "The Integration Broker node of the connection service"),
        @WritesAttribute(attribute = "peoplesoft.window.start", description = "Start of the window read (inclusive, ISO-8601 UTC)"),
        @WritesAttribute(attribute = "peoplesoft.window.end", description = "End of the window read (exclusive, ISO-8601 UTC)"),
        @WritesAttribute(attribute = "record.count", description = "The number of records in the FlowFile"),
        @WritesAttribute(attribute = "mime.type", description = "The MIME type of the Record Writer"),
        @WritesAttribute(attribute = "fragment.identifier", description = "The same for all FlowFiles of one run"),
        @WritesAttribute(attribute = "fragment.index", description = "The position of the FlowFile among those of its run, from 0"),
        @WritesAttribute(attribute = "fragment.count", description = "The number of FlowFiles of the run")
})
public class GetPeopleSoftRecords extends AbstractProcessor implements VerifiableProcessor {

    static final Relationship REL_SUCCESS = new Relationship.Builder()
            .name("success")
            .description("FlowFiles of records read from PeopleSoft")
            .build();

    /** Remembered overlap rows beyond this are forgotten (oldest first): they may then be emitted twice, never lost. */
    static final int MAX_REMEMBERED_ROWS = 20_000;

    /**
     * The windows Verify reads, each ending now minus the lag, until one returns a row: at most one row per request and
     * as many requests as spans, so a verification never reads the whole history.
     */
    static final List<Duration> VERIFY_SPANS = List.of(Duration.ofDays(1), Duration.ofDays(7), Duration.ofDays(31), Duration.ofDays(366));

    private static final ObjectMapper OBJECT_MAPPER = new ObjectMapper();

    private final Clock clock;

    public GetPeopleSoftRecords() {
        this(Clock.systemUTC());
    }

    /** For tests, which run the processor on the simulator's clock. */
    GetPeopleSoftRecords(final Clock clock) {
        this.clock = clock;
    }

    @Override
    public Set<Relationship> getRelationships() {
        return Set.of(REL_SUCCESS);
    }

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return PROPERTY_DESCRIPTORS;
    }

    @Override
    protected PropertyDescriptor getSupportedDynamicPropertyDescriptor(final String propertyDescriptorName) {
        return new PropertyDescriptor.Builder()
                .name(propertyDescriptorName)
                .description("An extra prompt, query parameter or find key sent with every request")
                .dynamic(true)
                .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
                .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
                .build();
    }

    @Override
    protected Collection<ValidationResult> customValidate(final ValidationContext context) {
        return GetPeopleSoftRecordsProperties.validate(context);
    }

    @Override
    public void onTrigger(final ProcessContext context, final ProcessSession session) {
        final Run run = new Run(context);
        final PollState state;
        try {
            state = PollState.read(session.getState(Scope.CLUSTER).toMap(), run.sourceIdentity());
        } catch (final IOException e) {
            getLogger().error("Reading the processor's state failed; nothing was read", e);
            context.yield();
            return;
        }
        final PollWindow window = PollWindow.next(state.watermark(), run.initialStart(), run.overlap(), run.lag(), clock.instant()).orElse(null);
        if (window == null) {
            context.yield();
            return;
        }
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            poll(context, session, run, run.source(executor), state, window);
        }
    }

    private void poll(final ProcessContext context, final ProcessSession session, final Run run, final RecordSource source,
                      final PollState state, final PollWindow window) {
        final long started = System.nanoTime();
        final OverlapRetention retention = new OverlapRetention(window, run.overlap(), run.zone());
        final EmittedRows emitted = state.emitted();
        final RowSchemas schemas = new RowSchemas(run.modifiedField(), run.zone());
        final RecordSchema[] schema = {RowSchemas.decode(state.schema())};
        final long[] skipped = new long[1];
        final FlowFileRecordSink sink = new FlowFileRecordSink(session, run.writerFactory(), getLogger(), run.recordsPerFlowFile(), run.attributes(window));
        final List<FlowFile> flowFiles;
        try {
            source.read(window, false, row -> {
                final long fingerprint = RowFingerprint.of(row);
                if (emitted.contains(fingerprint)) {
                    skipped[0]++;
                    return;
                }
                schema[0] = schemas.covering(schema[0], row);
                sink.write(schemas.toRecord(schema[0], row));
                final Instant keepUntil = retention.keepUntil(row.modified());
                if (keepUntil != null) {
                    emitted.add(fingerprint, keepUntil);
                }
            });
            flowFiles = sink.finish();
            final String encodedSchema = schema[0] == null ? state.schema() : RowSchemas.encode(schema[0]);
            session.setState(new PollState(run.sourceIdentity(), window.end(), encodedSchema, remembered(emitted, retention, window)).toMap(), Scope.CLUSTER);
        } catch (final IOException e) {
            sink.abandon();
            session.rollback();
            reportFailure(run, source, window, state, e);
            context.yield();
            return;
        }
        final long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        final String transitUri = source.transitUri(window).toString();
        long records = 0;
        for (final FlowFile flowFile : flowFiles) {
            session.getProvenanceReporter().receive(flowFile, transitUri, "Window " + window + " of " + source.describe(), millis);
            records += Long.parseLong(flowFile.getAttribute(FlowFileRecordSink.RECORD_COUNT));
        }
        session.transfer(flowFiles, REL_SUCCESS);
        getLogger().info("Read window {} of {}: {} rows emitted in {} FlowFiles, {} already emitted rows skipped",
                window, source.describe(), records, flowFiles.size(), skipped[0]);
    }

    private EmittedRows remembered(final EmittedRows emitted, final OverlapRetention retention, final PollWindow window) {
        final EmittedRows remembered = emitted.retainedFor(retention.nextStart(), MAX_REMEMBERED_ROWS + 1);
        if (remembered.size() <= MAX_REMEMBERED_ROWS) {
            return remembered;
        }
        getLogger().warn("More than {} rows were modified inside the Overlap Window of {}; the oldest are forgotten and may be emitted again",
                MAX_REMEMBERED_ROWS, window);
        return remembered.retainedFor(retention.nextStart(), MAX_REMEMBERED_ROWS);
    }

    private void reportFailure(final Run run, final RecordSource source, final PollWindow window, final PollState state, final IOException e) {
        final String where = source.describe() + " on node " + run.service().getNodeName() + " for window " + window;
        final String watermark = state.watermark() == null ? "no watermark yet" : "the watermark stays at " + state.watermark();
        if (e instanceof PeopleSoftException failure && failure.getKind() == PeopleSoftException.Kind.AUTHENTICATION) {
            getLogger().error("PeopleSoft refused the credentials of the PeopleSoft Connection Service reading {}: check the user name and"
                    + " password (or token) and that the user's permission lists grant the service operation and, for a query, access"
                    + " to its records. Nothing was emitted and {}. {}", where, watermark, e.getMessage());
        } else {
            getLogger().error("Reading {} failed: {}. Nothing was emitted and {}; the next run reads the same window again.",
                    where, e.getMessage(), watermark, e);
        }
    }

    @Override
    public List<ConfigVerificationResult> verify(final ProcessContext context, final ComponentLog verificationLogger,
                                                 final Map<String, String> attributes) {
        final Run run = new Run(context);
        final Instant end = clock.instant().minus(run.lag());
        final List<SourceRow> sample = new ArrayList<>();
        final List<ConfigVerificationResult> results = new ArrayList<>();
        final String described;
        PollWindow window = null;
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            final RecordSource source = run.source(executor);
            described = source.describe();
            // A quiet system has no row in the last day: look further back, one row per request, so the columns still get checked.
            for (final Duration span : VERIFY_SPANS) {
                window = new PollWindow(end.minus(span), end);
                try {
                    source.read(window, true, sample::add);
                } catch (final IOException | RuntimeException e) {
                    results.add(result("Read a sample row", ConfigVerificationResult.Outcome.FAILED,
                            "Reading " + described + " for window " + window + " failed: " + e.getMessage()));
                    results.add(result("Check columns", ConfigVerificationResult.Outcome.SKIPPED, "No row was read"));
                    return results;
                }
                if (!sample.isEmpty()) {
                    break;
                }
            }
        }
        if (sample.isEmpty()) {
            results.add(result("Read a sample row", ConfigVerificationResult.Outcome.SUCCESSFUL,
                    described + " answered but returned no row for window " + window));
            results.add(result("Check columns", ConfigVerificationResult.Outcome.SKIPPED,
                    "No row changed in the last " + VERIFY_SPANS.getLast().toDays() + " days"));
            return results;
        }
        final Set<String> columns = sample.getFirst().values().keySet();
        results.add(result("Read a sample row", ConfigVerificationResult.Outcome.SUCCESSFUL,
                described + " returned a row with columns " + columns + " for window " + window));
        final List<String> missing = new ArrayList<>(run.keyFields());
        missing.add(run.modifiedField());
        missing.removeAll(columns);
        results.add(missing.isEmpty()
                ? result("Check columns", ConfigVerificationResult.Outcome.SUCCESSFUL,
                        "The Modified Timestamp Field " + run.modifiedField() + " and the Record Key Fields " + run.keyFields() + " are among the columns")
                : result("Check columns", ConfigVerificationResult.Outcome.FAILED,
                        "Columns " + missing + " are missing; the columns found are " + columns));
        return results;
    }

    private static ConfigVerificationResult result(final String step, final ConfigVerificationResult.Outcome outcome, final String explanation) {
        return new ConfigVerificationResult.Builder().verificationStepName(step).outcome(outcome).explanation(explanation).build();
    }

    /** The configuration of one run, read from the context. */
    private final class Run {
        private final ProcessContext context;
        private final PeopleSoftInterface peopleSoftInterface;
        private final ZoneId zone;

        private Run(final ProcessContext context) {
            this.context = context;
            this.peopleSoftInterface = context.getProperty(PEOPLESOFT_INTERFACE).asAllowableValue(PeopleSoftInterface.class);
            this.zone = ZoneId.of(value(TIME_ZONE));
        }

        private String value(final PropertyDescriptor descriptor) {
            final PropertyValue property = context.getProperty(descriptor);
            return descriptor.isExpressionLanguageSupported() ? property.evaluateAttributeExpressions().getValue() : property.getValue();
        }

        PeopleSoftConnectionService service() {
            return context.getProperty(CONNECTION_SERVICE).asControllerService(PeopleSoftConnectionService.class);
        }

        RecordSetWriterFactory writerFactory() {
            return context.getProperty(RECORD_WRITER).asControllerService(RecordSetWriterFactory.class);
        }

        ZoneId zone() {
            return zone;
        }

        Duration overlap() {
            return Duration.ofMillis(context.getProperty(OVERLAP_WINDOW).evaluateAttributeExpressions().asTimePeriod(TimeUnit.MILLISECONDS));
        }

        Duration lag() {
            return Duration.ofMillis(context.getProperty(WINDOW_LAG).evaluateAttributeExpressions().asTimePeriod(TimeUnit.MILLISECONDS));
        }

        Instant initialStart() {
            return PollWindow.initialStart(value(INITIAL_WINDOW_START), zone);
        }

        String modifiedField() {
            return value(MODIFIED_TIMESTAMP_FIELD);
        }

        List<String> keyFields() {
            return Arrays.stream(value(RECORD_KEY_FIELDS).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        }

        int recordsPerFlowFile() {
            return context.getProperty(RECORDS_PER_FLOWFILE).evaluateAttributeExpressions().asInteger();
        }

        Map<String, String> extras() {
            final Map<String, String> extras = new TreeMap<>();
            context.getProperties().keySet().stream().filter(PropertyDescriptor::isDynamic)
                    .forEach(d -> extras.put(d.getName(), context.getProperty(d).evaluateAttributeExpressions().getValue()));
            return extras;
        }

        String sourceName() {
            return switch (peopleSoftInterface) {
                case QUERY -> value(QUERY_NAME);
                case SERVICE_OPERATION -> value(SERVICE_OPERATION);
                case COMPONENT_INTERFACE -> value(COMPONENT_INTERFACE_NAME);
            };
        }

        /**
         * What identifies the rows read: state of another source is not used. The node's whole address counts, not
         * its name alone: every HCM database defaults to PSFT_HR, so a test system's watermark must not skip rows of production.
         */
        String sourceIdentity() {
            final String owner = peopleSoftInterface == PeopleSoftInterface.QUERY ? value(QUERY_OWNER) + "/" : "";
            final URI node = service().resolve(PeopleSoftRequest.get(List.of(), Map.of()));
            return peopleSoftInterface.getValue() + "|" + node + "|" + owner + sourceName() + "|" + extras();
        }

        Map<String, String> attributes(final PollWindow window) {
            final Map<String, String> attributes = new LinkedHashMap<>();
            attributes.put("peoplesoft.interface", peopleSoftInterface.getValue());
            attributes.put("peoplesoft.source", sourceName());
            attributes.put("peoplesoft.node", service().getNodeName());
            attributes.put("peoplesoft.window.start", window.start().toString());
            attributes.put("peoplesoft.window.end", window.end().toString());
            return attributes;
        }

        /** @param executor runs the Component Interface's G_GET requests */
        RecordSource source(final ExecutorService executor) {
            final SourceSettings settings = new SourceSettings(service(), new DateTimePrompts(value(DATETIME_FORMAT), zone), modifiedField(), OBJECT_MAPPER);
            return switch (peopleSoftInterface) {
                case QUERY -> new QuerySource(settings, value(QUERY_OWNER).toUpperCase(Locale.ROOT), value(QUERY_NAME), value(WINDOW_START_PROMPT),
                        value(WINDOW_END_PROMPT), extras(), context.getProperty(MAX_ROWS).evaluateAttributeExpressions().asInteger());
                case SERVICE_OPERATION -> new ServiceOperationSource(settings, value(SERVICE_OPERATION), value(WINDOW_START_PARAMETER),
                        value(WINDOW_END_PARAMETER), extras(), JsonPointer.compile(value(RECORDS_JSON_POINTER)));
                case COMPONENT_INTERFACE -> new ComponentInterfaceSource(settings, value(COMPONENT_INTERFACE_NAME), extras(), keyFields(),
                        executor, context.getProperty(MAX_CONCURRENT_REQUESTS).asInteger());
            };
        }
    }
}
