package io.mlconnector.nifi.http;

import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.PropertyValue;
import org.apache.nifi.components.ValidationContext;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.context.PropertyContext;
import org.apache.nifi.processor.util.StandardValidators;
import org.apache.nifi.proxy.ProxyConfiguration;
import org.apache.nifi.proxy.ProxyConfigurationService;
import org.apache.nifi.ssl.SSLContextProvider;

import java.net.Proxy;
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

    /** NiFi's proxy property under its human-readable name (NiFi 2.6 still names its own "proxy-configuration-service"). */
    public static final PropertyDescriptor PROXY_CONFIGURATION_SERVICE = new PropertyDescriptor.Builder()
            .fromPropertyDescriptor(ProxyConfigurationService.PROXY_CONFIGURATION_SERVICE)
            .name("Proxy Configuration Service")
            .displayName("Proxy Configuration Service")
            .description("Routes requests through an HTTP proxy (with or without credentials) or a SOCKS proxy (without"
                    + " credentials).")
            .build();

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

    /** The configured proxy, or a direct connection. */
    public static ProxyConfiguration proxy(final PropertyContext context) {
        final PropertyValue property = context.getProperty(PROXY_CONFIGURATION_SERVICE);
        return property.isSet()
                ? property.asControllerService(ProxyConfigurationService.class).getConfiguration()
                : ProxyConfiguration.DIRECT_CONFIGURATION;
    }

    /** Refuses a SOCKS proxy with credentials, which the HTTP client cannot use. */
    public static Collection<ValidationResult> validateProxy(final ValidationContext context) {
        final List<ValidationResult> results = new ArrayList<>();
        if (context.getProperty(PROXY_CONFIGURATION_SERVICE).isSet()) {
            final ProxyConfiguration proxy = proxy(context);
            if (proxy.getProxyType() == Proxy.Type.SOCKS && proxy.hasCredential()) {
                results.add(new ValidationResult.Builder().subject(PROXY_CONFIGURATION_SERVICE.getName()).valid(false)
                        .explanation("a SOCKS proxy with a user name and password is not supported; use an HTTP proxy"
                                + " or a SOCKS proxy without credentials").build());
            }
        }
        return results;
    }
}
