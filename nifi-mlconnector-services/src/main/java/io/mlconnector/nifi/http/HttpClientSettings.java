package io.mlconnector.nifi.http;

import org.apache.nifi.context.PropertyContext;
import org.apache.nifi.proxy.ProxyConfiguration;
import org.apache.nifi.ssl.SSLContextProvider;

import javax.net.ssl.SSLContext;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What an HTTP client needs from a service's configuration: TLS material (empty = the JVM default), the proxy,
 * the timeouts and the pool size.
 */
public record HttpClientSettings(Optional<SSLContext> sslContext, ProxyConfiguration proxy, Duration connectTimeout,
                                 Duration readTimeout, int maxConnections) {

    /** Reads the {@link HttpProperties} of a service, with the pool size the service decides. */
    public static HttpClientSettings from(final PropertyContext context, final int maxConnections) {
        final Optional<SSLContext> sslContext = context.getProperty(HttpProperties.SSL_CONTEXT_SERVICE).isSet()
                ? Optional.of(context.getProperty(HttpProperties.SSL_CONTEXT_SERVICE)
                        .asControllerService(SSLContextProvider.class).createContext())
                : Optional.empty();
        return new HttpClientSettings(sslContext,
                HttpProperties.proxy(context),
                Duration.ofMillis(context.getProperty(HttpProperties.CONNECT_TIMEOUT).asTimePeriod(TimeUnit.MILLISECONDS)),
                Duration.ofMillis(context.getProperty(HttpProperties.READ_TIMEOUT).asTimePeriod(TimeUnit.MILLISECONDS)),
                maxConnections);
    }
}
