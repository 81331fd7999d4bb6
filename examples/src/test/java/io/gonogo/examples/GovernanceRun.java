package io.gonogo.examples;

import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

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
 * <p>The run mostly waits on its scenarios' clocks (fixed rates and durations), so the build does
 * not wait for it idle: when a test plan holds a class marked {@link UsesGovernanceRun}, {@link
 * Starter} starts the run in the background as the plan starts, and the example tests marked {@link
 * During} run meanwhile, each in a {@link Window} of the run where sharing the CPU moves no figure
 * across a target: the memory suite (heap, threads and descriptors do not depend on CPU time) and
 * the benchmarks without targets (the matrix shows their intervals). The load suite, the two
 * targeted benchmarks and the chaos suite (a p99 of 50 ms over 2 s windows, a JVM's restart timed)
 * run alone. {@link ClassOrder} orders the classes by window and puts the marked ones last.
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

    private static CompletableFuture<ExampleRun.Result> run;

    /** When {@link #run} started, in milliseconds since the epoch. */
    private static long startedMillis;

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
    public static ExampleRun.Result result() {
        try {
            return start().join();
        } catch (CompletionException e) {
            throw new AssertionError("the governance example's run failed", e.getCause());
        }
    }

    /** Starts the run in the background unless it has started; never blocks. */
    static synchronized CompletableFuture<ExampleRun.Result> start() {
        if (run == null) {
            run = new CompletableFuture<>();
            startedMillis = System.currentTimeMillis();
            Thread t =
                    new Thread(
                            () -> {
                                try {
                                    run.complete(
                                            ExampleRun.run(
                                                    EXAMPLE, OUTPUT, Map.of(), List.of(), TIMEOUT));
                                } catch (Throwable e) {
                                    run.completeExceptionally(e);
                                }
                            },
                            "governance-example-run");
            t.setDaemon(true);
            t.start();
        }
        return run;
    }

    /**
     * Waits, if the run is under way, until it has reached {@code window} or has ended; returns at
     * once when no test of this JVM uses the run. Waits at most the run's timeout.
     */
    static void await(Window window) throws InterruptedException {
        CompletableFuture<ExampleRun.Result> started;
        long since;
        synchronized (GovernanceRun.class) {
            started = run;
            since = startedMillis - 1_000; // file times may be coarser than milliseconds
        }
        if (started == null) {
            return;
        }
        Path err = ExampleRun.console(OUTPUT).resolve("stderr.txt");
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!started.isDone() && System.nanoTime() - deadline < 0) {
            try {
                // an earlier build's file stays until the run deletes it
                if (Files.exists(err)
                        && Files.getLastModifiedTime(err).toMillis() >= since
                        && window.opens
                                .matcher(Files.readString(err, StandardCharsets.UTF_8))
                                .find()) {
                    return;
                }
            } catch (IOException e) {
                // the run is writing it; look again
            }
            Thread.sleep(500);
        }
    }

    /**
     * A stretch of the run where another test may share the CPU, in the run's order, each opened by
     * a progress line of the run.
     */
    enum Window {
        /** The memory suite, from its first scenario's start (about 55 s). */
        MEMORY_SUITE("^gonogo: memory/\\S+ started"),
        /**
         * The HTTP benchmarks after {@code benchmark-http-health}'s, to the next targeted one
         * (about 43 s).
         */
        UNTARGETED_HTTP_BENCHMARKS(
                "^gonogo: benchmark/calls-http-health (passed|FAILED|NOT EXECUTED)"),
        /**
         * The gRPC benchmarks after {@code benchmark-grpc-health}'s, to the chaos suite (about 45
         * s).
         */
        UNTARGETED_GRPC_BENCHMARKS(
                "^gonogo: benchmark/calls-grpc-health (passed|FAILED|NOT EXECUTED)"),
        /**
         * After the run has ended, before the classes that read its result: for a test that would
         * move the run's figures wherever it overlapped it.
         */
        AFTER_THE_RUN("(?!)");

        final Pattern opens;

        Window(String line) {
            this.opens = Pattern.compile(line, Pattern.MULTILINE);
        }
    }

    /**
     * Marks an example test that runs in a window of the governance example's run when the build
     * runs both: it waits for the window before its tests (see {@link #await}).
     */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @ExtendWith(Wait.class)
    @interface During {
        Window value();
    }

    /** Waits for the window of a {@link During} class before its tests. */
    static final class Wait implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) throws InterruptedException {
            During during = context.getRequiredTestClass().getAnnotation(During.class);
            if (during != null) {
                await(during.value());
            }
        }
    }

    /** Marks a test class that asserts on the run: the plan's start starts the run for it. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @interface UsesGovernanceRun {}

    /**
     * Starts the run as a test plan that holds a {@link UsesGovernanceRun} class starts (registered
     * in {@code META-INF/services}); does nothing for other plans, such as this module's unit tests
     * or one other class run alone.
     */
    public static final class Starter implements TestExecutionListener {
        @Override
        public void testPlanExecutionStarted(TestPlan plan) {
            if (classes(plan).anyMatch(c -> c.isAnnotationPresent(UsesGovernanceRun.class))) {
                start();
            }
        }

        private static Stream<Class<?>> classes(TestPlan plan) {
            return plan.getRoots().stream()
                    .flatMap(root -> plan.getDescendants(root).stream())
                    .flatMap(id -> id.getSource().stream())
                    .filter(ClassSource.class::isInstance)
                    .map(source -> ((ClassSource) source).getJavaClass());
        }
    }

    /**
     * The order of this module's test classes (junit-platform.properties): the classes that use the
     * run last, so that the others run while it does.
     */
    public static final class ClassOrder implements ClassOrderer {
        @Override
        public void orderClasses(ClassOrdererContext context) {
            context.getClassDescriptors().sort(Comparator.comparingInt(ClassOrder::rank));
        }

        /** Other classes first, then the {@link During} ones by window, then the run's users. */
        private static int rank(ClassDescriptor d) {
            if (d.isAnnotated(UsesGovernanceRun.class)) {
                return Integer.MAX_VALUE;
            }
            return d.findAnnotation(During.class).map(w -> 1 + w.value().ordinal()).orElse(0);
        }
    }
}
