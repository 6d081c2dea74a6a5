package io.mlconnector.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlconnector.sandbox.core.TlsMaterial;
import io.mlconnector.sandbox.mailchimp.MailchimpSimulator;
import io.mlconnector.sandbox.peoplesoft.PeopleSoftSimulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The standalone sandbox: both simulators on 127.0.0.1, an employee and a customer audience, and one JSON line on
 * stdout with what the shipped flow's parameters need. Runs until stopped; one log line per request on stderr.
 *
 * <pre>java -jar nifi-mlconnector-sandbox.jar [--peoplesoft-port N] [--mailchimp-port N] [--employees N]
 *     [--customers N] [--seed N] [--https]</pre>
 */
public final class SandboxMain {

    private static final String USAGE = """
            usage: java -jar nifi-mlconnector-sandbox.jar [options]
              --peoplesoft-port N   PeopleSoft simulator port (default 0 = ephemeral)
              --mailchimp-port N    Mailchimp simulator port (default 0 = ephemeral)
              --employees N         seeded employees (default 1000)
              --customers N         seeded customers (default 200)
              --seed N              seed of the generated data (default 42)
              --https               serve HTTPS with a generated certificate; prints the trust store to use
            """;

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
            return;
        }
        // One line per log record, so the request log stays readable on stderr.
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tT %4$s %5$s%6$s%n");
        long seed = Long.parseLong(options.getOrDefault("seed", "42"));
        TlsMaterial tls = options.containsKey("https") ? TlsMaterial.generate() : null;
        PeopleSoftSimulator peopleSoft = PeopleSoftSimulator.builder()
                .employees(Integer.parseInt(options.getOrDefault("employees", "1000")), seed)
                .customers(Integer.parseInt(options.getOrDefault("customers", "200")), seed)
                .port(Integer.parseInt(options.getOrDefault("peoplesoft-port", "0")))
                .tls(tls)
                .start();
        MailchimpSimulator mailchimp = MailchimpSimulator.builder()
                .port(Integer.parseInt(options.getOrDefault("mailchimp-port", "0")))
                .tls(tls)
                .start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            mailchimp.close();
            peopleSoft.close();
            stopped.countDown();
        }, "sandbox-shutdown"));

        ObjectNode ready = new ObjectMapper().createObjectNode();
        ready.put("peoplesoft_base_url", peopleSoft.baseUrl());
        ready.put("peoplesoft_gateway_path", peopleSoft.gatewayPath());
        ready.put("peoplesoft_node", peopleSoft.node());
        ready.put("peoplesoft_user", peopleSoft.username());
        ready.put("peoplesoft_password", peopleSoft.password());
        ready.put("mailchimp_api_base_url", mailchimp.baseUrl());
        ready.put("mailchimp_api_key", mailchimp.apiKey());
        ready.put("mailchimp_employee_audience_id", mailchimp.createAudience("Employees"));
        ready.put("mailchimp_customer_audience_id", mailchimp.createAudience("Customers"));
        if (tls != null) {
            writeTrustStore(tls, ready);
        }
        System.out.println(ready);
        System.out.flush();
        stopped.await();
    }

    private static void writeTrustStore(TlsMaterial tls, ObjectNode ready) throws IOException {
        Path dir = Files.createTempDirectory("mlconnector-sandbox");
        String password = "sandbox";
        ready.put("truststore_path", tls.writeTrustStore(dir, password.toCharArray()).toString());
        ready.put("truststore_type", "PKCS12");
        ready.put("truststore_password", password);
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--https", "--help", "-h" -> options.put(arg.equals("-h") ? "help" : arg.substring(2), "true");
                case "--peoplesoft-port", "--mailchimp-port", "--employees", "--customers", "--seed" -> {
                    if (i + 1 == args.length) {
                        throw new IllegalArgumentException(arg + " needs a value");
                    }
                    String value = args[++i];
                    try {
                        Long.parseLong(value);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(arg + " needs a number, got " + value);
                    }
                    options.put(arg.substring(2), value);
                }
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        return options;
    }
}
