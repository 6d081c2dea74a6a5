package io.mlconnector.nifi.peoplesoft;

import com.fasterxml.jackson.core.JsonPointer;
import io.mlconnector.nifi.http.SafeUris;
import io.mlconnector.nifi.peoplesoft.poll.PollWindow;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.ValidationContext;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.components.Validator;
import org.apache.nifi.expression.ExpressionLanguageScope;
import org.apache.nifi.processor.util.StandardValidators;
import org.apache.nifi.serialization.RecordSetWriterFactory;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The property descriptors of {@link GetPeopleSoftRecords} and the checks that span several of them. */
final class GetPeopleSoftRecordsProperties {

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
            .description("The PS Query returning changed rows, e.g. MC_EMPL_CHANGES. It must have the window prompts and be ordered by"
                    + " the Modified Timestamp Field (see the additional details). Changing it starts again from Initial Window Start.")
            .required(true)
            .addValidator(pathValidator(false))
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
            .description("The most rows one request returns (maxrows). When a request returns this many, the rest of the window is read"
                    + " by further requests starting at the last timestamp returned; C changed rows take about C / Max Rows + 1 requests."
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
            .addValidator(pathValidator(true))
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
            .addValidator(jsonPointerValidator())
            .dependsOn(PEOPLESOFT_INTERFACE, PeopleSoftInterface.SERVICE_OPERATION)
            .build();

    static final PropertyDescriptor COMPONENT_INTERFACE_NAME = new PropertyDescriptor.Builder()
            .name("Component Interface Name")
            .description("The component interface whose CIRT_<name>_F_GET and CIRT_<name>_G_GET services are called. The find keys"
                    + " are dynamic properties; the G_GET keys are the Record Key Fields. Changing it starts again from Initial Window Start.")
            .defaultValue("CUSTOMER_CI")
            .required(true)
            .addValidator(pathValidator(false))
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
            .description("Comma-separated columns identifying a row, e.g. EMPLID or SETID,CUST_ID. For a Component Interface they are"
                    + " the G_GET keys, in order. Verification checks they are returned.")
            .defaultValue("EMPLID")
            .required(true)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    static final PropertyDescriptor TIME_ZONE = new PropertyDescriptor.Builder()
            .name("PeopleSoft Time Zone")
            .description("The base time zone of the PeopleSoft database (PeopleTools Options), e.g. America/Los_Angeles. Window prompts"
                    + " are sent in it, and datetimes without an offset are read in it.")
            .required(true)
            .addValidator(zoneValidator())
            .build();

    static final PropertyDescriptor DATETIME_FORMAT = new PropertyDescriptor.Builder()
            .name("Datetime Prompt Format")
            .description("The pattern (java.time DateTimeFormatter) of window values sent to PeopleSoft, in the PeopleSoft Time Zone.")
            .defaultValue("yyyy-MM-dd-HH.mm.ss")
            .required(true)
            .addValidator(patternValidator())
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
            MODIFIED_TIMESTAMP_FIELD, RECORD_KEY_FIELDS, TIME_ZONE, DATETIME_FORMAT, INITIAL_WINDOW_START,
            OVERLAP_WINDOW, WINDOW_LAG, RECORD_WRITER, RECORDS_PER_FLOWFILE);

    private GetPeopleSoftRecordsProperties() {
    }

    /** Checks that need several properties: the initial start is read in the time zone; QAS prompt values hold no comma. */
    static List<ValidationResult> validate(final ValidationContext context) {
        final List<ValidationResult> results = new ArrayList<>();
        final String zone = context.getProperty(TIME_ZONE).getValue();
        final String initial = context.getProperty(INITIAL_WINDOW_START).evaluateAttributeExpressions().getValue();
        if (zone != null && initial != null && zoneValidator().validate(TIME_ZONE.getName(), zone, context).isValid()) {
            try {
                PollWindow.initialStart(initial, ZoneId.of(zone));
            } catch (final RuntimeException e) {
                results.add(invalid(INITIAL_WINDOW_START.getName(), initial, "not an ISO-8601 instant, date or local date-time"));
            }
        }
        final boolean query = PeopleSoftInterface.QUERY.getValue().equals(context.getProperty(PEOPLESOFT_INTERFACE).getValue());
        context.getProperties().keySet().stream()
                .filter(d -> d.isDynamic() && query)
                .filter(d -> String.valueOf(context.getProperty(d).evaluateAttributeExpressions().getValue()).contains(","))
                .forEach(d -> results.add(invalid(d.getName(), context.getProperty(d).getValue(), "QAS prompt values cannot contain a comma")));
        return results;
    }

    private static ValidationResult invalid(final String subject, final String input, final String explanation) {
        return new ValidationResult.Builder().subject(subject).input(input).valid(false).explanation(explanation).build();
    }

    private static Validator zoneValidator() {
        return (subject, input, context) -> checked(subject, input, () -> ZoneId.of(input), "not a time zone ID such as America/Los_Angeles");
    }

    /** The pattern must format a local date-time: window values carry no zone or offset. */
    private static Validator patternValidator() {
        return (subject, input, context) -> checked(subject, input, () -> DateTimeFormatter.ofPattern(input).format(LocalDateTime.of(2024, 5, 1, 9, 30)),
                "not a DateTimeFormatter pattern of a local date-time (no zone or offset letters), such as yyyy-MM-dd-HH.mm.ss");
    }

    /** Names that go into the request path, checked as the connection service will check them, so a bad one fails here, not every run. */
    private static Validator pathValidator(final boolean severalSegments) {
        return (subject, input, context) -> {
            if (context.isExpressionLanguageSupported(subject) && context.isExpressionLanguagePresent(input)) {
                return new ValidationResult.Builder().subject(subject).input(input).valid(true).explanation("Expression Language").build();
            }
            final List<String> segments = severalSegments
                    ? Arrays.stream(input.split("/")).filter(segment -> !segment.isEmpty()).toList() : List.of(input);
            try {
                segments.forEach(SafeUris::checkSegment);
            } catch (final IllegalArgumentException e) {
                return invalid(subject, input, e.getMessage());
            }
            return new ValidationResult.Builder().subject(subject).input(input).valid(!segments.isEmpty()).explanation(subject + " is empty").build();
        };
    }

    private static Validator jsonPointerValidator() {
        return (subject, input, context) -> checked(subject, input, () -> JsonPointer.compile(input), "not a JSON Pointer such as /data/employees");
    }

    private static ValidationResult checked(final String subject, final String input, final Runnable check, final String explanation) {
        try {
            check.run();
            return new ValidationResult.Builder().subject(subject).input(input).valid(true).build();
        } catch (final RuntimeException e) {
            return invalid(subject, input, explanation);
        }
    }
}
