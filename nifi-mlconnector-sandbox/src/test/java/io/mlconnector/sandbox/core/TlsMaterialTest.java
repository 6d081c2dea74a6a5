package io.mlconnector.sandbox.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLHandshakeException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TlsMaterialTest {

    @Test
    void serverCertificateIsTrustedThroughTheCaOnly(@TempDir Path dir) throws Exception {
        TlsMaterial tls = TlsMaterial.generate();
        try (SimServer server = SimServer.builder().tls(tls).handler(r -> SimResponse.text(200, "text/plain", "secure"))
                .start()) {
            assertTrue(server.baseUrl().startsWith("https://127.0.0.1:"));
            for (String host : new String[]{"127.0.0.1", "localhost"}) {
                HttpClient trusting = HttpClient.newBuilder().sslContext(tls.clientSslContext()).build();
                HttpResponse<String> response = trusting.send(HttpRequest.newBuilder(
                        URI.create("https://" + host + ":" + server.port() + "/")).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals("secure", response.body());
            }
            HttpClient defaultTrust = HttpClient.newHttpClient();
            assertThrows(SSLHandshakeException.class, () -> defaultTrust.send(
                    HttpRequest.newBuilder(URI.create(server.baseUrl())).build(), HttpResponse.BodyHandlers.discarding()));
        }

        char[] password = "changeit".toCharArray();
        Path file = tls.writeTrustStore(dir, password);
        KeyStore loaded = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            loaded.load(in, password);
        }
        assertEquals(1, loaded.size());
        assertEquals(tls.caCertificate(), loaded.getCertificate(loaded.aliases().nextElement()));
        assertTrue(tls.caCertificatePem().startsWith("-----BEGIN CERTIFICATE-----"));
    }
}
