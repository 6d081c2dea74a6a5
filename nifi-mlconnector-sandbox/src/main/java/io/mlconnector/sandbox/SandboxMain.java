package io.mlconnector.sandbox;

import io.mlconnector.sandbox.core.SimServer;
import io.mlconnector.sandbox.core.TlsMaterial;
import io.mlconnector.sandbox.mailchimp.MailchimpSettings;
import io.mlconnector.sandbox.mailchimp.MailchimpSwitches;
import io.mlconnector.sandbox.service.AdminApi;
import io.mlconnector.sandbox.service.ParameterFiles;
import io.mlconnector.sandbox.service.SandboxService;
import io.mlconnector.sandbox.service.ShippedFlow;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The standalone sandbox, a service for a real NiFi: both simulators and the admin API on 127.0.0.1. It prints the
 * shipped flow's parameters with the values that point it here, writes them as files NiFi's
 * KubernetesSecretParameterProvider reads, and runs until stopped; one log line per request on stderr.
 */
public final class SandboxMain {

    private static final String USAGE = """
            usage: java -jar nifi-mlconnector-sandbox.jar [options]
              --peoplesoft-port N        PeopleSoft simulator port (default 0 = ephemeral)
              --mailchimp-port N         Mailchimp simulator port (default 0 = ephemeral)
              --admin-port N             admin API port (default 0 = ephemeral)
              --employees N              seeded employees (default 1000)
              --customers N              seeded customers (default 200)
              --seed N                   seed of the generated data (default 42)
              --mailchimp-request-ms N   Mailchimp answers each request after N ms (default 0), like bin/demo
              --mailchimp-member-ms N    ...plus N ms per member of a batch (default 0)
              --parameters-dir DIR       where to write the parameter files (default: a new temporary directory)
              --https                    serve HTTPS with a generated certificate; prints the trust store to use
              --mailchimp NAME=VALUE     sets a Mailchimp behaviour switch (repeatable); the switches, default first:
            """ + MailchimpSwitches.usage("    ");
    private static final Map<String, String> DEFAULTS = Map.of("peoplesoft-port", "0", "mailchimp-port", "0", "admin-port", "0",
            "employees", "1000", "customers", "200", "seed", "42", "mailchimp-request-ms", "0", "mailchimp-member-ms", "0");

    private SandboxMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        if (options.containsKey("help")) {
            System.out.print(USAGE);
            System.out.println();
            System.out.print(AdminApi.USAGE);
            return;
        }
        // One line per log record, so the request log stays readable on stderr.
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tT %4$s %5$s%6$s%n");
        TlsMaterial tls = options.containsKey("https") ? TlsMaterial.generate() : null;
        SandboxService sandbox = SandboxService.start(new SandboxService.Options(number(options, "employees"),
                number(options, "customers"), number(options, "seed"), number(options, "peoplesoft-port"),
                number(options, "mailchimp-port"), tls, Duration.ofMillis(number(options, "mailchimp-request-ms")),
                Duration.ofMillis(number(options, "mailchimp-member-ms"))));
        options.getOrDefault("mailchimp", "").lines().forEach(assignment -> MailchimpSwitches.apply(sandbox.mailchimp().settings(), assignment));
        SimServer admin = AdminApi.serve(sandbox, number(options, "admin-port"));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            admin.close();
            sandbox.close();
            stopped.countDown();
        }, "sandbox-shutdown"));

        ShippedFlow flow = ShippedFlow.load();
        Path parametersDir = options.containsKey("parameters-dir") ? Path.of(options.get("parameters-dir"))
                : Files.createTempDirectory("mlconnector-sandbox-parameters");
        Path group = ParameterFiles.write(parametersDir.toAbsolutePath(), flow, sandbox.parameterBindings());
        ready(System.out, sandbox, flow, group, admin, tls);
        System.out.println("Mailchimp switches: " + MailchimpSwitches.describe(sandbox.mailchimp().settings()));
        stopped.await();
    }

    private static void ready(PrintStream out, SandboxService sandbox, ShippedFlow flow, Path group, SimServer admin,
                              TlsMaterial tls) throws IOException {
        out.printf("Sandbox ready: PeopleSoft %s (%,d employees, %,d customers), Mailchimp %s.%n",
                sandbox.peopleSoft().baseUrl(), sandbox.peopleSoft().hr().employeeCount(),
                sandbox.peopleSoft().hr().customers().size(), sandbox.mailchimp().baseUrl());
        out.println();
        out.printf("Parameters of the flow's context \"%s\" to change (name = value):%n", flow.parameterContextName());
        sandbox.parameterBindings().forEach((name, value) -> out.println("  " + name + " = " + value));
        out.println();
        out.println("Or let NiFi read them all: Controller Settings > Parameter Providers > add " + ParameterFiles.PROVIDER + " with");
        out.println("  Parameter Group Directories = " + group);
        out.println("  Parameter Value Encoding = Plain text");
        out.println("  (their REST names: parameter-group-directories, and parameter-value-encoding with the value plaintext)");
        out.println("  then Fetch Parameters, mark " + String.join(" and ", ParameterFiles.sensitive(flow))
                + " sensitive, and create a parameter context from the group \"" + group.getFileName() + "\"");
        if (tls != null) {
            Path dir = Files.createTempDirectory("mlconnector-sandbox");
            String password = "sandbox";
            out.println();
            out.println("HTTPS: trust this store in an SSL Context Service");
            out.println("  Truststore Filename = " + tls.writeTrustStore(dir, password.toCharArray()));
            out.println("  Truststore Type = PKCS12");
            out.println("  Truststore Password = " + password);
        }
        out.println();
        out.println("Admin API = " + admin.baseUrl() + "   (GET / lists the endpoints; try GET /parity)");
        out.flush();
    }

    private static int number(Map<String, String> options, String name) {
        return Integer.parseInt(options.getOrDefault(name, DEFAULTS.get(name)));
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg.startsWith("--") ? arg.substring(2) : arg;
            if (arg.equals("--https") || arg.equals("--help") || arg.equals("-h")) {
                options.put(arg.equals("-h") ? "help" : name, "true");
                continue;
            }
            if (!DEFAULTS.containsKey(name) && !name.equals("parameters-dir") && !name.equals("mailchimp") || !arg.startsWith("--")) {
                throw new IllegalArgumentException("unknown option " + arg);
            }
            if (i + 1 == args.length) {
                throw new IllegalArgumentException(arg + " needs a value");
            }
            String value = args[++i];
            if (DEFAULTS.containsKey(name) && !value.matches("\\d{1,9}")) {
                throw new IllegalArgumentException(arg + " needs a number, got " + value);
            }
            if (name.equals("mailchimp")) {
                MailchimpSwitches.apply(new MailchimpSettings(), value);
                options.merge(name, value, (earlier, later) -> earlier + "\n" + later);
            } else {
                options.put(name, value);
            }
        }
        return options;
    }
}
