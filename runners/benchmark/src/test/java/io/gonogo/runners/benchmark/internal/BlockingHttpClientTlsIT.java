package io.gonogo.runners.benchmark.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gonogo.runners.spi.TlsSettings;
import io.gonogo.testing.HttpsEchoServer;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The benchmarks' HTTP client over TLS, against the JDK's HTTPS server on 127.0.0.1 with a
 * certificate keytool makes for the test (names {@code ip:127.0.0.1} and {@code
 * dns:sut.gonogo.test}).
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BlockingHttpClientTlsIT {

    @RegisterExtension
    static final HttpsEchoServer https = new HttpsEchoServer("ip:127.0.0.1,dns:sut.gonogo.test");

    @Test
    void an_https_base_is_reached_over_tls_and_the_connection_is_kept_alive() throws Exception {
        try (BlockingHttpClient c =
                new BlockingHttpClient(https.base(), "secret", TlsSettings.trusting(https.ca()))) {
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
                        https.base(),
                        "",
                        TlsSettings.trusting(https.ca()).withServerName("sut.gonogo.test"))) {
            assertThat(c.call("GET", "/echo", null).status()).isEqualTo(200);
        }
        try (BlockingHttpClient c =
                new BlockingHttpClient(
                        https.base(),
                        "",
                        TlsSettings.trusting(https.ca()).withServerName("other.gonogo.test"))) {
            assertThatThrownBy(() -> c.call("GET", "/echo", null))
                    .isInstanceOf(SSLHandshakeException.class);
        }
        try (BlockingHttpClient c =
                new BlockingHttpClient(https.base(), "", TlsSettings.trusting(https.otherCa()))) {
            assertThatThrownBy(() -> c.call("GET", "/echo", null))
                    .isInstanceOf(SSLHandshakeException.class);
        }
        try (BlockingHttpClient c =
                new BlockingHttpClient(https.base(), "", TlsSettings.insecureTrust())) {
            assertThat(c.call("GET", "/echo", null).status()).isEqualTo(200);
        }
    }

    @Test
    void a_benchmark_jvm_reads_the_tls_settings_gonogo_passes_as_system_properties() {
        io.gonogo.runners.spi.SutEndpoint sut =
                new io.gonogo.runners.spi.SutEndpoint(
                        https.base(),
                        "127.0.0.1:1",
                        "",
                        TlsSettings.trusting(https.ca())
                                .withClientCertificate(https.ca(), https.ca())
                                .withServerName("sut.gonogo.test"),
                        true);
        Map<String, String> props = io.gonogo.runners.benchmark.GonogoSut.tlsProperties(sut);
        assertThat(props)
                .containsEntry("gonogo.sut.grpc-tls", "true")
                .containsEntry("gonogo.sut.tls.ca", https.ca().toAbsolutePath().toString())
                .containsEntry("gonogo.sut.tls.server-name", "sut.gonogo.test")
                .doesNotContainKey("gonogo.sut.tls.insecure");
        try {
            props.forEach(System::setProperty);
            assertThat(io.gonogo.runners.benchmark.GonogoSut.tls())
                    .isEqualTo(
                            new TlsSettings(
                                    java.util.Optional.of(https.ca().toAbsolutePath()),
                                    false,
                                    java.util.Optional.of(https.ca().toAbsolutePath()),
                                    java.util.Optional.of(https.ca().toAbsolutePath()),
                                    java.util.Optional.of("sut.gonogo.test")));
            assertThat(io.gonogo.runners.benchmark.GonogoSut.grpcTls()).isTrue();
        } finally {
            props.keySet().forEach(System::clearProperty);
        }
        assertThat(io.gonogo.runners.benchmark.GonogoSut.tls()).isEqualTo(TlsSettings.DEFAULT);
    }
}
