package io.gonogo.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The one run of the governance example in the test build, exactly as the README runs it: {@code
 * java -jar cli/target/gonogo.jar --targets governance/targets.yaml -o target/governance-run}, from
 * this module's folder. The first integration test that asks for it starts the run; every later one
 * in the same JVM reads the same folder, so the example (about five minutes of load, memory, chaos
 * and benchmark suites) runs once however many tests assert on it.
 *
 * <p>Why a holder in the test JVM rather than a Failsafe {@code pre-integration-test} step: the
 * tests need the command's exit code and its standard output and error apart (the decision line
 * goes to one, progress and warnings to the other), which a build step would have to hand over
 * through files of its own; a failed or overlong run fails the tests that depend on it with the
 * command's error output rather than stopping the build before any test reports; and a single
 * {@code *IT} class started from an IDE or with {@code -Dit.test=...} still gets its run. Failsafe
 * runs this module's integration tests in one JVM (one fork, reused), which is what makes the run
 * happen once per build.
 *
 * <p>The folder is deleted before the run, so it never holds an earlier build's files, and is then
 * left alone: tests read it and must write elsewhere (for instance {@code gonogo render --from
 * <output()> -o <another folder>}, never into {@code output()} itself).
 */
public final class GovernanceRun {
    /** The runnable jar the cli module builds in its {@code package} phase. */
    static final Path JAR = Path.of("..", "cli", "target", "gonogo.jar");

    /** The example's targets file, relative to this module's folder (Failsafe's working dir). */
    static final Path EXAMPLE = Path.of("governance", "targets.yaml");

    private static final Path OUTPUT = Path.of("target", "governance-run");

    /**
     * How long the whole example may take before the run counts as hung: its quick profile takes
     * about five minutes on two idle cores.
     */
    private static final Duration TIMEOUT = Duration.ofSeconds(480);

    private static Result result;
    private static Throwable failure;

    /** What the command left besides its report folder. */
    public record Result(int exitCode, String out, String err, Duration elapsed) {
        /** Checks for nulls. */
        public Result {
            Objects.requireNonNull(out, "out");
            Objects.requireNonNull(err, "err");
            Objects.requireNonNull(elapsed, "elapsed");
        }
    }

    private GovernanceRun() {}

    /**
     * The report folder of the build's one run of the governance example, as an absolute path
     * ({@code examples/target/governance-run}: go-no-go.md, decision.json, evidence.json,
     * evidence/, charts/, ...), running the example first if no test in this JVM has yet.
     *
     * @throws AssertionError if the jar is missing, the run did not finish in time, or it could not
     *     be started; every later call throws the same
     */
    public static Path output() {
        result();
        return OUTPUT.toAbsolutePath();
    }

    /** The run's exit code, standard output and error, running the example first if need be. */
    public static synchronized Result result() {
        if (result == null && failure == null) {
            try {
                result = run();
            } catch (Throwable t) {
                failure = t;
            }
        }
        if (failure != null) {
            throw new AssertionError("the governance example's run failed", failure);
        }
        return result;
    }

    private static Result run() throws IOException, InterruptedException {
        assertThat(JAR)
                .as(
                        "cli/target/gonogo.jar is built by the cli module's package phase; run mvn"
                                + " verify from the root")
                .exists();
        deleteRecursively(OUTPUT);
        Path console = OUTPUT.resolveSibling("governance-run-console");
        deleteRecursively(console);
        Files.createDirectories(console);
        Path out = console.resolve("stdout.txt");
        Path err = console.resolve("stderr.txt");
        List<String> cmd =
                List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        JAR.toString(),
                        "--targets",
                        EXAMPLE.toString(),
                        "-o",
                        OUTPUT.toString());
        long start = System.nanoTime();
        Process p =
                new ProcessBuilder(cmd)
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .start();
        p.getOutputStream().close();
        boolean finished = p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (!finished) {
            p.destroyForcibly().waitFor();
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertThat(finished)
                .as(
                        "gonogo.jar finished within %d s (the whole example: load, memory, chaos,"
                                + " benchmark); its error output:%n%s",
                        TIMEOUT.toSeconds(), stderr)
                .isTrue();
        return new Result(
                p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), stderr, elapsed);
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
