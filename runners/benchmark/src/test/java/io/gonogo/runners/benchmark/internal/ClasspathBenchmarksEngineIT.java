package io.gonogo.runners.benchmark.internal;

import static io.gonogo.runners.benchmark.internal.BenchmarkSuiteEngineIT.failures;
import static io.gonogo.runners.benchmark.internal.BenchmarkSuiteEngineIT.measurements;
import static io.gonogo.runners.benchmark.internal.BenchmarkSuiteEngineIT.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;

import io.gonogo.core.Measurement;
import io.gonogo.core.Quality;
import io.gonogo.core.Unit;
import io.gonogo.runners.engine.EngineSettings;
import io.gonogo.testing.BenchmarkJars;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.FileEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * A team's own benchmarks from a jar built for real (javac with JMH's annotation processor), run by
 * the engine in a JVM of their own with the jar and jmh-core on its class path; no service is
 * needed, so the file's service is a URL nobody listens on.
 */
class ClasspathBenchmarksEngineIT {

    @TempDir static Path built;

    @TempDir Path dir;

    static Path jar;

    @BeforeAll
    static void buildJar() throws IOException {
        // other builds on this machine may run JMH at the same time (see decision 0009)
        System.setProperty("jmh.ignoreLock", "true");
        jar =
                BenchmarkJars.build(
                        built,
                        "acme-bench.jar",
                        Map.of("com.acme.bench.ChecksumBench", BenchmarkJars.SUM_BENCH));
    }

    private EngineExecutionResults run(String scenario, Map<String, String> parameters)
            throws IOException {
        Path f = dir.resolve("targets.yaml");
        Files.writeString(
                f,
                """
                release: {name: own benchmarks}
                sut: {url: "http://127.0.0.1:1"}
                suites:
                  benchmark:
                    scenarios:
                %s
                """
                        .formatted(scenario.indent(6)));
        var kit =
                EngineTestKit.engine(EngineSettings.ENGINE_ID)
                        .configurationParameter(EngineSettings.TARGETS, f.toString())
                        .configurationParameter(EngineSettings.PROGRESS, "false");
        parameters.forEach(kit::configurationParameter);
        return kit.selectors(selectUniqueId("[engine:gonogo]")).execute();
    }

    @Test
    void runsTheJarsBenchmarksInAForkAndPublishesScoresIntervalsPercentilesAndAllocation()
            throws IOException {
        Files.copy(jar, dir.resolve("acme-bench.jar"));
        EngineExecutionResults results =
                run(
                        """
                        - id: acme
                          benchmarks: 'com\\.acme\\.bench\\..*'
                          classpath: acme-bench.jar
                          labels: {component: checksum}
                          forks: 1
                          warmup-iterations: 1
                          warmup-time: 100ms
                          iterations: 3
                          time: 200ms
                        """,
                        Map.of());
        assertThat(failures(results)).as("scenarios that failed, with why").isEmpty();
        results.testEvents().assertStatistics(s -> s.started(1).succeeded(1));
        List<Measurement> ms = measurements(results, "acme");
        for (String operation : List.of("checksum", "copy")) {
            Measurement thrpt = metric(ms, "throughput", operation, "thrpt");
            assertThat(thrpt.labels())
                    .containsEntry("suite", "benchmark")
                    .containsEntry("scenario", "acme")
                    .containsEntry("component", "checksum")
                    .containsEntry("size", "128")
                    .containsEntry("benchmark", "com.acme.bench.ChecksumBench." + operation)
                    .doesNotContainKey("transport");
            assertThat(thrpt.unit()).isEqualTo(Unit.PER_SECOND);
            // 128 multiply-adds, or a 128-byte array: far above 10,000 per second on any machine
            assertThat(value(thrpt)).isGreaterThan(10_000);
            // JMH gives a throughput error from three measurement iterations on (two give NaN)
            assertThat(thrpt.interval().method()).isEqualTo("jmh-score-error");
            assertThat(thrpt.interval().confidence()).isEqualTo(0.999);
            assertThat(thrpt.interval().isNone()).isFalse();
            assertThat(thrpt.interval().contains(value(thrpt))).isTrue();

            Measurement latency = metric(ms, "latency", operation, "sample");
            assertThat(latency.unit()).isEqualTo(Unit.MICROSECONDS);
            double p50 = value(metric(ms, "latency_p50", operation, "sample"));
            double p99 = value(metric(ms, "latency_p99", operation, "sample"));
            assertThat(p50).isPositive().isLessThanOrEqualTo(p99);
            // three 200 ms iterations of sub-microsecond calls: far more than 1,000 samples
            assertThat(value(metric(ms, "samples", operation, "sample"))).isGreaterThan(1000);
            assertThat(metric(ms, "latency_p50", operation, "sample").quality())
                    .doesNotContain(Quality.LOW_SAMPLES);
        }
        // a new byte[128] is 144 bytes on a 64-bit JVM (16-byte header and 128 bytes); the sum
        // allocates nothing
        assertThat(value(metric(ms, "alloc_per_op", "copy", "thrpt"))).isBetween(128.0, 200.0);
        assertThat(value(metric(ms, "alloc_per_op", "checksum", "thrpt"))).isLessThan(1.0);
        List<String> files =
                results.allEvents()
                        .fileEntryPublished()
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
    void theClasspathParameterRunsTheJarInTheOwnJvm() throws IOException {
        EngineExecutionResults results =
                run(
                        """
                        - id: acme
                          benchmarks: 'ChecksumBench\\.checksum'
                          modes: [thrpt]
                          gc: false
                          forks: 0
                          warmup-iterations: 1
                          warmup-time: 100ms
                          iterations: 2
                          time: 100ms
                        """,
                        Map.of(EngineSettings.BENCHMARK_CLASSPATH, jar.toString()));
        assertThat(failures(results)).as("scenarios that failed, with why").isEmpty();
        List<Measurement> ms = measurements(results, "acme");
        assertThat(value(metric(ms, "throughput", "checksum", "thrpt"))).isGreaterThan(10_000);
        assertThat(ms).noneMatch(m -> m.metric().equals("alloc_per_op"));
        assertThat(ms).noneMatch(m -> m.labels().get("operation").equals("copy"));
    }

    @Test
    void aBenchmarkThatThrowsIsNotExecutedWithItsMessage() throws IOException {
        Path broken = Files.createDirectories(dir.resolve("broken"));
        Path brokenJar =
                BenchmarkJars.build(
                        broken,
                        "broken-bench.jar",
                        Map.of(
                                "com.acme.bench.ParserBench",
                                """
                                package com.acme.bench;

                                import org.openjdk.jmh.annotations.Benchmark;

                                public class ParserBench {
                                    @Benchmark
                                    public int parse() {
                                        throw new IllegalStateException("the parser rejected its input");
                                    }
                                }
                                """));
        EngineExecutionResults results =
                run(
                        """
                        - id: broken
                          benchmarks: ParserBench
                          classpath: %s
                          modes: [thrpt]
                          forks: 0
                          warmup-iterations: 0
                          iterations: 1
                          time: 50ms
                        """
                                .formatted(brokenJar),
                        Map.of());
        results.testEvents().assertStatistics(s -> s.started(1).failed(1));
        Throwable t =
                results.testEvents()
                        .failed()
                        .list()
                        .get(0)
                        .getRequiredPayload(TestExecutionResult.class)
                        .getThrowable()
                        .orElseThrow();
        assertThat(t).isInstanceOf(io.gonogo.core.NotExecutedException.class);
        assertThat(t.getMessage())
                .startsWith("JMH could not run the benchmark")
                .contains("the parser rejected its input");
        assertThat(measurements(results, "broken")).isEmpty();
    }

    static Measurement metric(List<Measurement> ms, String metric, String operation, String mode) {
        return ms.stream()
                .filter(
                        m ->
                                m.metric().equals(metric)
                                        && operation.equals(m.labels().get("operation"))
                                        && mode.equals(m.labels().get("mode")))
                .findFirst()
                .orElseThrow(
                        () ->
                                new AssertionError(
                                        "no " + metric + " of " + operation + " mode " + mode
                                                + " among " + ms));
    }
}
