package io.mlconnector.nifi.mailchimp;

import io.mlconnector.nifi.mailchimp.audience.AudienceCatalog;
import io.mlconnector.nifi.mailchimp.audience.AudienceClient;
import io.mlconnector.nifi.mailchimp.audience.AudienceException;
import io.mlconnector.nifi.mailchimp.audience.MemberIndex;
import io.mlconnector.nifi.mailchimp.audience.MergeFieldCheck;
import io.mlconnector.nifi.mailchimp.contact.ContactMapper;
import io.mlconnector.nifi.mailchimp.contact.DuplicateFilter;
import io.mlconnector.nifi.mailchimp.contact.NewContactStatus;
import io.mlconnector.nifi.mailchimp.contact.SyncPlanner;
import io.mlconnector.nifi.mailchimp.contact.TerminationAction;
import io.mlconnector.nifi.mailchimp.segment.AudienceSegments;
import io.mlconnector.nifi.mailchimp.segment.SegmentClient;
import io.mlconnector.nifi.mailchimp.segment.SegmentFields;
import io.mlconnector.nifi.mailchimp.sync.DryRun;
import io.mlconnector.nifi.mailchimp.sync.FlowFileSync;
import io.mlconnector.nifi.mailchimp.sync.Outcome;
import io.mlconnector.nifi.mailchimp.sync.PendingOutcomes;
import io.mlconnector.nifi.mailchimp.sync.PlanExecutor;
import io.mlconnector.nifi.mailchimp.sync.RecordOutputs;
import io.mlconnector.nifi.mailchimp.sync.RecordProvenance;
import io.mlconnector.nifi.mailchimp.sync.SegmentSync;
import io.mlconnector.nifi.mailchimp.sync.SyncExecutor;
import org.apache.nifi.annotation.behavior.DynamicProperty;
import org.apache.nifi.annotation.behavior.InputRequirement;
import org.apache.nifi.annotation.behavior.SupportsBatching;
import org.apache.nifi.annotation.behavior.WritesAttribute;
import org.apache.nifi.annotation.behavior.WritesAttributes;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.documentation.UseCase;
import org.apache.nifi.annotation.lifecycle.OnScheduled;
import org.apache.nifi.annotation.lifecycle.OnStopped;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.ValidationContext;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.expression.ExpressionLanguageScope;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.processor.AbstractProcessor;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.processor.VerifiableProcessor;
import org.apache.nifi.processor.util.StandardValidators;
import org.apache.nifi.record.path.RecordPath;
import org.apache.nifi.record.path.validation.RecordPathValidator;
import org.apache.nifi.schema.access.SchemaNotFoundException;
import org.apache.nifi.serialization.MalformedRecordException;
import org.apache.nifi.serialization.RecordReaderFactory;
import org.apache.nifi.serialization.RecordSetWriterFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

@Tags({"mailchimp", "contacts", "audience", "upsert", "record", "peoplesoft", "consent"})
@CapabilityDescription("Upserts the records of a FlowFile as contacts of a Mailchimp audience with batch subscribe calls, "
        + "in parallel up to the connection service's limit, without ever changing an existing contact's consent status "
        + "except by the termination policy. Contacts are found by a source-ID merge field first, then by email address; "
        + "an email change moves the contact. Every record leaves as an audit record (the input plus mailchimp_action, "
        + "mailchimp_status, mailchimp_reason, mailchimp_synced_at, mailchimp_audience_id, mailchimp_source_id) on "
        + "success, failure or retry, and as a provenance event of its own naming its source ID (a SEND to the member "
        + "when Mailchimp was written, a REMOTE_INVOCATION otherwise), so a provenance search on Details finds "
        + "every attempt made for one person.")
@InputRequirement(InputRequirement.Requirement.INPUT_REQUIRED)
@SupportsBatching
@DynamicProperty(name = "A Mailchimp merge tag, e.g. FNAME", value = "A RecordPath, e.g. /FIRST_NAME",
        expressionLanguageScope = ExpressionLanguageScope.NONE,
        description = "Sends the value the RecordPath selects as the merge field with this tag (up to 10 characters: "
                + "A-Z, 0-9, _). Missing fields are created as text fields when Create Missing Merge Fields is true.")
@WritesAttributes({
        @WritesAttribute(attribute = "record.count", description = "The number of audit records in the FlowFile."),
        @WritesAttribute(attribute = "mime.type", description = "The MIME type of the Record Writer."),
        @WritesAttribute(attribute = "filename", description = "mailchimp-audit-<audience>-<uuid>: unique, so file sinks keep every attempt."),
        @WritesAttribute(attribute = "mailchimp.audience.id", description = "The audience the records were synced to."),
        @WritesAttribute(attribute = "mailchimp.created.count", description = "Records whose contact was created."),
        @WritesAttribute(attribute = "mailchimp.updated.count", description = "Records whose contact was updated (or restored, or moved to a new address)."),
        @WritesAttribute(attribute = "mailchimp.unchanged.count", description = "Records whose contact already held their values, settled without a request."),
        @WritesAttribute(attribute = "mailchimp.unsubscribed.count", description = "Records whose contact was unsubscribed by the termination policy."),
        @WritesAttribute(attribute = "mailchimp.archived.count", description = "Records whose contact was archived by the termination policy."),
        @WritesAttribute(attribute = "mailchimp.skipped.count", description = "Records left unchanged for consent, policy, duplication or an older source version, with the reason."),
        @WritesAttribute(attribute = "mailchimp.failed.count", description = "Records that failed (failure) or still fail transiently (retry)."),
        @WritesAttribute(attribute = "mailchimp.would_create.count", description = "Dry Run: records whose contact would be created."),
        @WritesAttribute(attribute = "mailchimp.would_update.count", description = "Dry Run: records whose contact would be updated (or restored, or moved)."),
        @WritesAttribute(attribute = "mailchimp.would_unsubscribe.count", description = "Dry Run: records whose contact would be unsubscribed."),
        @WritesAttribute(attribute = "mailchimp.would_archive.count", description = "Dry Run: records whose contact would be archived."),
        @WritesAttribute(attribute = "mailchimp.dry_run.creates", description = "Dry Run: the merge fields, tags and interest "
                + "groups the real run would create, e.g. \"merge field SYNCTAGS; tag Dept: Sales\" (empty when none)."),
        @WritesAttribute(attribute = "mailchimp.throttled.count", description = "Throttled answers (429, or 403 with an empty body) the"
                + " connection service got since the previous FlowFile of any processor using it; also in the SEND event's details."),
        @WritesAttribute(attribute = "mailchimp.retries.count", description = "Requests the connection service sent again (throttled,"
                + " 5xx, reset, timed out) since the previous FlowFile of any processor using it; also in the SEND event's details."),
        @WritesAttribute(attribute = "mailchimp.error", description = "Why a FlowFile whose records could not be read went to failure whole.")
})
@UseCase(description = "Keep a Mailchimp audience in sync with PeopleSoft employees, unsubscribing people who leave.",
        keywords = {"peoplesoft", "employees", "mailchimp", "sync", "terminated"},
        configuration = """
                Set "Mailchimp Connection Service" to a StandardMailchimpConnectionService with the API key.
                Set "Audience ID" to the audience's id (Audience > Settings > Audience name and defaults).
                Set "Record Reader" to a JsonTreeReader and "Record Writer" to a JsonRecordSetWriter.
                Keep "Email Field" = /EMAIL_ADDR, "Source ID Field" = /EMPLID, "Source ID Merge Field" = EMPLID.
                Add dynamic properties FNAME = /FIRST_NAME and LNAME = /LAST_NAME (and e.g. DEPT = /DESCR).
                Keep "Termination Field" = /HR_STATUS, "Termination Values" = I; choose "Termination Action".
                Route "retry" through a RetryFlowFile back to this processor (a bounded loop that keeps each attempt's
                audit); send "failure" and RetryFlowFile's "retries_exceeded" to a queue people review.
                """)
@UseCase(description = "Preview what a sync would change in a live audience before the first real run (dry run).",
        keywords = {"dry run", "preview", "what if", "mailchimp", "audit"},
        configuration = """
                Configure the processor as for the real run, and set "Dry Run" = true.
                Run the flow once: the processor reads the audience and plans every record but changes nothing in Mailchimp.
                Read the outgoing FlowFiles' attributes mailchimp.would_create.count, mailchimp.would_update.count,
                mailchimp.would_unsubscribe.count, mailchimp.would_archive.count, mailchimp.skipped.count and
                mailchimp.dry_run.creates, and the audit records' mailchimp_action and mailchimp_reason.
                Then set "Dry Run" = false and run the same records again.
                """)
@UseCase(description = "Keep tags and an interest group in step with fields of the source (department, location, business unit).",
        keywords = {"tags", "segments", "groups", "interests", "department"},
        configuration = """
                Set "Tag Fields" to one prefix=RecordPath per line, e.g. "Dept: =/DESCR".
                To set an interest group, set "Interest Field" (e.g. /BUSINESS_UNIT) and "Interest Category" (its title).
                Tags the processor set before are removed when the value changes; other tags are never touched.
                """)
public class PutMailchimpContact extends AbstractProcessor implements VerifiableProcessor {

    private static final Pattern MERGE_TAG = Pattern.compile("[A-Z0-9_]{1,10}");
    static final String DRY_RUN_CREATES_ATTRIBUTE = "mailchimp.dry_run.creates";

    static final PropertyDescriptor MAILCHIMP_CONNECTION_SERVICE = new PropertyDescriptor.Builder()
            .name("Mailchimp Connection Service")
            .description("The connection (API key, concurrency limit and retry policy) to use.")
            .identifiesControllerService(MailchimpConnectionService.class)
            .required(true)
            .build();
    static final PropertyDescriptor AUDIENCE_ID = new PropertyDescriptor.Builder()
            .name("Audience ID")
            .description("The id of the audience (list) to write contacts to.")
            .required(true)
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();
    static final PropertyDescriptor RECORD_READER = new PropertyDescriptor.Builder()
            .name("Record Reader")
            .description("Reads the incoming records.")
            .identifiesControllerService(RecordReaderFactory.class)
            .required(true)
            .build();
    static final PropertyDescriptor RECORD_WRITER = new PropertyDescriptor.Builder()
            .name("Record Writer")
            .description("Writes the audit records: each input record plus the mailchimp_* fields.")
            .identifiesControllerService(RecordSetWriterFactory.class)
            .required(true)
            .build();
    static final PropertyDescriptor EMAIL_FIELD = recordPath("Email Field", "/EMAIL_ADDR",
            "The RecordPath of the email address. A record without a well-formed address goes to failure without a call.");
    static final PropertyDescriptor SOURCE_ID_FIELD = recordPath("Source ID Field", "/EMPLID",
            "The RecordPath of the person's id in the source system; it is stored in the Source ID Merge Field and is how "
                    + "contacts are found first, so an email change moves the contact instead of adding another.");
    static final PropertyDescriptor SOURCE_ID_MERGE_FIELD = new PropertyDescriptor.Builder()
            .name("Source ID Merge Field")
            .description("The merge tag (up to 10 characters: A-Z, 0-9, _) that holds the source ID in Mailchimp.")
            .required(true)
            .defaultValue("EMPLID")
            .addValidator(StandardValidators.createRegexMatchingValidator(MERGE_TAG))
            .build();
    static final PropertyDescriptor SOURCE_VERSION_FIELD = new PropertyDescriptor.Builder()
            .name("Source Version Field")
            .description("The RecordPath of when the source last changed the record (GetPeopleSoftRecords' Modified "
                    + "Timestamp Field): a timestamp, epoch milliseconds or a datetime text (ISO-8601 or PeopleSoft's "
                    + "formats; without an offset read as UTC). Each contact keeps the version last applied in the Source "
                    + "Version Merge Field, and a record older than it is skipped without any write, so replays and late "
                    + "records never undo newer ones. Records without a value are synced without this check; a value "
                    + "that is not a datetime sends the record to failure.")
            .required(false)
            .defaultValue("/LASTUPDDTTM")
            .addValidator(new RecordPathValidator())
            .build();
    static final PropertyDescriptor SOURCE_VERSION_MERGE_FIELD = new PropertyDescriptor.Builder()
            .name("Source Version Merge Field")
            .description("The merge tag (up to 10 characters: A-Z, 0-9, _) that holds the source version last applied, "
                    + "as ISO-8601 in UTC (e.g. 2026-11-20T17:00:00Z). Created hidden like the other merge fields.")
            .required(true)
            .defaultValue("SRCVERSION")
            .addValidator(StandardValidators.createRegexMatchingValidator(MERGE_TAG))
            .build();
    static final PropertyDescriptor CREATE_MISSING_MERGE_FIELDS = new PropertyDescriptor.Builder()
            .name("Create Missing Merge Fields")
            .description("Whether merge fields the mapping needs are created (as optional, hidden text fields) when the "
                    + "audience lacks them. When false, a missing field sends every record to failure.")
            .required(true)
            .allowableValues("true", "false")
            .defaultValue("true")
            .build();
    static final PropertyDescriptor STATUS_FOR_NEW_CONTACTS = new PropertyDescriptor.Builder()
            .name("Status For New Contacts")
            .description("The status of contacts the sync adds, and of archived contacts it restores. Existing contacts "
                    + "always keep their status.")
            .required(true)
            .allowableValues(NewContactStatus.class)
            .defaultValue(NewContactStatus.SUBSCRIBED)
            .build();
    static final PropertyDescriptor TAGS = new PropertyDescriptor.Builder()
            .name("Tags")
            .description("Comma-separated tags given to contacts the sync adds.")
            .required(false)
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();
    static final PropertyDescriptor TAG_FIELDS = new PropertyDescriptor.Builder()
            .name("Tag Fields")
            .description("Tags taken from record fields and kept in step: one RecordPath per line, optionally preceded by a "
                    + "prefix and '=' (e.g. \"Dept: =/DEPT_DESCR\" gives the tag \"Dept: Sales\"); an array field gives one tag "
                    + "per element. When a value changes, the tag this sync set before is removed and the new one added, in "
                    + "batch (one call per tag per 500 contacts); tags set by anyone else are never touched. Which tags the "
                    + "sync set is kept in the hidden merge field SYNCTAGS.")
            .required(false)
            .addValidator(SegmentFields.TAG_FIELDS_VALIDATOR)
            .build();
    static final PropertyDescriptor INTEREST_FIELD = new PropertyDescriptor.Builder()
            .name("Interest Field")
            .description("The RecordPath whose value names the contact's interest group (e.g. /BUSINESS_UNIT) in the Interest "
                    + "Category; sent in the batch upsert with the category's other groups off, so a change moves the contact. "
                    + "The group this sync set is kept in the hidden merge field SYNCGROUP.")
            .required(false)
            .addValidator(new RecordPathValidator())
            .build();
    static final PropertyDescriptor INTEREST_CATEGORY = new PropertyDescriptor.Builder()
            .name("Interest Category")
            .description("The title of the interest category (group category) whose groups the Interest Field selects. "
                    + "Required with Interest Field.")
            .required(false)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();
    static final PropertyDescriptor CREATE_MISSING_INTEREST_GROUPS = new PropertyDescriptor.Builder()
            .name("Create Missing Interest Groups")
            .description("Whether the Interest Category (as a hidden category) and the groups records name are created when "
                    + "missing. When false, a record naming a missing group goes to failure.")
            .required(true)
            .allowableValues("true", "false")
            .defaultValue("true")
            .build();
    static final PropertyDescriptor DRY_RUN = new PropertyDescriptor.Builder()
            .name("Dry Run")
            .description("When true, reads the audience and plans every record exactly as a real run, but sends nothing that "
                    + "changes Mailchimp (only GETs; no merge field, tag or group is created either). Each audit record gets "
                    + "the action the real run would take (would_create, would_update, would_unsubscribe, would_archive, "
                    + "unchanged, skipped or failed, with the reason), counted in mailchimp.*.count; mailchimp.dry_run.creates lists "
                    + "what the real run would create.")
            .required(true)
            .allowableValues("true", "false")
            .defaultValue("false")
            .build();
    static final PropertyDescriptor TERMINATION_FIELD = recordPath("Termination Field", "/HR_STATUS",
            "The RecordPath of the field that tells whether the person has left.");
    static final PropertyDescriptor TERMINATION_VALUES = new PropertyDescriptor.Builder()
            .name("Termination Values")
            .description("Comma-separated values of the Termination Field that mean the person has left.")
            .required(true)
            .defaultValue("I")
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();
    static final PropertyDescriptor TERMINATION_ACTION = new PropertyDescriptor.Builder()
            .name("Termination Action")
            .description("What happens to the contact of a person who has left. Terminated people not in the audience "
                    + "are never added.")
            .required(true)
            .allowableValues(TerminationAction.class)
            .defaultValue(TerminationAction.UNSUBSCRIBE)
            .build();
    static final PropertyDescriptor BATCH_SIZE = new PropertyDescriptor.Builder()
            .name("Batch Size")
            .description("The most contacts sent in one batch subscribe call (Mailchimp allows 500). At most two windows "
                    + "of Batch Size times the connection service's concurrency await their outcome at a time.")
            .required(true)
            .defaultValue("500")
            .addValidator(StandardValidators.createLongValidator(1, 500, true))
            .build();
    static final PropertyDescriptor EMAIL_IN_PROVENANCE = new PropertyDescriptor.Builder()
            .name("Email Address in Provenance")
            .description("Whether each record's provenance event names the email address as well as the source ID. "
                    + "When false, an event carries the source ID, action, status and reason, and the subscriber hash in "
                    + "its transit URI; the address stays in the FlowFile content, which NiFi keeps for far less time.")
            .required(true)
            .allowableValues("true", "false")
            .defaultValue("false")
            .build();

    static final Relationship REL_SUCCESS = new Relationship.Builder().name("success")
            .description("Audit records of contacts created, updated, unsubscribed, archived or skipped (with the reason).")
            .build();
    static final Relationship REL_FAILURE = new Relationship.Builder().name("failure")
            .description("Audit records Mailchimp or this processor rejected for good, each with the reason.")
            .build();
    static final Relationship REL_RETRY = new Relationship.Builder().name("retry")
            .description("Audit records that still failed transiently after the connection service's retries; penalized.")
            .build();

    /**
     * FlowFiles one trigger takes while more are queued. They share the connection budget without a pause between
     * them (the next one is read while the previous one's calls run); each is finished (its audit FlowFiles
     * transferred) as soon as its last outcome is known, and the session commits them together.
     */
    static final int FLOWFILES_PER_TRIGGER = 10;
    /**
     * Records awaiting their outcome, in windows of Batch Size x concurrency: one window in flight, one being read and
     * planned, so connections never wait for the reader.
     */
    private static final int PENDING_WINDOWS = 2;

    private static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS = List.of(MAILCHIMP_CONNECTION_SERVICE, AUDIENCE_ID,
            RECORD_READER, RECORD_WRITER, EMAIL_FIELD, SOURCE_ID_FIELD, SOURCE_ID_MERGE_FIELD, SOURCE_VERSION_FIELD,
            SOURCE_VERSION_MERGE_FIELD, CREATE_MISSING_MERGE_FIELDS,
            STATUS_FOR_NEW_CONTACTS, TAGS, TERMINATION_FIELD, TERMINATION_VALUES, TERMINATION_ACTION, BATCH_SIZE,
            EMAIL_IN_PROVENANCE, TAG_FIELDS, INTEREST_FIELD, INTEREST_CATEGORY, CREATE_MISSING_INTEREST_GROUPS, DRY_RUN);
    private static final Set<Relationship> RELATIONSHIPS = Set.of(REL_SUCCESS, REL_FAILURE, REL_RETRY);
    private static final Map<Outcome.Route, Relationship> ROUTES = Map.of(
            Outcome.Route.SUCCESS, REL_SUCCESS, Outcome.Route.FAILURE, REL_FAILURE, Outcome.Route.RETRY, REL_RETRY);

    private volatile MailchimpConnectionService service;
    private volatile ContactMapper mapper;
    private volatile FlowFileSync flowFileSync;
    private volatile AudienceCatalog audiences;
    private volatile ExecutorService executor;
    private volatile int batchSize;
    private volatile int pendingLimit;
    private volatile boolean createMissingMergeFields;
    private volatile String sourceIdMergeField;
    private volatile boolean emailInProvenance;
    private volatile SegmentFields segmentFields;
    private volatile String interestCategory;
    private volatile boolean createMissingInterestGroups;
    private volatile boolean dryRun;
    private final Map<String, AudienceSegments> segments = new ConcurrentHashMap<>();

    private static PropertyDescriptor recordPath(final String name, final String defaultValue, final String description) {
        return new PropertyDescriptor.Builder().name(name).description(description).required(true)
                .defaultValue(defaultValue).addValidator(new RecordPathValidator()).build();
    }

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return PROPERTY_DESCRIPTORS;
    }

    @Override
    protected PropertyDescriptor getSupportedDynamicPropertyDescriptor(final String propertyDescriptorName) {
        return new PropertyDescriptor.Builder().name(propertyDescriptorName).dynamic(true)
                .description("The RecordPath whose value is sent as merge field " + propertyDescriptorName + ".")
                .addValidator(new RecordPathValidator())
                .build();
    }

    @Override
    public Set<Relationship> getRelationships() {
        return RELATIONSHIPS;
    }

    @Override
    protected Collection<ValidationResult> customValidate(final ValidationContext context) {
        final List<ValidationResult> results = new ArrayList<>();
        for (final PropertyDescriptor descriptor : context.getProperties().keySet()) {
            if (descriptor.isDynamic() && !MERGE_TAG.matcher(descriptor.getName()).matches()) {
                results.add(new ValidationResult.Builder().subject(descriptor.getName()).valid(false)
                        .explanation("a merge tag has 1 to 10 characters among A-Z, 0-9 and _").build());
            }
        }
        final String versionTag = context.getProperty(SOURCE_VERSION_MERGE_FIELD).getValue();
        final boolean taken = versionTag != null
                && (versionTag.equals(context.getProperty(SOURCE_ID_MERGE_FIELD).getValue())
                || context.getProperties().keySet().stream().anyMatch(d -> d.isDynamic() && d.getName().equals(versionTag)));
        if (taken) {
            results.add(new ValidationResult.Builder().subject(SOURCE_VERSION_MERGE_FIELD.getDisplayName()).valid(false)
                    .explanation(versionTag + " is already mapped to another value").build());
        }
        if (context.getProperty(INTEREST_FIELD).isSet() != context.getProperty(INTEREST_CATEGORY).isSet()) {
            results.add(new ValidationResult.Builder().subject(INTEREST_CATEGORY.getName()).valid(false)
                    .explanation("Interest Field and Interest Category are set together").build());
        }
        return results;
    }

    @OnScheduled
    public void onScheduled(final ProcessContext context) {
        service = context.getProperty(MAILCHIMP_CONNECTION_SERVICE).asControllerService(MailchimpConnectionService.class);
        segmentFields = segmentFields(context);
        mapper = createMapper(context);
        interestCategory = context.getProperty(INTEREST_CATEGORY).getValue();
        createMissingInterestGroups = context.getProperty(CREATE_MISSING_INTEREST_GROUPS).asBoolean();
        dryRun = context.getProperty(DRY_RUN).asBoolean();
        segments.clear();
        batchSize = context.getProperty(BATCH_SIZE).asInteger();
        createMissingMergeFields = context.getProperty(CREATE_MISSING_MERGE_FIELDS).asBoolean();
        sourceIdMergeField = context.getProperty(SOURCE_ID_MERGE_FIELD).getValue();
        emailInProvenance = context.getProperty(EMAIL_IN_PROVENANCE).asBoolean();
        final SyncPlanner planner = new SyncPlanner(
                context.getProperty(STATUS_FOR_NEW_CONTACTS).asAllowableValue(NewContactStatus.class).status(),
                context.getProperty(TERMINATION_ACTION).asAllowableValue(TerminationAction.class));
        final int concurrency = Math.max(1, service.getMaxConcurrentRequests());
        flowFileSync = new FlowFileSync(context.getProperty(RECORD_READER).asControllerService(RecordReaderFactory.class),
                mapper, planner, getLogger());
        pendingLimit = PENDING_WINDOWS * batchSize * concurrency;
        audiences = new AudienceCatalog(context.getProperty(SOURCE_ID_MERGE_FIELD).getValue(), mapper.versionMergeField(),
                mapper.content());
        executor = Executors.newFixedThreadPool(concurrency, Thread.ofPlatform().daemon().name("PutMailchimpContact-", 0).factory());
    }

    @OnStopped
    public void onStopped() throws InterruptedException {
        if (executor != null) {
            executor.shutdownNow();
            executor.awaitTermination(30, TimeUnit.SECONDS);
            executor = null;
        }
        audiences = null;
    }

    @Override
    public void onTrigger(final ProcessContext context, final ProcessSession session) {
        final PendingOutcomes pending = new PendingOutcomes(pendingLimit);
        final Map<String, Prepared> prepared = new HashMap<>();
        FlowFile input;
        // Once Mailchimp is unavailable, the FlowFiles still queued wait for the next trigger rather than a retry round.
        for (int taken = 0; taken < FLOWFILES_PER_TRIGGER && prepared.values().stream().noneMatch(Prepared::unavailableForNow)
                && (input = session.get()) != null; taken++) {
            sync(context, session, input, pending, prepared);
        }
        pending.drain();
    }

    /**
     * An audience's member index for this trigger, or the outcome every record gets when the audience is unusable; in a
     * dry run, the merge fields the real run would create.
     */
    private record Prepared(MemberIndex index, Outcome unavailable, Set<String> wouldCreate) {
        boolean unavailableForNow() {
            return unavailable != null && unavailable.route() == Outcome.Route.RETRY;
        }
    }

    private void sync(final ProcessContext context, final ProcessSession session, final FlowFile input,
                      final PendingOutcomes pending, final Map<String, Prepared> prepared) {
        final long started = System.nanoTime();
        final String audienceId = context.getProperty(AUDIENCE_ID).evaluateAttributeExpressions(input).getValue().trim();
        final AudienceClient client = new AudienceClient(service, audienceId);
        final RecordOutputs outputs = new RecordOutputs(session, input,
                context.getProperty(RECORD_WRITER).asControllerService(RecordSetWriterFactory.class), getLogger(),
                new RecordProvenance(mapper, sourceIdMergeField, emailInProvenance, client.transitUri(), input));
        if (dryRun) {
            outputs.dryRun();
        }
        final DuplicateFilter duplicates;
        try {
            duplicates = flowFileSync.findDuplicates(session, input);
        } catch (final IOException | MalformedRecordException | SchemaNotFoundException | RuntimeException e) {
            unreadable(session, input, outputs, e);
            return;
        }
        // Once per audience and trigger: refreshing while this trigger's writes are in flight would read them back.
        final Prepared audience = prepared.computeIfAbsent(audienceId, id -> prepare(context, client));
        final Set<String> wouldCreate = ConcurrentHashMap.newKeySet();
        wouldCreate.addAll(audience.wouldCreate());
        final SegmentSync segmentSync = new SegmentSync(new SegmentClient(service, audienceId),
                segments.computeIfAbsent(audienceId, id -> new AudienceSegments(interestCategory)), segmentFields,
                interestCategory, createMissingInterestGroups && !dryRun, audience.index());
        final PlanExecutor planExecutor = dryRun
                ? new DryRun(client, segmentSync, createMissingInterestGroups, wouldCreate)
                : new SyncExecutor(client, audiences, audience.index(), executor, batchSize, tags(context, input), segmentSync);
        flowFileSync.sync(session, input, duplicates, audience.index(), planExecutor, audience.unavailable(), audienceId,
                outputs, pending, new FlowFileSync.Ending() {
                    @Override
                    public void succeeded() {
                        try {
                            if (dryRun) {
                                outputs.putAttribute(DRY_RUN_CREATES_ATTRIBUTE, String.join("; ", new TreeSet<>(wouldCreate)));
                            }
                            final MailchimpTraffic traffic = service.takeTraffic();
                            traffic.counters().forEach((counter, delta) -> session.adjustCounter(counter, delta, false));
                            traffic.figures().forEach(outputs::putFigure);
                            outputs.transfer(ROUTES, audienceId, client.transitUri().toString(),
                                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
                            session.remove(input);
                        } catch (final IOException | RuntimeException e) {
                            unreadable(session, input, outputs, e);
                        }
                    }

                    @Override
                    public void failed(final Exception cause) {
                        unreadable(session, input, outputs, cause);
                    }
                });
    }

    private Prepared prepare(final ProcessContext context, final AudienceClient client) {
        try {
            final Set<String> wouldCreate = new TreeSet<>();
            final MemberIndex index = dryRun ? prepareDryRun(client, wouldCreate)
                    : audiences.prepare(client, mapper.mergeTags(), createMissingMergeFields, executor);
            return new Prepared(index, null, wouldCreate);
        } catch (final AudienceException | RuntimeException e) {
            getLogger().error("Audience {} cannot take contacts: {}", client.audienceId(), e.getMessage());
            return new Prepared(null, Outcome.failure(null, e.getMessage()), Set.of());
        } catch (final MailchimpTransientException e) {
            getLogger().warn("Audience {} unavailable: {}", client.audienceId(), e.getMessage());
            // The next FlowFiles would wait out the same retries: let Mailchimp recover first.
            context.yield();
            return new Prepared(null, Outcome.retry("Mailchimp still unavailable after retries: " + e.getMessage()), Set.of());
        }
    }

    private void unreadable(final ProcessSession session, final FlowFile input, final RecordOutputs outputs, final Exception e) {
        getLogger().error("Cannot sync {}: records unreadable or unwritable; routing the FlowFile to failure", input, e);
        outputs.discard();
        session.transfer(session.putAttribute(input, "mailchimp.error", String.valueOf(e.getMessage())), REL_FAILURE);
    }

    /**
     * The member index without creating anything: the merge fields the real run would create are reported, and the
     * index is read with the present ones only.
     */
    private MemberIndex prepareDryRun(final AudienceClient client, final Set<String> wouldCreate)
            throws AudienceException, MailchimpTransientException {
        final MergeFieldCheck check = MergeFieldCheck.of(client.mergeFields(), mapper.mergeTags());
        final String problem = check.problem(client.audienceId(), createMissingMergeFields);
        if (problem != null) {
            throw new AudienceException(problem);
        }
        check.missing().forEach(tag -> wouldCreate.add("merge field " + tag));
        final Set<String> present = new LinkedHashSet<>(mapper.mergeTags());
        check.missing().forEach(present::remove);
        return audiences.prepare(client, present, false, executor);
    }

    @Override
    public List<ConfigVerificationResult> verify(final ProcessContext context, final ComponentLog verificationLogger,
                                                 final Map<String, String> attributes) {
        final List<ConfigVerificationResult> results = new ArrayList<>();
        final String audienceId = context.getProperty(AUDIENCE_ID).evaluateAttributeExpressions(attributes).getValue();
        final AudienceClient client = new AudienceClient(
                context.getProperty(MAILCHIMP_CONNECTION_SERVICE).asControllerService(MailchimpConnectionService.class), audienceId);
        try {
            final String name = client.audienceName();
            results.add(result("Read Audience", ConfigVerificationResult.Outcome.SUCCESSFUL,
                    "The API key works and audience " + audienceId + " (" + name + ") exists"));
        } catch (final AudienceException | MailchimpTransientException e) {
            results.add(result("Read Audience", ConfigVerificationResult.Outcome.FAILED, e.getMessage()));
            results.add(result("Check Merge Fields", ConfigVerificationResult.Outcome.SKIPPED, "The audience could not be read"));
            return results;
        }
        try {
            final MergeFieldCheck check = MergeFieldCheck.of(client.mergeFields(), createMapper(context).mergeTags());
            final boolean create = context.getProperty(CREATE_MISSING_MERGE_FIELDS).asBoolean();
            final String problem = check.problem(audienceId, create);
            if (problem != null) {
                results.add(result("Check Merge Fields", ConfigVerificationResult.Outcome.FAILED, problem));
            } else {
                results.add(result("Check Merge Fields", ConfigVerificationResult.Outcome.SUCCESSFUL, check.missing().isEmpty()
                        ? "Every mapped merge field exists"
                        : "Merge field(s) " + String.join(", ", check.missing()) + " will be created as text fields"));
            }
        } catch (final AudienceException | MailchimpTransientException e) {
            results.add(result("Check Merge Fields", ConfigVerificationResult.Outcome.FAILED, e.getMessage()));
        }
        if (context.getProperty(INTEREST_CATEGORY).isSet()) {
            results.add(verifyInterestCategory(context, new SegmentClient(
                    context.getProperty(MAILCHIMP_CONNECTION_SERVICE).asControllerService(MailchimpConnectionService.class), audienceId)));
        }
        return results;
    }

    private static ConfigVerificationResult verifyInterestCategory(final ProcessContext context, final SegmentClient client) {
        final String title = context.getProperty(INTEREST_CATEGORY).getValue();
        final String step = "Check Interest Category";
        try {
            final String id = client.interestCategories().get(title);
            if (id != null) {
                return result(step, ConfigVerificationResult.Outcome.SUCCESSFUL, "Interest category '" + title + "' has groups "
                        + String.join(", ", client.interests(id).keySet()));
            }
            return context.getProperty(CREATE_MISSING_INTEREST_GROUPS).asBoolean()
                    ? result(step, ConfigVerificationResult.Outcome.SUCCESSFUL, "Interest category '" + title
                            + "' does not exist; it will be created (hidden) with the groups records name")
                    : result(step, ConfigVerificationResult.Outcome.FAILED, "Interest category '" + title
                            + "' does not exist and Create Missing Interest Groups is false");
        } catch (final AudienceException | MailchimpTransientException e) {
            return result(step, ConfigVerificationResult.Outcome.FAILED, e.getMessage());
        }
    }

    private static ConfigVerificationResult result(final String step, final ConfigVerificationResult.Outcome outcome, final String explanation) {
        return new ConfigVerificationResult.Builder().verificationStepName(step).outcome(outcome).explanation(explanation).build();
    }

    private static SegmentFields segmentFields(final ProcessContext context) {
        final String interestField = context.getProperty(INTEREST_FIELD).getValue();
        return new SegmentFields(SegmentFields.parseTagFields(context.getProperty(TAG_FIELDS).getValue()),
                interestField == null ? null : RecordPath.compile(interestField));
    }

    private static ContactMapper createMapper(final ProcessContext context) {
        final Map<String, RecordPath> mergeFields = new LinkedHashMap<>();
        context.getProperties().keySet().stream().filter(PropertyDescriptor::isDynamic).forEach(descriptor ->
                mergeFields.put(descriptor.getName(), RecordPath.compile(context.getProperty(descriptor).getValue())));
        final Set<String> terminationValues = Arrays.stream(context.getProperty(TERMINATION_VALUES).getValue().split(","))
                .map(String::trim).filter(v -> !v.isEmpty()).collect(Collectors.toSet());
        return new ContactMapper(
                RecordPath.compile(context.getProperty(EMAIL_FIELD).getValue()),
                RecordPath.compile(context.getProperty(SOURCE_ID_FIELD).getValue()),
                context.getProperty(SOURCE_ID_MERGE_FIELD).getValue(),
                RecordPath.compile(context.getProperty(TERMINATION_FIELD).getValue()),
                terminationValues, mergeFields, versionPath(context), context.getProperty(SOURCE_VERSION_MERGE_FIELD).getValue(),
                segmentFields(context));
    }

    private static RecordPath versionPath(final ProcessContext context) {
        final String path = context.getProperty(SOURCE_VERSION_FIELD).getValue();
        return path == null || path.isBlank() ? null : RecordPath.compile(path);
    }

    private static List<String> tags(final ProcessContext context, final FlowFile flowFile) {
        final String value = context.getProperty(TAGS).evaluateAttributeExpressions(flowFile).getValue();
        return value == null ? List.of() : Arrays.stream(value.split(",")).map(String::trim).filter(t -> !t.isEmpty()).toList();
    }
}
