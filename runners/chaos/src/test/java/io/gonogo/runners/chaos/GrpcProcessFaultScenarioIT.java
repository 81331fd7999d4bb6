package io.gonogo.runners.chaos;

import static io.gonogo.runners.chaos.ChaosSuiteIT.measurements;
import static io.gonogo.runners.chaos.ChaosSuiteIT.run;
import static io.gonogo.runners.chaos.ChaosSuiteIT.scalar;
import static org.assertj.core.api.Assertions.assertThat;

import io.gonogo.core.Measurement;
import io.gonogo.core.Scalar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * Process faults under a gRPC workload on the embedded governance server: after SIGKILL the proxy
 * follows the restarted server's new gRPC port and calls succeed again; while the server is frozen,
 * calls run out of their deadline and count as timeouts.
 */
class GrpcProcessFaultScenarioIT {
    @TempDir Path dir;

    private static double errors(List<Measurement> ms, String kind, String phase) {
        return ms.stream()
                .filter(
                        m ->
                                m.metric().equals("errors")
                                        && kind.equals(m.labels().get("kind"))
                                        && phase.equals(m.labels().get("phase")))
                .mapToDouble(m -> ((Scalar) m.value()).value())
                .sum();
    }

    @Test
    void killAndRestartRecoversOverGrpcAndAFrozenServerGivesTimeouts() throws IOException {
        Path f = dir.resolve("targets.yaml");
        Files.writeString(
                f,
                """
                release: {name: chaos process faults over grpc}
                sut: embedded
                suites:
                  chaos:
                    scenarios:
                      - id: grpc-server-failure
                        transport: grpc
                        operation: create-session
                        rate: 50/s
                        concurrency: 4
                        timeout: 2s
                        duration: 6s
                        warmup: 1s
                        fault: {kind: kill}
                        at: 2s
                        for: 1s
                        hypothesis:
                          steady-state: {success_rate: ">= 99%"}
                          recovery: "<= 60s"
                      - id: grpc-frozen
                        transport: grpc
                        concurrency: 2
                        timeout: 500ms
                        duration: 5s
                        warmup: 1s
                        fault: {kind: pause}
                        at: 2s
                        for: 1s
                        hypothesis:
                          steady-state: {success_rate: ">= 99%"}
                          during: {success_rate: "< 90%"}
                          recovery: "<= 10s"
                """);
        EngineExecutionResults r = run(f);
        List<TestExecutionResult> results =
                r.testEvents().finished().list().stream()
                        .map(e -> e.getRequiredPayload(TestExecutionResult.class))
                        .toList();
        assertThat(results)
                .as(results.toString())
                .hasSize(2)
                .allMatch(x -> x.getStatus() == TestExecutionResult.Status.SUCCESSFUL);
        List<Measurement> kill = measurements(r, "grpc-server-failure");
        assertThat(scalar(kill, "success_rate", "during")).isLessThan(99.0);
        assertThat(scalar(kill, "success_rate", "after")).isGreaterThanOrEqualTo(99.0);
        assertThat(scalar(kill, "requests", "after")).isPositive();
        assertThat(kill).noneMatch(m -> m.metric().startsWith("acknowledged_writes"));
        List<Measurement> frozen = measurements(r, "grpc-frozen");
        assertThat(scalar(frozen, "success_rate", "during")).isLessThan(90.0);
        assertThat(errors(frozen, "timeout", "during")).isPositive();
        assertThat(errors(frozen, "grpc_DEADLINE_EXCEEDED", "during")).isZero();
    }
}
