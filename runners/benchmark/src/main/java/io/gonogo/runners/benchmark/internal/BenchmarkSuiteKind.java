package io.gonogo.runners.benchmark.internal;

import io.gonogo.core.MetricInfo;
import io.gonogo.core.PlannedScenario;
import io.gonogo.core.Profile;
import io.gonogo.core.Quantity;
import io.gonogo.core.SuiteKindInfo;
import io.gonogo.core.Unit;
import io.gonogo.core.config.ConfigNode;
import io.gonogo.runners.spi.PlanContext;
import io.gonogo.runners.spi.ScenarioContext;
import io.gonogo.runners.spi.ScenarioSpec;
import io.gonogo.runners.spi.SuiteKind;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * {@code suites.benchmark}: JMH benchmarks run through JMH's Java API, over the governance
 * operations of the service under test (HTTP and gRPC) or over a team's own benchmark classes.
 *
 * <pre>
 * suites:
 *   benchmark:
 *     optional: false              # the whole suite optional (default false)
 *     scenarios:
 *       - id: calls                # required; built-in: one scenario per transport and operation,
 *                                  # with the id calls-&lt;transport&gt;-&lt;operation&gt;
 *         operations: [health, approve]   # default: all of health, create-session, close-session,
 *                                  # session-stats, submit-decision, list-decisions, get-decision,
 *                                  # approve, reject, escalate, metrics ('watch' is not a call)
 *         transports: [http, grpc] # default both
 *         modes: [thrpt, sample]   # throughput and sample time; default both
 *         forks: 1                 # 0..20; 0 runs in gonogo's JVM (quick), default 1
 *         warmup-iterations: 3     # 0..1000, default 3
 *         warmup-time: 1s          # per iteration, 10ms..10min, default 1s
 *         iterations: 5            # measurement iterations, 1..1000, default 5
 *         time: 1s                 # per iteration, 10ms..10min, default 1s
 *         threads: 1               # benchmark threads, each with its own connection, 1..256
 *         gc: true                 # JMH's GC profiler: alloc_per_op (default true)
 *         jvm-warmup: 30s          # forks 0, built-in: the longest warm-up of a transport's client
 *                                  # and the service before its first benchmark in gonogo's JVM
 *                                  # (see JvmWarmup); 0s turns it off; default 30s
 *         optional: false
 *         profiles: {quick: {forks: 0, warmup-iterations: 1, iterations: 3, time: 200ms}}
 *       - id: acme                 # a team's own benchmarks:
 *         benchmarks: 'com\.acme\..*Bench'   # a JMH include pattern (regular expression; its
 *                                  # older name: include), or
 *         class: com.acme.ParserBench     # a benchmark class name (exactly one of the two)
 *         classpath: [build/acme-bench.jar]   # jars or folders, relative to the targets file:
 *                                  # JMH runs in a JVM of its own with them (ClasspathJmhRun);
 *                                  # without it, gonogo's own class path; --classpath overrides
 *         labels: {operation: parse}      # labels added to each figure
 * </pre>
 *
 * <p>Publishes per benchmark and mode, labelled {@code operation}, {@code transport} (built-in
 * benchmarks; a team's benchmarks get {@code operation} = the method name, {@code benchmark} = its
 * full name, their {@code @Param} values and the scenario's {@code labels}) and {@code mode}
 * ({@code thrpt} or {@code sample}): see {@link JmhMeasurements}. JMH's JSON result and its
 * human-readable log are attached. A benchmark that throws, or a run that JMH refuses, fails the
 * scenario, which then publishes nothing.
 */
public final class BenchmarkSuiteKind implements SuiteKind<BenchmarkSuiteKind.Settings> {

    /** JMH settings of one scenario, as planned. */
    record Settings(
            String include,
            boolean builtIn,
            List<Mode> modes,
            int forks,
            int warmupIterations,
            Duration warmupTime,
            int iterations,
            Duration time,
            int threads,
            boolean gc,
            Map<String, String> labels,
            Duration jvmWarmup,
            List<Path> classpath) {

        /** Copies the class path. */
        Settings {
            classpath = List.copyOf(classpath);
        }

        /**
         * Whether the benchmarks come from a class path of their own, run by JMH in a JVM of its
         * own ({@link ClasspathJmhRun}) rather than through JMH's API in gonogo's.
         */
        boolean ownClasspath() {
            return !classpath.isEmpty();
        }
    }

    /**
     * The run parameter that sets the class path of a team's own benchmarks (the command line's
     * {@code --classpath}); entries separated by the platform's path separator.
     */
    static final String CLASSPATH_PARAMETER = "gonogo.benchmark.classpath";

    private static final List<String> TRANSPORTS = List.of("http", "grpc");

    /** JMH scores with their intervals: calls per second, time per call and allocation per call. */
    static final SuiteKindInfo INFO =
            new SuiteKindInfo(
                    "benchmark",
                    "Benchmark",
                    SuiteKindInfo.Presentation.MICROBENCHMARK,
                    java.util.List.of(
                            new MetricInfo("throughput", MetricInfo.Better.HIGHER, "Score"),
                            new MetricInfo("latency", MetricInfo.Better.LOWER, "Time per call"),
                            new MetricInfo(
                                    "alloc_per_op",
                                    MetricInfo.Better.LOWER,
                                    "Allocation per call")));

    @Override
    public SuiteKindInfo info() {
        return INFO;
    }

    @Override
    public String kind() {
        return "benchmark";
    }

    @Override
    public List<ScenarioSpec<Settings>> plan(ConfigNode section, Profile profile) {
        return plan(section, profile, PlanContext.NONE);
    }

    /**
     * Plans the section; the parameter {@value #CLASSPATH_PARAMETER} (the command line's {@code
     * --classpath}) sets the class path of every scenario that names its own benchmarks.
     */
    @Override
    public List<ScenarioSpec<Settings>> plan(
            ConfigNode section, Profile profile, PlanContext context) {
        Optional<List<Path>> classpathOverride =
                Optional.ofNullable(context.parameters().get(CLASSPATH_PARAMETER))
                        .map(BenchmarkClasspath::fromParameter);
        ConfigNode.Mapping suite =
                section.asMapping("'suites.benchmark'").accept("optional", "scenarios");
        suite.finish();
        boolean suiteOptional = suite.bool("optional", false);
        List<ScenarioSpec<Settings>> specs = new ArrayList<>();
        for (ConfigNode item : suite.node("scenarios").asList("'scenarios'")) {
            specs.addAll(scenarios(item, profile, suiteOptional, classpathOverride));
        }
        if (specs.isEmpty()) {
            throw suite.node("scenarios")
                    .error(
                            "'scenarios' is empty; declare at least one scenario or remove the"
                                    + " suite");
        }
        return specs;
    }

    /** How JMH measures a scenario's benchmarks: the keys every scenario shares. */
    private record Measure(
            List<Mode> modes,
            int forks,
            int warmupIterations,
            Duration warmupTime,
            int iterations,
            Duration time,
            int threads,
            boolean gc,
            Duration jvmWarmup) {

        Settings settings(
                String include, boolean builtIn, Map<String, String> labels, List<Path> classpath) {
            return new Settings(
                    include,
                    builtIn,
                    modes,
                    forks,
                    warmupIterations,
                    warmupTime,
                    iterations,
                    time,
                    threads,
                    gc,
                    labels,
                    jvmWarmup,
                    classpath);
        }

        /** e.g. {@code 1 fork, 3 x 1s warm-up, 5 x 1s measured}. */
        String shape() {
            String rigour =
                    forks == 0 ? "in-process (forks 0)" : forks + (forks == 1 ? " fork" : " forks");
            return rigour
                    + ", "
                    + warmupIterations
                    + " x "
                    + human(warmupTime)
                    + " warm-up, "
                    + iterations
                    + " x "
                    + human(time)
                    + " measured";
        }
    }

    /** One scenario entry: its own benchmarks, or one scenario per built-in benchmark. */
    private static List<ScenarioSpec<Settings>> scenarios(
            ConfigNode item,
            Profile profile,
            boolean suiteOptional,
            Optional<List<Path>> classpathOverride) {
        ConfigNode.Mapping m =
                item.asMapping("a benchmark scenario")
                        .withProfile(profile)
                        .accept(
                                "id",
                                "title",
                                "operations",
                                "transports",
                                "benchmarks",
                                "include",
                                "class",
                                "classpath",
                                "labels",
                                "modes",
                                "forks",
                                "warmup-iterations",
                                "warmup-time",
                                "iterations",
                                "time",
                                "threads",
                                "gc",
                                "optional",
                                "jvm-warmup");
        m.finish();
        String id = m.node("id").asId("scenario id");
        boolean optional = suiteOptional || m.bool("optional", false);
        Measure measure = measure(m);
        if (m.has("benchmarks") || m.has("include") || m.has("class")) {
            return List.of(own(m, id, optional, measure, classpathOverride));
        }
        if (m.has("classpath")) {
            throw m.node("classpath")
                    .error(
                            "'classpath' is where a scenario's own benchmarks are; name them with"
                                    + " 'benchmarks' (a JMH include pattern such as"
                                    + " 'com\\.acme\\..*Bench'), or remove 'classpath' to run"
                                    + " the built-in governance benchmarks");
        }
        if (m.has("labels")) {
            throw m.node("labels")
                    .error(
                            "'labels' is for a scenario's own benchmarks ('include' or"
                                    + " 'class'); the built-in benchmarks label their figures with"
                                    + " operation, transport and mode");
        }
        return builtIn(m, id, optional, measure);
    }

    private static Measure measure(ConfigNode.Mapping m) {
        return new Measure(
                m.find("modes")
                        .map(BenchmarkSuiteKind::modes)
                        .orElse(List.of(Mode.Throughput, Mode.SampleTime)),
                m.find("forks").map(n -> n.asInt("'forks'", 0, 20)).orElse(1),
                m.find("warmup-iterations")
                        .map(n -> n.asInt("'warmup-iterations'", 0, 1000))
                        .orElse(3),
                m.find("warmup-time")
                        .map(n -> duration(n, "'warmup-time'"))
                        .orElse(Duration.ofSeconds(1)),
                m.find("iterations").map(n -> n.asInt("'iterations'", 1, 1000)).orElse(5),
                m.find("time").map(n -> duration(n, "'time'")).orElse(Duration.ofSeconds(1)),
                m.find("threads").map(n -> n.asInt("'threads'", 1, 256)).orElse(1),
                m.bool("gc", true),
                m.find("jvm-warmup")
                        .map(BenchmarkSuiteKind::jvmWarmup)
                        .orElse(Duration.ofMillis(JvmWarmup.MAX_MILLIS)));
    }

    /**
     * A scenario over a team's own benchmarks ({@code benchmarks}, {@code include} or {@code
     * class}): from gonogo's class path, or from a class path of their own ({@code classpath} or
     * {@code --classpath}), whose {@code META-INF/BenchmarkList} is read here so that a pattern
     * matching nothing fails before anything runs.
     */
    private static ScenarioSpec<Settings> own(
            ConfigNode.Mapping m,
            String id,
            boolean optional,
            Measure measure,
            Optional<List<Path>> classpathOverride) {
        List<ConfigNode> selectors = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (String key : List.of("benchmarks", "include", "class")) {
            m.find(key)
                    .ifPresent(
                            n -> {
                                selectors.add(n);
                                keys.add(key);
                            });
        }
        if (selectors.size() > 1) {
            throw selectors
                    .get(1)
                    .error(
                            "give one of 'benchmarks' (or its older name 'include') and 'class',"
                                    + " not several");
        }
        for (String builtInKey : List.of("operations", "transports")) {
            if (m.has(builtInKey)) {
                throw m.node(builtInKey)
                        .error(
                                "'"
                                        + builtInKey
                                        + "' selects the built-in governance benchmarks; a"
                                        + " scenario with 'benchmarks' or 'class' runs its own"
                                        + " benchmarks instead (label their figures with"
                                        + " 'labels')");
            }
        }
        Optional<ConfigNode> className = m.find("class");
        ConfigNode where = selectors.get(0);
        String key = keys.get(0);
        List<Path> classpath =
                classpathOverride.orElseGet(
                        () ->
                                m.find("classpath")
                                        .map(BenchmarkClasspath::fromTargets)
                                        .orElse(List.of()));
        String pattern;
        SortedSet<BenchmarkListEntry> found;
        if (classpath.isEmpty()) {
            pattern =
                    className.isPresent()
                            ? classPattern(className.get())
                            : includePattern(where, key);
            found = find(pattern);
            if (found.isEmpty()) {
                throw where.error(
                        "no JMH benchmark on the class path matches '"
                                + pattern
                                + "'"
                                + (className.isPresent()
                                        ? " (the class exists but has no @Benchmark method"
                                                + " compiled with jmh-generator-annprocess)"
                                        : "")
                                + "; benchmarks found: "
                                + known());
            }
        } else {
            ConfigNode classpathNode = m.find("classpath").orElse(null);
            BenchmarkClasspath.Listed listed =
                    BenchmarkClasspath.benchmarks(classpath, classpathNode);
            pattern =
                    className.isPresent()
                            ? "^" + Pattern.quote(className.get().asString("'class'") + ".")
                            : includePattern(where, key);
            found = listed.find(pattern);
            if (found.isEmpty()) {
                throw where.error(
                        "no JMH benchmark in "
                                + listed.describe()
                                + " matches '"
                                + pattern
                                + "' (JMH matches the pattern, a regular expression, anywhere in"
                                + " the full name package.Class.method); benchmarks there: "
                                + listed.names()
                                + "; fix the pattern, such as '"
                                + listed.suggestion()
                                + "'");
            }
        }
        Map<String, String> labels =
                m.find("labels").map(n -> n.asStringMap("'labels'")).orElse(Map.of());
        String title =
                m.find("title")
                        .map(n -> n.asString("'title'"))
                        .orElse(
                                found.size()
                                        + " JMH benchmark"
                                        + (found.size() == 1 ? "" : "s")
                                        + " matching "
                                        + pattern
                                        + (classpath.isEmpty() ? "" : " in their own JVM"));
        return new ScenarioSpec<>(
                new PlannedScenario("benchmark", id, optional, new TreeMap<>(labels)),
                id + ": " + title + " (" + measure.shape() + ")",
                measure.settings(pattern, false, labels, classpath));
    }

    /** One scenario per transport and operation of the built-in governance benchmarks. */
    private static List<ScenarioSpec<Settings>> builtIn(
            ConfigNode.Mapping m, String id, boolean optional, Measure measure) {
        List<String> operations =
                m.find("operations")
                        .map(BenchmarkSuiteKind::operations)
                        .orElse(List.copyOf(Operations.METHODS.keySet()));
        List<String> transports =
                m.find("transports").map(BenchmarkSuiteKind::transports).orElse(TRANSPORTS);
        List<ScenarioSpec<Settings>> specs = new ArrayList<>();
        for (String transport : transports) {
            for (String operation : operations) {
                String scenarioId = id + "-" + transport + "-" + operation;
                Map<String, String> planned = new TreeMap<>();
                planned.put("operation", operation);
                planned.put("transport", transport);
                String title =
                        m.find("title").map(n -> n.asString("'title'") + ", ").orElse("")
                                + operation
                                + " over "
                                + transport;
                specs.add(
                        new ScenarioSpec<>(
                                new PlannedScenario("benchmark", scenarioId, optional, planned),
                                scenarioId + ": " + title + " (" + measure.shape() + ")",
                                measure.settings(
                                        Operations.include(transport, operation),
                                        true,
                                        planned,
                                        List.of())));
            }
        }
        return specs;
    }

    private static List<String> operations(ConfigNode n) {
        Set<String> out = new LinkedHashSet<>();
        for (ConfigNode item : list(n, "'operations'")) {
            String op = item.asScalarText("an operation");
            if (op.equals("all")) {
                out.addAll(Operations.METHODS.keySet());
            } else if (op.equals("watch")) {
                throw item.error(Operations.WATCH_REASON + "; remove it from 'operations'");
            } else if (!Operations.METHODS.containsKey(op)) {
                throw item.error(
                        "unknown operation '"
                                + op
                                + "'; expected one of "
                                + String.join(", ", Operations.METHODS.keySet())
                                + " (or all)");
            } else if (!out.add(op)) {
                throw item.error("operation '" + op + "' is listed twice");
            }
        }
        return List.copyOf(out);
    }

    private static List<String> transports(ConfigNode n) {
        Set<String> out = new LinkedHashSet<>();
        for (ConfigNode item : list(n, "'transports'")) {
            String t = item.asScalarText("a transport");
            if (!TRANSPORTS.contains(t)) {
                throw item.error("unknown transport '" + t + "'; expected http or grpc");
            }
            if (!out.add(t)) {
                throw item.error("transport '" + t + "' is listed twice");
            }
        }
        return List.copyOf(out);
    }

    private static List<Mode> modes(ConfigNode n) {
        Set<Mode> out = new LinkedHashSet<>();
        for (ConfigNode item : list(n, "'modes'")) {
            String mode = item.asScalarText("a mode");
            Mode m =
                    switch (mode) {
                        case "thrpt", "throughput" -> Mode.Throughput;
                        case "sample", "sample-time" -> Mode.SampleTime;
                        default ->
                                throw item.error(
                                        "unknown mode '"
                                                + mode
                                                + "'; expected thrpt (throughput) or sample"
                                                + " (sample time)");
                    };
            if (!out.add(m)) {
                throw item.error("mode '" + mode + "' is listed twice");
            }
        }
        return List.copyOf(out);
    }

    /** A list, or one scalar read as a list of one. */
    private static List<ConfigNode> list(ConfigNode n, String what) {
        List<ConfigNode> items = n.isScalar() ? List.of(n) : n.asList(what);
        if (items.isEmpty()) {
            throw n.error(what + " is empty; leave it out for the default or name at least one");
        }
        return items;
    }

    private static String includePattern(ConfigNode n, String key) {
        String pattern = n.asString("'" + key + "'");
        try {
            Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            throw n.error(
                    "'"
                            + key
                            + "' is not a regular expression (JMH matches benchmark names with"
                            + " it): "
                            + e.getDescription()
                            + " near index "
                            + e.getIndex());
        }
        return pattern;
    }

    private static String classPattern(ConfigNode n) {
        String name = n.asString("'class'");
        try {
            Class.forName(name, false, loader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw n.error(
                    "benchmark class '"
                            + name
                            + "' is not on the class path; give a fully qualified class name such"
                            + " as com.acme.ParserBench (on gonogo's class path or --classpath)");
        }
        return "^" + Pattern.quote(name + ".");
    }

    private static ClassLoader loader() {
        ClassLoader l = Thread.currentThread().getContextClassLoader();
        return l == null ? BenchmarkSuiteKind.class.getClassLoader() : l;
    }

    /**
     * The benchmarks of JMH's generated lists on the class path whose names match {@code pattern}.
     */
    static SortedSet<BenchmarkListEntry> find(String pattern) {
        PrintStream silent = new PrintStream(java.io.OutputStream.nullOutputStream());
        return BenchmarkList.defaultList()
                .find(
                        OutputFormatFactory.createFormatInstance(silent, VerboseMode.SILENT),
                        List.of(pattern),
                        List.of());
    }

    private static String known() {
        List<String> names = new ArrayList<>();
        for (BenchmarkListEntry e : find(".*")) {
            if (!e.getUsername().startsWith(BenchmarkSuiteKind.class.getPackageName() + ".")) {
                names.add(e.getUsername());
            }
        }
        return names.isEmpty()
                ? "none besides gonogo's own"
                : String.join(", ", names.subList(0, Math.min(10, names.size())))
                        + (names.size() > 10 ? ", ..." : "");
    }

    private static Duration jvmWarmup(ConfigNode n) {
        return duration(n, "'jvm-warmup'", 0, "0s (no warm-up) to 10min, such as 30s");
    }

    private static Duration duration(ConfigNode n, String what) {
        return duration(n, what, 10, "10ms to 10min, such as 200ms or 1s");
    }

    private static Duration duration(ConfigNode n, String what, long minMillis, String expected) {
        Quantity q = n.asQuantity(what);
        if (q.unit().dimension() != Unit.Dimension.DURATION
                || q.valueIn(Unit.MILLISECONDS) < minMillis
                || q.valueIn(Unit.MINUTES) > 10) {
            throw n.error(what + " is '" + q + "'; expected a duration from " + expected);
        }
        return Duration.ofNanos((long) q.valueIn(Unit.NANOSECONDS));
    }

    static String human(Duration d) {
        long ms = d.toMillis();
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "min";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }

    @Override
    public void run(ScenarioSpec<Settings> scenario, ScenarioContext context) throws Exception {
        Settings s = scenario.settings();
        Map<String, String> labels = new LinkedHashMap<>(scenario.planned().labels());
        labels.remove("suite");
        labels.remove("scenario");
        if (s.ownClasspath()) {
            new ClasspathJmhRun(s, labels, context).run();
        } else {
            new JmhRun(s, labels, context).run();
        }
    }

    static String modeLabel(Mode mode) {
        return mode.shortLabel().toLowerCase(Locale.ROOT);
    }
}
