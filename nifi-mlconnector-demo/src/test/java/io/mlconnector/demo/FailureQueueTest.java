package io.mlconnector.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlconnector.sandbox.mailchimp.Member;
import io.mlconnector.sandbox.peoplesoft.Employee;
import io.mlconnector.sandbox.peoplesoft.HrData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A record Mailchimp cannot take (an email PeopleSoft holds in a malformed form) ends in the shipped flow's review
 * queue with its reason, and the contact in Mailchimp is left as it was.
 */
class FailureQueueTest {

    private static final String REVIEW_QUEUE = "Failed employee records — review and replay";

    @Test
    @Timeout(120)
    void rejectedRecordWaitsInTheReviewQueueWithItsReason() throws IOException, InterruptedException {
        final FlowDefinition flow = FlowDefinition.shipped();
        try (Sandbox sandbox = Sandbox.start(300, 30, 5);
             FlowRunner runner = FlowRunner.create(flow, ComponentCatalog.fromClasspath(), sandbox.parameterBindings(), step -> { })) {
            runner.runOnce();
            assertEquals(Map.of(), runner.queued());

            final HrData hr = sandbox.peopleSoft().hr();
            final Employee employee = hr.employeeStream().filter(Employee::isActive).findFirst().orElseThrow();
            hr.changeEmail(employee.emplid(), "not an email address");
            Sandbox.letChangesSettle();
            final FlowRunner.RunResult second = runner.runOnce();

            assertEquals(List.of(), second.errors());
            final Map<String, List<FlowRunner.Queued>> queued = runner.queued();
            assertEquals(List.of(REVIEW_QUEUE), List.copyOf(queued.keySet()));
            assertEquals(1, queued.get(REVIEW_QUEUE).size());
            final JsonNode records = new ObjectMapper().readTree(queued.get(REVIEW_QUEUE).getFirst().content());
            assertEquals(1, records.size());
            final JsonNode record = records.get(0);
            assertEquals(employee.emplid(), record.path("EMPLID").asText());
            assertEquals("failed", record.path("mailchimp_action").asText());
            assertTrue(record.path("mailchimp_reason").asText().contains("email"), record::toString);

            final Member contact = sandbox.mailchimp().audience(sandbox.employeeAudience()).member(employee.email()).orElseThrow();
            assertEquals("subscribed", contact.status(), "the contact keeps its last good state");
        }
    }
}
