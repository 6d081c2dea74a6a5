package io.mlconnector.nifi.http;

import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.util.Timeout;
import org.apache.nifi.proxy.ProxyConfiguration;

import java.net.InetSocketAddress;
import java.net.Proxy;

/** Builds the one pooled, classic httpclient5 client a service owns from its {@link HttpClientSettings}. */
public final class HttpClientFactory {

    private HttpClientFactory() {
    }

    /**
     * A client with a pool of {@code maxConnections} to each host, the given TLS material, proxy and timeouts. It neither
     * retries, follows redirects nor keeps cookies: the services decide about retries, and a redirect or a cookie usually
     * means a sign-on page, which callers must see rather than have followed with credentials attached.
     */
    public static CloseableHttpClient create(final HttpClientSettings settings) {
        final Timeout connectTimeout = Timeout.of(settings.connectTimeout());
        final Timeout readTimeout = Timeout.of(settings.readTimeout());
        final PoolingHttpClientConnectionManagerBuilder connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(settings.maxConnections())
                .setMaxConnPerRoute(settings.maxConnections())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(connectTimeout)
                        .setSocketTimeout(readTimeout)
                        .build());
        connections.setTlsSocketStrategy(settings.sslContext().map(DefaultClientTlsStrategy::new)
                .orElseGet(DefaultClientTlsStrategy::createSystemDefault));

        final HttpClientBuilder builder = HttpClients.custom()
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(readTimeout)
                        .setResponseTimeout(readTimeout)
                        .build());
        applyProxy(settings.proxy(), connections, builder);
        return builder.setConnectionManager(connections.build()).build();
    }

    private static void applyProxy(final ProxyConfiguration proxy, final PoolingHttpClientConnectionManagerBuilder connections,
                                   final HttpClientBuilder builder) {
        if (proxy.getProxyType() == Proxy.Type.HTTP) {
            final HttpHost proxyHost = new HttpHost(proxy.getProxyServerHost(), proxy.getProxyServerPort());
            builder.setProxy(proxyHost);
            if (proxy.hasCredential()) {
                final BasicCredentialsProvider credentials = new BasicCredentialsProvider();
                credentials.setCredentials(new AuthScope(proxyHost),
                        new UsernamePasswordCredentials(proxy.getProxyUserName(), proxy.getProxyUserPassword().toCharArray()));
                builder.setDefaultCredentialsProvider(credentials);
            }
        } else if (proxy.getProxyType() == Proxy.Type.SOCKS) {
            connections.setDefaultSocketConfig(SocketConfig.custom()
                    .setSocksProxyAddress(new InetSocketAddress(proxy.getProxyServerHost(), proxy.getProxyServerPort()))
                    .build());
        }
    }
}
