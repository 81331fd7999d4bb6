package io.gonogo.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestCertificatesTest {

    @TempDir Path dir;

    @Test
    void aCertificateNamesItsAddressesAndAnHttpsServerPresentsIt() throws Exception {
        TestCertificates.Pair pair = TestCertificates.make(dir, "server", "ip:127.0.0.1");

        X509Certificate pem;
        try (var in = Files.newInputStream(pair.cert())) {
            pem = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        assertThat(pem).isEqualTo(pair.certificate());
        assertThat(pem.getSubjectX500Principal().getName()).isEqualTo("CN=server");
        assertThat(pem.getSubjectAlternativeNames()).containsExactly(List.of(7, "127.0.0.1"));
        assertThat(Files.readString(pair.key())).startsWith("-----BEGIN PRIVATE KEY-----\n");

        var server =
                TestHttpsServer.start(pair.serverContext(), Map.of("/", TestHttpsServer.echoId()));
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", pem);
            TrustManagerFactory tmf =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext client = SSLContext.getInstance("TLS");
            client.init(null, tmf.getTrustManagers(), null);
            HttpResponse<String> r =
                    HttpClient.newBuilder()
                            .sslContext(client)
                            .build()
                            .send(
                                    HttpRequest.newBuilder(
                                                    URI.create(TestHttpsServer.base(server) + "/x"))
                                            .POST(HttpRequest.BodyPublishers.ofString("abc"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.body()).isEqualTo("{\"id\":\"POST-3\"}");
        } finally {
            server.stop(0);
        }
    }
}
