package io.gonogo.runners.engine;

import io.gonogo.core.Profile;
import io.gonogo.core.config.TargetsFile;
import io.gonogo.core.config.TargetsParser;
import io.gonogo.core.json.Json;
import io.gonogo.runners.engine.internal.ScenarioDescriptor;
import io.gonogo.runners.engine.internal.SuiteDescriptor;
import io.gonogo.runners.spi.ScenarioContext;
import io.gonogo.runners.spi.Sut;
import io.gonogo.runners.spi.SutControl;
import io.gonogo.runners.spi.SutEndpoint;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.platform.engine.ConfigurationParameters;
import org.junit.platform.engine.EngineDiscoveryRequest;
import org.junit.platform.engine.EngineExecutionListener;
import org.junit.platform.engine.ExecutionRequest;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestEngine;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.discovery.UniqueIdSelector;
import org.junit.platform.engine.reporting.FileEntry;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.engine.support.descriptor.EngineDescriptor;

/**
 * The JUnit Platform engine for suites declared in a targets file: one container per {@code
 * suites.<kind>}, one test per scenario, with ids {@code
 * [engine:gonogo]/[suite:<kind>]/[scenario:<id>]}.
 *
 * <p>The targets file comes from the configuration parameter {@value EngineSettings#TARGETS}, so
 * the same plan runs from gonogo's command line, from Surefire ({@code
 * <configurationParameters>gonogo.targets=...</configurationParameters>}) or from an IDE through a
 * {@code @Suite} class with {@code @ConfigurationParameter}. Without that parameter the engine
 * discovers nothing. A program that has already planned the run (gonogo's own facade) gives the
 * engine its {@link SuitePlan} instead, and registers that instance with the launcher: the file is
 * then not read again.
 *
 * <pre>{@code
 * SuitePlan plan = SuitePlanner.withServiceLoader().plan(TargetsParser.parse(path), Profile.QUICK);
 * LauncherConfig config = LauncherConfig.builder()
 *         .enableTestEngineAutoRegistration(false)
 *         .addTestEngines(new GonogoTestEngine(plan, true))
 *         .build();
 * LauncherFactory.create(config).execute(request, listener);
 * }</pre>
 *
 * <p>Execution starts the service under test once, runs the scenarios one after another, publishes
 * each measurement as a {@code gonogo.measurement} report entry (the JSON of one measurement) and
 * stops the service at the end. A service that cannot start fails every suite, leaving their
 * scenarios unexecuted. The service's captured output, when its provider keeps one, is published as
 * a file entry of the engine's root.
 */
public final class GonogoTestEngine implements TestEngine {

    /** The key of report entries that carry a measurement. */
    public static final String MEASUREMENT_ENTRY = "gonogo.measurement";

    /** The key of the report entry, on the engine's root, that describes the service under test. */
    public static final String SUT_ENTRY = "gonogo.sut";

    private final Optional<SuitePlan> plan;
    private final Optional<Boolean> progress;
    private final io.gonogo.runners.spi.StartBarrier barrier;

    /**
     * The engine that plans from the configuration parameter {@value EngineSettings#TARGETS} (for
     * {@link java.util.ServiceLoader}: Surefire, IDEs, the console launcher).
     */
    public GonogoTestEngine() {
        this.plan = Optional.empty();
        this.progress = Optional.empty();
        this.barrier = io.gonogo.runners.spi.StartBarrier.NONE;
    }

    /**
     * The engine that runs {@code plan}, ignoring {@value EngineSettings#TARGETS} and {@value
     * EngineSettings#PROFILE}.
     *
     * @param progress whether to print progress lines on stderr
     * @param plan the validated plan, from {@link SuitePlanner#plan}
     */
    public GonogoTestEngine(SuitePlan plan, boolean progress) {
        this(plan, progress, io.gonogo.runners.spi.StartBarrier.NONE);
    }

    /**
     * The engine that runs {@code plan} as one shard of a sharded run, waiting at {@code barrier}
     * for the other shards before each scenario that splits its load.
     *
     * @param plan the plan, built once and shared by every discovery and execution
     * @param progress whether to print progress lines on stderr
     * @param barrier where the shards start together; {@link
     *     io.gonogo.runners.spi.StartBarrier#NONE} for none
     */
    public GonogoTestEngine(
            SuitePlan plan, boolean progress, io.gonogo.runners.spi.StartBarrier barrier) {
        this.plan = Optional.of(Objects.requireNonNull(plan, "plan"));
        this.progress = Optional.of(progress);
        this.barrier = Objects.requireNonNull(barrier, "barrier");
    }

    @Override
    public String getId() {
        return EngineSettings.ENGINE_ID;
    }

    @Override
    public Optional<String> getGroupId() {
        return Optional.of("io.gonogo");
    }

    @Override
    public Optional<String> getArtifactId() {
        return Optional.of("gonogo-runners-engine");
    }

    @Override
    public TestDescriptor discover(EngineDiscoveryRequest request, UniqueId uniqueId) {
        Optional<SuitePlan> planned =
                plan.isPresent() ? plan : planFrom(request.getConfigurationParameters());
        if (planned.isEmpty()) {
            return new Root(uniqueId, null);
        }
        Root root = new Root(uniqueId, planned.get());
        List<UniqueIdSelector> selected = request.getSelectorsByType(UniqueIdSelector.class);
        Map<String, SuiteDescriptor> suites = new LinkedHashMap<>();
        for (SuiteScenario<?> scenario : planned.get().scenarios()) {
            String kind = scenario.spec().planned().suite();
            SuiteDescriptor suite =
                    suites.computeIfAbsent(kind, k -> new SuiteDescriptor(uniqueId, k));
            ScenarioDescriptor d = new ScenarioDescriptor(suite.getUniqueId(), scenario);
            if (isSelected(d.getUniqueId(), selected)) {
                suite.addChild(d);
            }
        }
        suites.values().stream().filter(s -> !s.getChildren().isEmpty()).forEach(root::addChild);
        return root;
    }

    /** The plan of the file named by {@value EngineSettings#TARGETS}; empty without one. */
    private static Optional<SuitePlan> planFrom(ConfigurationParameters config) {
        Optional<String> targets = config.get(EngineSettings.TARGETS);
        if (targets.isEmpty()) {
            return Optional.empty();
        }
        TargetsFile file = TargetsParser.parse(Path.of(targets.get()));
        Optional<Profile> override =
                config.get(EngineSettings.PROFILE).map(GonogoTestEngine::profileParameter);
        Profile profile = SuitePlanner.effectiveProfile(file, override);
        Map<String, String> parameters = new LinkedHashMap<>();
        config.get(EngineSettings.BENCHMARK_CLASSPATH)
                .ifPresent(cp -> parameters.put(EngineSettings.BENCHMARK_CLASSPATH, cp));
        return Optional.of(
                SuitePlanner.withServiceLoader().withParameters(parameters).plan(file, profile));
    }

    private static Profile profileParameter(String p) {
        return Profile.fromId(p)
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        "configuration parameter "
                                                + EngineSettings.PROFILE
                                                + " is '"
                                                + p
                                                + "'; expected quick or full"));
    }

    private static boolean isSelected(UniqueId id, List<UniqueIdSelector> selected) {
        if (selected.isEmpty()) {
            return true;
        }
        String mine = relative(id);
        for (UniqueIdSelector s : selected) {
            String sel = relative(s.getUniqueId());
            // ids compare from gonogo's engine segment on, so a suite engine's prefix does not
            // matter
            if (sel.isEmpty() || mine.startsWith(sel) || sel.startsWith(mine)) {
                return true;
            }
        }
        return false;
    }

    /** The segments after gonogo's engine segment, e.g. {@code /[suite:load]/[scenario:a]}. */
    private static String relative(UniqueId id) {
        String text = id.toString();
        String engine = "[engine:" + EngineSettings.ENGINE_ID + "]";
        int at = text.lastIndexOf(engine);
        return at < 0 ? text : text.substring(at + engine.length());
    }

    @Override
    public void execute(ExecutionRequest request) {
        Root root = (Root) request.getRootTestDescriptor();
        EngineExecutionListener listener = request.getEngineExecutionListener();
        listener.executionStarted(root);
        if (root.getChildren().isEmpty()) {
            listener.executionFinished(root, TestExecutionResult.successful());
            return;
        }
        boolean showProgress =
                progress.orElseGet(
                        () ->
                                request.getConfigurationParameters()
                                        .getBoolean(EngineSettings.PROGRESS)
                                        .orElse(true));
        PrintStream err = showProgress ? System.err : null;
        Path work;
        try {
            work = Files.createTempDirectory("gonogo-run-");
        } catch (IOException e) {
            listener.executionFinished(root, TestExecutionResult.failed(e));
            return;
        }
        Optional<Sut> sut = startSut(root, listener, work, err);
        if (sut.isEmpty()) {
            return;
        }
        runAll(root, sut.get(), listener, request, work, err, barrier);
        publishSutLog(root, listener, work);
        deleteQuietly(work);
        listener.executionFinished(root, TestExecutionResult.successful());
    }

    private static void runAll(
            Root root,
            Sut sut,
            EngineExecutionListener listener,
            ExecutionRequest request,
            Path work,
            PrintStream err,
            io.gonogo.runners.spi.StartBarrier barrier) {
        try (Sut running = sut) {
            listener.reportingEntryPublished(
                    root, ReportEntry.from(SUT_ENTRY, running.description()));
            if (err != null) {
                err.println("gonogo: service under test ready: " + running.description());
            }
            for (TestDescriptor suite : root.getChildren()) {
                listener.executionStarted(suite);
                for (TestDescriptor t : suite.getChildren()) {
                    runScenario(
                            (ScenarioDescriptor) t, running, listener, request, work, err, barrier);
                }
                listener.executionFinished(suite, TestExecutionResult.successful());
            }
        }
    }

    /**
     * Publishes the service's captured output ({@link io.gonogo.runners.spi.SutProvider#LOG_FILE}),
     * when its provider wrote one, as a file of the run: on the engine's root, after the service
     * stopped, so it holds everything the service wrote.
     */
    private static void publishSutLog(Root root, EngineExecutionListener listener, Path work) {
        Path log = work.resolve(io.gonogo.runners.spi.SutProvider.LOG_FILE);
        if (Files.isRegularFile(log)) {
            listener.fileEntryPublished(root, FileEntry.from(log, "text/plain"));
        }
    }

    /**
     * Starts the service under test; when it cannot start, fails every suite and the root with the
     * reason and returns empty.
     */
    private static Optional<Sut> startSut(
            Root root, EngineExecutionListener listener, Path work, PrintStream progress) {
        SuitePlan plan = root.plan;
        try {
            if (progress != null) {
                progress.println(
                        "gonogo: starting the service under test (" + plan.sut().kind() + ")");
            }
            return Optional.of(plan.provider().start(plan.sut(), work));
        } catch (Exception e) {
            String why = "the service under test could not be started: " + e.getMessage();
            publishSutLog(root, listener, work);
            for (TestDescriptor suite : root.getChildren()) {
                listener.executionStarted(suite);
                listener.executionFinished(
                        suite, TestExecutionResult.failed(new IllegalStateException(why, e)));
            }
            listener.executionFinished(
                    root, TestExecutionResult.failed(new IllegalStateException(why, e)));
            return Optional.empty();
        }
    }

    /**
     * Removes the run's work folder (the service's data and log, fallback attachment folders);
     * attachments were copied by listeners when published. Kept when the service failed to start,
     * since the error names its log there.
     */
    private static void deleteQuietly(Path dir) {
        try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            // a temporary folder left behind is harmless
        }
    }

    private static void runScenario(
            ScenarioDescriptor d,
            Sut sut,
            EngineExecutionListener listener,
            ExecutionRequest request,
            Path work,
            PrintStream progress,
            io.gonogo.runners.spi.StartBarrier barrier) {
        listener.executionStarted(d);
        long start = System.nanoTime();
        String label = d.spec().planned().qualifiedId();
        if (progress != null) {
            progress.println("gonogo: " + label + " started");
        }
        TestExecutionResult result;
        try {
            Path out = outputDirectory(request, d, work);
            io.gonogo.runners.spi.RunShard shard =
                    request.getConfigurationParameters()
                            .get(EngineSettings.SHARD)
                            .map(io.gonogo.runners.spi.RunShard::parse)
                            .orElse(io.gonogo.runners.spi.RunShard.WHOLE);
            d.scenario().run(new Context(d, sut, listener, out, progress, shard, barrier));
            result = TestExecutionResult.successful();
        } catch (Exception | AssertionError e) {
            result = TestExecutionResult.failed(e);
        }
        if (progress != null) {
            progress.println("gonogo: " + label + " " + outcome(result) + " in " + since(start));
        }
        listener.executionFinished(d, result);
    }

    private static String since(long startNanos) {
        return String.format(
                Locale.ROOT,
                "%.1fs",
                Duration.ofNanos(System.nanoTime() - startNanos).toMillis() / 1000.0);
    }

    private static String outcome(TestExecutionResult result) {
        if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
            return "passed";
        }
        io.gonogo.core.NotExecutedException notRun =
                result.getThrowable().map(io.gonogo.core.NotExecutedException::in).orElse(null);
        return notRun != null
                ? "NOT EXECUTED: " + notRun.getMessage()
                : "FAILED: " + result.getThrowable().map(Throwable::getMessage).orElse("");
    }

    /**
     * The launcher's output folder for {@code d} when the launcher provides one (Surefire, the
     * console launcher), else a folder in this run's work directory; attachments are copied by
     * listeners when published, so either lives long enough.
     */
    private static Path outputDirectory(ExecutionRequest request, ScenarioDescriptor d, Path work)
            throws IOException {
        try {
            return request.getOutputDirectoryCreator().createOutputDirectory(d);
        } catch (org.junit.platform.commons.JUnitException e) {
            return Files.createDirectories(
                    work.resolve("scenarios").resolve(d.spec().planned().id()));
        }
    }

    /** The engine's root, holding the plan for execution. */
    private static final class Root extends EngineDescriptor {
        private final SuitePlan plan;

        Root(UniqueId id, SuitePlan plan) {
            super(id, "gonogo");
            this.plan = plan;
        }
    }

    private static final class Context implements ScenarioContext {
        private final ScenarioDescriptor descriptor;
        private final Sut sut;
        private final EngineExecutionListener listener;
        private final Path out;
        private final PrintStream progress;
        private final io.gonogo.runners.spi.RunShard shard;
        private final io.gonogo.runners.spi.StartBarrier barrier;

        Context(
                ScenarioDescriptor descriptor,
                Sut sut,
                EngineExecutionListener listener,
                Path out,
                PrintStream progress,
                io.gonogo.runners.spi.RunShard shard,
                io.gonogo.runners.spi.StartBarrier barrier) {
            this.descriptor = descriptor;
            this.sut = sut;
            this.listener = listener;
            this.out = out;
            this.progress = progress;
            this.shard = shard;
            this.barrier = barrier;
        }

        @Override
        public io.gonogo.runners.spi.StartBarrier startBarrier() {
            return barrier;
        }

        @Override
        public io.gonogo.runners.spi.RunShard shard() {
            return shard;
        }

        @Override
        public SutEndpoint sut() {
            return sut.endpoint();
        }

        @Override
        public Optional<ProcessHandle> sutProcess() {
            return sut.process();
        }

        @Override
        public Optional<SutControl> sutControl() {
            return sut.control();
        }

        @Override
        public void publish(io.gonogo.core.Measurement measurement) {
            Map<String, String> labels = new TreeMap<>();
            labels.put("suite", descriptor.spec().planned().suite());
            labels.put("scenario", descriptor.spec().planned().id());
            String json = Json.measurement(measurement.withLabels(labels));
            listener.reportingEntryPublished(descriptor, ReportEntry.from(MEASUREMENT_ENTRY, json));
        }

        @Override
        public Path outputDirectory() {
            return out;
        }

        @Override
        public void attach(Path file) {
            listener.fileEntryPublished(descriptor, FileEntry.from(file, "text/plain"));
        }

        @Override
        public void progress(String line) {
            if (progress != null) {
                progress.println(
                        "gonogo: " + descriptor.spec().planned().qualifiedId() + " " + line);
            }
        }
    }
}
