package io.gonogo.runners.load.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.DynamicMessage;
import io.gonogo.runners.load.ErrorKind;
import io.gonogo.runners.load.LoadResult;
import io.gonogo.runners.load.grpc.internal.UnaryCall;
import io.gonogo.runners.spi.SutEndpoint;
import io.gonogo.runners.spi.TlsSettings;
import io.gonogo.testing.TestCertificates;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * gRPC load over TLS against real grpc-java TLS servers on 127.0.0.1: trust from a CA file,
 * insecure trust, a server name other than the address, mutual TLS, and handshakes that fail.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GrpcTlsLoadIT {

    @TempDir static Path dir;

    static TestCertificates.Pair serverCert;
    static TestCertificates.Pair otherCert;
    static TestCertificates.Pair namedCert;
    static TestCertificates.Pair clientCert;
    static TestGrpcServer tls;
    static TestGrpcServer named;
    static TestGrpcServer mutual;

    @BeforeAll
    static void start() throws Exception {
        serverCert = TestCertificates.make(dir, "server", "ip:127.0.0.1,dns:localhost");
        otherCert = TestCertificates.make(dir, "other", "ip:127.0.0.1");
        namedCert = TestCertificates.make(dir, "named", "dns:sut.gonogo.test");
        clientCert = TestCertificates.make(dir, "client", "dns:client.gonogo.test");
        tls = TestGrpcServer.startTls(serverCert, Optional.empty(), true);
        named = TestGrpcServer.startTls(namedCert, Optional.empty(), false);
        mutual = TestGrpcServer.startTls(serverCert, Optional.of(clientCert.cert()), true);
    }

    @AfterAll
    static void stop() {
        for (TestGrpcServer s : new TestGrpcServer[] {tls, named, mutual}) {
            if (s != null) {
                s.close();
            }
        }
    }

    private static GrpcLoadRunner.Builder echo(TestGrpcServer server, TlsSettings settings) {
        return GrpcLoadRunner.builder()
                .target("grpcs://" + server.target())
                .tls(settings)
                .method(TestGrpcServer.ECHO)
                .body("{\"text\":\"hi\"}");
    }

    @Test
    void calls_over_tls_trusting_the_ca_file_are_all_answered_ok() {
        long before = tls.calls.get();
        CallLoadResult r =
                echo(tls, TlsSettings.trusting(serverCert.cert()))
                        .concurrency(4)
                        .requests(500)
                        .build()
                        .run();
        LoadResult f = r.figures();
        assertThat(f.abortReason()).isEmpty();
        assertThat(f.attempted()).isEqualTo(500);
        assertThat(f.succeeded()).as(r.errorsByKind().toString()).isEqualTo(500);
        assertThat(r.totalErrors()).isZero();
        // resolved through reflection over TLS, then exactly the measured calls
        assertThat(tls.calls.get() - before).isEqualTo(500);
        assertThat(f.connectTimeMicros().getTotalCount()).isEqualTo(4);
    }

    @Test
    void insecure_trust_accepts_a_certificate_no_ca_vouches_for() {
        CallLoadResult r =
                echo(tls, TlsSettings.insecureTrust()).concurrency(2).requests(100).build().run();
        assertThat(r.figures().succeeded()).isEqualTo(100);
    }

    @Test
    void an_untrusted_certificate_makes_every_call_a_tls_error_and_the_run_ends_in_time()
            throws Exception {
        Path set = TestGrpcServer.writeDescriptorSet(dir.resolve("echo.protoset"));
        CallLoadResult r =
                echo(tls, TlsSettings.trusting(otherCert.cert()))
                        .descriptorSet(set)
                        .concurrency(2)
                        .duration(Duration.ofMillis(800))
                        .requestTimeout(Duration.ofSeconds(2))
                        .build()
                        .run();
        LoadResult f = r.figures();
        assertThat(f.attempted()).isPositive();
        assertThat(f.answered()).isZero();
        assertThat(f.errorCount(ErrorKind.TLS)).isEqualTo(f.attempted());
        assertThat(r.errorsByKind()).containsEntry("tls", f.attempted());
        assertThat(r.totalErrors()).isEqualTo(f.attempted());
        // the measured window is the duration asked for, not a hang on the handshake
        assertThat(Duration.between(f.startedAt(), f.endedAt())).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void resolving_through_reflection_with_an_untrusted_certificate_names_the_handshake() {
        assertThatThrownBy(() -> echo(tls, TlsSettings.DEFAULT).requests(1).build().check())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("TLS handshake with 127.0.0.1:")
                .hasMessageContaining("--cacert");
    }

    @Test
    void the_server_name_is_sent_and_verified_instead_of_the_address() throws Exception {
        Path set = TestGrpcServer.writeDescriptorSet(dir.resolve("named.protoset"));
        CallLoadResult ok =
                echo(
                                named,
                                TlsSettings.trusting(namedCert.cert())
                                        .withServerName("sut.gonogo.test"))
                        .descriptorSet(set)
                        .concurrency(2)
                        .requests(50)
                        .build()
                        .run();
        assertThat(ok.figures().succeeded()).as(ok.errorsByKind().toString()).isEqualTo(50);
        CallLoadResult wrongName =
                echo(named, TlsSettings.trusting(namedCert.cert()))
                        .descriptorSet(set)
                        .concurrency(1)
                        .requests(5)
                        .build()
                        .run();
        // the run ends at once, as over HTTPS: a handshake that fails on a certificate fails for
        // every call
        assertThat(wrongName.figures().errorCount(ErrorKind.TLS))
                .isPositive()
                .isEqualTo(wrongName.figures().attempted());
        assertThat(wrongName.figures().abortReason())
                .hasValueSatisfying(
                        a -> assertThat(a).startsWith("target unreachable: TLS handshake failed"));
    }

    @Test
    void mutual_tls_with_the_client_certificate_is_answered() {
        CallLoadResult r =
                echo(
                                mutual,
                                TlsSettings.trusting(serverCert.cert())
                                        .withClientCertificate(clientCert.cert(), clientCert.key()))
                        .concurrency(2)
                        .requests(100)
                        .build()
                        .run();
        assertThat(r.figures().succeeded()).as(r.errorsByKind().toString()).isEqualTo(100);
    }

    @Test
    void without_the_client_certificate_a_mutual_tls_server_answers_no_call() throws Exception {
        Path set = TestGrpcServer.writeDescriptorSet(dir.resolve("mutual.protoset"));
        long before = mutual.calls.get();
        CallLoadResult r =
                echo(mutual, TlsSettings.trusting(serverCert.cert()))
                        .descriptorSet(set)
                        .concurrency(1)
                        .requests(5)
                        .build()
                        .run();
        assertThat(r.figures().succeeded()).isZero();
        assertThat(r.figures().errorCount(ErrorKind.TLS))
                .as(r.errorsByKind().toString())
                .isEqualTo(5);
        assertThat(mutual.calls.get()).isEqualTo(before);
    }

    @Test
    void shared_channels_open_tls_and_runs_on_them_are_answered() {
        try (GrpcChannels channels =
                GrpcChannels.open(tls.target(), 2, TlsSettings.trusting(serverCert.cert()))) {
            assertThat(channels.tls()).isPresent();
            CallLoadResult r =
                    GrpcLoadRunner.builder()
                            .channels(channels)
                            .method(TestGrpcServer.ECHO)
                            .concurrency(2)
                            .requests(100)
                            .build()
                            .run();
            assertThat(r.figures().succeeded()).isEqualTo(100);
        }
    }

    @Test
    void a_channel_builder_for_an_endpoint_whose_grpc_speaks_tls_uses_its_settings()
            throws Exception {
        SutEndpoint endpoint =
                new SutEndpoint(
                        URI.create("http://127.0.0.1:1"),
                        tls.target(),
                        "",
                        TlsSettings.trusting(serverCert.cert()),
                        true);
        byte[] request =
                DynamicMessage.newBuilder(TestGrpcServer.REQUEST)
                        .setField(TestGrpcServer.REQUEST.findFieldByName("text"), "over tls")
                        .build()
                        .toByteArray();
        ManagedChannel ch = GrpcChannels.channelBuilder(endpoint).build();
        try {
            Object responseBytes =
                    UnaryCall.start(
                                    ch,
                                    UnaryCall.method(TestGrpcServer.ECHO),
                                    request,
                                    new Metadata(),
                                    TimeUnit.SECONDS.toNanos(10))
                            .get(20, TimeUnit.SECONDS);
            assertThat((Long) responseBytes).isPositive();
        } finally {
            ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        SutEndpoint plaintext = new SutEndpoint(URI.create("http://127.0.0.1:1"), tls.target(), "");
        ManagedChannel plain = GrpcChannels.channelBuilder(plaintext).build();
        try {
            assertThatThrownBy(
                            () ->
                                    UnaryCall.start(
                                                    plain,
                                                    UnaryCall.method(TestGrpcServer.ECHO),
                                                    request,
                                                    new Metadata(),
                                                    TimeUnit.SECONDS.toNanos(5))
                                            .get(20, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class);
        } finally {
            plain.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
