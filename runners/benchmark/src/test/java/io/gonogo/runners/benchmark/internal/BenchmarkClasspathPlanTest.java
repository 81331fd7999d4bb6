package io.gonogo.runners.benchmark.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gonogo.core.InvalidInputException;
import io.gonogo.core.Profile;
import io.gonogo.core.config.TargetsParser;
import io.gonogo.runners.engine.EngineSettings;
import io.gonogo.runners.engine.SuitePlan;
import io.gonogo.runners.engine.SuitePlanner;
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
 * Planning a scenario of a team's own benchmarks from a class path of their own: the jar is built
 * for real with JMH's annotation processor, and every mistake is found before anything runs, with
 * file, line and column (or {@code --classpath}) and the fix.
 */
class BenchmarkClasspathPlanTest {

    @TempDir static Path built;

    @TempDir Path dir;

    static Path jar;

    @BeforeAll
    static void buildJar() throws IOException {
        jar =
                BenchmarkJars.build(
                        built,
                        "acme-bench.jar",
                        Map.of("com.acme.bench.ChecksumBench", BenchmarkJars.SUM_BENCH));
    }

    private SuitePlan plan(String scenario, Map<String, String> parameters) throws IOException {
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
        return SuitePlanner.withServiceLoader()
                .withParameters(parameters)
                .plan(TargetsParser.parse(f), Profile.QUICK);
    }

    private SuitePlan plan(String scenario) throws IOException {
        return plan(scenario, Map.of());
    }

    private String file() {
        return dir.resolve("targets.yaml").toString();
    }

    @Test
    void aJarRelativeToTheTargetsFileIsPlannedWithItsBenchmarks() throws IOException {
        Files.createDirectories(dir.resolve("build"));
        Files.copy(jar, dir.resolve("build/acme-bench.jar"));
        SuitePlan plan =
                plan(
                        """
                        - id: acme
                          benchmarks: 'com\\.acme\\..*Bench'
                          classpath: build/acme-bench.jar
                        """);
        BenchmarkSuiteKind.Settings s =
                (BenchmarkSuiteKind.Settings) plan.specs().get(0).settings();
        assertThat(s.include()).isEqualTo("com\\.acme\\..*Bench");
        assertThat(s.classpath()).containsExactly(dir.resolve("build/acme-bench.jar"));
        assertThat(s.ownClasspath()).isTrue();
        assertThat(plan.specs().get(0).displayName())
                .contains("2 JMH benchmarks matching com\\.acme\\..*Bench in their own JVM");
    }

    @Test
    void aClassesFolderAndAListOfEntriesAreAccepted() throws IOException {
        SuitePlan plan =
                plan(
                        """
                        - id: acme
                          class: com.acme.bench.ChecksumBench
                          classpath: [%s, %s]
                        """
                                .formatted(built.resolve("classes"), jar));
        BenchmarkSuiteKind.Settings s =
                (BenchmarkSuiteKind.Settings) plan.specs().get(0).settings();
        assertThat(s.classpath()).containsExactly(built.resolve("classes"), jar);
        assertThat(s.include()).isEqualTo("^\\Qcom.acme.bench.ChecksumBench.\\E");
    }

    @Test
    void aMissingEntryIsAnErrorAtTheEntry() {
        assertThatThrownBy(
                        () ->
                                plan(
                                        """
                                        - id: acme
                                          benchmarks: 'com\\.acme\\..*'
                                          classpath: [%s, build/missing.jar]
                                        """
                                                .formatted(jar)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(file() + ":8:")
                .hasMessageContaining("class path entry 'build/missing.jar' does not exist")
                .hasMessageContaining(dir.resolve("build/missing.jar").toString());
    }

    @Test
    void aJarWithoutABenchmarkListIsNotAJmhJar() throws IOException {
        Path classes = Files.createDirectories(dir.resolve("plain/com/acme"));
        Files.writeString(classes.resolve("Readme.txt"), "not a benchmark");
        Path plain = BenchmarkJars.jar(dir.resolve("plain"), dir.resolve("plain.jar"));
        assertThatThrownBy(
                        () ->
                                plan(
                                        """
                                        - id: acme
                                          benchmarks: 'com\\.acme\\..*'
                                          classpath: plain.jar
                                        """))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(file() + ":8:20: ")
                .hasMessageContaining("no META-INF/BenchmarkList in " + plain)
                .hasMessageContaining("jmh-generator-annprocess");
    }

    @Test
    void aPatternThatMatchesNothingNamesTheBenchmarksThereAndAFix() {
        assertThatThrownBy(
                        () ->
                                plan(
                                        """
                                        - id: acme
                                          benchmarks: 'org\\.acme\\..*Bench'
                                          classpath: %s
                                        """
                                                .formatted(jar)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(file() + ":7:21: ")
                .hasMessageContaining(
                        "no JMH benchmark in " + jar + " matches 'org\\.acme\\..*Bench'")
                .hasMessageContaining(
                        "benchmarks there: com.acme.bench.ChecksumBench.checksum,"
                                + " com.acme.bench.ChecksumBench.copy")
                .hasMessageContaining("such as 'com\\.acme\\.bench\\..*'");
    }

    @Test
    void classpathWithoutBenchmarksIsAnError() {
        assertThatThrownBy(
                        () ->
                                plan(
                                        """
                                        - id: acme
                                          classpath: %s
                                        """
                                                .formatted(jar)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(file() + ":7:20: ")
                .hasMessageContaining("name them with 'benchmarks'");
    }

    @Test
    void theClasspathParameterSetsAndOverridesTheFilesClasspath() throws IOException {
        SuitePlan plan =
                plan(
                        """
                        - id: acme
                          benchmarks: 'ChecksumBench\\.copy'
                          classpath: build/not-built-yet.jar
                        """,
                        Map.of(
                                EngineSettings.BENCHMARK_CLASSPATH,
                                built.resolve("classes") + File.pathSeparator + jar));
        BenchmarkSuiteKind.Settings s =
                (BenchmarkSuiteKind.Settings) plan.specs().get(0).settings();
        assertThat(s.classpath()).containsExactly(built.resolve("classes"), jar);
        assertThat(plan.specs().get(0).displayName()).contains("1 JMH benchmark matching");
    }

    @Test
    void aMissingEntryOfTheClasspathParameterNamesTheOption() {
        assertThatThrownBy(
                        () ->
                                plan(
                                        """
                                        - id: acme
                                          benchmarks: 'com\\.acme\\..*'
                                        """,
                                        Map.of(
                                                EngineSettings.BENCHMARK_CLASSPATH,
                                                jar + File.pathSeparator + "nowhere/x.jar")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("--classpath: class path entry 'nowhere/x.jar' does not")
                .hasMessageContaining("entries separated by '" + File.pathSeparator + "'");
    }

    @Test
    void theParameterNameIsTheKindsOwn() {
        assertThat(BenchmarkSuiteKind.CLASSPATH_PARAMETER)
                .isEqualTo(EngineSettings.BENCHMARK_CLASSPATH);
    }
}
