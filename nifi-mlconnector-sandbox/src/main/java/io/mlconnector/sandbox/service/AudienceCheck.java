package io.mlconnector.sandbox.service;

import io.mlconnector.sandbox.mailchimp.Audience;
import io.mlconnector.sandbox.mailchimp.Member;
import org.apache.nifi.flow.VersionedProcessor;
import org.apache.nifi.record.path.FieldValue;
import org.apache.nifi.record.path.RecordPath;
import org.apache.nifi.serialization.SimpleRecordSchema;
import org.apache.nifi.serialization.record.MapRecord;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.apache.nifi.serialization.record.RecordSchema;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Does a Mailchimp audience hold exactly what PeopleSoft does, under a PutMailchimpContact processor's configuration
 * in the flow? Rows are grouped by person (source ID): a person with several jobs has one row per job and is active
 * while any of them is. Every person active in PeopleSoft is a contact with the new-contact status, their email and the
 * mapped merge fields (a field on which their jobs differ holds the value of one of their jobs); every terminated
 * person is either absent (never synced) or in the state the termination action gives; and no contact exists that
 * PeopleSoft does not explain (no duplicate, no old address after an email change).
 * Expectations come from the flow's own properties and RecordPaths, so the check follows the flow as shipped.
 */
public final class AudienceCheck {

    /** The outcome: contacts by status, and every difference found. */
    public record Result(String audience, int rows, Map<String, Integer> contactsByStatus, List<String> differences) {
        public boolean matches() {
            return differences.isEmpty();
        }

        @Override
        public String toString() {
            return audience + ": " + rows + " PeopleSoft rows, contacts " + contactsByStatus
                    + (matches() ? ", matches" : ", " + differences.size() + " differences, e.g. "
                    + differences.subList(0, Math.min(10, differences.size())));
        }
    }

    private final String emailPath;
    private final String sourceIdPath;
    private final String sourceIdTag;
    private final String terminationPath;
    private final Set<String> terminationValues;
    private final String terminationAction;
    private final String newContactStatus;
    private final String orphanPolicy;
    private final Map<String, String> mergeFieldPaths = new TreeMap<>();
    private final Map<String, RecordPath> compiled = new HashMap<>();

    private AudienceCheck(final VersionedProcessor put, final Map<String, String> parameterValues) {
        final Map<String, String> properties = new HashMap<>();
        put.getProperties().forEach((name, value) -> properties.put(name, ShippedFlow.resolve(value, parameterValues)));
        emailPath = required(properties, "Email Field");
        sourceIdPath = required(properties, "Source ID Field");
        sourceIdTag = required(properties, "Source ID Merge Field");
        terminationPath = required(properties, "Termination Field");
        terminationValues = Arrays.stream(required(properties, "Termination Values").split(","))
                .map(String::strip).collect(Collectors.toSet());
        terminationAction = required(properties, "Termination Action");
        newContactStatus = required(properties, "Status For New Contacts");
        orphanPolicy = properties.getOrDefault("Orphan Policy", "Report Only");
        put.getPropertyDescriptors().values().stream().filter(d -> d.isDynamic())
                .forEach(d -> mergeFieldPaths.put(d.getName(), properties.get(d.getName())));
    }

    /** Compares the audience with the rows, under the given Put processor's configuration and parameter values. */
    public static Result check(final VersionedProcessor put, final Map<String, String> parameterValues,
                               final List<Map<String, Object>> rows, final Audience audience) {
        return new AudienceCheck(put, parameterValues).compare(rows, audience);
    }

    private Result compare(final List<Map<String, Object>> rows, final Audience audience) {
        final List<String> differences = new ArrayList<>();
        final Map<String, List<Member>> membersBySourceId = new HashMap<>();
        final List<Member> members = audience.members();
        for (final Member member : members) {
            final String sourceId = text(member.mergeFields().get(sourceIdTag));
            if (sourceId == null) {
                differences.add("contact " + member.email() + " has no " + sourceIdTag + ": PeopleSoft does not explain it");
            } else {
                membersBySourceId.computeIfAbsent(sourceId, id -> new ArrayList<>()).add(member);
            }
        }
        final Map<String, List<Record>> people = new LinkedHashMap<>();
        for (final Map<String, Object> row : rows) {
            final Record record = record(row);
            people.computeIfAbsent(evaluate(sourceIdPath, record), id -> new ArrayList<>()).add(record);
        }
        people.forEach((sourceId, jobs) -> {
            final Record record = jobs.getFirst();
            final String email = evaluate(emailPath, record);
            final boolean terminated = jobs.stream().allMatch(job -> terminationValues.contains(evaluate(terminationPath, job)));
            final List<Member> found = membersBySourceId.getOrDefault(sourceId, List.of());
            membersBySourceId.remove(sourceId);
            if (found.size() > 1) {
                differences.add(sourceIdTag + " " + sourceId + " has " + found.size() + " contacts: "
                        + found.stream().map(Member::email).toList());
                return;
            }
            final Member member = found.isEmpty() ? null : found.getFirst();
            if (email == null) {
                if (member != null) {
                    differences.add(sourceId + " has no email in PeopleSoft but a contact " + member.email());
                }
            } else if (terminated) {
                checkTerminated(sourceId, member, differences);
            } else {
                checkActive(sourceId, email, jobs, member, differences);
            }
        });
        membersBySourceId.forEach((sourceId, stray) -> {
            if (!stray.stream().allMatch(this::orphanAsPolicyLeavesIt)) {
                differences.add("contact(s) " + stray.stream().map(Member::email).toList() + " with " + sourceIdTag + " " + sourceId
                        + " are not in PeopleSoft (Orphan Policy " + orphanPolicy + ")");
            }
        });
        final Map<String, Integer> byStatus = new TreeMap<>();
        members.forEach(m -> byStatus.merge(m.status(), 1, Integer::sum));
        return new Result(audience.name(), rows.size(), byStatus, List.copyOf(differences));
    }

    private void checkActive(final String sourceId, final String email, final List<Record> jobs, final Member member,
                             final List<String> differences) {
        if (member == null) {
            differences.add(sourceId + " <" + email + "> is active in PeopleSoft but not in Mailchimp");
            return;
        }
        if (!member.email().equalsIgnoreCase(email)) {
            differences.add(sourceId + ": Mailchimp has <" + member.email() + ">, PeopleSoft <" + email + ">");
        }
        if (!newContactStatus.equals(member.status())) {
            differences.add(sourceId + " <" + email + "> is active but " + member.status() + " in Mailchimp");
        }
        mergeFieldPaths.forEach((tag, path) -> {
            final Set<String> expected = new LinkedHashSet<>();
            jobs.forEach(job -> expected.add(evaluate(path, job)));
            final String actual = text(member.mergeFields().get(tag));
            if (!expected.contains(actual)) {
                differences.add(sourceId + " " + tag + ": Mailchimp has '" + actual + "', PeopleSoft '"
                        + String.join("' or '", expected.stream().map(String::valueOf).toList()) + "'");
            }
        });
    }

    /** A contact PeopleSoft does not hold, after a reconciliation pass under the Put's Orphan Policy (consent kept). */
    private boolean orphanAsPolicyLeavesIt(final Member member) {
        return switch (orphanPolicy) {
            case "Archive" -> Set.of("archived", "unsubscribed", "cleaned", "pending").contains(member.status());
            case "Unsubscribe" -> Set.of("archived", "unsubscribed", "cleaned").contains(member.status());
            default -> false;
        };
    }

    private void checkTerminated(final String sourceId, final Member member, final List<String> differences) {
        if (member == null || "None".equals(terminationAction)) {
            return; // never added, or left as it was by policy
        }
        final String expected = "Archive".equals(terminationAction) ? "archived" : "unsubscribed";
        if (!expected.equals(member.status())) {
            differences.add(sourceId + " <" + member.email() + "> is terminated but " + member.status()
                    + " in Mailchimp (policy " + terminationAction + ")");
        }
    }

    private static Record record(final Map<String, Object> row) {
        final List<RecordField> fields = row.keySet().stream()
                .map(name -> new RecordField(name, RecordFieldType.STRING.getDataType())).toList();
        final RecordSchema schema = new SimpleRecordSchema(fields);
        return new MapRecord(schema, new HashMap<>(row));
    }

    private String evaluate(final String path, final Record record) {
        return compiled.computeIfAbsent(path, RecordPath::compile).evaluate(record).getSelectedFields().findFirst()
                .map(FieldValue::getValue).map(AudienceCheck::text).orElse(null);
    }

    private static String text(final Object value) {
        if (value == null) {
            return null;
        }
        final String text = value.toString().strip();
        return text.isEmpty() ? null : text;
    }

    private static String required(final Map<String, String> properties, final String name) {
        final String value = properties.get(name);
        if (value == null) {
            throw new IllegalArgumentException("The flow's Put processor does not set '" + name + "'");
        }
        return value;
    }
}
