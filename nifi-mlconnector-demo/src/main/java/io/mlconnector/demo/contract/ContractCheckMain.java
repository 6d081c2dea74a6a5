package io.mlconnector.demo.contract;

import io.mlconnector.nifi.mailchimp.MailchimpTransientException;
import io.mlconnector.nifi.mailchimp.audience.AudienceException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code bin/mailchimp-contract-check}: run once on a throwaway audience before the first production sync, it shows
 * whether a Mailchimp account answers as the product expects (docs/mailchimp-contract.md). The API key comes from a
 * file or the environment, never the command line, and never appears in the output. Exit code 0 when the product
 * handles every answer, 1 when one is not handled or unexpected, 2 when the check could not run.
 */
public final class ContractCheckMain {

    static final String KEY_VARIABLE = "MAILCHIMP_API_KEY";
    static final String USAGE = """
            usage: bin/mailchimp-contract-check --audience ID --email-domain DOMAIN [--api-key-file FILE] [options]
              --audience ID            a throwaway audience made for this check (its contacts are archived at the end)
              --email-domain DOMAIN    a domain you own: Mailchimp refuses example addresses; no email is sent to it
              --api-key-file FILE      a file holding the Marketing API key; without it, the MAILCHIMP_API_KEY variable
              --api-base-url URL       only for a forwarding proxy or a test server (default: from the key's data center)
              --delete-permanently     delete the check's contacts permanently instead of archiving them
            """;

    private ContractCheckMain() {
    }

    public static void main(final String[] args) {
        System.exit(run(args, System::getenv, System.out, System.err, ContractCheck.Pause.SLEEP));
    }

    /** The whole command, for tests: returns the exit code. */
    static int run(final String[] args, final Function<String, String> environment, final PrintStream out, final PrintStream err,
                   final ContractCheck.Pause pause) {
        final Map<String, String> options;
        final String apiKey;
        try {
            options = parse(args);
            if (options.containsKey("help")) {
                out.print(USAGE);
                return 0;
            }
            apiKey = apiKey(options, environment);
        } catch (final IllegalArgumentException e) {
            err.println(e.getMessage());
            err.print(USAGE);
            return 2;
        }
        final String audienceId = options.get("audience");
        final String dataCenter = apiKey.substring(apiKey.lastIndexOf('-') + 1);
        try (ServiceHost host = new ServiceHost(apiKey, options.get("api-base-url"));
             ServiceHost wrongKey = new ServiceHost("0".repeat(32) + "-" + dataCenter, options.get("api-base-url"))) {
            final ContractCheck check = new ContractCheck(host.service(), audienceId, options.get("email-domain"),
                    Long.toString(System.currentTimeMillis(), 36), pause);
            final String name = check.audienceName();
            out.printf("Mailchimp contract check on audience \"%s\" (%s), data center %s: contacts %s@%s, status %s%n%n",
                    name, audienceId, dataCenter, "mlc-contract-*", options.get("email-domain"), ContractCheck.STATUS);
            final List<Finding> findings = new ArrayList<>(check.run(options.containsKey("delete-permanently")));
            findings.add(ContractCheck.wrongKey(wrongKey.service()));
            findings.addAll(ContractCheck.notProvoked(options.get("email-domain")));
            out.print(ContractTable.render(findings));
            out.println();
            out.printf("%d contacts %s. R1-R4 and R9 are not provoked (see why in the table): the product's handling of their "
                    + "documented answers is shown, and the simulator's tests exercise it.%n", check.createdAddresses().size(),
                    options.containsKey("delete-permanently") ? "deleted permanently" : "archived");
            final long uncovered = findings.stream().filter(f -> !f.isCovered()).count();
            out.println(uncovered == 0 ? "The product handles every answer this account gave."
                    : uncovered + " answer(s) the product does not fully handle: see docs/mailchimp-contract.md before a production sync.");
            return uncovered == 0 ? 0 : 1;
        } catch (final ContractCheck.Refused e) {
            err.println("Mailchimp refused the check: " + e.getMessage());
            return 2;
        } catch (final MailchimpTransientException | AudienceException | IllegalArgumentException e) {
            err.println("The check stopped: " + e.getMessage());
            return 2;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("Interrupted");
            return 2;
        }
    }

    static Map<String, String> parse(final String[] args) {
        final Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            final String arg = args[i];
            switch (arg) {
                case "--help", "-h" -> options.put("help", "");
                case "--delete-permanently" -> options.put("delete-permanently", "");
                case "--audience", "--email-domain", "--api-key-file", "--api-base-url" -> {
                    if (i + 1 == args.length) {
                        throw new IllegalArgumentException(arg + " needs a value");
                    }
                    options.put(arg.substring(2), args[++i]);
                }
                case "--api-key" -> throw new IllegalArgumentException("--api-key is not taken: a key on the command line is seen by "
                        + "every user of this machine; use --api-key-file or " + KEY_VARIABLE);
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        if (!options.containsKey("help") && (!options.containsKey("audience") || !options.containsKey("email-domain"))) {
            throw new IllegalArgumentException("--audience and --email-domain are required");
        }
        return options;
    }

    /** The key from the file, else the environment; checked for Mailchimp's shape without being repeated. */
    private static String apiKey(final Map<String, String> options, final Function<String, String> environment) {
        final String key;
        if (options.containsKey("api-key-file")) {
            try {
                key = Files.readString(Path.of(options.get("api-key-file"))).strip();
            } catch (final IOException e) {
                throw new IllegalArgumentException("cannot read the key file " + options.get("api-key-file") + ": " + e.getClass().getSimpleName());
            }
        } else {
            key = environment.apply(KEY_VARIABLE);
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("no API key: give --api-key-file FILE or set " + KEY_VARIABLE);
            }
        }
        if (!key.strip().matches("[0-9a-f]{8,64}-[a-z]+[0-9]+")) {
            throw new IllegalArgumentException("the key does not look like a Marketing API key (hex digits, '-', data center such as us21)");
        }
        return key.strip();
    }
}
