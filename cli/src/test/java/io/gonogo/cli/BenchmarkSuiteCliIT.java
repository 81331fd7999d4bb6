package io.gonogo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gonogo.Gonogo;
import io.gonogo.RunOptions;
import io.gonogo.RunResult;
import io.gonogo.core.Outcome;
import io.gonogo.core.TargetVerdict;
import io.gonogo.core.TestStatus;
import io.gonogo.core.Verdict;
import io.gonogo.server.GovernanceServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The benchmark suite through the facade and the command line: broken settings exit 2 naming the
 * setting; a benchmark that cannot run is NOT EXECUTED in the evidence and its targets are NOT
 * MEASURED.
 */
class BenchmarkSuiteCliIT {

    @TempDir Path dir;

    private static final String HEAD =
            """
            release: {name: benchmark settings}
            sut: {url: "http://127.0.0.1:1"}
            suites:
              benchmark:
                scenarios:
            """;

    static Stream<Arguments> brokenSettings() {
        return Stream.of(
                Arguments.of(
                        "unknown operation",
                        "      - {id: b, operations: [health, aprove]}\n",
                        "6:38",
                        "unknown operation 'aprove'; expected one of health, create-session"),
                Arguments.of(
                        "watch is a stream",
                        "      - {id: b, operations: [watch]}\n",
                        "6:30",
                        "'watch' is a server stream, not a call"),
                Arguments.of(
                        "zero iterations",
                        "      - {id: b, iterations: 0}\n",
                        "6:29",
                        "'iterations' must be between 1 and 1000, was 0"),
                Arguments.of(
                        "zero iterations in the quick overlay",
                        "      - {id: b, profiles: {quick: {iterations: 0}}}\n",
                        "6:48",
                        "'iterations' must be between 1 and 1000, was 0"),
                Arguments.of(
                        "a class that does not exist",
                        "      - {id: b, class: com.acme.NoSuchBench}\n",
                        "6:24",
                        "benchmark class 'com.acme.NoSuchBench' is not on the class path"),
                Arguments.of(
                        "a class without benchmarks",
                        "      - {id: b, class: java.lang.String}\n",
                        "6:24",
                        "no JMH benchmark on the class path matches"),
                Arguments.of(
                        "an include that matches nothing",
                        "      - {id: b, include: 'com\\.acme\\..*Bench'}\n",
                        "6:26",
                        "no JMH benchmark on the class path matches 'com\\.acme\\..*Bench'"),
                Arguments.of(
                        "unknown transport",
                        "      - {id: b, transports: [http, quic]}\n",
                        "6:36",
                        "unknown transport 'quic'; expected http or grpc"),
                Arguments.of(
                        "a JVM warm-up beyond ten minutes",
                        "      - {id: b, jvm-warmup: 2h}\n",
                        "6:29",
                        "'jvm-warmup' is '2h'; expected a duration from 0s (no warm-up) to 10min"),
                Arguments.of(
                        "unknown key", "      - {id: b, fork: 2}\n", "6:17", "unknown key 'fork'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenSettings")
    void brokenSettingsExitTwoNamingTheSetting(
            String name, String scenario, String lineColumn, String expected) throws IOException {
        Path file = dir.resolve("targets.yaml");
        Files.writeString(file, HEAD + scenario);
        Path out = dir.resolve("reports");

        CliTestSupport.Outcome o =
                CliTestSupport.run("--targets", file.toString(), "--out", out.toString(), "-q");

        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.err())
                .startsWith("gonogo: " + file + ":" + lineColumn + ": ")
                .contains(expected);
        assertThat(o.err().strip().lines()).hasSize(1);
        assertThat(o.err()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(out).doesNotExist();
    }

    @Test
    void aBenchmarkThatCannotRunIsNotExecutedAndItsTargetsAreNotMeasured() throws IOException {
        // the server runs without gRPC: the gRPC benchmark cannot run, the HTTP one can
        GovernanceServer server = GovernanceServer.builder().httpPort(0).build();
        server.start();
        try {
            Path f = dir.resolve("targets.yaml");
            Files.writeString(
                    f,
                    """
                    release: {name: benchmark gate, owner: qa}
                    sut: {url: "%s"}
                    suites:
                      benchmark:
                        scenarios:
                          - {id: calls, operations: [health], forks: 0, jvm-warmup: 1s, warmup-iterations: 1, warmup-time: 100ms,
                             iterations: 5, time: 100ms, modes: [thrpt]}
                    targets:
                      - {id: http-health, metric: throughput, where: {suite: benchmark, transport: http,
                         operation: health}, pass: ">= 1/s"}
                      - {id: grpc-health, metric: throughput, where: {suite: benchmark, transport: grpc,
                         operation: health}, pass: ">= 1/s"}
                    """
                            .formatted(server.httpBaseUri()));
            RunResult r =
                    Gonogo.run(RunOptions.builder(f).out(dir.resolve("reports")).quiet().build());

            assertThat(r.evidence().scenarioOutcome("benchmark", "calls-http-health"))
                    .get()
                    .satisfies(o -> assertThat(o.status()).isEqualTo(TestStatus.SUCCESSFUL));
            assertThat(r.evidence().scenarioOutcome("benchmark", "calls-grpc-health"))
                    .get()
                    .satisfies(o -> assertThat(o.status()).isEqualTo(TestStatus.NOT_EXECUTED))
                    .satisfies(
                            o ->
                                    assertThat(o.message())
                                            .startsWith("JMH could not run the benchmark"));
            // measured: MET, or INCONCLUSIVE when the short run's JMH error interval straddles the
            // floor
            assertThat(verdict(r, "http-health").verdict())
                    .isIn(Verdict.MET, Verdict.EXCEEDED, Verdict.INCONCLUSIVE);
            TargetVerdict grpc = verdict(r, "grpc-health");
            assertThat(grpc.verdict()).isEqualTo(Verdict.NOT_MEASURED);
            assertThat(grpc.reason()).startsWith("not executed: ").contains("calls-grpc-health");
            assertThat(r.decision().outcome()).isEqualTo(Outcome.NO_GO);
            assertThat(Files.readString(dir.resolve("reports/go-no-go.md")))
                    .contains("NOT MEASURED");
            Path json = dir.resolve("reports/evidence/calls-http-health/jmh-result.json");
            assertThat(Files.readString(json))
                    .contains(
                            "\"mode\" : \"thrpt\"",
                            "HttpGovernanceBench.health",
                            "gc.alloc.rate.norm");
        } finally {
            server.stop();
        }
    }

    private static TargetVerdict verdict(RunResult r, String id) {
        return r.decision().verdicts().stream()
                .filter(v -> v.target().equals(id))
                .findFirst()
                .orElseThrow();
    }
}
