package io.mlconnector.nifi.http;

import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.ValidationContext;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.processor.util.StandardValidators;
import org.apache.nifi.proxy.ProxyConfiguration;
import org.apache.nifi.proxy.ProxyConfigurationService;
import org.apache.nifi.proxy.ProxySpec;
import org.apache.nifi.ssl.SSLContextProvider;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The connection properties both credential services share, so they read and validate them the same way. */
public final class HttpProperties {

    public static final PropertyDescriptor SSL_CONTEXT_SERVICE = new PropertyDescriptor.Builder()
            .name("SSL Context Service")
            .description("Trust (and optionally client key) material for HTTPS. Without it the JVM's default trust store"
                    + " is used: set it when the server's certificate is signed by a private or corporate CA.")
            .required(false)
            .identifiesControllerService(SSLContextProvider.class)
            .build();

    /** NiFi's standard property, so the same Proxy Configuration Service fits every component. */
    public static final PropertyDescriptor PROXY_CONFIGURATION_SERVICE = ProxyConfigurationService.PROXY_CONFIGURATION_SERVICE;

    /** The proxy kinds the HTTP client supports: HTTP with or without credentials, and SOCKS without. */
    public static final ProxySpec[] PROXY_SPECS = {ProxySpec.HTTP, ProxySpec.HTTP_AUTH, ProxySpec.SOCKS};

    public static final PropertyDescriptor CONNECT_TIMEOUT = new PropertyDescriptor.Builder()
            .name("Connect Timeout")
            .description("How long to wait for the TCP connection to the server (or the proxy) to open.")
            .required(true)
            .defaultValue("10 secs")
            .addValidator(StandardValidators.TIME_PERIOD_VALIDATOR)
            .build();

    public static final PropertyDescriptor READ_TIMEOUT = new PropertyDescriptor.Builder()
            .name("Read Timeout")
            .description("How long to wait for data from the server before a request fails with a timeout. Both"
                    + " PeopleSoft queries and Mailchimp batch calls can take a minute or more to answer.")
            .required(true)
            .defaultValue("120 secs")
            .addValidator(StandardValidators.TIME_PERIOD_VALIDATOR)
            .build();

    private HttpProperties() {
    }

    /** Checks that the configured proxy is one of {@link #PROXY_SPECS}. */
    public static Collection<ValidationResult> validateProxy(final ValidationContext context) {
        final List<ValidationResult> results = new ArrayList<>();
        ProxyConfiguration.validateProxySpec(context, results, PROXY_SPECS);
        return results;
    }
}
