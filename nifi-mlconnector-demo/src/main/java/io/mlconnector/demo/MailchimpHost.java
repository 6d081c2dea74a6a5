package io.mlconnector.demo;

import io.mlconnector.sandbox.core.SimClock;
import io.mlconnector.sandbox.mailchimp.Audience;
import io.mlconnector.sandbox.mailchimp.MailchimpSimulator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * A Mailchimp simulator in a JVM of its own, for {@code bin/benchmark}: the heap scenario's audience of N members must
 * not share the heap that is measured, and the no-latency runs keep one simulator, warm, for all their runs. Prints
 * {@code BIND name=value} for each Mailchimp parameter of the flow, then {@code READY} once the members are in, then
 * serves until its standard input closes. Each line {@value #NEW_AUDIENCE} read from it replaces the audience with a
 * new, empty one and prints its {@code BIND} line and {@code READY} again.
 *
 * <pre>java -cp ... io.mlconnector.demo.MailchimpHost N</pre>
 */
public final class MailchimpHost {

    /** What {@link #member} holds, as the shipped flow's Put maps {@link Benchmark}'s records of the same people. */
    static final String VERSION = "2026-01-01T00:00:00Z";
    static final String DEPARTMENT = "Sales";
    static final String JOB_TITLE = "Clerk";
    static final String NEW_AUDIENCE = "NEW AUDIENCE";
    private static final String AUDIENCE_BINDING = "Employee Audience ID";

    private MailchimpHost() {
    }

    public static void main(final String[] args) throws IOException {
        final int members = Integer.parseInt(args[0]);
        // Members changed one second apart, up to now: the index's watermark then lists only the last one's second.
        final SimClock clock = SimClock.system();
        clock.advance(Duration.ofSeconds(-members));
        try (MailchimpSimulator mailchimp = MailchimpSimulator.builder().clock(clock).start()) {
            String audienceId = newAudience(mailchimp);
            final Audience audience = mailchimp.audience(audienceId);
            for (int i = 0; i < members; i++) {
                audience.seedMember(email(i), "subscribed", member(i));
                clock.advance(Duration.ofSeconds(1));
            }
            System.out.println("BIND Mailchimp API Base URL=" + mailchimp.baseUrl());
            System.out.println("BIND Mailchimp API Key=" + mailchimp.apiKey());
            ready(audienceId);
            final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            // Serves until the benchmark closes the pipe (or ends).
            for (String line; (line = in.readLine()) != null; ) {
                if (line.equals(NEW_AUDIENCE)) {
                    mailchimp.deleteAudience(audienceId);
                    audienceId = newAudience(mailchimp);
                    ready(audienceId);
                }
            }
        }
    }

    private static String newAudience(final MailchimpSimulator mailchimp) {
        final String audienceId = mailchimp.createAudience("Employees");
        final Audience audience = mailchimp.audience(audienceId);
        for (final String tag : new String[] {"FNAME", "LNAME", "DEPT", "JOBTITLE", "EMPLID", "SRCVERSION", "SYNCTAGS"}) {
            audience.addMergeField(tag, "text", false);
        }
        return audienceId;
    }

    private static void ready(final String audienceId) {
        System.out.println("BIND " + AUDIENCE_BINDING + "=" + audienceId);
        System.out.println("READY");
        System.out.flush();
    }

    static String email(final int i) {
        return "member" + i + "@example.com";
    }

    private static Map<String, Object> member(final int i) {
        return Map.of("FNAME", "First" + i, "LNAME", "Last" + i, "DEPT", DEPARTMENT, "JOBTITLE", JOB_TITLE, "EMPLID", "M" + i,
                "SRCVERSION", VERSION, "SYNCTAGS", "Dept: " + DEPARTMENT);
    }
}
