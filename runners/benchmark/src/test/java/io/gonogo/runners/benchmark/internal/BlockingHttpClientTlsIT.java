package io.gonogo.runners.benchmark.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsServer;
import io.gonogo.runners.spi.TlsSettings;
import io.gonogo.testing.TestCertificates;
import io.gonogo.testing.TestHttpsServer;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmarks' HTTP client over TLS, against the JDK's HTTPS server on 127.0.0.1 with a
 * certificate keytool makes for the test (names {@code ip:127.0.0.1} and {@code
 * dns:sut.gonogo.test}).
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BlockingHttpClientTlsIT {

    @TempDir static Path dir;

    static HttpsServer server;
    static Path ca;
    static Path otherCa;

    @BeforeAll
    static void start() {
        TestCertificates.Pair cert =
                TestCertificates.make(dir, "server", "ip:127.0.0.1,dns:sut.gonogo.test");
        ca = cert.cert();
        otherCa = TestCertificates.make(dir, "other", "ip:127.0.0.1").cert();
        server =
                TestHttpsServer.start(
                        cert.serverContext(), Map.of("/echo", TestHttpsServer.echoId()));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static URI base() {
        return TestHttpsServer.base(server);
    }

    @Test
    void an_https_base_is_reached_over_tls_and_the_connection_is_kept_alive() throws Exception {
        try (BlockingHttpClient c =
                new BlockingHttpClient(base(), "secret", TlsSettings.trusting(ca))) {
            BlockingHttpClient.Response r = c.call("POST", "/echo", "{\"a\":1}");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.text()).isEqualTo("{\"id\":\"POST-7\"}");
            assertThat(c.call("GET", "/echo", null).text()).isEqualTo("{\"id\":\"GET-0\"}");
        }
    }

    @Test
    void the_server_name_is_verified_and_an_untrusted_or_misnamed_server_is_refused()
            throws Exception {
        try (BlockingHttpClient c =
                new BlockingHttpClient(
                        base(), "", TlsSettings.trusting(ca).withServerName("sut.gonogo.test"))) {
            assertThat(c.call("GET", "/echo", null).status()).isEqualTo(200);
        }
        try (BlockingHttpClient c =
                new BlockingHttpClient(
                        base(), "", TlsSettings.trusting(ca).withServerName("other.gonogo.test"))) {
            assertThatThrownBy(() -> c.call("GET", "/echo", null))
                    .isInstanceOf(SSLHandshakeException.class);
        }
        try (BlockingHttpClient c =
                new BlockingHttpClient(base(), "", TlsSettings.trusting(otherCa))) {
            assertThatThrownBy(() -> c.call("GET", "/echo", null))
                    .isInstanceOf(SSLHandshakeException.class);
        }
        try (BlockingHttpClient c =
                new BlockingHttpClient(base(), "", TlsSettings.insecureTrust())) {
            assertThat(c.call("GET", "/echo", null).status()).isEqualTo(200);
        }
    }

    @Test
    void a_benchmark_jvm_reads_the_tls_settings_gonogo_passes_as_system_properties() {
        io.gonogo.runners.spi.SutEndpoint sut =
                new io.gonogo.runners.spi.SutEndpoint(
                        base(),
                        "127.0.0.1:1",
                        "",
                        TlsSettings.trusting(ca)
                                .withClientCertificate(ca, ca)
                                .withServerName("sut.gonogo.test"),
                        true);
        Map<String, String> props = io.gonogo.runners.benchmark.GonogoSut.tlsProperties(sut);
        assertThat(props)
                .containsEntry("gonogo.sut.grpc-tls", "true")
                .containsEntry("gonogo.sut.tls.ca", ca.toAbsolutePath().toString())
                .containsEntry("gonogo.sut.tls.server-name", "sut.gonogo.test")
                .doesNotContainKey("gonogo.sut.tls.insecure");
        try {
            props.forEach(System::setProperty);
            assertThat(io.gonogo.runners.benchmark.GonogoSut.tls())
                    .isEqualTo(
                            new TlsSettings(
                                    java.util.Optional.of(ca.toAbsolutePath()),
                                    false,
                                    java.util.Optional.of(ca.toAbsolutePath()),
                                    java.util.Optional.of(ca.toAbsolutePath()),
                                    java.util.Optional.of("sut.gonogo.test")));
            assertThat(io.gonogo.runners.benchmark.GonogoSut.grpcTls()).isTrue();
        } finally {
            props.keySet().forEach(System::clearProperty);
        }
        assertThat(io.gonogo.runners.benchmark.GonogoSut.tls()).isEqualTo(TlsSettings.DEFAULT);
    }
}
