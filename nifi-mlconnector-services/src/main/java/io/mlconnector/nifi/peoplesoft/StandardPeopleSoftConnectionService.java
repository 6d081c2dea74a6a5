package io.mlconnector.nifi.peoplesoft;

import io.mlconnector.nifi.http.EnabledClient;
import io.mlconnector.nifi.http.HttpClientFactory;
import io.mlconnector.nifi.http.HttpClientSettings;
import io.mlconnector.nifi.http.HttpProperties;
import io.mlconnector.nifi.http.HttpUrlValidator;
import io.mlconnector.nifi.http.SafeUris;
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
import org.apache.nifi.oauth2.OAuth2AccessTokenProvider;
import org.apache.nifi.processor.util.StandardValidators;

import java.io.IOException;
import java.net.URI;
import java.util.Collection;
import java.util.List;
import java.util.Map;

@Tags({"peoplesoft", "oracle", "integration broker", "rest", "credentials", "http"})
@CapabilityDescription("Holds the connection to one Oracle PeopleSoft Integration Broker REST listener: its address, node"
        + " and credentials (HTTP Basic or an OAuth2 bearer token), TLS and proxy settings, and one pooled HTTP client."
        + " Processors name a REST service operation and never see the credentials. Verification checks that the host is"
        + " reachable, the TLS handshake, the credentials, the node and gateway, and that no HTML sign-on page answers.")
public class StandardPeopleSoftConnectionService extends AbstractControllerService
        implements PeopleSoftConnectionService, VerifiableControllerService {

    static final PropertyDescriptor BASE_URL = new PropertyDescriptor.Builder()
            .name("Base URL")
            .description("Scheme, host and port of the PeopleSoft web server that hosts the Integration Gateway, e.g."
                    + " https://hr.example.com:8443. No path: the gateway's path goes in Gateway Path.")
            .required(true)
            .addValidator(new HttpUrlValidator(false, "https://hr.example.com:8443"))
            .build();

    static final PropertyDescriptor GATEWAY_PATH = new PropertyDescriptor.Builder()
            .name("Gateway Path")
            .description("Path of the REST listening connector on the web server. A reverse proxy may add a prefix,"
                    + " e.g. /HRPRD/PSIGW/RESTListeningConnector.")
            .required(true)
            .defaultValue("/PSIGW/RESTListeningConnector")
            .addValidator(PeopleSoftValidators.GATEWAY_PATH)
            .build();

    static final PropertyDescriptor NODE_NAME = new PropertyDescriptor.Builder()
            .name("Node Name")
            .description("The database's default local node that REST requests are addressed to, e.g. PSFT_HR (HCM) or"
                    + " PSFT_EP (Financials).")
            .required(true)
            .defaultValue("PSFT_HR")
            .addValidator(PeopleSoftValidators.SEGMENT)
            .build();

    static final PropertyDescriptor AUTHENTICATION_TYPE = new PropertyDescriptor.Builder()
            .name("Authentication Type")
            .description("How requests are authenticated; it must match the service operations' Req Verification setting.")
            .required(true)
            .allowableValues(AuthenticationType.class)
            .defaultValue(AuthenticationType.BASIC)
            .build();

    static final PropertyDescriptor USERNAME = new PropertyDescriptor.Builder()
            .name("Username")
            .description("The PeopleSoft user (OPRID) whose permission lists grant the service operations used.")
            .required(true)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .dependsOn(AUTHENTICATION_TYPE, AuthenticationType.BASIC)
            .build();

    static final PropertyDescriptor PASSWORD = new PropertyDescriptor.Builder()
            .name("Password")
            .description("The user's PeopleSoft password.")
            .required(true)
            .sensitive(true)
            .addValidator(StandardValidators.NON_EMPTY_VALIDATOR)
            .dependsOn(AUTHENTICATION_TYPE, AuthenticationType.BASIC)
            .build();

    static final PropertyDescriptor OAUTH2_ACCESS_TOKEN_PROVIDER = new PropertyDescriptor.Builder()
            .name("OAuth2 Access Token Provider")
            .description("Supplies the bearer token sent with every request; PeopleSoft validates it against the identity"
                    + " provider registered in OAuth2 Administration.")
            .required(true)
            .identifiesControllerService(OAuth2AccessTokenProvider.class)
            .dependsOn(AUTHENTICATION_TYPE, AuthenticationType.OAUTH2)
            .build();

    static final PropertyDescriptor MAX_CONNECTIONS = new PropertyDescriptor.Builder()
            .name("Max Connections")
            .description("The most connections the service keeps open to PeopleSoft at once, shared by every processor"
                    + " that uses it; further requests wait for a free one.")
            .required(true)
            .defaultValue("10")
            .addValidator(StandardValidators.POSITIVE_INTEGER_VALIDATOR)
            .build();

    private static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS = List.of(
            BASE_URL,
            GATEWAY_PATH,
            NODE_NAME,
            AUTHENTICATION_TYPE,
            USERNAME,
            PASSWORD,
            OAUTH2_ACCESS_TOKEN_PROVIDER,
            HttpProperties.SSL_CONTEXT_SERVICE,
            HttpProperties.PROXY_CONFIGURATION_SERVICE,
            HttpProperties.CONNECT_TIMEOUT,
            HttpProperties.READ_TIMEOUT,
            MAX_CONNECTIONS
    );

    private final EnabledClient<PeopleSoftClient> client = new EnabledClient<>("The PeopleSoft connection service");
    private volatile String nodeName;

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
        client.open(createClient(context));
        nodeName = context.getProperty(NODE_NAME).getValue();
    }

    @OnDisabled
    public void onDisabled() throws IOException {
        client.close();
    }

    @Override
    public PeopleSoftResponse execute(final PeopleSoftRequest request) throws PeopleSoftException {
        return client.get().execute(request);
    }

    @Override
    public URI resolve(final PeopleSoftRequest request) {
        return client.get().resolve(request);
    }

    @Override
    public String getNodeName() {
        return nodeName;
    }

    @Override
    public List<ConfigVerificationResult> verify(final ConfigurationContext context, final ComponentLog verificationLogger,
                                                 final Map<String, String> variables) {
        final HttpClientSettings settings = HttpClientSettings.from(context, 1);
        try (PeopleSoftClient probeClient = createClient(context, settings)) {
            return new PeopleSoftVerification(settings, baseUri(context), probeClient, verificationLogger).run();
        } catch (final IOException e) {
            throw new IllegalStateException("Closing the verification client failed", e);
        }
    }

    static URI baseUri(final PropertyContext context) {
        return URI.create(context.getProperty(BASE_URL).getValue());
    }

    private PeopleSoftClient createClient(final ConfigurationContext context) {
        return createClient(context, HttpClientSettings.from(context, context.getProperty(MAX_CONNECTIONS).asInteger()));
    }

    private static PeopleSoftClient createClient(final PropertyContext context, final HttpClientSettings settings) {
        final String base = baseUri(context).toString().replaceAll("/+$", "");
        final String gatewayPath = context.getProperty(GATEWAY_PATH).getValue().replaceAll("/+$", "");
        final String node = SafeUris.checkSegment(context.getProperty(NODE_NAME).getValue());
        final PeopleSoftAuthentication authentication =
                context.getProperty(AUTHENTICATION_TYPE).asAllowableValue(AuthenticationType.class) == AuthenticationType.OAUTH2
                        ? PeopleSoftAuthentication.oauth2(context.getProperty(OAUTH2_ACCESS_TOKEN_PROVIDER)
                                .asControllerService(OAuth2AccessTokenProvider.class))
                        : PeopleSoftAuthentication.basic(context.getProperty(USERNAME).getValue(), context.getProperty(PASSWORD).getValue());
        return new PeopleSoftClient(HttpClientFactory.create(settings), base + gatewayPath + "/" + node, authentication);
    }


    @Override
    public String toString() {
        return "StandardPeopleSoftConnectionService[id=" + getIdentifier() + "]";
    }
}
