package io.gonogo;

import io.gonogo.collect.EnvironmentProbe;
import io.gonogo.collect.EvidenceCollector;
import io.gonogo.collect.importers.ImportedResults;
import io.gonogo.collect.importers.Importers;
import io.gonogo.core.Baseline;
import io.gonogo.core.Decision;
import io.gonogo.core.DecisionEngine;
import io.gonogo.core.Environment;
import io.gonogo.core.EvidenceSet;
import io.gonogo.core.ExecutionException;
import io.gonogo.core.ExitCode;
import io.gonogo.core.PlannedScenario;
import io.gonogo.core.Profile;
import io.gonogo.core.config.BaselineSpec;
import io.gonogo.core.config.ResultsSpec;
import io.gonogo.core.config.Target;
import io.gonogo.core.config.TargetsFile;
import io.gonogo.core.config.TargetsParser;
import io.gonogo.render.Renderer;
import io.gonogo.runners.engine.EngineSettings;
import io.gonogo.runners.engine.GonogoTestEngine;
import io.gonogo.runners.engine.SuitePlan;
import io.gonogo.runners.engine.SuitePlanner;
import io.gonogo.runners.spi.ScenarioSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The whole pipeline as one call: read the targets file, plan, run the suites through the JUnit
 * Platform launcher, collect the evidence, decide, and write the documents.
 *
 * <pre>{@code
 * RunResult result = Gonogo.run(RunOptions.builder(Path.of("targets.yaml")).build());
 * System.exit(result.exitCode());
 * }</pre>
 *
 * <p>An invalid targets file throws {@link io.gonogo.core.InvalidInputException} before anything
 * runs; a suite that fails is evidence, not an exception; a failure of gonogo itself throws {@link
 * ExecutionException}.
 */
public final class Gonogo {
    private Gonogo() {}

    /**
     * gonogo's version, from the build.
     *
     * @return the version, such as {@code 0.1.0}, or {@code unknown} outside a build
     */
    public static String version() {
        try (InputStream in = Gonogo.class.getResourceAsStream("version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /**
     * Writes a commented starter targets file for the service at {@code url} ({@code gonogo init}):
     * a load scenario on its health endpoint, a memory scenario sampled from its Prometheus
     * endpoint when it has one, and a chaos scenario, which {@link #check(RunOptions)} accepts.
     *
     * @param url the service's base URL; probed with one {@code GET} per candidate path, or, when
     *     empty, not asked anything ({@code http://127.0.0.1:8080} is written)
     * @param file the targets file to write
     * @param force whether to replace {@code file} when it exists
     * @return what was written and what the service answered
     * @throws io.gonogo.core.InvalidInputException when {@code file} exists without {@code force},
     *     the URL is not an HTTP URL, or the service does not answer it
     */
    public static StarterFile init(java.util.Optional<java.net.URI> url, Path file, boolean force) {
        // refused before the service is asked anything
        if (!force && Files.exists(file)) {
            throw io.gonogo.core.InvalidInputException.of(
                    file.toString(),
                    "the file exists; expected a new file: give another path with --targets, or"
                            + " --force to replace it");
        }
        StarterFile starter =
                url.map(StarterFile::probe)
                        .orElseGet(
                                () ->
                                        StarterFile.unprobed(
                                                java.net.URI.create("http://127.0.0.1:8080")));
        starter.write(file, force);
        return starter;
    }

    /**
     * Validates a targets file and its suites in every profile, without running anything, and
     * explains what a run would do.
     *
     * @param targets the targets file
     * @param profileOverride the profile to list scenarios for; the file's (else quick) when empty
     * @return the plan a run would have, its scenarios and targets, each explained
     * @throws io.gonogo.core.InvalidInputException naming file, line and column of the first error
     */
    public static CheckReport check(Path targets, java.util.Optional<Profile> profileOverride) {
        RunOptions.Builder b = RunOptions.builder(targets);
        profileOverride.ifPresent(b::profile);
        return check(b.build());
    }

    /**
     * Validates the targets file of {@code options} with its values from the environment and the
     * command line ({@code --set}, {@code --sut-url}) and its {@code --select}, in every profile,
     * without running anything, and explains what a run would do.
     *
     * @param options the targets file and its values, selection and profile
     * @return the plan a run would have, with the scenarios the selection leaves out
     * @throws io.gonogo.core.InvalidInputException naming file, line and column (or the flag) of
     *     the first error
     */
    public static CheckReport check(RunOptions options) {
        Path targets = options.targets();
        java.util.Optional<Profile> profileOverride = options.profile();
        TargetsFile file = TargetsParser.parse(targets, options.values());
        SuitePlanner planner =
                SuitePlanner.withServiceLoader()
                        .with(options.suiteKinds())
                        .withParameters(parameters(options.benchmarkClasspath()));
        java.util.Map<Profile, SuitePlan> plans = new java.util.EnumMap<>(Profile.class);
        for (Profile p : Profile.values()) {
            plans.put(p, planner.plan(file, p));
        }
        Profile profile = SuitePlanner.effectiveProfile(file, profileOverride);
        List<ScenarioSpec<?>> specs = plans.get(profile).specs();
        List<PlannedScenario> plan = new java.util.ArrayList<>();
        specs.forEach(spec -> plan.add(spec.planned()));
        Selection selection = Selection.of(options.select(), plan);
        List<PlannedScenario> notSelected =
                plan.stream().filter(p -> !selection.selected(p)).toList();
        Importers.withServiceLoader().check(file.results());
        for (ResultsSpec r : file.results()) {
            plan.add(r.planned(java.util.Optional.empty()));
        }
        List<Target> all = allTargets(file, specs);
        io.gonogo.core.internal.Waivers.check(file.waivers(), all, file.risks());
        List<CheckReport.TargetPlan> targetPlans =
                all.stream()
                        .map(
                                t ->
                                        new CheckReport.TargetPlan(
                                                t,
                                                plan.stream()
                                                        .filter(s -> s.mayMatch(t.where()))
                                                        .toList()))
                        .toList();
        return new CheckReport(targets, profile, plan, targetPlans, notSelected);
    }

    /**
     * Runs the pipeline described by {@code options}: the suites, then the import of the file's
     * {@code results:} entries and {@link RunOptions#results()}, the decision and the documents.
     *
     * <p>The run writes its documents and attachments to a folder beside the output folder ({@code
     * reports.new-<pid>} for {@code reports}) and puts that folder in the output folder's place
     * only once every document is written, keeping the files in it that are not gonogo's; a run
     * that throws, or whose JVM is stopped, leaves the output folder as it was.
     *
     * @param options the targets file and how to run it
     * @return the decision, the evidence, the files written and the exit code
     * @throws io.gonogo.core.InvalidInputException for an invalid targets file or option, before
     *     anything runs
     * @throws ExecutionException when gonogo itself fails; a failing suite is evidence instead
     */
    public static RunResult run(RunOptions options) {
        TargetsFile file = TargetsParser.parse(options.targets(), options.values());
        Profile profile = SuitePlanner.effectiveProfile(file, options.profile());
        SuitePlan suitePlan = plan(options, file, profile);
        List<PlannedScenario> plan = new java.util.ArrayList<>(suitePlan.planned());
        Selection selection = Selection.of(options.select(), suitePlan.planned());
        List<ResultsSpec> results = resultsSpecs(file, options.results());
        Path out = outFolder(options, file);
        // the scenarios' generated targets are known now: duplicate ids and waivers naming a target
        // no one has are errors before any suite starts, not after the run
        io.gonogo.core.internal.Waivers.check(
                file.waivers(), allTargets(file, suitePlan.specs()), file.risks());
        if (options.baseline().isPresent() && !Files.isRegularFile(options.baseline().get())) {
            throw io.gonogo.core.InvalidInputException.of(
                    "--baseline " + options.baseline().get(),
                    "the file does not exist; expected an earlier decision.json or evidence.json");
        }
        Instant start = Instant.now();
        checkAsOf(options, start);
        // the run writes beside the output folder and swaps it in at the end: a run that fails or
        // is stopped leaves the previous report whole
        try (OutputFolder folder = OutputFolder.open(out, options.progress())) {
            return run(options, file, profile, suitePlan, plan, selection, results, folder, start);
        }
    }

    private static RunResult run(
            RunOptions options,
            TargetsFile file,
            Profile profile,
            SuitePlan suitePlan,
            List<PlannedScenario> plan,
            Selection selection,
            List<ResultsSpec> results,
            OutputFolder folder,
            Instant start) {
        String runId = runId(start);
        // attachments are copied here as the suites publish them, so they live with this run's
        // documents and never beside the previous report's
        Path evidenceDir = folder.staging().resolve("evidence");
        options.progress()
                .println(
                        "gonogo "
                                + version()
                                + ": "
                                + file.release().name()
                                + ", profile "
                                + profile.id()
                                + ", "
                                + plan.size()
                                + " scenario(s)"
                                + (selection.all()
                                        ? ""
                                        : " ("
                                                + plan.stream().filter(selection::selected).count()
                                                + " selected)")
                                + ", run "
                                + runId);
        EvidenceCollector collector = new EvidenceCollector(runId, evidenceDir);
        launch(
                suitePlan,
                selection,
                options,
                collector,
                io.gonogo.runners.spi.RunShard.WHOLE,
                io.gonogo.runners.spi.StartBarrier.NONE);
        folder.checkNotStopped();
        // other tools' results are imported after the suites, so a suite may write a file a
        // results: entry names
        ImportedResults imported = importResults(results, runId, options);
        plan.addAll(imported.plan());
        Instant end = Instant.now();
        Environment env =
                EnvironmentProbe.current(
                        version(), Path.of("").toAbsolutePath(), start, end, profile);
        EvidenceSet suites = collector.evidence(env);
        // a scenario left out of a partial run is recorded as such, never as one that passed
        List<io.gonogo.core.TestOutcome> notSelected =
                suitePlan.planned().stream()
                        .filter(p -> !selection.selected(p))
                        .map(p -> io.gonogo.core.PlannedOutcome.notSelected(p, selection.why()))
                        .toList();
        EvidenceSet evidence =
                new EvidenceSet(
                        suites.schemaVersion(),
                        suites.runId(),
                        suites.environment(),
                        concat(suites.measurements(), imported.measurements()),
                        concat(concat(suites.outcomes(), notSelected), imported.outcomes()));
        return decide(
                file,
                suitePlan,
                plan,
                evidence,
                collector.problems(),
                options,
                folder,
                end,
                concat(options.values().echo(), selection.echo()),
                null);
    }

    /**
     * Runs one shard's share of the plan ({@link RunOptions#shard()}): every scenario that can
     * split its load ({@link SuitePlan#splits}) with this shard's share of it, and on shard 0 the
     * others too; writes the shard evidence, {@code evidence.json} with its measurements and
     * outcomes (the scenarios another shard runs are NOT SELECTED) and attachments (the interval
     * logs, with absolute time stamps), and {@code shard.json} ({@link ShardManifest}). Decides
     * nothing: {@link #merge} decides over all shards.
     *
     * @param options the targets file and how to run it, with {@link RunOptions#shard()} and, to
     *     start together with the other shards, {@link RunOptions#coordinator()}
     * @return the shard's evidence, manifest and the files written
     * @throws io.gonogo.core.InvalidInputException without a shard, for an invalid targets file, or
     *     when shard I (I > 0) would have nothing to run
     */
    public static ShardResult runShard(RunOptions options) {
        io.gonogo.runners.spi.RunShard shard =
                options.shard()
                        .orElseThrow(
                                () ->
                                        io.gonogo.core.InvalidInputException.of(
                                                "--shard", "a shard run needs --shard I/N"));
        String sharedRunId = options.runId().orElseThrow();
        TargetsFile file = TargetsParser.parse(options.targets(), options.values());
        Profile profile = SuitePlanner.effectiveProfile(file, options.profile());
        SuitePlan suitePlan = plan(options, file, profile);
        Selection asked = Selection.of(options.select(), suitePlan.planned());
        List<String> split = new ArrayList<>();
        List<String> firstOnly = new ArrayList<>();
        List<String> selects = new ArrayList<>();
        for (PlannedScenario p : suitePlan.planned()) {
            (suitePlan.splits(p) ? split : firstOnly).add(p.qualifiedId());
            if (asked.selected(p) && (shard.first() || suitePlan.splits(p))) {
                selects.add(p.qualifiedId());
            }
        }
        if (selects.isEmpty()) {
            throw io.gonogo.core.InvalidInputException.of(
                    "--shard " + shard,
                    "the plan has no scenario this shard could run: only HTTP load scenarios"
                            + " split their load, and "
                            + (firstOnly.isEmpty() ? "none is planned" : "none is selected")
                            + "; run the plan without --shard");
        }
        Selection selection = Selection.of(selects, suitePlan.planned());
        Path out = outFolder(options, file);
        Instant start = Instant.now();
        try (OutputFolder folder = OutputFolder.open(out, options.progress())) {
            options.progress()
                    .println(
                            "gonogo "
                                    + version()
                                    + ": "
                                    + file.release().name()
                                    + ", shard "
                                    + shard
                                    + " of run "
                                    + sharedRunId
                                    + ", "
                                    + selects.size()
                                    + " scenario(s)");
            EvidenceCollector collector =
                    new EvidenceCollector(sharedRunId, folder.staging().resolve("evidence"));
            CoordinatorBarrier barrier =
                    options.coordinator()
                            .map(
                                    c ->
                                            new CoordinatorBarrier(
                                                    c,
                                                    sharedRunId,
                                                    shard,
                                                    options.barrierTimeout()))
                            .orElse(null);
            if (barrier != null) {
                barrier.keepTelling();
            }
            try {
                launch(
                        suitePlan,
                        selection,
                        options,
                        collector,
                        shard,
                        barrier == null ? io.gonogo.runners.spi.StartBarrier.NONE : barrier);
            } finally {
                if (barrier != null) {
                    barrier.close();
                }
            }
            folder.checkNotStopped();
            Instant end = Instant.now();
            Environment env =
                    EnvironmentProbe.current(
                            version(), Path.of("").toAbsolutePath(), start, end, profile);
            EvidenceSet suites = collector.evidence(env);
            List<io.gonogo.core.TestOutcome> left = new ArrayList<>();
            for (PlannedScenario p : suitePlan.planned()) {
                if (!selection.selected(p)) {
                    left.add(
                            io.gonogo.core.PlannedOutcome.notSelected(
                                    p,
                                    asked.selected(p)
                                            ? "runs on shard 0 only: it cannot split its load"
                                            : asked.why()));
                }
            }
            EvidenceSet evidence =
                    new EvidenceSet(
                            suites.schemaVersion(),
                            sharedRunId,
                            suites.environment(),
                            suites.measurements(),
                            concat(suites.outcomes(), left));
            ShardManifest manifest =
                    new ShardManifest(
                            ShardManifest.SCHEMA_VERSION,
                            sharedRunId,
                            shard.index(),
                            shard.count(),
                            start,
                            end,
                            barrier == null ? 0 : barrier.clockOffsetMillis(),
                            barrier == null
                                    ? "not measured: no coordinator gave a reference clock"
                                    : barrier.clockOffsetNote(),
                            split,
                            firstOnly,
                            collector.problems(),
                            barrier == null ? List.of() : barrier.starts());
            Path evidenceFile = folder.staging().resolve("evidence.json");
            Path manifestFile = folder.staging().resolve(ShardManifest.FILE);
            io.gonogo.core.json.Json.write(evidence, evidenceFile);
            io.gonogo.core.json.Json.write(manifest, manifestFile);
            List<Path> files = folder.commit(List.of(evidenceFile, manifestFile));
            return new ShardResult(manifest, evidence, files);
        }
    }

    /**
     * Hands a shard's folder to the coordinator that collects the run ({@code gonogo coordinate
     * --targets FILE --out DIR}, {@link ShardCollector}), once {@link #runShard} wrote it: asks the
     * coordinator at {@link RunOptions#coordinator()} whether it collects ({@code GET /collect}),
     * and if so sends {@code shard.json}, {@code evidence.json} and {@code evidence/} as a zip
     * archive ({@code PUT /shards/I?runId=ID}). A coordinator that does not collect (it answers
     * 404) is told nothing: the folder is for {@code gonogo merge}. The shard's folder is only
     * read.
     *
     * @param options the shard run's options, with its {@link RunOptions#coordinator()} and {@link
     *     RunOptions#shard()}
     * @param result what {@link #runShard} returned
     * @return true when the coordinator kept the folder; false without a coordinator, or when it
     *     does not collect
     * @throws io.gonogo.core.ExecutionException when the coordinator collects but the folder could
     *     not be handed over (unreachable, refused, beyond its size limit); the folder stays whole
     */
    public static boolean reportShard(RunOptions options, ShardResult result) {
        if (options.coordinator().isEmpty() || options.shard().isEmpty()) {
            return false;
        }
        return ShardUpload.upload(
                options.coordinator().get(),
                result.manifest().runId(),
                options.shard().get(),
                result.files().get(0).getParent(),
                options.progress());
    }

    /**
     * Runs the plan as {@code shards} shard processes on this machine, started together, and merges
     * them ({@code gonogo run --local-shards N}): starts a {@link Coordinator} on the loopback
     * address and N processes of this JVM's class path, each {@code gonogo run --shard I/N
     * --coordinator URL} with the options' targets file, profile, values and selection, writing to
     * {@code <out>/shards/shard-I} (its output in {@code shard-I.log}), then {@link #merge}s them
     * into the output folder.
     *
     * <p>The service under test must be one service all shards share, reached by URL ({@code
     * --sut-url} or {@code sut: {url: ...}}): an embedded or command service would be started by
     * every shard process for itself.
     *
     * @param options the targets file and how to run it; its {@link RunOptions#barrierTimeout()} is
     *     the coordinator's and the shards'
     * @param shards how many shard processes, 1..1,024
     * @return the merged decision
     * @throws io.gonogo.core.InvalidInputException for an invalid targets file, a service that is
     *     not reached by URL, or a shard that refused its input
     */
    public static RunResult runLocalShards(RunOptions options, int shards) {
        return LocalShards.run(options, shards);
    }

    /**
     * Merges the shard evidence of one sharded run ({@link #runShard}, one folder per shard) and
     * decides over it as a single run does, writing the same documents to {@link RunOptions#out()}
     * and {@code shards.json} beside them. The merge rules are {@link ShardMerge}'s: histograms
     * added bucket for bucket, counts summed, throughput over the common measured window; a
     * missing, damaged or foreign shard is named, and the scenarios that needed it are NOT
     * EXECUTED.
     *
     * @param options the targets file (the same the shards ran), profile, output folder, strict
     * @param shardDirs the shards' output folders
     * @return the decision over the whole load, the merged evidence, the files written and the exit
     *     code
     * @throws io.gonogo.core.InvalidInputException when no folder holds a readable shard, or when
     *     shards recorded histograms of different range or precision
     */
    public static RunResult merge(RunOptions options, List<Path> shardDirs) {
        return merge(options, shardDirs, java.util.Map.of());
    }

    /**
     * {@link #merge(RunOptions, List)}, where {@code absent} says why a shard index without a
     * folder is absent (the {@link ShardCollector}'s shards that never reported).
     */
    static RunResult merge(
            RunOptions options, List<Path> shardDirs, java.util.Map<Integer, String> absent) {
        TargetsFile file = TargetsParser.parse(options.targets(), options.values());
        Profile profile = SuitePlanner.effectiveProfile(file, options.profile());
        SuitePlan suitePlan = plan(options, file, profile);
        List<PlannedScenario> plan = new ArrayList<>(suitePlan.planned());
        ShardMerge.Merged merged = ShardMerge.merge(shardDirs, plan, suitePlan::splits, absent);
        Path out = outFolder(options, file);
        Instant now = Instant.now();
        checkAsOf(options, now);
        try (OutputFolder folder = OutputFolder.open(out, options.progress())) {
            merged.notes().forEach(n -> options.progress().println("gonogo: " + n));
            Environment env =
                    merged.environment() == null
                            ? EnvironmentProbe.current(
                                    version(), Path.of("").toAbsolutePath(), now, now, profile)
                            : merged.environment();
            EvidenceSet evidence =
                    new EvidenceSet(
                            EvidenceSet.SCHEMA_VERSION,
                            merged.runId(),
                            env,
                            merged.measurements(),
                            merged.outcomes());
            io.gonogo.core.json.Json.write(
                    java.util.Map.of(
                            "runId", merged.runId(),
                            "notes", merged.notes(),
                            "problems", merged.problems(),
                            "shards", merged.shards()),
                    folder.staging().resolve("shards.json"));
            return decide(
                    file,
                    suitePlan,
                    plan,
                    evidence,
                    merged.problems(),
                    options,
                    folder,
                    env.endedAt(),
                    options.values().echo(),
                    merged.shards());
        }
    }

    /**
     * Plans {@code file} for {@code profile} with the options' suite kinds and parameters: every
     * scenario validated, nothing run.
     *
     * @throws io.gonogo.core.InvalidInputException naming file, line and column of the first error
     */
    static SuitePlan plan(RunOptions options, TargetsFile file, Profile profile) {
        return SuitePlanner.withServiceLoader()
                .with(options.suiteKinds())
                .withParameters(parameters(options.benchmarkClasspath()))
                .plan(file, profile);
    }

    /** The planner's parameters from the command line's overrides. */
    private static java.util.Map<String, String> parameters(
            java.util.Optional<String> benchmarkClasspath) {
        return benchmarkClasspath
                .map(cp -> java.util.Map.of(EngineSettings.BENCHMARK_CLASSPATH, cp))
                .orElse(java.util.Map.of());
    }

    /**
     * Runs {@code suitePlan} through the JUnit Platform launcher with a {@link GonogoTestEngine}
     * given the plan made above, so the targets file is read once; {@code collector} gathers the
     * evidence.
     */
    private static void launch(
            SuitePlan suitePlan,
            Selection selection,
            RunOptions options,
            EvidenceCollector collector,
            io.gonogo.runners.spi.RunShard shard,
            io.gonogo.runners.spi.StartBarrier barrier) {
        Path junitOut;
        try {
            junitOut = Files.createTempDirectory("gonogo-junit-");
        } catch (IOException e) {
            throw new ExecutionException(
                    "cannot create a temporary folder for the launcher: " + e.getMessage(), e);
        }
        // the engine runs the plan made above: the targets file is read once; a partial run
        // selects its scenarios by unique id, and the engine discovers only those
        List<org.junit.platform.engine.discovery.UniqueIdSelector> selectors =
                selection.all()
                        ? List.of(
                                DiscoverySelectors.selectUniqueId(
                                        "[engine:" + EngineSettings.ENGINE_ID + "]"))
                        : suitePlan.planned().stream()
                                .filter(selection::selected)
                                .map(p -> DiscoverySelectors.selectUniqueId(p.testId()))
                                .toList();
        LauncherDiscoveryRequest request =
                LauncherDiscoveryRequestBuilder.request()
                        .selectors(selectors)
                        .filters(EngineFilter.includeEngines(EngineSettings.ENGINE_ID))
                        .enableImplicitConfigurationParameters(false)
                        .configurationParameter(
                                "junit.platform.reporting.output.dir", junitOut.toString())
                        .configurationParameter(EngineSettings.SHARD, shard.toString())
                        .build();
        LauncherConfig config =
                LauncherConfig.builder()
                        .enableTestEngineAutoRegistration(false)
                        .addTestEngines(
                                new GonogoTestEngine(suitePlan, options.showProgress(), barrier))
                        .build();
        try {
            Launcher launcher = LauncherFactory.create(config);
            launcher.execute(request, collector);
        } catch (RuntimeException e) {
            throw new ExecutionException(
                    "the JUnit Platform launcher failed: " + e.getMessage(), e);
        } finally {
            try {
                deleteTree(junitOut);
            } catch (IOException ignored) {
                // a temporary folder left behind is harmless
            }
        }
    }

    /**
     * Decides from result files already on disk: imports the targets file's {@code results:}
     * entries and {@link RunOptions#results()}, runs no suite and starts no service, then decides
     * and writes the same documents as {@link #run}, in the same way. Scenarios the file's {@code
     * suites} declare are in the plan all the same, as not executed, so leaving them out can never
     * pass a target.
     *
     * <pre>{@code
     * RunResult r = Gonogo.evaluate(RunOptions.builder(Path.of("targets.yaml"))
     *         .results(List.of(Path.of("build/jmh-result.json"))).build());
     * }</pre>
     *
     * @param options the targets file and the result paths besides its {@code results:}
     * @return the decision, the evidence, the files written and the exit code
     * @throws io.gonogo.core.InvalidInputException for an invalid targets file, a {@code --results}
     *     path that does not exist, or an unknown {@code format}; a damaged result file is not an
     *     exception but fails its own entry, named in the decision
     */
    public static RunResult evaluate(RunOptions options) {
        TargetsFile file = TargetsParser.parse(options.targets(), options.values());
        Profile profile = SuitePlanner.effectiveProfile(file, options.profile());
        SuitePlan suitePlan = plan(options, file, profile);
        List<PlannedScenario> plan = new java.util.ArrayList<>(suitePlan.planned());
        List<ResultsSpec> results = resultsSpecs(file, options.results());
        if (results.isEmpty()) {
            throw io.gonogo.core.InvalidInputException.of(
                    "--results",
                    "nothing to evaluate: "
                            + file.path()
                            + " declares no 'results' and no --results path was given");
        }
        Path out = outFolder(options, file);
        Instant start = Instant.now();
        checkAsOf(options, start);
        String runId = runId(start);
        try (OutputFolder folder = OutputFolder.open(out, options.progress())) {
            return evaluate(options, file, profile, suitePlan, plan, results, folder, start, runId);
        }
    }

    private static RunResult evaluate(
            RunOptions options,
            TargetsFile file,
            Profile profile,
            SuitePlan suitePlan,
            List<PlannedScenario> plan,
            List<ResultsSpec> results,
            OutputFolder folder,
            Instant start,
            String runId) {
        options.progress()
                .println(
                        "gonogo "
                                + version()
                                + ": "
                                + file.release().name()
                                + ", evaluating "
                                + results.size()
                                + " result entr"
                                + (results.size() == 1 ? "y" : "ies")
                                + ", run "
                                + runId);
        ImportedResults imported = importResults(results, runId, options);
        plan.addAll(imported.plan());
        Instant end = Instant.now();
        Environment env =
                EnvironmentProbe.current(
                        version(), Path.of("").toAbsolutePath(), start, end, profile);
        EvidenceSet evidence =
                new EvidenceSet(
                        EvidenceSet.SCHEMA_VERSION,
                        runId,
                        env,
                        imported.measurements(),
                        imported.outcomes());
        return decide(
                file,
                suitePlan,
                plan,
                evidence,
                List.of(),
                options,
                folder,
                end,
                options.values().echo(),
                null);
    }

    private static RunResult decide(
            TargetsFile file,
            SuitePlan suitePlan,
            List<PlannedScenario> plan,
            EvidenceSet evidence,
            List<String> evidenceProblems,
            RunOptions options,
            OutputFolder out,
            Instant end,
            List<String> overrides,
            io.gonogo.core.ShardedRun shards) {
        Instant ended = end.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Instant asOf = options.asOf().orElse(ended);
        if (!asOf.equals(ended)) {
            // an evaluation at another instant than the evidence's own is said where it is read:
            // the document's header and decision.json's plan
            overrides = new ArrayList<>(overrides);
            overrides.add("--as-of " + asOf + " (the evidence ends " + ended + ")");
        }
        // report entries the collector could not read become written conditions, never silence
        // what each planned kind declares about itself: metric directions for the baseline
        // comparison, and how the documents present it (stored with the plan in decision.json)
        DecisionEngine.Builder engine =
                DecisionEngine.builder()
                        .targetsFile(file)
                        .evidenceProblems(evidenceProblems)
                        .overrides(overrides)
                        .shards(shards)
                        .kinds(suitePlan.kinds());
        baseline(file, options.baseline(), asOf, engine);
        Decision decision =
                engine.build().decide(allTargets(file, suitePlan.specs()), plan, evidence, asOf);
        List<Path> files =
                // the documents are a function of the decision (which stores the plan) and the
                // evidence alone, so 'gonogo render --from' writes the same bytes again
                Renderer.builder().build().render(decision, evidence, out.staging());
        // every document is written: only now does the output folder change
        files = out.commit(files);
        return new RunResult(
                decision, evidence, files, ExitCode.of(decision.outcome(), options.strict()));
    }

    /** The file's {@code results:} entries, then one per extra path, each named after its file. */
    private static List<ResultsSpec> resultsSpecs(TargetsFile file, List<Path> extra) {
        List<ResultsSpec> all = new java.util.ArrayList<>(file.results());
        java.util.Set<String> ids = new java.util.HashSet<>();
        file.results().forEach(r -> ids.add(r.id()));
        for (Path p : extra) {
            if (!Files.exists(p)) {
                throw io.gonogo.core.InvalidInputException.of(
                        "--results",
                        "'" + p + "' does not exist; expected a result file or a folder of them");
            }
            ResultsSpec spec = ResultsSpec.of(p, ids);
            ids.add(spec.id());
            all.add(spec);
        }
        Importers.withServiceLoader().check(all);
        return all;
    }

    private static ImportedResults importResults(
            List<ResultsSpec> results, String runId, RunOptions options) {
        if (results.isEmpty()) {
            return ImportedResults.NONE;
        }
        ImportedResults imported = Importers.withServiceLoader().importResults(results, runId);
        for (io.gonogo.core.TestOutcome o : imported.outcomes()) {
            if (o.suite().equals(ResultsSpec.SUITE)) {
                options.progress()
                        .println(
                                "gonogo: results/"
                                        + o.scenario()
                                        + " "
                                        + (o.status().passed()
                                                ? "imported"
                                                : o.status()
                                                                == io.gonogo.core.TestStatus
                                                                        .NOT_EXECUTED
                                                        ? "missing"
                                                        : "failed")
                                        + ": "
                                        + o.message());
            }
        }
        return imported;
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    static Path outFolder(RunOptions options, TargetsFile file) {
        Path out = options.out().or(file::reportsOut).orElse(Path.of("reports"));
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw io.gonogo.core.InvalidInputException.of(
                    out.toString(),
                    "the output folder is a file; expected a folder (or a path that does not exist"
                            + " yet)");
        }
        return out;
    }

    /**
     * Refuses an {@code --as-of} before this run: an evaluation dated before the evidence it judges
     * would revive waivers and attestations that have since expired.
     */
    private static void checkAsOf(RunOptions options, Instant start) {
        Instant now = start.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        java.util.Optional<Instant> asOf = options.asOf();
        if (asOf.isPresent() && asOf.get().isBefore(now)) {
            throw io.gonogo.core.InvalidInputException.of(
                    "--as-of " + asOf.get(),
                    "the instant is before this run ("
                            + now
                            + "); an evaluation cannot be dated before the evidence it judges,"
                            + " which would revive expired waivers and attestations; give this"
                            + " instant or a later one, or none (the run's end)");
        }
    }

    private static String runId(Instant start) {
        return "run-"
                + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                        .withZone(ZoneOffset.UTC)
                        .format(start)
                + "-"
                + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * Sets the engine's baseline: {@code override} (--baseline) when given, else the targets file's
     * {@code baseline:} (a file, or the last GO decision of a history folder), else none.
     */
    static void baseline(
            TargetsFile file,
            java.util.Optional<Path> override,
            Instant asOf,
            DecisionEngine.Builder engine) {
        if (override.isPresent()) {
            engine.baseline(Baseline.load(override.get()));
            return;
        }
        if (file.baseline().isEmpty()) {
            return;
        }
        BaselineSpec spec = file.baseline().get();
        if (spec.kind() == BaselineSpec.Kind.FILE) {
            if (!Files.isRegularFile(spec.path())) {
                throw io.gonogo.core.InvalidInputException.of(
                        spec.location(),
                        "the baseline file "
                                + spec.path()
                                + " does not exist; expected an earlier decision.json or"
                                + " evidence.json");
            }
            engine.baseline(Baseline.load(spec.path()));
            return;
        }
        if (!Files.isDirectory(spec.path())) {
            throw io.gonogo.core.InvalidInputException.of(
                    spec.location(),
                    "the baseline history folder "
                            + spec.path()
                            + " does not exist; expected a folder of earlier reports");
        }
        java.util.Optional<Baseline> last = Baseline.lastGo(spec.path(), asOf);
        if (last.isPresent()) {
            engine.baseline(last.get());
        } else {
            engine.noBaseline(
                    "the history folder "
                            + spec.path()
                            + " holds no GO decision made before "
                            + asOf);
        }
    }

    /**
     * The file's targets followed by those its scenarios generate (memory thresholds, chaos
     * hypotheses).
     */
    private static List<Target> allTargets(TargetsFile file, List<ScenarioSpec<?>> specs) {
        List<Target> all = new java.util.ArrayList<>(file.targets());
        java.util.Set<String> ids = new java.util.HashSet<>();
        file.targets().forEach(t -> ids.add(t.id()));
        for (ScenarioSpec<?> spec : specs) {
            for (Target t : spec.targets()) {
                if (!ids.add(t.id())) {
                    throw io.gonogo.core.InvalidInputException.of(
                            file.path().toString(),
                            "target id '"
                                    + t.id()
                                    + "' generated by scenario '"
                                    + spec.planned().id()
                                    + "' is also used by another target; rename the target in the"
                                    + " file");
                }
                all.add(t);
            }
        }
        return List.copyOf(all);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
