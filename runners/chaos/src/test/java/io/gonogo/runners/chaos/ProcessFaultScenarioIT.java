package io.gonogo.runners.chaos;

import static io.gonogo.runners.chaos.ChaosSuiteIT.measurements;
import static io.gonogo.runners.chaos.ChaosSuiteIT.run;
import static io.gonogo.runners.chaos.ChaosSuiteIT.scalar;
import static org.assertj.core.api.Assertions.assertThat;

import io.gonogo.core.Measurement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * Process faults on the embedded governance server (a child JVM gonogo starts): SIGKILL and a start
 * on the same data finds every acknowledged write; SIGSTOP/SIGCONT freezes and thaws it.
 */
class ProcessFaultScenarioIT {
    @TempDir Path dir;

    @Test
    void killAndRestartLosesNoAcknowledgedWriteAndRecovers() throws IOException {
        Path f = dir.resolve("targets.yaml");
        Files.writeString(
                f,
                """
                release: {name: chaos process faults}
                sut: embedded
                suites:
                  chaos:
                    scenarios:
                      - id: server-failure
                        operation: health
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
                      - id: frozen
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
                .allMatch(x -> x.getStatus() == TestExecutionResult.Status.SUCCESSFUL);
        List<Measurement> kill = measurements(r, "server-failure");
        double checked = scalar(kill, "acknowledged_writes_checked", null);
        assertThat(checked).isPositive();
        assertThat(scalar(kill, "acknowledged_writes_missing", null)).isZero();
        assertThat(scalar(kill, "success_rate", "during")).isLessThan(99.0);
        assertThat(scalar(kill, "success_rate", "after")).isGreaterThanOrEqualTo(99.0);
        assertThat(scalar(kill, "recovery_time", null)).isBetween(0.0, 60_000.0);
        System.out.printf(
                "kill and restart: %.0f acknowledged writes checked, %.0f missing, recovery %.0f"
                        + " ms%n",
                checked,
                scalar(kill, "acknowledged_writes_missing", null),
                scalar(kill, "recovery_time", null));
        List<Measurement> frozen = measurements(r, "frozen");
        assertThat(scalar(frozen, "success_rate", "during")).isLessThan(90.0);
        assertThat(
                        frozen.stream()
                                .filter(
                                        m ->
                                                m.metric().equals("errors")
                                                        && "timeout".equals(m.labels().get("kind"))
                                                        && "during".equals(m.labels().get("phase")))
                                .mapToDouble(m -> ((io.gonogo.core.Scalar) m.value()).value())
                                .sum())
                .isPositive();
    }
}
