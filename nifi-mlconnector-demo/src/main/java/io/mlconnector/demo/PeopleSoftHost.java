package io.mlconnector.demo;

import java.io.IOException;

/**
 * The sandbox's PeopleSoft simulator with N seeded employees in a JVM of its own, for {@code bin/benchmark}'s CPU
 * scenario: its work and its garbage (it builds every row it serves) must not count as GetPeopleSoftRecords's, as they
 * do not in NiFi. Prints {@code BIND name=value} for each of the sandbox's flow parameters (its Mailchimp's unused
 * where a {@link MailchimpHost} is bound after them), then {@code READY}, then serves until its standard input closes.
 *
 * <pre>java -cp ... io.mlconnector.demo.PeopleSoftHost EMPLOYEES SEED</pre>
 */
public final class PeopleSoftHost {

    private PeopleSoftHost() {
    }

    public static void main(final String[] args) throws IOException {
        try (Sandbox sandbox = Sandbox.start(Integer.parseInt(args[0]), 0, Long.parseLong(args[1]))) {
            sandbox.parameterBindings().forEach((name, value) -> System.out.println("BIND " + name + "=" + value));
            System.out.println("READY");
            System.out.flush();
            while (System.in.read() >= 0) {
                // Serves until the benchmark closes the pipe (or ends).
            }
        }
    }
}
