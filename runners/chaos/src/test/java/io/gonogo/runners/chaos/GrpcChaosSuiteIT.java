package io.gonogo.runners.chaos;

import static io.gonogo.runners.chaos.ChaosSuiteIT.find;
import static io.gonogo.runners.chaos.ChaosSuiteIT.measurements;
import static io.gonogo.runners.chaos.ChaosSuiteIT.result;
import static io.gonogo.runners.chaos.ChaosSuiteIT.run;
import static io.gonogo.runners.chaos.ChaosSuiteIT.scalar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gonogo.core.Distribution;
import io.gonogo.core.InvalidInputException;
import io.gonogo.core.Measurement;
import io.gonogo.core.Profile;
import io.gonogo.core.Scalar;
import io.gonogo.core.config.TargetsParser;
import io.gonogo.runners.engine.SuitePlanner;
import io.gonogo.server.GovernanceServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * {@code suites.chaos} with {@code transport: grpc}: the workload runs on the gRPC load engine
 * through the proxy in HTTP/2 mode against the governance server's real gRPC API, with the same
 * per-phase evidence and hypothesis as over HTTP.
 */
class GrpcChaosSuiteIT {
    @TempDir Path dir;
    private GovernanceServer server;

    @BeforeEach
    void start() {
        server = GovernanceServer.builder().host("127.0.0.1").httpPort(0).grpcPort(0).build();
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Path targets(String scenarios) throws IOException {
        Path f = dir.resolve("targets.yaml");
        Files.writeString(
                f,
                """
                release: {name: grpc chaos test}
                sut: {url: {base: "http://127.0.0.1:%d", grpc: "127.0.0.1:%d", token: "%s"}}
                suites:
                  chaos:
                    scenarios:
                %s
                """
                        .formatted(
                                server.httpPort(),
                                server.grpcPort(),
                                server.operatorToken(),
                                scenarios.indent(6)));
        return f;
    }

    private static double errors(List<Measurement> ms, String kind, String phase) {
        return ms.stream()
                .filter(
                        m ->
                                m.metric().equals("errors")
                                        && kind.equals(m.labels().get("kind"))
                                        && phase.equals(m.labels().get("phase")))
                .mapToDouble(m -> ((Scalar) m.value()).value())
                .findFirst()
                .orElseThrow(
                        () ->
                                new AssertionError(
                                        "no errors{kind=" + kind + ", phase=" + phase + "}"));
    }

    @Test
    void injectedUnavailableShowsInTheDuringPhaseAndAHypothesisAllowingItHolds()
            throws IOException {
        Path f =
                targets(
                        """
                        - id: grpc-degraded
                          operation: create-session
                          transport: grpc
                          concurrency: 4
                          duration: 5s
                          warmup: 1s
                          fault: {kind: grpc-error, share: 30%}
                          at: 2s
                          for: 2s
                          hypothesis:
                            steady-state: {success_rate: ">= 99%"}
                            during: {error_rate: "<= 45%"}
                            recovery: "<= 5s"
                        """);
        EngineExecutionResults r = run(f);
        assertThat(result(r).getStatus())
                .as(result(r).toString())
                .isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
        List<Measurement> ms = measurements(r, "grpc-degraded");
        assertThat(find(ms, "success_rate", "before").labels())
                .containsEntry("transport", "grpc")
                .containsEntry("fault", "grpc-error")
                .containsEntry("operation", "create-session");
        assertThat(scalar(ms, "success_rate", "before")).isGreaterThanOrEqualTo(99.0);
        assertThat(scalar(ms, "success_rate", "after")).isGreaterThanOrEqualTo(99.0);
        // stated tolerance: 30% of calls fail during the fault, within 20..40% (a few hundred calls
        // per window)
        double during = scalar(ms, "error_rate", "during");
        assertThat(during).isBetween(20.0, 40.0);
        double requests = scalar(ms, "requests", "during");
        assertThat(errors(ms, "grpc_UNAVAILABLE", "during") / requests * 100)
                .isCloseTo(during, org.assertj.core.data.Offset.offset(0.5));
        assertThat(errors(ms, "grpc_UNAVAILABLE", "before")).isZero();
        assertThat(errors(ms, "grpc_UNAVAILABLE", "after")).isZero();
        assertThat(errors(ms, "timeout", "during")).isZero();
        assertThat(((Distribution) find(ms, "latency", "during").value()).decode().getTotalCount())
                .isPositive();
        assertThat(scalar(ms, "throughput", "during")).isPositive();
        assertThat(scalar(ms, "recovery_time", null)).isBetween(0.0, 5000.0);
    }

    @Test
    void aDuringBoundTheInjectedShareBreaksFailsTheScenario() throws IOException {
        Path f =
                targets(
                        """
                        - id: grpc-too-many-errors
                          transport: grpc
                          concurrency: 4
                          duration: 4s
                          warmup: 1s
                          fault: {kind: grpc-error, share: 50%}
                          at: 1s
                          for: 2s
                          hypothesis:
                            steady-state: {success_rate: ">= 99%"}
                            during: {error_rate: "<= 10%"}
                        """);
        EngineExecutionResults r = run(f);
        TestExecutionResult res = result(r);
        assertThat(res.getStatus()).isEqualTo(TestExecutionResult.Status.FAILED);
        assertThat(res.getThrowable().orElseThrow().getMessage())
                .contains("during error_rate = ")
                .contains("expected <= 10%")
                .contains("gRPC UNAVAILABLE for 50% of calls");
        assertThat(scalar(measurements(r, "grpc-too-many-errors"), "error_rate", "during"))
                .isBetween(35.0, 65.0);
    }

    @Test
    void latencyOverGrpcRaisesTheDuringPhaseLatency() throws IOException {
        Path f =
                targets(
                        """
                        - id: grpc-latency
                          transport: grpc
                          concurrency: 2
                          duration: 5s
                          warmup: 1s
                          fault: {kind: latency, latency: 80ms}
                          at: 2s
                          for: 1500ms
                          hypothesis:
                            steady-state: {success_rate: ">= 99%"}
                            during: {success_rate: ">= 99%", p50: ">= 80ms"}
                        """);
        EngineExecutionResults r = run(f);
        assertThat(result(r).getStatus())
                .as(result(r).toString())
                .isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
        List<Measurement> ms = measurements(r, "grpc-latency");
        long before =
                ((Distribution) find(ms, "latency", "before").value())
                        .decode()
                        .getValueAtPercentile(50);
        long during =
                ((Distribution) find(ms, "latency", "during").value())
                        .decode()
                        .getValueAtPercentile(50);
        assertThat(during - before).isBetween(70_000L, 200_000L);
    }

    @Test
    void aProtoSetNextToTheTargetsFileResolvesTheMethodInsteadOfReflection() throws IOException {
        Files.createDirectories(dir.resolve("protos"));
        io.gonogo.runners.load.grpc.GrpcLoadRunner.builder()
                .target(server.grpcAddress())
                .method("gonogo.governance.v1.Governance/Health")
                .build()
                .writeDescriptorSet(dir.resolve("protos/governance.protoset"));
        Path f =
                targets(
                        """
                        - id: grpc-proto-set
                          transport: grpc
                          proto-set: protos/governance.protoset
                          concurrency: 2
                          duration: 3s
                          warmup: 0s
                          fault: {kind: latency, latency: 20ms}
                          at: 1s
                          for: 1s
                          hypothesis:
                            steady-state: {success_rate: ">= 99%"}
                        """);
        EngineExecutionResults r = run(f);
        assertThat(result(r).getStatus())
                .as(result(r).toString())
                .isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
        assertThat(scalar(measurements(r, "grpc-proto-set"), "success_rate", "before"))
                .isGreaterThanOrEqualTo(99.0);
        // the user's file is read, never replaced or deleted
        assertThat(dir.resolve("protos/governance.protoset")).isNotEmptyFile();

        Path missing =
                targets(
                        """
                        - id: x
                          transport: grpc
                          proto-set: protos/none.protoset
                          duration: 10s
                          fault: {kind: latency, latency: 10ms}
                          at: 2s
                          for: 2s
                        """);
        assertThatThrownBy(
                        () ->
                                SuitePlanner.withServiceLoader()
                                        .plan(TargetsParser.parse(missing), Profile.QUICK))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("targets.yaml:8:20:")
                .hasMessageContaining("none.protoset does not exist");
    }

    @Test
    void transportMismatchesAreErrorsWithLineAndColumn() throws IOException {
        Path f =
                targets(
                        """
                        - id: x
                          transport: grpc
                          duration: 10s
                          fault: {kind: http-error, share: 30%}
                          at: 2s
                          for: 2s
                        """);
        assertThatThrownBy(
                        () ->
                                SuitePlanner.withServiceLoader()
                                        .plan(TargetsParser.parse(f), Profile.QUICK))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("targets.yaml:9:")
                .hasMessageContaining("fault kind 'http-error' acts on HTTP/1.1 requests")
                .hasMessageContaining("use grpc-error");
        Path g =
                targets(
                        """
                        - id: x
                          duration: 10s
                          fault: {kind: grpc-error, share: 30%}
                          at: 2s
                          for: 2s
                        """);
        assertThatThrownBy(
                        () ->
                                SuitePlanner.withServiceLoader()
                                        .plan(TargetsParser.parse(g), Profile.QUICK))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("use http-error");
        Path h =
                targets(
                        """
                        - id: x
                          transport: grpc
                          path: /health
                          duration: 10s
                          fault: {kind: latency, latency: 10ms}
                          at: 2s
                          for: 2s
                        """);
        assertThatThrownBy(
                        () ->
                                SuitePlanner.withServiceLoader()
                                        .plan(TargetsParser.parse(h), Profile.QUICK))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("targets.yaml:8:")
                .hasMessageContaining("'path' is for transport http");
        Path k =
                targets(
                        """
                        - id: x
                          transport: grpc
                          duration: 10s
                          fault: {kind: kill}
                          at: 2s
                          for: 2s
                          durability: true
                        """);
        assertThatThrownBy(
                        () ->
                                SuitePlanner.withServiceLoader()
                                        .plan(TargetsParser.parse(k), Profile.QUICK))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'durability' is checked with HTTP");
        Path m =
                targets(
                        """
                        - id: x
                          transport: grpc
                          operation: frobnicate
                          duration: 10s
                          fault: {kind: latency, latency: 10ms}
                          at: 2s
                          for: 2s
                        """);
        assertThatThrownBy(
                        () ->
                                SuitePlanner.withServiceLoader()
                                        .plan(TargetsParser.parse(m), Profile.QUICK))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("unknown operation 'frobnicate'")
                .hasMessageContaining("method: package.Service/Method");
    }
}
