package io.gonogo.runners.load.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

        TlsWarmup.handshake(c, s);
        TlsWarmup.records(c, s, 20, System.nanoTime() + 30_000_000_000L);

        assertThat(c.getHandshakeStatus()).isEqualTo(HandshakeStatus.NOT_HANDSHAKING);
        assertThat(c.getSession().getProtocol()).isEqualTo("TLSv1.3");
        X509Certificate cert = (X509Certificate) c.getSession().getPeerCertificates()[0];
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=warmup");
        cert.verify(cert.getPublicKey()); // self-signed, with a valid signature
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void aSecondHandshakeWithThePeerResumesTheFirstSessionInEitherProtocol(String protocol)
            throws Exception {
        SSLContext server = TlsWarmup.serverContext();
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, new TrustManager[] {new TlsWarmup.TrustAll()}, null);
        long end = System.nanoTime() + 30_000_000_000L;
        SSLEngine first = client.createSSLEngine(protocol, 443);
        first.setUseClientMode(true);
        SSLEngine s1 = server.createSSLEngine();
        s1.setUseClientMode(false);
        s1.setEnabledProtocols(new String[] {protocol});
        TlsWarmup.handshake(first, s1);
        TlsWarmup.records(first, s1, 2, end);
        Thread.sleep(20);
        SSLEngine second = client.createSSLEngine(protocol, 443);
        second.setUseClientMode(true);
        SSLEngine s2 = server.createSSLEngine();
        s2.setUseClientMode(false);
        s2.setEnabledProtocols(new String[] {protocol});
        TlsWarmup.handshake(second, s2);
        TlsWarmup.records(second, s2, 2, end);

        assertThat(first.getSession().getProtocol()).isEqualTo(protocol);
        assertThat(first.getSession().getCipherSuite())
                .isEqualTo(
                        protocol.equals("TLSv1.3")
                                ? "TLS_AES_256_GCM_SHA384"
                                : "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384");
        // a resumed session keeps the creation time of the one it resumes; a full handshake
        // after the pause would have a later one
        assertThat(second.getSession().getCreationTime())
                .isEqualTo(first.getSession().getCreationTime());
        assertThat(second.getSession().getProtocol()).isEqualTo(protocol);
    }

    @Test
    void theWarmUpLastsAtLeastItsMinimumAndEndsByAboutItsMaximumOncePerJvm() {
        long start = System.nanoTime();
        TlsWarmup.once(300, 1_500);
        long millis = (System.nanoTime() - start) / 1_000_000;
        // the four handshakes may outlast a short maximum on a slow machine; the records stop at it
        assertThat(millis).isBetween(300L, 5_000L);

        long again = System.nanoTime();
        TlsWarmup.once(300, 1_500);
        assertThat((System.nanoTime() - again) / 1_000_000)
                .as("only the first call warms")
                .isLessThan(300);
    }
}
