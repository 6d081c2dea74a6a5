package io.mlconnector.nifi.mailchimp;

import io.mlconnector.nifi.http.Credentials;
import io.mlconnector.nifi.http.EnabledClient;
import io.mlconnector.nifi.http.HttpClientFactory;
import io.mlconnector.nifi.http.HttpClientSettings;
import io.mlconnector.nifi.http.HttpProperties;
import io.mlconnector.nifi.http.HttpUrlValidator;
import io.mlconnector.nifi.http.SecretRedactor;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.lifecycle.OnDisabled;
import org.apache.nifi.annotation.lifecycle.OnEnabled;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.ValidationContext;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.context.PropertyContext;
import org.apache.nifi.controller.AbstractControllerService;
import org.apache.nifi.controller.ConfigurationContext;
import org.apache.nifi.controller.VerifiableControllerService;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.processor.util.StandardValidators;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

@Tags({"mailchimp", "marketing", "audience", "credentials", "http"})
@CapabilityDescription("Holds a Mailchimp Marketing API key and one pooled HTTP client for it. It derives the data"
        + " center's API URL from the key, keeps the simultaneous requests made with the key under Mailchimp's limit"
        + " across every processor that uses the service and every node of the cluster, and retries throttling (429, or 403 with an empty body), 5xx,"
        + " connection resets and timeouts with exponential backoff and jitter. Throttling that persists raises a warning"
        + " bulletin naming the likely causes, and processors count throttled answers and retries. Verification pings the API,"
        + " lists the account and the audiences the key can see, and tells this node's share of the connection budget.")
public class StandardMailchimpConnectionService extends AbstractControllerService
        implements MailchimpConnectionService, VerifiableControllerService {

    static final String CONNECTION_BUDGET = "Connection Budget";

    /** Mailchimp ignores the Basic user name; the key is the password. */
    private static final String API_USER = "mlconnector";

    static final PropertyDescriptor API_KEY = new PropertyDescriptor.Builder()
            .name("API Key")
            .description("A Marketing API key (Account > Extras > API keys). Its suffix after the last '-' is the data"
                    + " center, e.g. us21, which gives the API URL https://us21.api.mailchimp.com/3.0.")
            .required(true)
            .sensitive(true)
            .addValidator(MailchimpApiKey.VALIDATOR)
            .build();

    static final PropertyDescriptor API_BASE_URL = new PropertyDescriptor.Builder()
            .name("API Base URL")
            .description("Overrides the API URL derived from the key, for a forwarding proxy or a test server; it must"
                    + " end with the API version, e.g. https://us21.api.mailchimp.com/3.0. Plain http is accepted only to this"
                    + " machine (localhost or a loopback address). Leave empty in production.")
            .required(false)
            .addValidator(new HttpUrlValidator(true, true, "https://us21.api.mailchimp.com/3.0"))
            .build();

    static final PropertyDescriptor MAX_CONCURRENT_REQUESTS = new PropertyDescriptor.Builder()
            .name("Max Concurrent Requests")
            .description("The most requests in flight at once with this key, across every processor using the service"
                    + " and, in a cluster, across its nodes: each node uses max(1, this ÷ nodes), the nodes being the cluster"
                    + " members NiFi lists (connected or not; a disconnected node keeps the count it last saw) or Cluster Nodes"
                    + " Sharing This Key, following nodes as they join and leave. Mailchimp allows 10 simultaneous connections"
                    + " per key and answers 429 beyond that; lower it when other systems use the same key.")
            .required(true)
            .defaultValue("10")
            .addValidator(StandardValidators.createLongValidator(1, 100, true))
            .build();

    static final PropertyDescriptor CLUSTER_NODES = new PropertyDescriptor.Builder()
            .name("Cluster Nodes Sharing This Key")
            .description("How many NiFi nodes share Max Concurrent Requests. Leave empty to follow NiFi: the cluster members it"
                    + " lists, or 1 when not clustered. Set it when NiFi cannot tell: it lists members by host name, so nodes"
                    + " on one host or behind one name count once; or when separate NiFi instances use the same key.")
            .required(false)
            .addValidator(StandardValidators.createLongValidator(1, 100, true))
            .build();

    static final PropertyDescriptor MAX_RETRIES = new PropertyDescriptor.Builder()
            .name("Max Retries")
            .description("How often a throttled (429, or 403 with an empty body), 5xx, reset or timed-out request is"
                    + " retried, with exponential backoff and jitter (or the server's Retry-After), before it fails as"
                    + " transient and its records are routed to retry. Other 4xx answers are never retried.")
            .required(true)
            .defaultValue("5")
            .addValidator(StandardValidators.createLongValidator(0, 20, true))
            .build();

    private static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS = List.of(
            API_KEY,
            API_BASE_URL,
            MAX_CONCURRENT_REQUESTS,
            CLUSTER_NODES,
            HttpProperties.SSL_CONTEXT_SERVICE,
            HttpProperties.PROXY_CONFIGURATION_SERVICE,
            HttpProperties.CONNECT_TIMEOUT,
            HttpProperties.READ_TIMEOUT,
            MAX_RETRIES
    );

    private final RetryBackoff backoff;
    private final LongSupplier nanoClock;
    private final ClusterMembership membership = new ClusterMembership(this::getNodeTypeProvider);
    private final EnabledClient<MailchimpClient> client = new EnabledClient<>("The Mailchimp connection service");

    public StandardMailchimpConnectionService() {
        this(RetryBackoff.DEFAULT);
    }

    /** For tests: a short backoff or one that records the waits instead of sleeping. */
    StandardMailchimpConnectionService(final RetryBackoff backoff) {
        this(backoff, System::nanoTime);
    }

    /** For tests: also a clock that tells how long throttling lasted and when to read the cluster's members again. */
    StandardMailchimpConnectionService(final RetryBackoff backoff, final LongSupplier nanoClock) {
        this.backoff = backoff;
        this.nanoClock = nanoClock;
    }

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return PROPERTY_DESCRIPTORS;
    }

    @Override
    protected Collection<ValidationResult> customValidate(final ValidationContext context) {
        return HttpProperties.validateProxy(context);
    }

    @OnEnabled
    public void onEnabled(final ConfigurationContext context) {
        final Integer configuredNodes = context.getProperty(CLUSTER_NODES).asInteger();
        final ConnectionBudget budget = new ConnectionBudget(context.getProperty(MAX_CONCURRENT_REQUESTS).asInteger(),
                () -> membership.count(configuredNodes), nanoClock);
        client.open(createClient(context, budget, context.getProperty(MAX_RETRIES).asInteger(), backoff,
                new ThrottleMonitor(nanoClock, budget::describeShare, getLogger())));
    }

    @OnDisabled
    public void onDisabled() throws IOException {
        client.close();
    }

    @Override
    public MailchimpResponse execute(final MailchimpRequest request) throws MailchimpTransientException {
        return client.get().execute(request);
    }

    @Override
    public URI getApiBaseUri() {
        return client.get().apiBaseUri();
    }

    @Override
    public URI resolve(final MailchimpRequest request) {
        return client.get().resolve(request);
    }

    /** This node's share of the key's budget now. */
    @Override
    public int getMaxConcurrentRequests() {
        return client.get().budget().perNode();
    }

    @Override
    public MailchimpTraffic takeTraffic() {
        return client.get().throttling().take();
    }

    @Override
    public List<ConfigVerificationResult> verify(final ConfigurationContext context, final ComponentLog verificationLogger,
                                                 final Map<String, String> variables) {
        // One request at a time and one try per step: verification answers quickly rather than waiting out throttling.
        final List<ConfigVerificationResult> results;
        final ConnectionBudget probeBudget = new ConnectionBudget(1, () -> ClusterMembership.NodeCount.ALONE, nanoClock);
        try (MailchimpClient probeClient = createClient(context, probeBudget, 0, backoff,
                new ThrottleMonitor(nanoClock, probeBudget::describeShare, verificationLogger))) {
            results = new ArrayList<>(new MailchimpVerification(probeClient, secretRedactor(context.getProperty(API_KEY).getValue()),
                    verificationLogger).run());
        } catch (final IOException e) {
            throw new IllegalStateException("Closing the verification client failed", e);
        }
        results.add(new ConfigVerificationResult.Builder().verificationStepName(CONNECTION_BUDGET)
                .outcome(ConfigVerificationResult.Outcome.SUCCESSFUL)
                .explanation(ConnectionBudget.describe(context.getProperty(MAX_CONCURRENT_REQUESTS).asInteger(),
                        membership.count(context.getProperty(CLUSTER_NODES).asInteger())))
                .build());
        return results;
    }

    private MailchimpClient createClient(final PropertyContext context, final ConnectionBudget budget, final int maxRetries,
                                         final RetryBackoff retryBackoff, final ThrottleMonitor throttling) {
        final String apiKey = context.getProperty(API_KEY).getValue();
        final URI apiBaseUri = context.getProperty(API_BASE_URL).isSet()
                ? URI.create(context.getProperty(API_BASE_URL).getValue().strip().replaceAll("/+$", ""))
                : MailchimpApiKey.defaultBaseUri(MailchimpApiKey.dataCenter(apiKey).orElseThrow(
                        () -> new IllegalStateException("API Key has no valid data-center suffix")));
        // Pooled for the whole key budget: a node's share grows when others leave.
        return new MailchimpClient(HttpClientFactory.create(HttpClientSettings.from(context, budget.keyBudget())), apiBaseUri,
                Credentials.basic(API_USER, apiKey), budget, maxRetries, retryBackoff, throttling,
                secretRedactor(apiKey), getLogger());
    }

    private static SecretRedactor secretRedactor(final String apiKey) {
        return SecretRedactor.of(apiKey, Credentials.basic(API_USER, apiKey).substring("Basic ".length()));
    }


    @Override
    public String toString() {
        return "StandardMailchimpConnectionService[id=" + getIdentifier() + "]";
    }
}
