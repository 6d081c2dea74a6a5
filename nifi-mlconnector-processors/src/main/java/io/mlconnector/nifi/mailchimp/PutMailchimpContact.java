package io.mlconnector.nifi.mailchimp;

import io.mlconnector.nifi.mailchimp.audience.AudienceClient;
import io.mlconnector.nifi.mailchimp.audience.AudienceVerification;
import io.mlconnector.nifi.mailchimp.contact.EmploymentRecords;
import io.mlconnector.nifi.mailchimp.contact.NewContactStatus;
import io.mlconnector.nifi.mailchimp.contact.SharedAddress;
import io.mlconnector.nifi.mailchimp.contact.TerminationAction;
import io.mlconnector.nifi.mailchimp.reconcile.OrphanPolicy;
import io.mlconnector.nifi.mailchimp.segment.SegmentClient;
import io.mlconnector.nifi.mailchimp.segment.SegmentFields;
import io.mlconnector.nifi.mailchimp.sync.MailchimpSync;
import io.mlconnector.nifi.mailchimp.sync.Outcome;
import io.mlconnector.nifi.peoplesoft.GetPeopleSoftRecords;
import org.apache.nifi.annotation.behavior.DynamicProperty;
import org.apache.nifi.annotation.behavior.InputRequirement;
import org.apache.nifi.annotation.behavior.Stateful;
import org.apache.nifi.annotation.behavior.SupportsBatching;
import org.apache.nifi.annotation.behavior.SystemResource;
import org.apache.nifi.annotation.behavior.SystemResourceConsideration;
import org.apache.nifi.annotation.behavior.WritesAttribute;
import org.apache.nifi.annotation.behavior.WritesAttributes;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.MultiProcessorUseCase;
import org.apache.nifi.annotation.documentation.ProcessorConfiguration;
import org.apache.nifi.annotation.documentation.SeeAlso;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.documentation.UseCase;
import org.apache.nifi.annotation.lifecycle.OnScheduled;
import org.apache.nifi.annotation.lifecycle.OnStopped;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.ValidationContext;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.components.state.Scope;
import org.apache.nifi.expression.ExpressionLanguageScope;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.processor.AbstractProcessor;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.processor.VerifiableProcessor;
import org.apache.nifi.processor.util.StandardValidators;
import org.apache.nifi.record.path.validation.RecordPathValidator;
import org.apache.nifi.serialization.RecordReaderFactory;
import org.apache.nifi.serialization.RecordSetWriterFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

@Tags({"mailchimp", "contacts", "audience", "upsert", "record", "peoplesoft", "consent"})
@CapabilityDescription("Upserts the records of a FlowFile as contacts of a Mailchimp audience with batch subscribe calls, "
        + "never changing an existing contact's consent status except by the termination policy. Contacts are found by a "
        + "source-ID merge field first, then by email address, so an email change moves the contact. Every record leaves "
        + "as an audit record with the action, status and reason, and (unless its contact was unchanged) as a provenance "
        + "event of its own.")
@SeeAlso(GetPeopleSoftRecords.class)
@InputRequirement(InputRequirement.Requirement.INPUT_REQUIRED)
@SupportsBatching
@Stateful(scopes = Scope.CLUSTER, description = "The tallies of reconciliation passes: how many of a pass's records each node synced, "
        + "by what they found, so that the node that ends the pass reports them all. Forgotten 30 days after a pass began.")
@SystemResourceConsideration(resource = SystemResource.MEMORY, description = "Keeps an index of each audience it writes to "
        + "on the heap, about 60 bytes per member (some 60 MB for an audience of a million), from start to stop.")
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
        @WritesAttribute(attribute = "mailchimp.retry.after", description = "On retry: the earliest time (ISO-8601) to send the "
                + "records again, for records Mailchimp refuses for hours; the processor leaves such a FlowFile queued until then."),
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
                Route "retry" through a RetryFlowFile back to this processor, "failure" to a queue people review.
                """)
@UseCase(description = "Preview what a sync would change in a live audience before the first real run (dry run).",
        keywords = {"dry run", "preview", "what if", "mailchimp", "audit"},
        configuration = """
                Configure the processor as for the real run, and set "Dry Run" = true.
                Run the flow once: the processor reads the audience and decides every record but changes nothing in Mailchimp.
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
@MultiProcessorUseCase(
        description = "Sync PeopleSoft employees into a Mailchimp audience with a bounded retry loop.",
        keywords = {"peoplesoft", "mailchimp", "sync", "retry"},
        notes = """
                Records Mailchimp refuses for good go to failure, throttled ones round the loop a bounded number of times,
                and records refused for hours wait in this processor's queue without spending a round.
                """,
        configurations = {
            @ProcessorConfiguration(
                processorClass = GetPeopleSoftRecords.class,
                configuration = """
                        Configure the PeopleSoft Connection Service and the interface (e.g. the Query of employees) and run it
                        on the primary node. Connect its "success" relationship to PutMailchimpContact.
                        """),
            @ProcessorConfiguration(
                processorClass = PutMailchimpContact.class,
                configuration = """
                        Configure the Mailchimp Connection Service, the Audience ID and the mapping. Connect "success" to
                        where audit records are kept, "failure" to a queue people review, and "retry" to RetryFlowFile.
                        """),
            @ProcessorConfiguration(
                processorClassName = "org.apache.nifi.processors.standard.RetryFlowFile",
                configuration = """
                        Set "Retry Attribute" to mailchimp.retries, "Maximum Retries" to e.g. 5 and "Penalize Retries" to true.
                        Connect "retry" back to PutMailchimpContact, and "retries_exceeded" and "failure" to the review queue.
                        """)
        })
public class PutMailchimpContact extends AbstractProcessor implements VerifiableProcessor {

    private static final Pattern MERGE_TAG = Pattern.compile("[A-Z0-9_]{1,10}");

    // Connection
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

    // Records
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

    // Identity
    static final PropertyDescriptor EMAIL_FIELD = recordPath("Email Field", "/EMAIL_ADDR",
            "The RecordPath of the email address. A record without a well-formed address goes to failure without a call.");
    static final PropertyDescriptor SOURCE_ID_FIELD = recordPath("Source ID Field", "/EMPLID",
            "The RecordPath of the person's id in the source system, stored in the Source ID Merge Field. Contacts are found "
                    + "by it first, so an email change moves the contact instead of adding another.");
    static final PropertyDescriptor SOURCE_ID_MERGE_FIELD = new PropertyDescriptor.Builder()
            .name("Source ID Merge Field")
            .description("The merge tag (up to 10 characters: A-Z, 0-9, _) that holds the source ID in Mailchimp.")
            .required(true)
            .defaultValue("EMPLID")
            .addValidator(StandardValidators.createRegexMatchingValidator(MERGE_TAG))
            .build();
    static final PropertyDescriptor EMPLOYMENT_RECORD_FIELD = new PropertyDescriptor.Builder()
            .name("Employment Record Field")
            .description("When each record is one job of a person (PeopleSoft's one row per EMPL_RCD), the RecordPath of the "
                    + "job, e.g. /EMPL_RCD: a person then stays active while any of their jobs is. Empty when each record is a person.")
            .required(false)
            .addValidator(new RecordPathValidator())
            .build();
    static final PropertyDescriptor SOURCE_VERSION_FIELD = new PropertyDescriptor.Builder()
            .name("Source Version Field")
            .description("The RecordPath of when the source last changed the record (a timestamp, epoch milliseconds or a "
                    + "datetime text). A record older than the version its contact holds is skipped without any write.")
            .required(false)
            .defaultValue("/LASTUPDDTTM")
            .addValidator(new RecordPathValidator())
            .build();
    static final PropertyDescriptor SOURCE_VERSION_MERGE_FIELD = new PropertyDescriptor.Builder()
            .name("Source Version Merge Field")
            .description("The merge tag (up to 10 characters: A-Z, 0-9, _) that holds the source version last applied, "
                    + "as ISO-8601 in UTC. Created hidden like the other merge fields.")
            .required(true)
            .defaultValue("SRCVERSION")
            .addValidator(StandardValidators.createRegexMatchingValidator(MERGE_TAG))
            .dependsOn(SOURCE_VERSION_FIELD)
            .build();

    // Mapping
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

    // Tags and groups
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
                    + "prefix and '=' (e.g. \"Dept: =/DEPT_DESCR\"). Only tags this sync set are ever removed.")
            .required(false)
            .addValidator(SegmentFields.TAG_FIELDS_VALIDATOR)
            .build();
    static final PropertyDescriptor INTEREST_FIELD = new PropertyDescriptor.Builder()
            .name("Interest Field")
            .description("The RecordPath whose value names the contact's interest group (e.g. /BUSINESS_UNIT) in the Interest "
                    + "Category. The category's other groups are turned off, so a change moves the contact.")
            .required(false)
            .addValidator(new RecordPathValidator())
            .build();
    static final PropertyDescriptor INTEREST_CATEGORY = new PropertyDescriptor.Builder()
            .name("Interest Category")
            .description("The title of the interest category (group category) whose groups the Interest Field selects.")
            .required(true)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .dependsOn(INTEREST_FIELD)
            .build();
    static final PropertyDescriptor CREATE_MISSING_INTEREST_GROUPS = new PropertyDescriptor.Builder()
            .name("Create Missing Interest Groups")
            .description("Whether the Interest Category (as a hidden category) and the groups records name are created when "
                    + "missing. When false, a record naming a missing group goes to failure.")
            .required(true)
            .allowableValues("true", "false")
            .defaultValue("true")
            .dependsOn(INTEREST_FIELD)
            .build();

    // Termination
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

    // Tuning
    static final PropertyDescriptor BATCH_SIZE = new PropertyDescriptor.Builder()
            .name("Batch Size")
            .description("The most contacts sent in one batch subscribe call (Mailchimp allows 500). At most two windows "
                    + "of Batch Size times the connection service's concurrency await their outcome at a time.")
            .required(true)
            .defaultValue("500")
            .addValidator(StandardValidators.createLongValidator(1, 500, true))
            .build();
    static final PropertyDescriptor RETRY_LATER_DELAY = new PropertyDescriptor.Builder()
            .name("Retry Later Delay")
            .description("How long records wait before they are sent again when Mailchimp refuses their address for hours "
                    + "(it signed up to a lot of lists very recently); they leave on retry meanwhile, not on failure.")
            .required(true)
            .defaultValue("6 hours")
            .addValidator(StandardValidators.TIME_PERIOD_VALIDATOR)
            .build();

    // Audit
    static final PropertyDescriptor EMAIL_IN_PROVENANCE = new PropertyDescriptor.Builder()
            .name("Email Address in Provenance")
            .description("Whether each record's provenance event names the email address as well as the source ID. "
                    + "When false, the address stays in the FlowFile content only, which NiFi keeps for far less time.")
            .required(true)
            .allowableValues("true", "false")
            .defaultValue("false")
            .build();

    static final PropertyDescriptor UNCHANGED_RECORD_EVENTS = new PropertyDescriptor.Builder()
            .name("Unchanged Record Events")
            .description("Whether each record whose contact already held its values (settled as unchanged, without a "
                    + "request) gets a provenance event of its own, for audits that must show \"checked, nothing changed\" "
                    + "per person. When false, they are only counted in each output FlowFile's SEND event (unchanged=N).")
            .required(true)
            .allowableValues("true", "false")
            .defaultValue("false")
            .build();

    // Reconciliation
    static final PropertyDescriptor ORPHAN_POLICY = new PropertyDescriptor.Builder()
            .name("Orphan Policy")
            .description("What the end of a complete reconciliation pass (GetPeopleSoftRecords in Full Reconciliation Pass mode) does to "
                    + "contacts holding a source ID the pass did not read. Consent is kept: unsubscribed and cleaned contacts stay so. "
                    + "Never a permanent delete.")
            .required(true)
            .allowableValues(OrphanPolicy.allowableValues())
            .defaultValue(OrphanPolicy.REPORT_ONLY.allowable())
            .build();
    static final PropertyDescriptor ORPHAN_LIMIT = new PropertyDescriptor.Builder()
            .name("Orphan Limit")
            .description("The largest share, in percent, of the audience's contacts with a source ID that one pass may unsubscribe or "
                    + "archive. Beyond it the pass only reports, with a warning: a query whose criteria changed by mistake looks like "
                    + "everyone leaving.")
            .required(true)
            .defaultValue("5")
            .addValidator(StandardValidators.createLongValidator(0, 100, true))
            .dependsOn(ORPHAN_POLICY, OrphanPolicy.UNSUBSCRIBE.allowable(), OrphanPolicy.ARCHIVE.allowable())
            .build();
    static final PropertyDescriptor RECONCILIATION_WAIT = new PropertyDescriptor.Builder()
            .name("Reconciliation Wait")
            .description("How long the end of a reconciliation pass waits in the queue for the pass's records to be synced, on any "
                    + "node, before its report is written anyway (counting the records synced by then).")
            .required(true)
            .defaultValue("1 hour")
            .addValidator(StandardValidators.TIME_PERIOD_VALIDATOR)
            .build();

    // Dry run
    static final PropertyDescriptor DRY_RUN = new PropertyDescriptor.Builder()
            .name("Dry Run")
            .description("When true, reads the audience and decides every record exactly as a real run, but changes nothing "
                    + "in Mailchimp. Each audit record gets the action the real run would take, e.g. would_create.")
            .required(true)
            .allowableValues("true", "false")
            .defaultValue("false")
            .build();

    static final Relationship REL_SUCCESS = new Relationship.Builder().name("success")
            .description("Audit records of contacts created, updated, unchanged, unsubscribed, archived or skipped (with the reason).")
            .build();
    static final Relationship REL_FAILURE = new Relationship.Builder().name("failure")
            .description("Audit records Mailchimp or this processor rejected for good, each with the reason.")
            .build();
    static final Relationship REL_RETRY = new Relationship.Builder().name("retry")
            .description("Audit records that still failed transiently after the connection service's retries, or that "
                    + "Mailchimp refuses for hours; penalized.")
            .build();
    static final Relationship REL_RECONCILIATION_REPORT = new Relationship.Builder().name("reconciliation report")
            .description("One JSON report per reconciliation pass and audience: records read, unchanged and corrected (by kind), "
                    + "skipped by consent, and the orphans with what was done to them.")
            .autoTerminateDefault(true)
            .build();

    /** The hidden merge fields that hold the processor's memory of people. */
    private static final Set<String> MEMORY_TAGS = Set.of(EmploymentRecords.MERGE_FIELD, SharedAddress.MERGE_FIELD);

    private static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS = List.of(
            MAILCHIMP_CONNECTION_SERVICE, AUDIENCE_ID,
            RECORD_READER, RECORD_WRITER,
            EMAIL_FIELD, SOURCE_ID_FIELD, SOURCE_ID_MERGE_FIELD, EMPLOYMENT_RECORD_FIELD, SOURCE_VERSION_FIELD, SOURCE_VERSION_MERGE_FIELD,
            CREATE_MISSING_MERGE_FIELDS, STATUS_FOR_NEW_CONTACTS,
            TAGS, TAG_FIELDS, INTEREST_FIELD, INTEREST_CATEGORY, CREATE_MISSING_INTEREST_GROUPS,
            TERMINATION_FIELD, TERMINATION_VALUES, TERMINATION_ACTION,
            BATCH_SIZE, RETRY_LATER_DELAY,
            EMAIL_IN_PROVENANCE, UNCHANGED_RECORD_EVENTS,
            ORPHAN_POLICY, ORPHAN_LIMIT, RECONCILIATION_WAIT,
            DRY_RUN);
    private static final Set<Relationship> RELATIONSHIPS = Set.of(REL_SUCCESS, REL_FAILURE, REL_RETRY, REL_RECONCILIATION_REPORT);
    private static final Map<Outcome.Route, Relationship> ROUTES = Map.of(
            Outcome.Route.SUCCESS, REL_SUCCESS, Outcome.Route.FAILURE, REL_FAILURE, Outcome.Route.RETRY, REL_RETRY,
            Outcome.Route.RETRY_LATER, REL_RETRY);

    /**
     * FlowFiles one trigger takes while more are queued, up to this many and no more once it has read this many records.
     * They share the connection budget and the open batches without a pause between them (the next one is read while
     * the previous one's calls run, and fills its last batch); each is finished (its audit FlowFiles transferred) as
     * soon as its last outcome is known, and the session commits them together. Counted in records, so that a load of
     * small FlowFiles does not pay a drain and an index refresh every few thousand records; bounded, so that a session
     * holds a bounded number of records' provenance events and outputs.
     */
    static final int FLOWFILES_PER_TRIGGER = 100;
    static final long RECORDS_PER_TRIGGER = 100_000;

    private volatile MailchimpSync sync;

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
            } else if (descriptor.isDynamic() && MEMORY_TAGS.contains(descriptor.getName())) {
                results.add(new ValidationResult.Builder().subject(descriptor.getName()).valid(false)
                        .explanation(descriptor.getName() + " holds what the processor remembers of people; map another merge tag").build());
            }
        }
        final String versionTag = context.getProperty(SOURCE_VERSION_FIELD).isSet()
                ? context.getProperty(SOURCE_VERSION_MERGE_FIELD).getValue() : null;
        final boolean taken = versionTag != null
                && (versionTag.equals(context.getProperty(SOURCE_ID_MERGE_FIELD).getValue())
                || context.getProperties().keySet().stream().anyMatch(d -> d.isDynamic() && d.getName().equals(versionTag)));
        if (taken) {
            results.add(new ValidationResult.Builder().subject(SOURCE_VERSION_MERGE_FIELD.getDisplayName()).valid(false)
                    .explanation(versionTag + " is already mapped to another value").build());
        }
        return results;
    }

    @OnScheduled
    public void onScheduled(final ProcessContext context) {
        sync = new MailchimpSync(PutMailchimpContactSettings.of(context), ROUTES, REL_FAILURE, getLogger(),
                PutMailchimpContactSettings.passes(context, REL_RECONCILIATION_REPORT), context.getStateManager());
    }

    @OnStopped
    public void onStopped() throws InterruptedException {
        if (sync != null) {
            sync.stop();
            sync = null;
        }
    }

    @Override
    public void onTrigger(final ProcessContext context, final ProcessSession session) {
        if (sync.trigger(session, FLOWFILES_PER_TRIGGER, RECORDS_PER_TRIGGER)) {
            context.yield();
        }
    }

    @Override
    public List<ConfigVerificationResult> verify(final ProcessContext context, final ComponentLog verificationLogger,
                                                 final Map<String, String> attributes) {
        final MailchimpConnectionService service = context.getProperty(MAILCHIMP_CONNECTION_SERVICE).asControllerService(MailchimpConnectionService.class);
        final String audienceId = context.getProperty(AUDIENCE_ID).evaluateAttributeExpressions(attributes).getValue();
        return new AudienceVerification(PutMailchimpContactSettings.mapper(context).writtenTags(),
                context.getProperty(CREATE_MISSING_MERGE_FIELDS).asBoolean(), PutMailchimpContactSettings.interestCategory(context),
                PutMailchimpContactSettings.createMissingInterestGroups(context))
                .verify(new AudienceClient(service, audienceId), new SegmentClient(service, audienceId));
    }

    private static PropertyDescriptor recordPath(final String name, final String defaultValue, final String description) {
        return new PropertyDescriptor.Builder().name(name).description(description).required(true)
                .defaultValue(defaultValue).addValidator(new RecordPathValidator()).build();
    }
}
