package io.gonogo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gonogo.Gonogo;
import io.gonogo.RunOptions;
import io.gonogo.RunResult;
import io.gonogo.core.Measurement;
import io.gonogo.core.Outcome;
import io.gonogo.core.TargetVerdict;
import io.gonogo.core.Verdict;
import io.gonogo.testing.BenchmarkJars;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A team's own JMH benchmarks, from a jar built for real, through the facade and the command line:
 * their scores decide targets and show in the documents; every mistake in naming them exits 2 at
 * {@code gonogo check}, before anything runs.
 */
class ClasspathBenchmarksCliIT {

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

    private static final String HEAD =
            """
            release: {name: acme benchmarks, owner: qa}
            sut: {url: "http://127.0.0.1:1"}
            suites:
              benchmark:
                scenarios:
            """;

    private Path targets(String text) throws IOException {
        Path f = dir.resolve("targets.yaml");
        Files.writeString(f, HEAD + text);
        return f;
    }

    @Test
    void theJarsScoresDecideTargetsAndShowInTheDocuments() throws IOException {
        Files.copy(jar, dir.resolve("acme-bench.jar"));
        Path f =
                targets(
                        """
                              - {id: acme, benchmarks: 'com\\.acme\\.bench\\..*', classpath: acme-bench.jar,
                                 forks: 1, warmup-iterations: 1, warmup-time: 100ms, iterations: 3, time: 200ms}
                        targets:
                          - {id: checksum-throughput, metric: throughput, where: {suite: benchmark,
                             benchmark: com.acme.bench.ChecksumBench.checksum, mode: thrpt}, pass: ">= 10000/s"}
                          - {id: copy-allocation, metric: alloc_per_op, where: {suite: benchmark,
                             operation: copy, mode: thrpt}, pass: "< 16 B"}
                          - {id: checksum-p99, metric: latency_p99, where: {suite: benchmark,
                             operation: checksum, mode: sample}, pass: "< 10ms"}
                        """);
        RunResult r = Gonogo.run(RunOptions.builder(f).out(dir.resolve("reports")).quiet().build());

        // folding 128 longs runs far above 10,000 times a second; JMH's 99.9% interval over three
        // short iterations of a barely warmed fork can still reach below the floor on a loaded
        // machine (Student's t is 31.6 for two degrees of freedom), which reads INCONCLUSIVE
        TargetVerdict throughput = verdict(r, "checksum-throughput");
        assertThat(throughput.verdict()).isIn(Verdict.MET, Verdict.EXCEEDED, Verdict.INCONCLUSIVE);
        Measurement score =
                r.evidence().measurements().stream()
                        .filter(
                                m ->
                                        m.metric().equals("throughput")
                                                && "checksum".equals(m.labels().get("operation")))
                        .findFirst()
                        .orElseThrow();
        assertThat(score.interval().isNone()).isFalse();
        assertThat(score.interval().confidence()).isEqualTo(0.999);
        assertThat(score.labels())
                .containsEntry("scenario", "acme")
                .containsEntry("benchmark", "com.acme.bench.ChecksumBench.checksum");
        // a sub-microsecond call's 99th percentile is far below 10 ms
        assertThat(verdict(r, "checksum-p99").verdict()).isIn(Verdict.MET, Verdict.EXCEEDED);
        // a new byte[128] allocates 144 bytes, far above 16
        assertThat(verdict(r, "copy-allocation").verdict()).isEqualTo(Verdict.MISSED);
        assertThat(r.decision().outcome()).isEqualTo(Outcome.NO_GO);

        String goNoGo = Files.readString(dir.resolve("reports/go-no-go.md"));
        assertThat(goNoGo)
                .contains("checksum-throughput", "copy-allocation", "MISSED")
                .contains("## Benchmarks")
                .contains("com.acme.bench.ChecksumBench.checksum");
        String matrix = Files.readString(dir.resolve("reports/comparison-matrix.md"));
        assertThat(matrix).contains("com.acme.bench.ChecksumBench.copy").contains("99.9%");
        assertThat(dir.resolve("reports/evidence/acme/jmh-result.json")).isRegularFile();
    }

    @Test
    void checkAcceptsTheJarAndTheClasspathOption() throws IOException {
        Path f =
                targets(
                        """
                              - {id: acme, benchmarks: 'ChecksumBench\\.copy'}
                        """);
        CliTestSupport.Outcome o =
                CliTestSupport.run(
                        "check", "--targets", f.toString(), "--classpath", jar.toString());
        assertThat(o.err()).isEmpty();
        assertThat(o.exitCode()).isZero();
        assertThat(o.out()).contains("benchmark/acme");
    }

    @Test
    void aMissingClasspathEntryExitsTwoAtTheEntry() throws IOException {
        Path f =
                targets(
                        """
                              - {id: acme, benchmarks: 'com\\.acme\\..*', classpath: [build/acme-bench.jar]}
                        """);
        expectError(f, "6:61", "class path entry 'build/acme-bench.jar' does not exist");
    }

    @Test
    void aJarJmhDidNotProcessExitsTwo() throws IOException {
        Path plain = Files.createDirectories(dir.resolve("plain/com/acme"));
        Files.writeString(plain.resolve("Parser.txt"), "no benchmarks here");
        BenchmarkJars.jar(dir.resolve("plain"), dir.resolve("plain.jar"));
        Path f =
                targets(
                        """
                              - {id: acme, benchmarks: 'com\\.acme\\..*', classpath: plain.jar}
                        """);
        expectError(f, "6:60", "no META-INF/BenchmarkList in ");
    }

    @Test
    void aPatternThatMatchesNothingExitsTwoNamingWhatIsThere() throws IOException {
        Path f =
                targets(
                        """
                              - {id: acme, benchmarks: 'ParserBench', classpath: %s}
                        """
                                .formatted(jar));
        expectError(
                f,
                "6:32",
                "no JMH benchmark in "
                        + jar
                        + " matches 'ParserBench' (JMH matches the pattern, a regular expression,");
    }

    @Test
    void aMissingEntryOfTheClasspathOptionExitsTwoNamingTheOption() throws IOException {
        Path f =
                targets(
                        """
                              - {id: acme, benchmarks: 'com\\.acme\\..*'}
                        """);
        CliTestSupport.Outcome o =
                CliTestSupport.run(
                        "check",
                        "--targets",
                        f.toString(),
                        "--classpath",
                        jar + File.pathSeparator + "target/nothing.jar");
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.err())
                .startsWith("gonogo: --classpath: class path entry 'target/nothing.jar' does not");
        assertThat(o.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void theDocumentedExampleChecksAgainstAJarOfThatShape() throws IOException {
        String doc = Files.readString(Path.of("../docs/suites/benchmark.md"));
        int at = doc.indexOf("## Your own benchmarks");
        assertThat(at).as("the section").isPositive();
        int start = doc.indexOf("```yaml\n", at) + "```yaml\n".length();
        String yaml = doc.substring(start, doc.indexOf("```", start));
        Path project = Files.createDirectories(dir.resolve("parser"));
        Files.writeString(project.resolve("targets.yaml"), yaml);
        Files.createDirectories(project.resolve("target"));
        BenchmarkJars.build(
                Files.createDirectories(dir.resolve("build")),
                "benchmarks.jar",
                Map.of(
                        "com.acme.parser.JsonBench",
                        """
                        package com.acme.parser;

                        import org.openjdk.jmh.annotations.*;

                        @State(Scope.Thread)
                        public class JsonBench {
                            @Param({"64", "1024"})
                            public int size;

                            @Benchmark
                            public int parse() {
                                return Integer.toString(size).length();
                            }
                        }
                        """));
        Files.copy(dir.resolve("build/benchmarks.jar"), project.resolve("target/benchmarks.jar"));

        CliTestSupport.Outcome o =
                CliTestSupport.run(
                        "check", "--targets", project.resolve("targets.yaml").toString());

        assertThat(o.err()).isEmpty();
        assertThat(o.exitCode()).isZero();
        assertThat(o.out())
                .contains("benchmark/parser")
                .contains("parse-throughput", "parse-allocation", "parse-p99");
    }

    private static void expectError(Path f, String lineColumn, String expected) {
        CliTestSupport.Outcome o = CliTestSupport.run("check", "--targets", f.toString());
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.err()).startsWith("gonogo: " + f + ":" + lineColumn + ": ").contains(expected);
        assertThat(o.err().strip().lines()).hasSize(1);
        assertThat(o.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    private static TargetVerdict verdict(RunResult r, String id) {
        return r.decision().verdicts().stream()
                .filter(v -> v.target().equals(id))
                .findFirst()
                .orElseThrow();
    }
}
