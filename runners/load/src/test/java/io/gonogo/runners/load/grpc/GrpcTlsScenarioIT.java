package io.gonogo.runners.load.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gonogo.core.InvalidInputException;
import io.gonogo.core.Profile;
import io.gonogo.core.config.ConfigNode;
import io.gonogo.runners.load.suite.LoadSuiteKind;
import io.gonogo.runners.spi.ScenarioSpec;
import io.gonogo.runners.spi.SutEndpoint;
import io.gonogo.runners.spi.TlsSettings;
import io.gonogo.testing.TestCertificates;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code transport: grpc} load scenarios against a TLS gRPC server without server reflection: the
 * endpoint's {@code grpcTls} selects TLS with its settings, and {@code proto-set} (relative to the
 * targets file) resolves the method.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GrpcTlsScenarioIT {

    @TempDir static Path dir;

    static TestCertificates.Pair cert;
    static TestGrpcServer server;

    @BeforeAll
    static void start() throws Exception {
        cert = TestCertificates.make(dir, "scenario-server", "ip:127.0.0.1");
        server = TestGrpcServer.startTls(cert, Optional.empty(), false);
        Files.createDirectories(dir.resolve("protos"));
        TestGrpcServer.writeDescriptorSet(dir.resolve("protos/echo.protoset"));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Writes a load suite section next to protos/, plans it and runs its scenarios. */
    private static RecordingContext run(String scenario, SutEndpoint endpoint) throws Exception {
        Path file = Files.writeString(dir.resolve("load.yaml"), "scenarios:\n  - " + scenario);
        RecordingContext context =
                new RecordingContext(endpoint, Files.createTempDirectory(dir, "out"));
        runAll(new LoadSuiteKind(), ConfigNode.read(file), context);
        return context;
    }

    private static <S> void runAll(
            io.gonogo.runners.spi.SuiteKind<S> kind, ConfigNode section, RecordingContext context)
            throws Exception {
        for (ScenarioSpec<S> spec : kind.plan(section, Profile.QUICK)) {
            kind.run(spec, context);
        }
    }

    private static <S> List<ScenarioSpec<S>> plan(
            io.gonogo.runners.spi.SuiteKind<S> kind, String scenario) throws Exception {
        Path file = Files.writeString(dir.resolve("check.yaml"), "scenarios:\n  - " + scenario);
        return kind.plan(ConfigNode.read(file), Profile.QUICK);
    }

    private static SutEndpoint endpoint(TlsSettings tls) {
        return new SutEndpoint(URI.create("http://127.0.0.1:1"), server.target(), "", tls, true);
    }

    @Test
    void a_grpc_scenario_on_an_endpoint_whose_grpc_speaks_tls_calls_over_tls_with_a_proto_set()
            throws Exception {
        long before = server.calls.get();
        RecordingContext c =
                run(
                        "{id: echo-tls, transport: grpc, method: "
                                + TestGrpcServer.ECHO
                                + ", body: {text: hi}, proto-set: protos/echo.protoset,"
                                + " requests: 300, concurrency: 3, warmup: 0}",
                        endpoint(TlsSettings.trusting(cert.cert())));
        assertThat(c.scalar("success_rate")).isEqualTo(100.0);
        assertThat(c.scalar("requests")).isEqualTo(300);
        assertThat(c.errors("connect")).isZero();
        assertThat(c.errors("tls")).isEqualTo(-1);
        // no reflection on this server: only the measured calls reached it
        assertThat(server.calls.get() - before).isEqualTo(300);
    }

    @Test
    void an_untrusted_certificate_fails_the_scenario_at_once_saying_the_handshake_failed() {
        assertThatThrownBy(
                        () ->
                                run(
                                        "{id: echo-untrusted, transport: grpc, method: "
                                                + TestGrpcServer.ECHO
                                                + ", proto-set: protos/echo.protoset,"
                                                + " requests: 20, concurrency: 2, warmup: 0}",
                                        endpoint(TlsSettings.DEFAULT)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("target unreachable: TLS handshake failed")
                .hasMessageContaining("pkix")
                .hasMessageContaining("the first connect of all 2 users failed");
    }

    @Test
    void a_missing_proto_set_is_an_error_at_its_line_and_column_when_planned() {
        assertThatThrownBy(
                        () ->
                                plan(
                                        new LoadSuiteKind(),
                                        "{id: a, transport: grpc, method: "
                                                + TestGrpcServer.ECHO
                                                + ", proto-set: protos/nope.protoset,"
                                                + " requests: 1, concurrency: 1}"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("check.yaml:2:")
                .hasMessageContaining("nope.protoset does not exist")
                .hasMessageContaining("relative to the targets file");
    }

    @Test
    void a_proto_set_that_is_not_a_descriptor_set_or_lacks_the_method_is_refused_when_planned()
            throws Exception {
        Files.writeString(dir.resolve("protos/garbage.protoset"), "not protobuf at all\n");
        assertThatThrownBy(
                        () ->
                                plan(
                                        new LoadSuiteKind(),
                                        "{id: a, transport: grpc, method: "
                                                + TestGrpcServer.ECHO
                                                + ", proto-set: protos/garbage.protoset,"
                                                + " requests: 1, concurrency: 1}"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("check.yaml:2:")
                .hasMessageContaining("is not a protobuf FileDescriptorSet");
        assertThatThrownBy(
                        () ->
                                plan(
                                        new LoadSuiteKind(),
                                        "{id: a, transport: grpc, method:"
                                                + " gonogo.test.v1.Echo/Shout, proto-set:"
                                                + " protos/echo.protoset, requests: 1, concurrency:"
                                                + " 1}"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("unknown gRPC method 'Shout' in service gonogo.test.v1.Echo");
        assertThatThrownBy(
                        () ->
                                plan(
                                        new LoadSuiteKind(),
                                        "{id: a, operation: health, proto-set:"
                                                + " protos/echo.protoset, requests: 1, concurrency:"
                                                + " 1}"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'proto-set' is for transport grpc");
    }
}
