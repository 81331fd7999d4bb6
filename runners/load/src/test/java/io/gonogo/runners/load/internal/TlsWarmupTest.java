package io.gonogo.runners.load.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.Test;

class TlsWarmupTest {

    @Test
    void theThrowAwayCertificateCarriesAFullHandshakeAndRecordsBetweenInMemoryEngines()
            throws Exception {
        SSLContext server = TlsWarmup.serverContext();
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, new TrustManager[] {new TlsWarmup.TrustAll()}, null);
        SSLEngine c = client.createSSLEngine();
        c.setUseClientMode(true);
        SSLEngine s = server.createSSLEngine();
        s.setUseClientMode(false);

        TlsWarmup.exchange(c, s, 20, System.nanoTime() + 30_000_000_000L);

        assertThat(c.getHandshakeStatus()).isEqualTo(HandshakeStatus.NOT_HANDSHAKING);
        assertThat(c.getSession().getProtocol()).isEqualTo("TLSv1.3");
        X509Certificate cert = (X509Certificate) c.getSession().getPeerCertificates()[0];
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=warmup");
        cert.verify(cert.getPublicKey()); // self-signed, with a valid signature
    }
}
