package io.mlconnector.sandbox.mailchimp;

import io.mlconnector.sandbox.core.SimClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

import java.time.Instant;

/** One simulator on a fixed clock per test class, a fresh audience per test. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AudienceTestBase {

    final SimClock clock = SimClock.fixed(Instant.parse("2026-01-05T10:00:00Z"));
    MailchimpSimulator mc;
    McClient client;
    String listId;
    Audience audience;

    @BeforeAll
    void startSimulator() {
        mc = MailchimpSimulator.builder().clock(clock).start();
        client = McClient.basic(mc);
    }

    @AfterAll
    void stopSimulator() {
        mc.close();
    }

    @BeforeEach
    void newAudience() {
        listId = mc.createAudience("Employees");
        audience = mc.audience(listId);
    }
}
