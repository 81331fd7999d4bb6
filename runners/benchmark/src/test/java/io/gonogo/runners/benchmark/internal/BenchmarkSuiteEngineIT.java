package io.gonogo.runners.benchmark.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;

import io.gonogo.core.Measurement;
import io.gonogo.core.Quality;
import io.gonogo.core.Scalar;
import io.gonogo.core.Unit;
import io.gonogo.core.json.Json;
import io.gonogo.runners.engine.EngineSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.FileEntry;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * The benchmark suite through gonogo's JUnit engine, against the real governance server (a child
 * JVM).
 */
class BenchmarkSuiteEngineIT {

    @TempDir Path dir;

    private EngineExecutionResults run(String sut, String scenarios) throws IOException {
        Path f = dir.resolve("targets.yaml");
        Files.writeString(
                f,
                """
                release: {name: benchmark test}
                sut: %s
                suites:
                  benchmark:
                    scenarios:
                %s
                """
                        .formatted(sut, scenarios.indent(6)));
        return EngineTestKit.engine(EngineSettings.ENGINE_ID)
                .configurationParameter(EngineSettings.TARGETS, f.toString())
                .configurationParameter(EngineSettings.PROGRESS, "false")
                .selectors(selectUniqueId("[engine:gonogo]"))
                .execute();
    }

    static List<Measurement> measurements(EngineExecutionResults results, String scenario) {
        return results.allEvents()
                .reportingEntryPublished()
                .filter(
                        e ->
                                e.getTestDescriptor()
                                        .getUniqueId()
                                        .toString()
                                        .endsWith("[scenario:" + scenario + "]"))
                .map(
                        e ->
                                e.getRequiredPayload(ReportEntry.class)
                                        .getKeyValuePairs()
                                        .get("gonogo.measurement"))
                .filter(json -> json != null)
                .map(json -> Json.readMeasurement(json, "test"))
                .toList();
    }

    static Measurement metric(List<Measurement> ms, String metric, String mode) {
        return ms.stream()
                .filter(m -> m.metric().equals(metric) && mode.equals(m.labels().get("mode")))
                .findFirst()
                .orElseThrow(
                        () ->
                                new AssertionError(
                                        "no " + metric + " mode " + mode + " among " + ms));
    }

    /** Each failed scenario with its failure, so a red run says why. */
    static List<String> failures(EngineExecutionResults results) {
        return results.testEvents().failed().stream()
                .map(
                        e ->
                                e.getTestDescriptor().getDisplayName()
                                        + ": "
                                        + e.getRequiredPayload(TestExecutionResult.class)
                                                .getThrowable()
                                                .map(Throwable::toString)
                                                .orElse("no exception"))
                .toList();
    }

    static double value(Measurement m) {
        return ((Scalar) m.value()).value();
    }

    @Test
    void measuresOperationsOverBothTransportsWithIntervalsPercentilesAndAllocation()
            throws IOException {
        EngineExecutionResults results =
                run(
                        "embedded",
                        """
                        - id: calls
                          operations: [health, approve]
                          forks: 0
                          jvm-warmup: 2s
                          warmup-iterations: 1
                          warmup-time: 100ms
                          iterations: 3
                          time: 100ms
                        """);
        assertThat(failures(results)).as("scenarios that failed, with why").isEmpty();
        results.testEvents().assertStatistics(s -> s.started(4).succeeded(4));
        for (String scenario :
                List.of(
                        "calls-http-health",
                        "calls-http-approve",
                        "calls-grpc-health",
                        "calls-grpc-approve")) {
            List<Measurement> ms = measurements(results, scenario);
            String transport = scenario.split("-")[1];
            String operation = scenario.substring(("calls-" + transport + "-").length());
            Measurement thrpt = metric(ms, "throughput", "thrpt");
            assertThat(thrpt.labels())
                    .containsEntry("suite", "benchmark")
                    .containsEntry("scenario", scenario)
                    .containsEntry("operation", operation)
                    .containsEntry("transport", transport);
            assertThat(thrpt.unit()).isEqualTo(Unit.PER_SECOND);
            // one client thread, one call at a time, over loopback: between 10/s and 1,000,000/s
            assertThat(value(thrpt)).isBetween(10.0, 1_000_000.0);
            assertThat(thrpt.interval().method()).isEqualTo("jmh-score-error");
            assertThat(thrpt.interval().confidence()).isEqualTo(0.999);
            assertThat(thrpt.interval().contains(value(thrpt))).isTrue();

            Measurement latency = metric(ms, "latency", "sample");
            assertThat(latency.unit()).isEqualTo(Unit.MICROSECONDS);
            assertThat(latency.interval().contains(value(latency))).isTrue();
            double p50 = value(metric(ms, "latency_p50", "sample"));
            double p99 = value(metric(ms, "latency_p99", "sample"));
            assertThat(p50).isPositive().isLessThanOrEqualTo(p99);
            assertThat(value(metric(ms, "samples", "sample"))).isPositive();
            // a single call takes at least a microsecond on loopback and at most a second
            assertThat(p50).isBetween(1.0, 1_000_000.0);

            Measurement alloc = metric(ms, "alloc_per_op", "thrpt");
            assertThat(alloc.unit()).isEqualTo(Unit.BYTES);
            assertThat(value(alloc)).isPositive();
            assertThat(alloc.quality()).doesNotContain(Quality.PARTIAL);
        }
        // JMH's JSON result and its log are attached (the collector copies them into the report
        // folder)
        List<String> files =
                results.allEvents()
                        .fileEntryPublished()
                        .filter(
                                e ->
                                        e.getTestDescriptor()
                                                .getUniqueId()
                                                .toString()
                                                .endsWith("[scenario:calls-grpc-approve]"))
                        .map(
                                e ->
                                        e.getRequiredPayload(FileEntry.class)
                                                .getPath()
                                                .getFileName()
                                                .toString())
                        .toList();
        assertThat(files).contains("jmh-result.json", "jmh.log");
    }

    @Test
    void aBenchmarkThatCannotReachTheServiceFailsAndPublishesNothing() throws IOException {
        // a URL nobody listens on (port 1 is never bound by tests) and no gRPC address
        EngineExecutionResults results =
                run(
                        "{url: \"http://127.0.0.1:1\"}",
                        """
                        - id: gone
                          operations: [health]
                          forks: 0
                          warmup-iterations: 0
                          iterations: 1
                          time: 100ms
                        """);
        results.testEvents().assertStatistics(s -> s.started(2).failed(2));
        for (Event e : results.testEvents().finished().list()) {
            TestExecutionResult r = e.getRequiredPayload(TestExecutionResult.class);
            assertThat(r.getThrowable())
                    .get()
                    .extracting(Throwable::getMessage)
                    .asString()
                    .startsWith("JMH could not run the benchmark");
        }
        assertThat(measurements(results, "gone-http-health")).isEmpty();
        assertThat(measurements(results, "gone-grpc-health")).isEmpty();
        String grpcMessage =
                results.testEvents().finished().list().stream()
                        .filter(
                                e ->
                                        e.getTestDescriptor()
                                                .getUniqueId()
                                                .toString()
                                                .contains("gone-grpc-health"))
                        .map(
                                e ->
                                        e.getRequiredPayload(TestExecutionResult.class)
                                                .getThrowable()
                                                .orElseThrow()
                                                .getMessage())
                        .findFirst()
                        .orElseThrow();
        assertThat(grpcMessage).contains("no gRPC address");
    }

    @Test
    void runsATeamsOwnBenchmarksByPatternInForkedJvmsThatReachTheServiceAndLabelsTheirFigures()
            throws IOException {
        EngineExecutionResults results =
                run(
                        "embedded",
                        """
                        - id: own
                          include: 'io\\.gonogo\\.runners\\.benchmark\\.fixtures\\.Sum.*'
                          labels: {component: parser}
                          modes: [thrpt]
                          forks: 1
                          warmup-iterations: 1
                          warmup-time: 100ms
                          iterations: 2
                          time: 100ms
                        """);
        assertThat(failures(results)).as("scenarios that failed, with why").isEmpty();
        results.testEvents().assertStatistics(s -> s.started(1).succeeded(1));
        Measurement thrpt = metric(measurements(results, "own"), "throughput", "thrpt");
        assertThat(thrpt.labels())
                .containsEntry("operation", "sum")
                .containsEntry("component", "parser")
                .containsEntry("size", "64")
                .containsEntry("benchmark", "io.gonogo.runners.benchmark.fixtures.SumBench.sum");
        // summing 64 longs: well above 10,000 per second even on a loaded machine
        assertThat(value(thrpt)).isGreaterThan(10_000);
    }

    @Test
    void aTeamsBenchmarkThatThrowsFailsTheScenarioWithItsMessage() throws IOException {
        EngineExecutionResults results =
                run(
                        "{url: \"http://127.0.0.1:1\"}",
                        """
                        - id: broken
                          class: io.gonogo.runners.benchmark.fixtures.FailingBench
                          forks: 0
                          warmup-iterations: 0
                          iterations: 1
                          time: 50ms
                        """);
        results.testEvents().assertStatistics(s -> s.started(1).failed(1));
        String message =
                results.testEvents()
                        .failed()
                        .list()
                        .get(0)
                        .getRequiredPayload(TestExecutionResult.class)
                        .getThrowable()
                        .orElseThrow()
                        .getMessage();
        assertThat(message).contains("the parser under test rejected its input");
        assertThat(measurements(results, "broken")).isEmpty();
    }
}
