package io.mlconnector.nifi.mailchimp;

import io.mlconnector.nifi.mailchimp.contact.ContactMapper;
import io.mlconnector.nifi.mailchimp.contact.NewContactStatus;
import io.mlconnector.nifi.mailchimp.contact.SyncPlanner;
import io.mlconnector.nifi.mailchimp.contact.TerminationAction;
import io.mlconnector.nifi.mailchimp.segment.SegmentFields;
import io.mlconnector.nifi.mailchimp.reconcile.OrphanPolicy;
import io.mlconnector.nifi.mailchimp.sync.PassSettings;
import io.mlconnector.nifi.mailchimp.sync.RetryLater;
import io.mlconnector.nifi.mailchimp.sync.RunMode;
import io.mlconnector.nifi.mailchimp.sync.SyncSettings;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.PropertyValue;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.record.path.RecordPath;
import org.apache.nifi.serialization.RecordReaderFactory;
import org.apache.nifi.serialization.RecordSetWriterFactory;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static io.mlconnector.nifi.mailchimp.PutMailchimpContact.AUDIENCE_ID;
import static io.mlconnector.nifi.mailchimp.PutMailchimpContact.BATCH_SIZE;
import static io.mlconnector.nifi.mailchimp.PutMailchimpContact.CREATE_MISSING_INTEREST_GROUPS;
import static io.mlconnector.nifi.mailchimp.PutMailchimpContact.CREATE_MISSING_MERGE_FIELDS;
import static io.mlconnector.nifi.mailchimp.PutMailchimpContact.DRY_RUN;
import static io.mlconnector.nifi.mailchimp.PutMailchimpContact.EMAIL_FIELD;
import static io.mlconnector.nifi.mailchimp.PutMailchimpContact.EMAIL_IN_PROVENANCE;
import static io.mlconnector.nifi.mailchimp.PutMailchimpContact.EMPLOYMENT_RECORD_FIELD;
import static io.mlconnector.nifi.mailchimp.PutMailchimpContact.INTEREST_CATEGORY;
import static io.mlconnector.nifi.mailchimp.PutMailchimpContact.INTEREST_FIELD;
import static io.mlconnector.nifi.mailchimp.PutMailchimpContact.MAILCHIMP_CONNECTION_SERVICE;
import static io.mlconnector.nifi.mailchimp.PutMailchimpContact.ORPHAN_LIMIT;
import static io.mlconnector.nifi.mailchimp.PutMailchimpContact.ORPHAN_POLICY;
import static io.mlconnector.nifi.mailchimp.PutMailchimpContact.RECONCILIATION_WAIT;
import static io.mlconnector.nifi.mailchimp.PutMailchimpContact.RECORD_READER;
import static io.mlconnector.nifi.mailchimp.PutMailchimpContact.RECORD_WRITER;
import static io.mlconnector.nifi.mailchimp.PutMailchimpContact.RETRY_LATER_DELAY;
import static io.mlconnector.nifi.mailchimp.PutMailchimpContact.SOURCE_ID_FIELD;
import static io.mlconnector.nifi.mailchimp.PutMailchimpContact.SOURCE_ID_MERGE_FIELD;
import static io.mlconnector.nifi.mailchimp.PutMailchimpContact.SOURCE_VERSION_FIELD;
import static io.mlconnector.nifi.mailchimp.PutMailchimpContact.SOURCE_VERSION_MERGE_FIELD;
import static io.mlconnector.nifi.mailchimp.PutMailchimpContact.STATUS_FOR_NEW_CONTACTS;
import static io.mlconnector.nifi.mailchimp.PutMailchimpContact.TAGS;
import static io.mlconnector.nifi.mailchimp.PutMailchimpContact.TAG_FIELDS;
import static io.mlconnector.nifi.mailchimp.PutMailchimpContact.TERMINATION_ACTION;
import static io.mlconnector.nifi.mailchimp.PutMailchimpContact.TERMINATION_FIELD;
import static io.mlconnector.nifi.mailchimp.PutMailchimpContact.TERMINATION_VALUES;
import static io.mlconnector.nifi.mailchimp.PutMailchimpContact.UNCHANGED_RECORD_EVENTS;

/** Reads PutMailchimpContact's properties into the {@link SyncSettings} of its engine, once when it is scheduled. */
final class PutMailchimpContactSettings {

    private PutMailchimpContactSettings() {
    }

    static SyncSettings of(final ProcessContext context) {
        final PropertyValue audienceId = context.getProperty(AUDIENCE_ID);
        final PropertyValue tags = context.getProperty(TAGS);
        final ContactMapper mapper = mapper(context);
        return new SyncSettings(
                context.getProperty(MAILCHIMP_CONNECTION_SERVICE).asControllerService(MailchimpConnectionService.class),
                context.getProperty(RECORD_READER).asControllerService(RecordReaderFactory.class),
                context.getProperty(RECORD_WRITER).asControllerService(RecordSetWriterFactory.class),
                flowFile -> audienceId.evaluateAttributeExpressions(flowFile).getValue(),
                flowFile -> List.copyOf(commaSeparated(tags.evaluateAttributeExpressions(flowFile).getValue())),
                mapper,
                planner(context, mapper.versionMergeField()),
                segmentFields(context),
                context.getProperty(SOURCE_ID_MERGE_FIELD).getValue(),
                context.getProperty(CREATE_MISSING_MERGE_FIELDS).asBoolean(),
                interestCategory(context),
                createMissingInterestGroups(context),
                context.getProperty(BATCH_SIZE).asInteger(),
                new RetryLater(Duration.ofMillis(context.getProperty(RETRY_LATER_DELAY).asTimePeriod(TimeUnit.MILLISECONDS))),
                context.getProperty(EMAIL_IN_PROVENANCE).asBoolean(),
                context.getProperty(UNCHANGED_RECORD_EVENTS).asBoolean(),
                context.getProperty(DRY_RUN).asBoolean() ? RunMode.PREVIEW : RunMode.APPLY);
    }

    static PassSettings passes(final ProcessContext context, final Relationship report) {
        final OrphanPolicy policy = OrphanPolicy.of(context.getProperty(ORPHAN_POLICY).getValue());
        return new PassSettings(policy, policy == OrphanPolicy.REPORT_ONLY ? 0 : context.getProperty(ORPHAN_LIMIT).asInteger(),
                Duration.ofMillis(context.getProperty(RECONCILIATION_WAIT).asTimePeriod(TimeUnit.MILLISECONDS)), report);
    }

    /** The planner, which notes other people at an address under the source-ID merge field and hands contacts over. */
    private static SyncPlanner planner(final ProcessContext context, final String versionMergeField) {
        return new SyncPlanner(context.getProperty(STATUS_FOR_NEW_CONTACTS).asAllowableValue(NewContactStatus.class).status(),
                context.getProperty(TERMINATION_ACTION).asAllowableValue(TerminationAction.class),
                context.getProperty(SOURCE_ID_MERGE_FIELD).getValue(), versionMergeField);
    }

    static ContactMapper mapper(final ProcessContext context) {
        final Map<String, RecordPath> mergeFields = new LinkedHashMap<>();
        context.getProperties().keySet().stream().filter(PropertyDescriptor::isDynamic).forEach(descriptor ->
                mergeFields.put(descriptor.getName(), RecordPath.compile(context.getProperty(descriptor).getValue())));
        final String versionField = context.getProperty(SOURCE_VERSION_FIELD).getValue();
        final RecordPath versionPath = versionField == null || versionField.isBlank() ? null : RecordPath.compile(versionField);
        final ContactMapper mapper = new ContactMapper(
                RecordPath.compile(context.getProperty(EMAIL_FIELD).getValue()),
                RecordPath.compile(context.getProperty(SOURCE_ID_FIELD).getValue()),
                context.getProperty(SOURCE_ID_MERGE_FIELD).getValue(),
                RecordPath.compile(context.getProperty(TERMINATION_FIELD).getValue()),
                commaSeparated(context.getProperty(TERMINATION_VALUES).getValue()), mergeFields,
                versionPath, versionPath == null ? null : context.getProperty(SOURCE_VERSION_MERGE_FIELD).getValue(),
                segmentFields(context));
        final String employmentRecordField = context.getProperty(EMPLOYMENT_RECORD_FIELD).getValue();
        return employmentRecordField == null || employmentRecordField.isBlank() ? mapper
                : mapper.withEmploymentRecord(RecordPath.compile(employmentRecordField));
    }

    /** The Interest Category, or {@code null} when no Interest Field is set (it is then hidden and ignored). */
    static String interestCategory(final ProcessContext context) {
        return context.getProperty(INTEREST_FIELD).isSet() ? context.getProperty(INTEREST_CATEGORY).getValue() : null;
    }

    static boolean createMissingInterestGroups(final ProcessContext context) {
        return context.getProperty(INTEREST_FIELD).isSet() && context.getProperty(CREATE_MISSING_INTEREST_GROUPS).asBoolean();
    }

    private static SegmentFields segmentFields(final ProcessContext context) {
        final String interestField = context.getProperty(INTEREST_FIELD).getValue();
        return new SegmentFields(SegmentFields.parseTagFields(context.getProperty(TAG_FIELDS).getValue()),
                interestField == null ? null : RecordPath.compile(interestField));
    }

    /** The non-blank values of a comma-separated list, in order. */
    private static Set<String> commaSeparated(final String value) {
        return value == null ? Set.of() : Arrays.stream(value.split(",")).map(String::trim).filter(v -> !v.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }
}
