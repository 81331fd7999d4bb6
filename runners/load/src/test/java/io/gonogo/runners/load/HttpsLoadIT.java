package io.gonogo.runners.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.gonogo.runners.spi.TlsSettings;
import io.gonogo.testing.TestCertificates;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP engine over TLS against a real TLS server on loopback (the JDK's {@link
 * javax.net.ssl.SSLServerSocket} with certificates made by keytool for the run).
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpsLoadIT {

    @TempDir static Path dir;
    static TestCertificates.ServerClientOther certs;

    @BeforeAll
    static void makeCertificates() throws Exception {
        certs = TestCertificates.serverClientOther(dir);
    }

    private static void assertOnlyTlsErrors(LoadResult r) {
        assertThat(r.answered()).isZero();
        assertThat(r.errorCount(ErrorKind.TLS)).isPositive().isEqualTo(r.attempted());
        assertThat(r.totalErrors()).isEqualTo(r.errorCount(ErrorKind.TLS));
    }

    @Test
    void a_closed_run_over_https_gets_a_response_to_every_request_on_kept_alive_connections()
            throws Exception {
        try (TestHttpServer server = TestHttpServer.startTls(certs.serverContext(false), false)) {
            LoadResult r =
                    LoadRunner.builder()
                            .target(server.uri("/health"))
                            .tls(TlsSettings.trusting(certs.serverCa()))
                            .concurrency(8)
                            .requests(2_000)
                            .warmupRequests(200)
                            .build()
                            .run();

            assertThat(r.abortReason()).isEmpty();
            assertThat(r.attempted()).isEqualTo(2_000);
            assertThat(r.answered()).isEqualTo(2_000);
            assertThat(r.succeeded()).isEqualTo(2_000);
            assertThat(r.totalErrors()).isZero();
            assertThat(r.latencyMicros().getTotalCount()).isEqualTo(2_000);
            assertThat(server.requests()).isEqualTo(2_200);
            assertThat(server.connections()).as("one TLS connection per user").isEqualTo(8);
            assertThat(server.handshakeFailures()).isZero();
        }
    }

    @Test
    void over_tls_1_2_the_first_connection_handshakes_in_full_and_the_others_resume_its_session()
            throws Exception {
        try (TestHttpServer server =
                TestHttpServer.startTls(certs.serverContext(false), false, "TLSv1.2")) {
            LoadResult r =
                    LoadRunner.builder()
                            .target(server.uri("/health"))
                            .tls(TlsSettings.trusting(certs.serverCa()))
                            .concurrency(8)
                            .requests(400)
                            .build()
                            .run();

            assertThat(r.abortReason()).isEmpty();
            assertThat(r.succeeded()).isEqualTo(400);
            assertThat(r.connectionsOpened()).isEqualTo(8);
            assertThat(server.connections()).isEqualTo(8);
            assertThat(server.tlsSessions())
                    .as("one full handshake; the other connections resume its session")
                    .isEqualTo(1);
        }
    }

    @Test
    void two_engine_threads_each_with_its_own_tls_context_share_the_requests() throws Exception {
        try (TestHttpServer server = TestHttpServer.startTls(certs.serverContext(false), false)) {
            LoadResult r =
                    LoadRunner.builder()
                            .target(server.uri("/health"))
                            .tls(TlsSettings.trusting(certs.serverCa()))
                            .concurrency(4)
                            .threads(2)
                            .requests(1_000)
                            .build()
                            .run();

            assertThat(r.answered()).isEqualTo(1_000);
            assertThat(r.totalErrors()).isZero();
            assertThat(server.requests()).isEqualTo(1_000);
            assertThat(server.connections()).isEqualTo(4);
        }
    }

    @Test
    void an_open_run_over_https_counts_as_many_responses_as_requests() throws Exception {
        try (TestHttpServer server = TestHttpServer.startTls(certs.serverContext(false), false)) {
            LoadResult r =
                    LoadRunner.builder()
                            .target(server.uri("/health"))
                            .tls(TlsSettings.trusting(certs.serverCa()))
                            .concurrency(16)
                            .rate(400)
                            .duration(Duration.ofSeconds(2))
                            .build()
                            .run();

            assertThat(r.abortReason()).isEmpty();
            assertThat(r.model()).isEqualTo(LoadModel.OPEN);
            assertThat(r.attempted()).isBetween(700L, 800L);
            assertThat(r.answered()).isEqualTo(r.attempted());
            assertThat(r.totalErrors()).isZero();
            assertThat(server.requests()).isEqualTo(r.attempted());
            assertThat(r.connectTimeMicros().getTotalCount())
                    .as("connect time, handshake included, per connection opened")
                    .isEqualTo(r.connectionsOpened())
                    .isPositive();
        }
    }

    @Test
    void an_untrusted_certificate_counts_tls_errors_and_ends_the_run_at_once() throws Exception {
        try (TestHttpServer server = TestHttpServer.startTls(certs.serverContext(false), false)) {
            long start = System.nanoTime();
            LoadResult r =
                    LoadRunner.builder()
                            .target(server.uri("/health"))
                            .tls(TlsSettings.trusting(certs.otherCa()))
                            .concurrency(4)
                            .duration(Duration.ofSeconds(20))
                            .requestTimeout(Duration.ofSeconds(2))
                            .build()
                            .run();
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertOnlyTlsErrors(r);
            // one per user's first attempt; the first user's retry after its back-off may come
            // before the last first attempt has failed (the others wait for the first handshake),
            // never many more
            assertThat(r.errorCount(ErrorKind.TLS))
                    .as("one per user's first attempt, and at most a retry each")
                    .isBetween(4L, 8L);
            assertThat(r.abortReason())
                    .hasValueSatisfying(
                            a ->
                                    assertThat(a)
                                            .startsWith("target unreachable: TLS handshake failed")
                                            .contains("pkix"));
            assertThat(elapsedMillis).as("stops instead of retrying for 20 s").isLessThan(10_000);
            assertThat(server.requests()).isZero();
        }
    }

    @Test
    void a_host_name_the_certificate_does_not_name_is_a_tls_error() throws Exception {
        try (TestHttpServer server = TestHttpServer.startTls(certs.serverContext(false), false)) {
            LoadResult r =
                    LoadRunner.builder()
                            .target(server.uri("/health"))
                            .tls(
                                    TlsSettings.trusting(certs.serverCa())
                                            .withServerName("wrong.example"))
                            .concurrency(2)
                            .requests(10)
                            .build()
                            .run();

            assertOnlyTlsErrors(r);
            assertThat(r.abortReason().orElseThrow()).contains("wrong.example");
        }
    }

    @Test
    void insecure_accepts_a_certificate_nobody_trusts() throws Exception {
        try (TestHttpServer server = TestHttpServer.startTls(certs.serverContext(false), false)) {
            LoadResult r =
                    LoadRunner.builder()
                            .target(server.uri("/health"))
                            .tls(TlsSettings.insecureTrust())
                            .concurrency(4)
                            .requests(200)
                            .build()
                            .run();

            assertThat(r.answered()).isEqualTo(200);
            assertThat(r.totalErrors()).isZero();
        }
    }

    @Test
    void a_server_requiring_a_client_certificate_answers_with_one_and_fails_tls_without()
            throws Exception {
        try (TestHttpServer server = TestHttpServer.startTls(certs.serverContext(true), true)) {
            LoadResult with =
                    LoadRunner.builder()
                            .target(server.uri("/health"))
                            .tls(
                                    TlsSettings.trusting(certs.serverCa())
                                            .withClientCertificate(
                                                    certs.clientCert(), certs.clientKey()))
                            .concurrency(4)
                            .requests(400)
                            .build()
                            .run();
            assertThat(with.answered()).isEqualTo(400);
            assertThat(with.totalErrors()).isZero();
            assertThat(server.handshakeFailures()).isZero();

            long start = System.nanoTime();
            LoadResult without =
                    LoadRunner.builder()
                            .target(server.uri("/health"))
                            .tls(TlsSettings.trusting(certs.serverCa()))
                            .concurrency(4)
                            .duration(Duration.ofSeconds(20))
                            .requestTimeout(Duration.ofSeconds(1))
                            .build()
                            .run();
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertOnlyTlsErrors(without);
            assertThat(without.abortReason()).isPresent();
            assertThat(elapsedMillis).as("ends long before its 20 s").isLessThan(10_000);
            assertThat(server.handshakeFailures()).isPositive();
            assertThat(server.requests()).isEqualTo(400);
        }
    }

    @Test
    void a_server_that_never_answers_the_handshake_times_it_out_as_tls() throws Exception {
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket()) {
            silent.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Thread acceptor =
                    new Thread(
                            () -> {
                                try {
                                    while (true) {
                                        held.add(silent.accept());
                                    }
                                } catch (java.io.IOException closed) {
                                    // the test is over
                                }
                            });
            acceptor.setDaemon(true);
            acceptor.start();
            long start = System.nanoTime();
            LoadResult r =
                    LoadRunner.builder()
                            .target(URI.create("https://127.0.0.1:" + silent.getLocalPort() + "/"))
                            .tls(TlsSettings.insecureTrust())
                            .concurrency(2)
                            .duration(Duration.ofSeconds(20))
                            .requestTimeout(Duration.ofMillis(500))
                            .build()
                            .run();
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertOnlyTlsErrors(r);
            assertThat(r.abortReason().orElseThrow()).contains("TLS handshake timed out");
            assertThat(elapsedMillis).as("no hang: ends soon after a timeout").isLessThan(10_000);
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }
}
