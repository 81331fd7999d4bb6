package io.gonogo.examples;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

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
    static final Path JAR = ExampleRun.JAR;

    /** The example's targets file, relative to this module's folder (Failsafe's working dir). */
    static final Path EXAMPLE = Path.of("governance", "targets.yaml");

    private static final Path OUTPUT = Path.of("target", "governance-run");

    /**
     * How long the whole example may take before the run counts as hung: its quick profile takes
     * about five minutes on two idle cores.
     */
    private static final Duration TIMEOUT = Duration.ofSeconds(480);

    private static ExampleRun.Result result;
    private static Throwable failure;

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
    public static synchronized ExampleRun.Result result() {
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

    private static ExampleRun.Result run() throws IOException, InterruptedException {
        return ExampleRun.run(EXAMPLE, OUTPUT, Map.of(), List.of(), TIMEOUT);
    }
}
