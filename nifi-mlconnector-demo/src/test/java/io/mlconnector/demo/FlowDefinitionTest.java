package io.mlconnector.demo;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.nifi.flow.ConnectableComponentType;
import org.apache.nifi.flow.ScheduledState;
import org.apache.nifi.flow.VersionedConnection;
import org.apache.nifi.flow.VersionedControllerService;
import org.apache.nifi.flow.VersionedLabel;
import org.apache.nifi.flow.VersionedProcessor;
import org.apache.nifi.registry.flow.RegisteredFlowSnapshot;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped flow definition, checked statically against the components on the classpath. */
class FlowDefinitionTest {

    private static final ComponentCatalog CATALOG = ComponentCatalog.fromClasspath();
    private static final BuildInfo BUILD = BuildInfo.load();

    @Test
    void shippedFlowIsValidAgainstTheRealComponents() {
        final List<String> problems = FlowValidator.validate(FlowDefinition.shipped(), CATALOG, BUILD);
        assertEquals(List.of(), problems, () -> "Problems in the shipped flow:\n" + String.join("\n", problems));
    }

    @Test
    void shippedFlowUsesOnlyFieldsOfNiFisFlowModel() throws IOException {
        // NiFi ignores unknown fields on import, so a misspelt one ("retriedRelationship") would silently do nothing.
        final ObjectMapper strict = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        try (InputStream in = FlowDefinition.class.getResourceAsStream(FlowDefinition.SHIPPED_RESOURCE)) {
            assertNotNull(strict.readValue(in, RegisteredFlowSnapshot.class).getFlowContents());
        }
    }

    @Test
    void shippedFlowHasTheExpectedShape() {
        final FlowDefinition flow = FlowDefinition.shipped();
        assertEquals("PeopleSoft to Mailchimp", flow.group().getParameterContextName());
        assertEquals(Set.of("io.mlconnector.nifi.peoplesoft.StandardPeopleSoftConnectionService",
                        "io.mlconnector.nifi.mailchimp.StandardMailchimpConnectionService",
                        "org.apache.nifi.json.JsonTreeReader", "org.apache.nifi.json.JsonRecordSetWriter"),
                flow.controllerServices().values().stream().map(VersionedControllerService::getType).collect(Collectors.toSet()));
        assertEquals(Set.of("PeopleSoft Password", "Mailchimp API Key"),
                flow.parameters().values().stream().filter(p -> p.isSensitive()).map(p -> p.getName()).collect(Collectors.toSet()));
        final List<VersionedProcessor> puts = flow.processors().stream()
                .filter(p -> p.getType().endsWith("PutMailchimpContact")).toList();
        assertEquals(2, puts.size());
        for (final VersionedProcessor processor : flow.processors()) {
            // Connection-level retry would roll back a whole attempt, and with it the audit of records that did reach Mailchimp.
            assertEquals(Set.of(), processor.getRetriedRelationships(), processor.getName());
            if (processor.getType().endsWith("GetPeopleSoftRecords")) {
                assertEquals("CRON_DRIVEN", processor.getSchedulingStrategy());
                assertEquals("PRIMARY", processor.getExecutionNode());
            }
        }
        for (final VersionedProcessor put : puts) {
            // retry -> its own RetryFlowFile -> retry back to the same Put; what the loop gives up on goes to review.
            final VersionedConnection throttled = only(flow.connectionsFrom(put.getIdentifier()).stream()
                    .filter(c -> c.getSelectedRelationships().contains("retry")).toList(), put.getName());
            assertEquals(Set.of("retry"), throttled.getSelectedRelationships());
            final VersionedProcessor loop = flow.processor(throttled.getDestination().getId());
            assertEquals("org.apache.nifi.processors.standard.RetryFlowFile", loop.getType());
            assertEquals("#{Mailchimp Retries Before Review}", loop.getProperties().get("maximum-retries"));
            assertEquals("true", loop.getProperties().get("penalize-retries"));
            assertEquals("mailchimp.retries", loop.getProperties().get("retry-attribute"));
            assertEquals(List.of(put.getIdentifier()), flow.connectionsFrom(loop.getIdentifier()).stream()
                    .filter(c -> c.getSelectedRelationships().equals(Set.of("retry"))).map(c -> c.getDestination().getId()).toList());
            final VersionedConnection failed = only(flow.connectionsFrom(put.getIdentifier()).stream()
                    .filter(c -> c.getSelectedRelationships().contains("failure")).toList(), put.getName());
            final VersionedConnection exceeded = only(flow.connectionsFrom(loop.getIdentifier()).stream()
                    .filter(c -> c.getSelectedRelationships().contains("retries_exceeded")).toList(), loop.getName());
            assertEquals(Set.of("failure"), failed.getSelectedRelationships());
            assertEquals(Set.of("retries_exceeded", "failure"), exceeded.getSelectedRelationships());
            assertEquals(failed.getDestination().getId(), exceeded.getDestination().getId(), "one review funnel per audience");
        }
        assertEquals("5", flow.parameters().get("Mailchimp Retries Before Review").getValue());
        assertTrue(flow.connections().stream().anyMatch(c -> c.getName().equals("Failed employee records — review and replay")));
        // Review queues keep their FlowFiles until someone looks: no expiration, and one funnel per audience to replay from.
        final List<VersionedConnection> reviewQueues = flow.connections().stream()
                .filter(c -> c.getDestination().getType() == ConnectableComponentType.FUNNEL && c.getName().endsWith("review and replay")).toList();
        assertEquals(4, reviewQueues.size());
        for (final VersionedConnection queue : reviewQueues) {
            assertEquals("0 sec", queue.getFlowFileExpiration(), queue.getName());
        }
        assertEquals(2, reviewQueues.stream().map(c -> c.getDestination().getId()).distinct().count());
    }

    @Test
    void durableAuditCopyShipsDisabledAndFedByNothingUntilConnected() {
        final FlowDefinition flow = FlowDefinition.shipped();
        final VersionedProcessor copy = flow.processorNamed("Write Durable Audit Copy");
        assertEquals("org.apache.nifi.processors.standard.PutFile", copy.getType());
        assertEquals(ScheduledState.DISABLED, copy.getScheduledState());
        assertTrue(copy.getProperties().get("Directory").startsWith("#{Audit Copy Directory}/"));
        // A disabled sink on a live relationship would fill its queue and, by back pressure, stop the sync: the branch
        // starts at a funnel nothing feeds until the user connects the Put processors to it.
        final VersionedConnection in = only(flow.connectionsInto(copy.getIdentifier()).stream()
                .filter(c -> !c.getSource().getId().equals(copy.getIdentifier())).toList(), copy.getName());
        assertEquals(ConnectableComponentType.FUNNEL, in.getSource().getType());
        assertEquals(List.of(), flow.connectionsInto(in.getSource().getId()));
        // Files it cannot write wait and are tried again, never dropped.
        assertEquals(List.of(Set.of("failure")), flow.connectionsFrom(copy.getIdentifier()).stream()
                .filter(c -> c.getDestination().getId().equals(copy.getIdentifier())).map(VersionedConnection::getSelectedRelationships).toList());
        flow.processors().stream().filter(p -> p.getType().endsWith("PutMailchimpContact"))
                .forEach(put -> assertEquals("false", put.getProperties().get("Email Address in Provenance"), put.getName()));
    }

    @Test
    void dryRunReportsWaitInAQueueThatARealRunLeavesEmpty() {
        final FlowDefinition flow = FlowDefinition.shipped();
        final VersionedProcessor keep = flow.processorNamed("Keep Dry Run Reports");
        assertEquals("org.apache.nifi.processors.standard.RouteOnAttribute", keep.getType());
        // Only the dry run's FlowFiles carry would_* counts: a real run's are dropped here, so no production queue fills.
        assertEquals("${mailchimp.would_create.count:isNull():not()}", keep.getProperties().get("dry run report"));
        assertEquals(Set.of("unmatched"), keep.getAutoTerminatedRelationships());
        for (final VersionedProcessor put : flow.processors().stream().filter(p -> p.getType().endsWith("PutMailchimpContact")).toList()) {
            assertEquals(List.of(keep.getIdentifier()), flow.connectionsFrom(put.getIdentifier()).stream()
                    .filter(c -> c.getSelectedRelationships().equals(Set.of("success"))).map(c -> c.getDestination().getId()).toList(), put.getName());
            assertEquals(Set.of(), put.getAutoTerminatedRelationships(), put.getName());
        }
        final VersionedConnection reports = only(flow.connectionsFrom(keep.getIdentifier()), keep.getName());
        assertEquals(Set.of("dry run report"), reports.getSelectedRelationships());
        assertEquals(ConnectableComponentType.FUNNEL, reports.getDestination().getType());
        assertEquals("0 sec", reports.getFlowFileExpiration(), "reports wait until someone reads them");
    }

    @Test
    void labelsShowAllTheirTextAndDoNotOverlap() {
        final List<VersionedLabel> labels = List.copyOf(FlowDefinition.shipped().group().getLabels());
        for (final VersionedLabel label : labels) {
            assertTrue(LabelFit.lines(label) <= LabelFit.linesShown(label), () -> "the label \"" + start(label) + "\" needs "
                    + LabelFit.lines(label) + " lines at width " + label.getWidth() + "; at height " + label.getHeight()
                    + " NiFi shows " + LabelFit.linesShown(label));
        }
        for (final VersionedLabel a : labels) {
            for (final VersionedLabel b : labels) {
                assertTrue(a == b || !overlap(a, b), () -> "\"" + start(a) + "\" overlaps \"" + start(b) + "\"");
            }
        }
    }

    @Test
    void labelFitCatchesTheLabelIssue19FoundCutOff() {
        // NiFi 2.6.0 cut the last line of the retry label at 420 x 165 px; at that size the check must fail.
        final VersionedLabel retry = FlowDefinition.shipped().group().getLabels().stream()
                .filter(l -> l.getLabel().startsWith("retry:")).findFirst().orElseThrow();
        retry.setWidth(420.0);
        retry.setHeight(165.0);
        assertTrue(LabelFit.lines(retry) > LabelFit.linesShown(retry), LabelFit.lines(retry) + " lines");
        retry.setHeight(LabelFit.LINE_HEIGHT_EM * 12 * (LabelFit.lines(retry) + 1));
        assertEquals(LabelFit.lines(retry), LabelFit.linesShown(retry), "a line more of height shows them all");
    }

    private static String start(final VersionedLabel label) {
        return label.getLabel().substring(0, Math.min(40, label.getLabel().length()));
    }

    private static boolean overlap(final VersionedLabel a, final VersionedLabel b) {
        return a.getPosition().getX() < b.getPosition().getX() + b.getWidth() && b.getPosition().getX() < a.getPosition().getX() + a.getWidth()
                && a.getPosition().getY() < b.getPosition().getY() + b.getHeight() && b.getPosition().getY() < a.getPosition().getY() + a.getHeight();
    }

    private static VersionedConnection only(final List<VersionedConnection> connections, final String what) {
        assertEquals(1, connections.size(), what);
        return connections.getFirst();
    }

    @Test
    void validatorReportsTheMistakesItIsThereToCatch() {
        final FlowDefinition flow = FlowDefinition.shipped();
        final VersionedControllerService writer = flow.controllerServices().values().stream()
                .filter(s -> s.getType().endsWith("JsonRecordSetWriter")).findFirst().orElseThrow();
        writer.getProperties().put("Output Grouping", "output-array");
        writer.getProperties().put("suppress-nulls", "drop-them");
        writer.getProperties().remove("Allow Scientific Notation");
        final VersionedControllerService reader = flow.controllerServices().values().stream()
                .filter(s -> s.getType().endsWith("JsonTreeReader")).findFirst().orElseThrow();
        reader.getProperties().put("schema-text", "#{No Such Parameter}");
        flow.parameters().get("PeopleSoft Password").setValue("secret-in-the-file");
        flow.processors().getFirst().getAutoTerminatedRelationships().add("no-such-relationship");
        flow.parameters().get("Employee Poll Schedule").setValue("0 0/15 * * * ? 2030");
        final List<String> reviewFunnels = flow.connections().stream()
                .filter(c -> c.getDestination().getType() == ConnectableComponentType.FUNNEL && c.getName().endsWith("review and replay"))
                .map(c -> c.getDestination().getId()).distinct().toList();
        final String kept = reviewFunnels.get(0);
        final String other = reviewFunnels.get(1);
        flow.connections().stream().filter(c -> c.getDestination().getId().equals(other))
                .forEach(c -> c.getDestination().setId(kept));

        final List<String> problems = FlowValidator.validate(flow, CATALOG, BUILD);

        assertContains(problems, "controller service 'JSON Writer': property 'Output Grouping' is not defined by JsonRecordSetWriter");
        assertContains(problems, "controller service 'JSON Writer': property 'suppress-nulls' = 'drop-them' is not one of");
        assertContains(problems, "parameter No Such Parameter: is referenced but not defined");
        assertContains(problems, "parameter PeopleSoft Password: is sensitive but carries a value");
        assertContains(problems, "autoTerminatedRelationships names 'no-such-relationship'");
        assertContains(problems, "does not have the 6 fields NiFi 2 accepts");
        assertContains(problems, "controller service 'JSON Writer': NiFi would set property 'Allow Scientific Notation' to 'true'");
        assertContains(problems, "funnel " + kept + ": collects the queues of 4 components that are not one retry loop");
    }

    private static void assertContains(final List<String> problems, final String expected) {
        assertTrue(problems.stream().anyMatch(p -> p.contains(expected)),
                () -> "Expected a problem containing \"" + expected + "\" in:\n" + String.join("\n", problems));
    }
}
