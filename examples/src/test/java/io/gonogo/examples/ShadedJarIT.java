package io.gonogo.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runnable jar, exactly as the README runs it: {@code java -jar cli/target/gonogo.jar}. The
 * reactor packages the cli module before this module's integration tests run, so the jar is there
 * in {@code mvn verify}. The governance example's run from the jar is {@link GovernanceRun}, with
 * its assertions in {@link GovernanceExampleIT}.
 */
class ShadedJarIT {
    private static final Path JAR = GovernanceRun.JAR;

    @TempDir Path dir;

    record Run(int exitCode, String out, String err) {}

    @BeforeAll
    static void jarIsBuilt() {
        assertThat(JAR)
                .as(
                        "cli/target/gonogo.jar is built by the cli module's package phase; run mvn"
                                + " verify from the root")
                .exists();
    }

    private Run java(String... args) throws IOException, InterruptedException {
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        List<String> cmd =
                new java.util.ArrayList<>(
                        List.of(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-jar",
                                JAR.toString()));
        cmd.addAll(List.of(args));
        Process p =
                new ProcessBuilder(cmd)
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .start();
        p.getOutputStream().close();
        assertThat(p.waitFor(120, TimeUnit.SECONDS))
                .as("gonogo.jar finished within 120 s (none of these commands runs a suite)")
                .isTrue();
        return new Run(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void anInvalidFileExitsTwoFromTheJarWithoutAStackTrace() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(
                bad,
                "release: {name: x}\n"
                        + "targets:\n"
                        + "  - {id: a, metric: latency, aggregate: p99, pass: \"< 5 mss\"}\n");
        Run r = java("--targets", bad.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip())
                .startsWith("gonogo: " + bad + ":3:")
                .contains("'mss'")
                .doesNotContain("\tat ");
        assertThat(r.err().strip().lines()).hasSize(1);
    }

    @Test
    void theImportsExampleIsEvaluatedFromTheJarWithoutRunningASuite() throws Exception {
        Run r =
                java(
                        "evaluate",
                        "--targets",
                        "imports/targets.yaml",
                        "--out",
                        dir.resolve("imports").toString());
        assertThat(r.exitCode()).as(r.err()).isIn(0, 1);
        assertThat(r.out())
                .contains("DECISION: " + (r.exitCode() == 0 ? "GO" : "NO-GO"))
                .contains("scenarios: 2 planned, 2 passed");
        assertThat(r.err())
                .contains("gonogo: results/receipt-bench imported")
                .contains("gonogo: results/unit-tests imported")
                .doesNotContain("Exception");
        assertThat(dir.resolve("imports/go-no-go.md")).content().contains("receipt-p99");
        assertThat(dir.resolve("imports/decision.json")).exists();
    }

    @Test
    void versionAndHelpWork() throws Exception {
        Run version = java("--version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).startsWith("gonogo 0.");
        Run help = java("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--targets").contains("Exit codes");
    }
}
