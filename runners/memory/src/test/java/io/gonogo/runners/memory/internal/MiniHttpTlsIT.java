package io.gonogo.runners.memory.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gonogo.runners.spi.TlsSettings;
import io.gonogo.testing.HttpsEchoServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The memory suite's own client over TLS, against the JDK's HTTPS server on 127.0.0.1 with a
 * certificate keytool makes for the test (names {@code ip:127.0.0.1} and {@code
 * dns:sut.gonogo.test}).
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MiniHttpTlsIT {

    @RegisterExtension
    static final HttpsEchoServer https = new HttpsEchoServer("ip:127.0.0.1,dns:sut.gonogo.test");

    @Test
    void an_https_base_is_reached_over_tls_trusting_the_ca_file() throws Exception {
        MiniHttp.Target target = MiniHttp.Target.of(https.base(), TlsSettings.trusting(https.ca()));
        try (MiniHttp c = new MiniHttp(target, 10_000)) {
            MiniHttp.Response r = c.exchange("POST", "/echo", Map.of(), "{\"a\":1}", false);
            assertThat(r.status()).isEqualTo(200);
            assertThat(MiniHttp.id(r.body())).isEqualTo("POST-7");
            // the same TLS connection carries the next request
            MiniHttp.Response again = c.exchange("GET", "/echo", Map.of(), null, true);
            assertThat(MiniHttp.id(again.body())).isEqualTo("GET-0");
        }
    }

    @Test
    void the_server_name_is_verified_instead_of_the_address_and_a_wrong_one_is_refused()
            throws Exception {
        MiniHttp.Target named =
                MiniHttp.Target.of(
                        https.base(),
                        TlsSettings.trusting(https.ca()).withServerName("sut.gonogo.test"));
        try (MiniHttp c = new MiniHttp(named, 10_000)) {
            assertThat(c.exchange("GET", "/echo", Map.of(), null, true).status()).isEqualTo(200);
        }
        MiniHttp.Target wrong =
                MiniHttp.Target.of(
                        https.base(),
                        TlsSettings.trusting(https.ca()).withServerName("elsewhere.gonogo.test"));
        assertThatThrownBy(() -> new MiniHttp(wrong, 10_000))
                .isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void an_untrusted_certificate_fails_the_handshake_unless_insecure() throws Exception {
        MiniHttp.Target untrusted =
                MiniHttp.Target.of(https.base(), TlsSettings.trusting(https.otherCa()));
        assertThatThrownBy(() -> new MiniHttp(untrusted, 10_000))
                .isInstanceOf(SSLHandshakeException.class);
        MiniHttp.Target insecure = MiniHttp.Target.of(https.base(), TlsSettings.insecureTrust());
        try (MiniHttp c = new MiniHttp(insecure, 10_000)) {
            assertThat(c.exchange("GET", "/echo", Map.of(), null, true).status()).isEqualTo(200);
        }
    }

    @Test
    void an_http_base_stays_plaintext_whatever_the_tls_settings() throws Exception {
        com.sun.net.httpserver.HttpServer plain =
                com.sun.net.httpserver.HttpServer.create(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        plain.createContext(
                "/health",
                exchange -> {
                    exchange.sendResponseHeaders(204, -1);
                    exchange.close();
                });
        plain.start();
        try {
            MiniHttp.Target target =
                    MiniHttp.Target.of(
                            URI.create("http://127.0.0.1:" + plain.getAddress().getPort()),
                            TlsSettings.trusting(https.ca()));
            assertThat(target.context()).isNull();
            try (MiniHttp c = new MiniHttp(target, 10_000)) {
                assertThat(c.exchange("GET", "/health", Map.of(), null, true).status())
                        .isEqualTo(204);
            }
        } finally {
            plain.stop(0);
        }
    }
}
