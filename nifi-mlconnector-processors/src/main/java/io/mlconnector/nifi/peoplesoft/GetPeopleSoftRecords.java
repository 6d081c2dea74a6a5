package io.mlconnector.nifi.peoplesoft;

import io.mlconnector.nifi.mailchimp.PutMailchimpContact;
import io.mlconnector.nifi.peoplesoft.poll.PassState;
import io.mlconnector.nifi.peoplesoft.poll.PollState;
import io.mlconnector.nifi.peoplesoft.poll.PollWindow;
import io.mlconnector.nifi.peoplesoft.read.RecordSource;
import io.mlconnector.nifi.peoplesoft.write.FlowFileRecordSink;
import io.mlconnector.nifi.peoplesoft.write.PassWriter;
import io.mlconnector.nifi.peoplesoft.write.RowSchemas;
import io.mlconnector.nifi.peoplesoft.write.WindowWriter;
import io.mlconnector.nifi.records.RecordFlowFileWriter;
import org.apache.nifi.annotation.behavior.DynamicProperty;
import org.apache.nifi.annotation.behavior.InputRequirement;
import org.apache.nifi.annotation.behavior.PrimaryNodeOnly;
import org.apache.nifi.annotation.behavior.Stateful;
import org.apache.nifi.annotation.behavior.TriggerSerially;
import org.apache.nifi.annotation.behavior.WritesAttribute;
import org.apache.nifi.annotation.behavior.WritesAttributes;
import org.apache.nifi.annotation.configuration.DefaultSchedule;
import org.apache.nifi.annotation.configuration.DefaultSettings;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.SeeAlso;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.documentation.UseCase;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.ValidationContext;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.components.Validator;
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

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

@PrimaryNodeOnly
@TriggerSerially
@InputRequirement(InputRequirement.Requirement.INPUT_FORBIDDEN)
@DefaultSchedule(strategy = SchedulingStrategy.TIMER_DRIVEN, period = "1 day")
@DefaultSettings(yieldDuration = "1 min")
@Stateful(scopes = Scope.CLUSTER, description = "The source polled, the watermark (moved in the same commit as the FlowFiles), the"
        + " record schema and the rows emitted inside the overlap; in Full Reconciliation Pass mode, the pass in progress and the last"
        + " complete one. Clearing state, or changing the source, starts again from Initial Window Start.")
@Tags({"peoplesoft", "oracle", "erp", "hcm", "employees", "customers", "query", "incremental", "record", "mailchimp"})
@CapabilityDescription("Reads the employees or customers that changed in PeopleSoft since the last run, through a PeopleSoft Query,"
        + " a site's REST service operation or a component interface, and writes them as records. Each run reads the window from the"
        + " stored watermark minus the Overlap Window up to now minus the Window Lag, emits the rows not already emitted, and moves"
        + " the watermark only when the whole window was written. In Full Reconciliation Pass mode, a second instance re-reads the whole"
        + " population on its own schedule and ends each pass with a FlowFile of the keys it held.")
@SeeAlso(PutMailchimpContact.class)
@UseCase(description = "Send new hires, changes and terminations of employees to Mailchimp once a day.",
        keywords = {"peoplesoft", "employees", "hcm", "incremental", "changed since", "mailchimp"},
        configuration = """
                Set PeopleSoft Interface to "PeopleSoft Query", Query Name to the public query that returns changed employees
                (e.g. MC_EMPL_CHANGES, with prompts FROM_DTTM and TO_DTTM and an effective-date window), Record Key Fields to
                "EMPLID" and PeopleSoft Time Zone to the base time zone of the PeopleSoft database.
                Connect success to PutMailchimpContact.
                """)
@UseCase(description = "Read changed customers and their primary contact for one SetID.",
        keywords = {"peoplesoft", "customers", "fscm", "crm", "setid", "component interface"},
        configuration = """
                Set PeopleSoft Interface to "PeopleSoft Query", Query Name to MC_CUST_CHANGES, Record Key Fields to
                "SETID,CUST_ID" and add the dynamic property SETID = SHARE, which becomes a prompt.
                When no query can be created, use "Component Interface" with Component Interface Name CUSTOMER_CI and the
                dynamic property SETID = SHARE as a find key; each run then reads every customer of the SetID.
                """)
@UseCase(description = "Re-read every employee once a week, so that a downstream step can find the contacts PeopleSoft no longer holds.",
        keywords = {"peoplesoft", "reconciliation", "full pass", "orphans", "absence", "weekly"},
        configuration = """
                Add a second GetPeopleSoftRecords with the same connection service, query and Record Key Fields as the incremental one.
                Set Poll Mode to "Full Reconciliation Pass" and leave Initial Window Start empty.
                Schedule it with CRON, e.g. "0 0 1-5 ? * SUN" (every hour from 01:00 to 05:00 on Sundays), and keep Minimum Pass Interval
                at "1 day": the first run makes the pass, the later ones start it again only if it did not complete.
                Connect success where the incremental instance's success goes, and pass complete to the step that decides absence.
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
        @WritesAttribute(attribute = "fragment.count", description = "The number of FlowFiles of the run"),
        @WritesAttribute(attribute = "reconciliation.pass.id", description = "Full Reconciliation Pass: the pass, also its fragment.identifier"),
        @WritesAttribute(attribute = "reconciliation.pass.started", description = "Full Reconciliation Pass: when the pass started (ISO-8601 UTC)"),
        @WritesAttribute(attribute = "reconciliation.pass.whole.population", description = "Full Reconciliation Pass: true when it read from"
                + " the beginning (Initial Window Start empty), so that absence from it means absence from PeopleSoft"),
        @WritesAttribute(attribute = "reconciliation.pass.complete", description = "pass complete only: true"),
        @WritesAttribute(attribute = "reconciliation.pass.record.count", description = "pass complete only: the records the pass sent to success"),
        @WritesAttribute(attribute = "reconciliation.pass.flowfile.count", description = "pass complete only: the FlowFiles the pass sent to success"),
        @WritesAttribute(attribute = "reconciliation.pass.previous.record.count", description = "pass complete only: the records of the"
                + " previous complete pass, when there was one")
})
public class GetPeopleSoftRecords extends AbstractProcessor implements VerifiableProcessor {

    static final PropertyDescriptor CONNECTION_SERVICE = new PropertyDescriptor.Builder()
            .name("PeopleSoft Connection Service")
            .description("The connection to the PeopleSoft Integration Broker REST listener: URL, node and credentials.")
            .identifiesControllerService(PeopleSoftConnectionService.class)
            .required(true)
            .build();

    static final PropertyDescriptor PEOPLESOFT_INTERFACE = new PropertyDescriptor.Builder()
            .name("PeopleSoft Interface")
            .description("How changed rows are read. Changing it starts again from Initial Window Start.")
            .allowableValues(PeopleSoftInterface.class)
            .defaultValue(PeopleSoftInterface.QUERY)
            .required(true)
            .build();

    static final PropertyDescriptor QUERY_NAME = new PropertyDescriptor.Builder()
            .name("Query Name")
            .description("The PS Query returning changed rows, e.g. MC_EMPL_CHANGES, with the window prompts and ordered by the Modified"
                    + " Timestamp Field. Changing it starts again from Initial Window Start.")
            .required(true)
            .addValidator(PropertyValidators.pathSegments(false))
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .dependsOn(PEOPLESOFT_INTERFACE, PeopleSoftInterface.QUERY)
            .build();

    static final PropertyDescriptor QUERY_OWNER = new PropertyDescriptor.Builder()
            .name("Query Owner")
            .description("Whether the query is public or private to the connection's user.")
            .allowableValues("Public", "Private")
            .defaultValue("Public")
            .required(true)
            .dependsOn(PEOPLESOFT_INTERFACE, PeopleSoftInterface.QUERY)
            .build();

    static final PropertyDescriptor WINDOW_START_PROMPT = new PropertyDescriptor.Builder()
            .name("Window Start Prompt")
            .description("The unique prompt name receiving the window start (inclusive).")
            .defaultValue("FROM_DTTM")
            .required(true)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .dependsOn(PEOPLESOFT_INTERFACE, PeopleSoftInterface.QUERY)
            .build();

    static final PropertyDescriptor WINDOW_END_PROMPT = new PropertyDescriptor.Builder()
            .name("Window End Prompt")
            .description("The unique prompt name receiving the window end (exclusive).")
            .defaultValue("TO_DTTM")
            .required(true)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .dependsOn(PEOPLESOFT_INTERFACE, PeopleSoftInterface.QUERY)
            .build();

    static final PropertyDescriptor MAX_ROWS = new PropertyDescriptor.Builder()
            .name("Max Rows")
            .description("The most rows one request returns (maxrows); an answer cut off there is read on from its last timestamp."
                    + " Must exceed the number of rows sharing one modified timestamp, and the number of rows taking effect on one day.")
            .defaultValue("10000")
            .required(true)
            .addValidator(StandardValidators.createLongValidator(1, 1_000_000, true))
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .dependsOn(PEOPLESOFT_INTERFACE, PeopleSoftInterface.QUERY)
            .build();

    static final PropertyDescriptor SERVICE_OPERATION = new PropertyDescriptor.Builder()
            .name("Service Operation")
            .description("The path after the node: the operation alias with its version and any fixed segments, e.g."
                    + " MC_EMPLOYEE_DIRECTORY.v1/changes. Changing it starts again from Initial Window Start.")
            .required(true)
            .addValidator(PropertyValidators.pathSegments(true))
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .dependsOn(PEOPLESOFT_INTERFACE, PeopleSoftInterface.SERVICE_OPERATION)
            .build();

    static final PropertyDescriptor WINDOW_START_PARAMETER = new PropertyDescriptor.Builder()
            .name("Window Start Parameter")
            .description("The query parameter receiving the window start (inclusive).")
            .defaultValue("start")
            .required(true)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .dependsOn(PEOPLESOFT_INTERFACE, PeopleSoftInterface.SERVICE_OPERATION)
            .build();

    static final PropertyDescriptor WINDOW_END_PARAMETER = new PropertyDescriptor.Builder()
            .name("Window End Parameter")
            .description("The query parameter receiving the window end (exclusive).")
            .defaultValue("end")
            .required(true)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .dependsOn(PEOPLESOFT_INTERFACE, PeopleSoftInterface.SERVICE_OPERATION)
            .build();

    static final PropertyDescriptor RECORDS_JSON_POINTER = new PropertyDescriptor.Builder()
            .name("Records JSON Pointer")
            .description("The JSON Pointer (RFC 6901) of the array of rows in the answer, e.g. /data/employees.")
            .required(true)
            .addValidator(PropertyValidators.jsonPointer())
            .dependsOn(PEOPLESOFT_INTERFACE, PeopleSoftInterface.SERVICE_OPERATION)
            .build();

    static final PropertyDescriptor COMPONENT_INTERFACE_NAME = new PropertyDescriptor.Builder()
            .name("Component Interface Name")
            .description("The component interface whose CIRT_<name>_F_GET (find keys: the dynamic properties) and CIRT_<name>_G_GET"
                    + " (keys: the Record Key Fields) services are called. Changing it starts again from Initial Window Start.")
            .defaultValue("CUSTOMER_CI")
            .required(true)
            .addValidator(PropertyValidators.pathSegments(false))
            .dependsOn(PEOPLESOFT_INTERFACE, PeopleSoftInterface.COMPONENT_INTERFACE)
            .build();

    static final PropertyDescriptor MAX_CONCURRENT_REQUESTS = new PropertyDescriptor.Builder()
            .name("Maximum Concurrent Requests")
            .description("The most G_GET requests in flight at once. Each run makes 1 + N requests for N instances.")
            .defaultValue("4")
            .required(true)
            .addValidator(StandardValidators.createLongValidator(1, 32, true))
            .dependsOn(PEOPLESOFT_INTERFACE, PeopleSoftInterface.COMPONENT_INTERFACE)
            .build();

    static final PropertyDescriptor MODIFIED_TIMESTAMP_FIELD = new PropertyDescriptor.Builder()
            .name("Modified Timestamp Field")
            .description("The column (normalised, without the record alias) holding the time a row last changed.")
            .defaultValue("LASTUPDDTTM")
            .required(true)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    static final PropertyDescriptor RECORD_KEY_FIELDS = new PropertyDescriptor.Builder()
            .name("Record Key Fields")
            .description("Comma-separated columns identifying a row, e.g. EMPLID or SETID,CUST_ID; for a Component Interface, the G_GET"
                    + " keys in order. Verification checks they are returned.")
            .defaultValue("EMPLID")
            .required(true)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    static final PropertyDescriptor TIME_ZONE = new PropertyDescriptor.Builder()
            .name("PeopleSoft Time Zone")
            .description("The base time zone of the PeopleSoft database (PeopleTools Options), e.g. America/Los_Angeles. Window prompts"
                    + " are sent in it, and datetimes without an offset are read in it.")
            .required(true)
            .addValidator(PropertyValidators.zone())
            .build();

    static final PropertyDescriptor DATETIME_FORMAT = new PropertyDescriptor.Builder()
            .name("Datetime Prompt Format")
            .description("The pattern (java.time DateTimeFormatter) of window values sent to PeopleSoft, in the PeopleSoft Time Zone.")
            .defaultValue("yyyy-MM-dd-HH.mm.ss")
            .required(true)
            .addValidator(PropertyValidators.localDateTimePattern())
            .build();

    static final PropertyDescriptor POLL_MODE = new PropertyDescriptor.Builder()
            .name("Poll Mode")
            .description("Incremental reads what changed since the last run. Full Reconciliation Pass re-reads the whole population on a"
                    + " second instance with its own schedule and state, leaving the incremental watermark alone.")
            .allowableValues(PollMode.class)
            .defaultValue(PollMode.INCREMENTAL)
            .required(true)
            .build();

    static final PropertyDescriptor MINIMUM_PASS_INTERVAL = new PropertyDescriptor.Builder()
            .name("Minimum Pass Interval")
            .description("A run starts a pass only when the last complete pass started at least this long ago; other runs do nothing,"
                    + " so a schedule running several times in the pass's night retries a pass that failed or was interrupted.")
            .defaultValue("1 day")
            .required(true)
            .addValidator(StandardValidators.TIME_PERIOD_VALIDATOR)
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .dependsOn(POLL_MODE, PollMode.FULL_RECONCILIATION_PASS)
            .build();

    static final PropertyDescriptor INITIAL_WINDOW_START = new PropertyDescriptor.Builder()
            .name("Initial Window Start")
            .description("Where the first run (and the first after Clear State or a change of source) starts: an ISO-8601 instant such"
                    + " as 2024-01-01T00:00:00Z, or a date or local date-time in the PeopleSoft Time Zone. Empty reads everything.")
            .required(false)
            .addValidator(Validator.VALID)
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .build();

    static final PropertyDescriptor OVERLAP_WINDOW = new PropertyDescriptor.Builder()
            .name("Overlap Window")
            .description("How far before the watermark each run starts reading again, to catch rows committed late with an older"
                    + " timestamp. Rows already emitted are not emitted again.")
            .defaultValue("5 min")
            .required(true)
            .addValidator(StandardValidators.TIME_PERIOD_VALIDATOR)
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .dependsOn(POLL_MODE, PollMode.INCREMENTAL)
            .build();

    static final PropertyDescriptor WINDOW_LAG = new PropertyDescriptor.Builder()
            .name("Window Lag")
            .description("How far behind now each window ends, for transactions still being committed and clock differences.")
            .defaultValue("30 sec")
            .required(true)
            .addValidator(StandardValidators.TIME_PERIOD_VALIDATOR)
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .build();

    static final PropertyDescriptor RECORD_WRITER = new PropertyDescriptor.Builder()
            .name("Record Writer")
            .description("Writes the records.")
            .identifiesControllerService(RecordSetWriterFactory.class)
            .required(true)
            .build();

    static final PropertyDescriptor RECORDS_PER_FLOWFILE = new PropertyDescriptor.Builder()
            .name("Records Per FlowFile")
            .description("The most records in one FlowFile; a run emits as many FlowFiles as needed.")
            .defaultValue("10000")
            .required(true)
            .addValidator(StandardValidators.POSITIVE_INTEGER_VALIDATOR)
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .build();

    static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS = List.of(
            CONNECTION_SERVICE, PEOPLESOFT_INTERFACE,
            QUERY_NAME, QUERY_OWNER, WINDOW_START_PROMPT, WINDOW_END_PROMPT, MAX_ROWS,
            SERVICE_OPERATION, WINDOW_START_PARAMETER, WINDOW_END_PARAMETER, RECORDS_JSON_POINTER,
            COMPONENT_INTERFACE_NAME, MAX_CONCURRENT_REQUESTS,
            MODIFIED_TIMESTAMP_FIELD, RECORD_KEY_FIELDS, TIME_ZONE, DATETIME_FORMAT,
            POLL_MODE, MINIMUM_PASS_INTERVAL, INITIAL_WINDOW_START, OVERLAP_WINDOW, WINDOW_LAG,
            RECORD_WRITER, RECORDS_PER_FLOWFILE);

    static final Relationship REL_SUCCESS = new Relationship.Builder()
            .name("success")
            .description("FlowFiles of records read from PeopleSoft")
            .build();

    static final Relationship REL_PASS_COMPLETE = new Relationship.Builder()
            .name("pass complete")
            .description("Full Reconciliation Pass only: one FlowFile per complete pass, holding the Record Key Fields of every record the pass"
                    + " sent to success.")
            .build();

    /** Counters: every row PeopleSoft returned, and those not emitted because an earlier run emitted them (re-read in the overlap). */
    static final String ROWS_READ = "Rows Read";
    static final String ROWS_SKIPPED = "Rows Re-read in the Overlap, Not Emitted";

    static final String PASSES_COMPLETED = "Reconciliation Passes Completed";
    static final String PREVIOUS_RECORD_COUNT = "reconciliation.pass.previous.record.count";

    private final Clock clock;
    /** The pass complete relationship exists in Full Reconciliation Pass mode only, so incremental instances need not route it. */
    private volatile Set<Relationship> relationships = Set.of(REL_SUCCESS);

    public GetPeopleSoftRecords() {
        this(Clock.systemUTC());
    }

    /** For tests, which run the processor on the simulator's clock. */
    GetPeopleSoftRecords(final Clock clock) {
        this.clock = clock;
    }

    @Override
    public Set<Relationship> getRelationships() {
        return relationships;
    }

    @Override
    public void onPropertyModified(final PropertyDescriptor descriptor, final String oldValue, final String newValue) {
        if (descriptor.equals(POLL_MODE)) {
            relationships = PollMode.FULL_RECONCILIATION_PASS.getValue().equals(newValue) ? Set.of(REL_SUCCESS, REL_PASS_COMPLETE) : Set.of(REL_SUCCESS);
        }
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

    /** Checks that need several properties: the initial start is read in the time zone; QAS prompt values hold no comma. */
    @Override
    protected Collection<ValidationResult> customValidate(final ValidationContext context) {
        final List<ValidationResult> results = new ArrayList<>();
        final String zone = context.getProperty(TIME_ZONE).getValue();
        final String initial = context.getProperty(INITIAL_WINDOW_START).evaluateAttributeExpressions().getValue();
        if (zone != null && initial != null && PropertyValidators.zone().validate(TIME_ZONE.getName(), zone, context).isValid()) {
            try {
                PollWindow.initialStart(initial, ZoneId.of(zone));
            } catch (final RuntimeException e) {
                results.add(PropertyValidators.invalid(INITIAL_WINDOW_START.getName(), initial, "not an ISO-8601 instant, date or local date-time"));
            }
        }
        final boolean query = PeopleSoftInterface.QUERY.getValue().equals(context.getProperty(PEOPLESOFT_INTERFACE).getValue());
        context.getProperties().keySet().stream()
                .filter(d -> d.isDynamic() && query)
                .filter(d -> String.valueOf(context.getProperty(d).evaluateAttributeExpressions().getValue()).contains(","))
                .forEach(d -> results.add(PropertyValidators.invalid(d.getName(), context.getProperty(d).getValue(), "QAS prompt values cannot contain a comma")));
        return results;
    }

    @Override
    public void onTrigger(final ProcessContext context, final ProcessSession session) {
        final PollSettings settings = PollSettings.of(context);
        final Map<String, String> state;
        try {
            state = session.getState(Scope.CLUSTER).toMap();
        } catch (final IOException e) {
            getLogger().error("Reading the processor's state failed; nothing was read", e);
            context.yield();
            return;
        }
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            final RecordSource source = settings.sources().open(executor);
            if (settings.pollMode() == PollMode.INCREMENTAL) {
                poll(context, session, settings, source, PollState.read(state, settings.sourceIdentity()));
            } else {
                reconcile(context, session, settings, source, PassState.read(state, settings.sourceIdentity()));
            }
        }
    }

    /** Incremental: the window since the watermark, its new rows, the watermark moved in the same commit. */
    private void poll(final ProcessContext context, final ProcessSession session, final PollSettings settings, final RecordSource source,
                      final PollState state) {
        final PollWindow window = PollWindow.next(state.watermark(), settings.initialStart(), settings.overlap(), settings.lag(), clock.instant()).orElse(null);
        if (window == null) {
            context.yield();
            return;
        }
        final long started = System.nanoTime();
        final WindowWriter writer = new WindowWriter(state, window, settings.overlap(), settings.zone(), sink(session, settings, state.schema()));
        final WindowWriter.Written written;
        try {
            source.read(window, false, writer);
            written = writer.finish(UUID.randomUUID().toString(), settings.windowAttributes(window));
            session.setState(written.state().toMap(), Scope.CLUSTER);
        } catch (final IOException e) {
            writer.abandon();
            session.rollback();
            reportFailure(settings, source, window, "Nothing was emitted and " + (state.watermark() == null ? "no watermark yet"
                    : "the watermark stays at " + state.watermark()) + "; the next run reads the same window again", e);
            context.yield();
            return;
        }
        received(session, written.flowFiles(), source.transitUri(window).toString(), "Window " + window + " of " + source.describe(), started);
        session.transfer(written.flowFiles(), REL_SUCCESS);
        session.adjustCounter(ROWS_READ, written.rowsRead(), false);
        session.adjustCounter(ROWS_SKIPPED, written.rowsSkipped(), false);
        if (written.forgotRows()) {
            getLogger().warn("More than {} rows were modified inside the Overlap Window of {}; the oldest are forgotten and may be emitted again",
                    WindowWriter.MAX_REMEMBERED_ROWS, window);
        }
        getLogger().info("Read window {} of {}: {} rows emitted in {} FlowFiles, {} already emitted rows skipped",
                window, source.describe(), written.rowsEmitted(), written.flowFiles().size(), written.rowsSkipped());
    }

    /**
     * Full Reconciliation Pass, when one is due: recorded in state as in progress, then every row from Initial
     * Window Start and those changed while they were read, the keys into the end FlowFile, all committed together with the
     * pass marked complete. A pass that never gets there leaves nothing behind but its "in progress" mark.
     */
    private void reconcile(final ProcessContext context, final ProcessSession session, final PollSettings settings, final RecordSource source,
                           final PassState state) {
        final Instant now = clock.instant();
        final PollWindow window = PollWindow.next(null, settings.initialStart(), Duration.ZERO, settings.lag(), now).orElse(null);
        if (window == null || !state.due(now, settings.minimumPassInterval())) {
            context.yield();
            return;
        }
        if (state.inProgress() != null) {
            getLogger().warn("Reconciliation pass {} started at {} never completed (it failed, or NiFi stopped, crashed or changed Primary Node):"
                    + " none of it was emitted."
                    + " Starting a new pass.", state.inProgress().id(), state.inProgress().started());
        }
        final long started = System.nanoTime();
        final PassState inProgress = state.starting(UUID.randomUUID().toString(), now);
        final String passId = inProgress.inProgress().id();
        final PassWriter writer = new PassWriter(sink(session, settings, state.schema()), new RecordFlowFileWriter(session, null, settings.writerFactory(),
                getLogger(), settings.sourceAttributes(), PassWriter.keySchema(settings.keyFields())));
        final PassWriter.Written written;
        try {
            // Written at once, not with the session: the mark must outlive a session that never commits.
            context.getStateManager().setState(inProgress.toMap(), Scope.CLUSTER);
            if (source.readsEveryInstance()) {
                source.read(window.withoutEnd(), false, writer);
            } else {
                source.read(window, false, writer);
                source.read(window.after(clock.instant()), false, writer);
            }
            written = writer.finish(passId, settings.passAttributes(window, now));
            session.setState(inProgress.completed(written.schema(), written.records()).toMap(), Scope.CLUSTER);
        } catch (final IOException e) {
            writer.abandon();
            session.rollback();
            reportFailure(settings, source, window, "Nothing of reconciliation pass " + passId + " was emitted; the next run starts it again", e);
            context.yield();
            return;
        }
        final FlowFile end = state.lastComplete() == null ? written.end()
                : session.putAttribute(written.end(), PREVIOUS_RECORD_COUNT, String.valueOf(state.lastComplete().records()));
        final String transitUri = source.transitUri(window).toString();
        received(session, written.flowFiles(), transitUri, "Reconciliation pass " + passId + " of " + source.describe(), started);
        received(session, List.of(end), transitUri, "Keys of reconciliation pass " + passId + ": " + written.records() + " records", started);
        session.transfer(written.flowFiles(), REL_SUCCESS);
        session.transfer(end, REL_PASS_COMPLETE);
        session.adjustCounter(ROWS_READ, written.records(), false);
        session.adjustCounter(PASSES_COMPLETED, 1, false);
        getLogger().info("Reconciliation pass {} of {} from {}: {} records in {} FlowFiles", passId, source.describe(), window.start(),
                written.records(), written.flowFiles().size());
    }

    private FlowFileRecordSink sink(final ProcessSession session, final PollSettings settings, final String storedSchema) {
        return new FlowFileRecordSink(session, settings.writerFactory(), getLogger(), settings.recordsPerFlowFile(), settings.sourceAttributes(),
                new RowSchemas(settings.modifiedField(), settings.zone()), storedSchema);
    }

    private static void received(final ProcessSession session, final List<FlowFile> flowFiles, final String transitUri, final String details,
                                 final long startedNanos) {
        final long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
        for (final FlowFile flowFile : flowFiles) {
            session.getProvenanceReporter().receive(flowFile, transitUri, details, millis);
        }
    }

    private void reportFailure(final PollSettings settings, final RecordSource source, final PollWindow window, final String consequence, final IOException e) {
        final String where = source.describe() + " on node " + settings.service().getNodeName() + " for window " + window;
        if (e instanceof PeopleSoftException failure && failure.getKind() == PeopleSoftException.Kind.AUTHENTICATION) {
            getLogger().error("PeopleSoft refused the credentials of the PeopleSoft Connection Service reading {}: check the user name and"
                    + " password (or token) and that the user's permission lists grant the service operation and, for a query, access"
                    + " to its records. {}. {}", where, consequence, e.getMessage());
        } else {
            getLogger().error("Reading {} failed: {}. {}.", where, e.getMessage(), consequence, e);
        }
    }

    @Override
    public List<ConfigVerificationResult> verify(final ProcessContext context, final ComponentLog verificationLogger,
                                                 final Map<String, String> attributes) {
        return SourceVerification.verify(PollSettings.of(context), clock.instant());
    }
}
