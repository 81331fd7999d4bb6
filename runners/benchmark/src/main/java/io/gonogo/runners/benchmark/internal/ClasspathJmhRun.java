package io.gonogo.runners.benchmark.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gonogo.core.Measurement;
import io.gonogo.core.NotExecutedException;
import io.gonogo.runners.spi.ScenarioContext;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.runner.BenchmarkListEntry;

/**
 * A team's own benchmarks from a class path of their own ({@code classpath:} or {@code
 * --classpath}): JMH's command line, {@code org.openjdk.jmh.Main}, in a JVM gonogo starts with that
 * class path and jmh-core, writing its JSON result, which is then read into the same measurements
 * as {@link JmhMeasurements#of(org.openjdk.jmh.results.RunResult, Map, boolean, String)} gives.
 *
 * <p>JMH finds benchmarks in the {@code META-INF/BenchmarkList} resources of its own class loader
 * and its forks inherit {@code java.class.path}, so a class loader of gonogo's could not show it a
 * jar; a JVM whose class path is the team's is the route JMH itself supports (see
 * docs/decisions/0025-team-benchmarks.md). {@code forks} are JMH's forks of that JVM; {@code forks:
 * 0} runs the benchmarks in that JVM, still apart from gonogo's.
 */
final class ClasspathJmhRun {
    /** How long one iteration may run before JMH interrupts it, as for the built-in benchmarks. */
    private static final String ITERATION_TIMEOUT = "2min";

    /** What a JVM start, JMH's set-up and its forks' start may take beyond the iterations. */
    private static final Duration PER_RUN_OVERHEAD = Duration.ofSeconds(20);

    /** gonogo's own benchmarks, on a shaded gonogo.jar's class path, never run here. */
    static final String EXCLUDE_BUILT_IN =
            "^" + BenchmarkSuiteKind.class.getPackageName().replace(".", "\\.") + "\\.";

    private final BenchmarkSuiteKind.Settings settings;
    private final Map<String, String> labels;
    private final ScenarioContext context;

    ClasspathJmhRun(
            BenchmarkSuiteKind.Settings settings,
            Map<String, String> labels,
            ScenarioContext context) {
        this.settings = settings;
        this.labels = labels;
        this.context = context;
    }

    void run() throws Exception {
        Path dir = context.outputDirectory();
        Files.createDirectories(dir);
        Path json = dir.resolve("jmh-result.json");
        Path log = dir.resolve("jmh.log");
        Files.deleteIfExists(json);
        List<String> command = command(json, log);
        Duration limit = limit();
        context.progress(
                "JMH "
                        + settings.include()
                        + " "
                        + settings.modes()
                        + " in its own JVM, class path "
                        + settings.classpath()
                        + " (at most "
                        + BenchmarkSuiteKind.human(limit)
                        + ") ...");
        Process process =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("jmh-console.log").toFile())
                        .start();
        boolean ended;
        try {
            ended = process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            destroy(process);
            Thread.currentThread().interrupt();
            throw e;
        }
        if (!ended) {
            destroy(process);
            attachIfPresent(log);
            throw new NotExecutedException(
                    "JMH did not finish within "
                            + BenchmarkSuiteKind.human(limit)
                            + " (its iterations and forks' start, three times over); it was"
                            + " stopped");
        }
        attachIfPresent(log);
        attachIfPresent(dir.resolve("jmh-console.log"));
        int exit = process.exitValue();
        if (exit != 0 || !Files.isRegularFile(json) || Files.size(json) == 0) {
            throw new NotExecutedException(
                    "JMH could not run the benchmark (exit "
                            + exit
                            + "): "
                            + failure(log, dir.resolve("jmh-console.log")));
        }
        attachIfPresent(json);
        JsonNode results = new ObjectMapper().readTree(json.toFile());
        if (!results.isArray() || results.isEmpty()) {
            throw new NotExecutedException("JMH ran no benchmark for " + settings.include());
        }
        for (JsonNode r : results) {
            List<Measurement> ms = JmhMeasurements.ofJson(r, labels, json.getFileName().toString());
            ms.forEach(context::publish);
            context.progress(summary(r));
        }
    }

    /** JMH's command line: the scenario's settings as JMH's options. */
    List<String> command(Path json, Path log) {
        List<String> c = new ArrayList<>();
        c.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // JMH's lock guards the machine against two JMH runs spoiling each other's figures; a
        // decision to ignore it (tests on a shared machine) holds for this JVM too
        if (Boolean.getBoolean("jmh.ignoreLock")) {
            c.add("-Djmh.ignoreLock=true");
        }
        c.add("-cp");
        c.add(classPath());
        c.add("org.openjdk.jmh.Main");
        c.add(settings.include());
        c.addAll(
                List.of(
                        "-e",
                        EXCLUDE_BUILT_IN,
                        "-f",
                        String.valueOf(settings.forks()),
                        "-wi",
                        String.valueOf(settings.warmupIterations()),
                        "-w",
                        settings.warmupTime().toMillis() + "ms",
                        "-i",
                        String.valueOf(settings.iterations()),
                        "-r",
                        settings.time().toMillis() + "ms",
                        "-t",
                        String.valueOf(settings.threads()),
                        "-bm",
                        settings.modes().stream()
                                .map(Mode::shortLabel)
                                .collect(Collectors.joining(",")),
                        "-tu",
                        "us",
                        "-to",
                        ITERATION_TIMEOUT,
                        "-foe",
                        "true",
                        "-rf",
                        "json",
                        "-rff",
                        json.toString(),
                        "-o",
                        log.toString()));
        if (settings.gc()) {
            c.add("-prof");
            c.add("gc");
        }
        return c;
    }

    /**
     * The team's class path first, so its classes win, then what JMH's command line needs:
     * jmh-core, jopt-simple and commons-math3, wherever this JVM loaded them from (their jars, or
     * gonogo.jar when shaded).
     */
    String classPath() {
        Set<String> entries = new LinkedHashSet<>();
        settings.classpath().forEach(p -> entries.add(p.toString()));
        for (String cls :
                List.of(
                        "org.openjdk.jmh.Main",
                        "joptsimple.OptionParser",
                        "org.apache.commons.math3.stat.descriptive.StatisticalSummary")) {
            entries.add(codeSource(cls));
        }
        StringJoiner j = new StringJoiner(File.pathSeparator);
        entries.forEach(j::add);
        return j.toString();
    }

    private static String codeSource(String className) {
        try {
            Class<?> c = Class.forName(className, false, ClasspathJmhRun.class.getClassLoader());
            CodeSource source = c.getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null) {
                throw new IllegalStateException("no code source for " + className);
            }
            return Path.of(source.getLocation().toURI()).toString();
        } catch (ClassNotFoundException | URISyntaxException e) {
            throw new IllegalStateException(
                    "cannot find " + className + " for JMH's command line: " + e.getMessage(), e);
        }
    }

    /**
     * The longest the run may take: three times its iterations and a start-up allowance per
     * benchmark, parameter combination, mode and fork, so a JVM that hangs stops by itself.
     */
    Duration limit() {
        long runs = 0;
        for (BenchmarkListEntry e :
                BenchmarkClasspath.benchmarks(settings.classpath(), null)
                        .find(settings.include())) {
            long combinations = 1;
            if (e.getParams().hasValue()) {
                for (String[] values : e.getParams().get().values()) {
                    combinations *= Math.max(1, values.length);
                }
            }
            runs += combinations;
        }
        Duration iterations =
                settings.warmupTime()
                        .multipliedBy(settings.warmupIterations())
                        .plus(settings.time().multipliedBy(settings.iterations()))
                        .plus(PER_RUN_OVERHEAD);
        Duration limit =
                iterations
                        .multipliedBy(Math.max(1, runs))
                        .multipliedBy(settings.modes().size())
                        .multipliedBy(Math.max(1, settings.forks()))
                        .multipliedBy(3)
                        .plus(Duration.ofMinutes(1));
        // whole seconds, so the progress line reads 309s rather than 308400ms
        return Duration.ofSeconds((limit.toMillis() + 999) / 1000);
    }

    private static void destroy(Process process) throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    private void attachIfPresent(Path file) {
        if (Files.isRegularFile(file)) {
            context.attach(file);
        }
    }

    /** The benchmark's failure from JMH's log, else the JVM's last words. */
    static String failure(Path log, Path console) {
        String fromLog = JmhRun.failureLine(log);
        if (fromLog != null) {
            return fromLog;
        }
        for (Path p : List.of(log, console)) {
            try {
                List<String> lines =
                        Files.readAllLines(p, StandardCharsets.UTF_8).stream()
                                .map(String::strip)
                                .filter(l -> !l.isEmpty())
                                .toList();
                for (String l : lines) {
                    if (l.startsWith("Error") || l.contains("Exception")) {
                        return l;
                    }
                }
                if (!lines.isEmpty()) {
                    return lines.get(lines.size() - 1);
                }
            } catch (IOException ignored) {
                // try the next one
            }
        }
        return "no output";
    }

    /** One line for the person watching, as {@link JmhMeasurements#summary} writes it. */
    private static String summary(JsonNode r) {
        String name = r.path("benchmark").asText();
        JsonNode p = r.path("primaryMetric");
        return name.substring(name.lastIndexOf('.') + 1)
                + (r.path("params").isObject() && !r.path("params").isEmpty()
                        ? " " + r.path("params")
                        : "")
                + " "
                + r.path("mode").asText()
                + ": "
                + figure(p.path("score"))
                + " ± "
                + figure(p.path("scoreError"))
                + " "
                + p.path("scoreUnit").asText();
    }

    /** A JMH number to four significant digits; JMH's {@code "NaN"} as {@code ?}. */
    private static String figure(JsonNode n) {
        return n.isNumber() ? String.format(java.util.Locale.ROOT, "%.4g", n.asDouble()) : "?";
    }
}
