package io.gonogo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import io.gonogo.testing.TestCertificates;
import io.grpc.Server;
import io.grpc.TlsServerCredentials;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gonogo load grpcs://...} against a real grpc-java TLS server on 127.0.0.1 (the standard
 * health service, with server reflection), its certificate made by keytool for the test.
 */
class GrpcsLoadCommandIT {

    private static final String CHECK = "grpc.health.v1.Health/Check";

    @TempDir static Path dir;

    static Path serverCert;
    static Path otherCert;
    static Server server;

    @BeforeAll
    static void start() throws Exception {
        TestCertificates.Pair pair = TestCertificates.make(dir, "grpcs-server", "ip:127.0.0.1");
        serverCert = pair.cert();
        otherCert = TestCertificates.make(dir, "grpcs-other", "ip:127.0.0.1").cert();
        server =
                NettyServerBuilder.forAddress(
                                new InetSocketAddress("127.0.0.1", 0),
                                TlsServerCredentials.create(
                                        pair.cert().toFile(), pair.key().toFile()))
                        .addService(new HealthStatusManager().getHealthService())
                        .addService(ProtoReflectionServiceV1.newInstance())
                        .build()
                        .start();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (server != null) {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static String target() {
        return "grpcs://127.0.0.1:" + server.getPort();
    }

    @Test
    void callsOverTlsTrustingTheCaFileSucceed() {
        CliTestSupport.Outcome o =
                CliTestSupport.run(
                        "load",
                        target(),
                        "-m",
                        CHECK,
                        "--cacert",
                        serverCert.toString(),
                        "-c",
                        "2",
                        "-n",
                        "200",
                        "-q");
        assertThat(o.exitCode()).as(o.err()).isZero();
        assertThat(o.out()).contains("200 calls in").contains("200 succeeded (100.00%)");
        assertThat(o.out()).doesNotContain("Errors:");
    }

    @Test
    void insecureAcceptsTheSelfSignedCertificate() {
        CliTestSupport.Outcome o =
                CliTestSupport.run(
                        "load", target(), "-m", CHECK, "-k", "-n", "50", "-c", "1", "-q");
        assertThat(o.exitCode()).as(o.err()).isZero();
        assertThat(o.out()).contains("50 succeeded (100.00%)");
    }

    @Test
    void anUntrustedCertificateWithADescriptorSetEndsTheRunAtOnceAsForHttps() throws IOException {
        CliTestSupport.Outcome o = untrusted();
        assertThat(o.exitCode()).as(o.err()).isEqualTo(4);
        assertThat(o.out()).contains("Errors: tls 1").contains("0 succeeded");
        assertThat(o.err())
                .contains("could not run: target unreachable: TLS handshake failed")
                .contains("pkix");
    }

    @Test
    void grpcJavasClientCountsEveryCallOfTheRunAsTls() throws IOException {
        CliTestSupport.Outcome o = untrusted("--client", "grpc-java");
        assertThat(o.exitCode()).as(o.err()).isZero();
        assertThat(o.out()).contains("Errors: tls 20").contains("0 succeeded");
    }

    @Test
    void anUnknownClientIsABadArgument() throws IOException {
        CliTestSupport.Outcome o = untrusted("--client", "okhttp");
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.err())
                .contains("--client unknown gRPC client 'okhttp'; expected gonogo or grpc-java");
    }

    /** 20 calls on one connection to the server, trusting another certificate. */
    private CliTestSupport.Outcome untrusted(String... more) throws IOException {
        Path set = dir.resolve("health.protoset");
        Files.write(
                set,
                FileDescriptorSet.newBuilder()
                        .addFile(HealthCheckRequest.getDescriptor().getFile().toProto())
                        .build()
                        .toByteArray());
        java.util.List<String> args =
                new java.util.ArrayList<>(
                        java.util.List.of(
                                "load",
                                target(),
                                "-m",
                                CHECK,
                                "--proto-set",
                                set.toString(),
                                "--cacert",
                                otherCert.toString(),
                                "-c",
                                "1",
                                "-n",
                                "20",
                                "-q"));
        args.addAll(java.util.List.of(more));
        return CliTestSupport.run(args.toArray(new String[0]));
    }

    @Test
    void anUntrustedCertificateFailsReflectionWithTheHandshakeNamed() {
        CliTestSupport.Outcome o =
                CliTestSupport.run("load", target(), "-m", CHECK, "-n", "5", "-c", "1", "-q");
        assertThat(o.exitCode()).isEqualTo(4);
        assertThat(o.err())
                .startsWith("gonogo load: could not run: target unreachable: the TLS handshake")
                .contains("--cacert")
                .doesNotContain("Exception\n\tat ");
    }

    @Test
    void tlsOptionsAreBadArgumentsOnAPlaintextTargetOrWithAMissingFile() {
        CliTestSupport.Outcome plain =
                CliTestSupport.run(
                        "load",
                        "grpc://127.0.0.1:" + server.getPort(),
                        "-m",
                        CHECK,
                        "--cacert",
                        serverCert.toString(),
                        "-n",
                        "1");
        assertThat(plain.exitCode()).isEqualTo(2);
        assertThat(plain.err()).contains("are for grpcs:// (and https://) targets");
        CliTestSupport.Outcome missing =
                CliTestSupport.run(
                        "load",
                        target(),
                        "-m",
                        CHECK,
                        "--cacert",
                        dir.resolve("nope.pem").toString(),
                        "-n",
                        "1");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("--cacert").contains("nope.pem: no such file");
    }
}
