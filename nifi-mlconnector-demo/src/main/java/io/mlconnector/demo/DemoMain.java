package io.mlconnector.demo;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one-command demo ({@code bin/demo}): starts the PeopleSoft and Mailchimp simulators in this JVM and runs
 * {@link Demo} against them; exits 0 when Mailchimp ends up matching PeopleSoft.
 *
 * <pre>bin/demo [--employees N] [--customers N] [--seed N] [--mailchimp-request-ms N] [--mailchimp-member-ms N]</pre>
 *
 * The last two give the Mailchimp simulator a latency per request and per member of a batch, for timing runs that
 * model the real service; both default to 0.
 */
public final class DemoMain {

    private static final Map<String, Integer> DEFAULTS = Map.of("employees", 20_000, "customers", 2_000, "seed", 7,
            "mailchimp-request-ms", 0, "mailchimp-member-ms", 0);
    private static final String USAGE = "usage: bin/demo [--employees N] [--customers N] [--seed N]"
            + " [--mailchimp-request-ms N] [--mailchimp-member-ms N]";

    private DemoMain() {
    }

    public static void main(final String[] args) throws Exception {
        final Map<String, Integer> options = parse(args);
        final boolean matches;
        try (Sandbox sandbox = Sandbox.start(options.get("employees"), options.get("customers"), options.get("seed"),
                Duration.ofMillis(options.get("mailchimp-request-ms")), Duration.ofMillis(options.get("mailchimp-member-ms")))) {
            matches = new Demo(new DemoConsole(System.out)).run(sandbox);
        }
        System.exit(matches ? 0 : 1);
    }

    private static Map<String, Integer> parse(final String[] args) {
        final Map<String, Integer> options = new HashMap<>(DEFAULTS);
        final List<String> words = List.of(args);
        for (int i = 0; i < words.size(); i++) {
            final String name = words.get(i).replaceFirst("^--", "");
            if (!DEFAULTS.containsKey(name) || i + 1 >= words.size() || !words.get(i + 1).matches("\\d+")) {
                System.err.println(USAGE);
                System.exit(2);
            }
            options.put(name, Integer.parseInt(words.get(++i)));
        }
        return options;
    }
}
