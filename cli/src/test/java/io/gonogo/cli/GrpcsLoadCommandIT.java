package io.gonogo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import io.grpc.Server;
import io.grpc.TlsServerCredentials;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
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
        Path[] pair = certificate("grpcs-server", "ip:127.0.0.1");
        serverCert = pair[0];
        otherCert = certificate("grpcs-other", "ip:127.0.0.1")[0];
        server =
                NettyServerBuilder.forAddress(
                                new InetSocketAddress("127.0.0.1", 0),
                                TlsServerCredentials.create(pair[0].toFile(), pair[1].toFile()))
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
    void anUntrustedCertificateWithADescriptorSetCountsEveryCallAsTls() throws IOException {
        Path set = dir.resolve("health.protoset");
        Files.write(
                set,
                FileDescriptorSet.newBuilder()
                        .addFile(HealthCheckRequest.getDescriptor().getFile().toProto())
                        .build()
                        .toByteArray());
        CliTestSupport.Outcome o =
                CliTestSupport.run(
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
                        "-q");
        assertThat(o.exitCode()).as(o.err()).isZero();
        assertThat(o.out()).contains("Errors: tls 20").contains("0 succeeded");
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

    /** A self-signed P-256 certificate and key made by keytool, as PEM files. */
    private static Path[] certificate(String name, String san) throws Exception {
        Path store = dir.resolve(name + ".p12");
        Process p =
                new ProcessBuilder(
                                List.of(
                                        Path.of(System.getProperty("java.home"), "bin", "keytool")
                                                .toString(),
                                        "-genkeypair",
                                        "-alias",
                                        "k",
                                        "-keyalg",
                                        "EC",
                                        "-groupname",
                                        "secp256r1",
                                        "-dname",
                                        "CN=" + name,
                                        "-ext",
                                        "SAN=" + san,
                                        "-validity",
                                        "2",
                                        "-keystore",
                                        store.toString(),
                                        "-storetype",
                                        "PKCS12",
                                        "-storepass",
                                        "changeit"))
                        .redirectErrorStream(true)
                        .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).as(output).isTrue();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        Base64.Encoder b64 = Base64.getMimeEncoder(64, new byte[] {'\n'});
        Path cert =
                Files.writeString(
                        dir.resolve(name + ".crt"),
                        "-----BEGIN CERTIFICATE-----\n"
                                + b64.encodeToString(ks.getCertificate("k").getEncoded())
                                + "\n-----END CERTIFICATE-----\n");
        Path key =
                Files.writeString(
                        dir.resolve(name + ".key"),
                        "-----BEGIN PRIVATE KEY-----\n"
                                + b64.encodeToString(
                                        ks.getKey("k", "changeit".toCharArray()).getEncoded())
                                + "\n-----END PRIVATE KEY-----\n");
        return new Path[] {cert, key};
    }
}
