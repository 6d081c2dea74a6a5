package io.mlconnector.nifi.testing;

import org.apache.nifi.controller.AbstractControllerService;
import org.apache.nifi.proxy.ProxyConfiguration;
import org.apache.nifi.proxy.ProxyConfigurationService;

import java.net.Proxy;

/** A Proxy Configuration Service test double pointing at an HTTP proxy on loopback. */
public class TestProxyConfigurationService extends AbstractControllerService implements ProxyConfigurationService {

    private final int port;

    public TestProxyConfigurationService(final int port) {
        this.port = port;
    }

    @Override
    public ProxyConfiguration getConfiguration() {
        final ProxyConfiguration configuration = new ProxyConfiguration();
        configuration.setProxyType(Proxy.Type.HTTP);
        configuration.setProxyServerHost("127.0.0.1");
        configuration.setProxyServerPort(port);
        return configuration;
    }
}
