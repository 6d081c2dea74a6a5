package io.mlconnector.nifi.testing;

import io.mlconnector.sandbox.core.TlsMaterial;
import org.apache.nifi.controller.AbstractControllerService;
import org.apache.nifi.ssl.SSLContextProvider;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509TrustManager;
import java.security.GeneralSecurityException;
import java.util.Optional;

/** An SSL Context Service test double that trusts only the sandbox CA, as a user's would with the CA in its trust store. */
public class TestSslContextProvider extends AbstractControllerService implements SSLContextProvider {

    private final TlsMaterial tls;

    public TestSslContextProvider(final TlsMaterial tls) {
        this.tls = tls;
    }

    @Override
    public SSLContext createContext() {
        try {
            final SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new javax.net.ssl.TrustManager[]{createTrustManager()}, null);
            return context;
        } catch (final GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Optional<X509ExtendedKeyManager> createKeyManager() {
        return Optional.empty();
    }

    @Override
    public X509TrustManager createTrustManager() {
        try {
            final TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(tls.trustStore());
            return (X509TrustManager) factory.getTrustManagers()[0];
        } catch (final GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
