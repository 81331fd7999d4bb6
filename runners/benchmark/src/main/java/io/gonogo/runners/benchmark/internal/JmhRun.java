package io.gonogo.runners.benchmark.internal;

import io.gonogo.core.Measurement;
import io.gonogo.runners.benchmark.GonogoSut;
import io.gonogo.runners.spi.ScenarioContext;
import io.gonogo.runners.spi.SutEndpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * One scenario's JMH run: options from the scenario's settings, the service's endpoint handed to
 * the benchmarks as system properties (in the forks' command line, or set in this JVM for {@code
 * forks: 0}), the run, and its results published and attached.
 */
final class JmhRun {
    /** How long one iteration may run before JMH interrupts it (a stalled service). */
    private static final TimeValue ITERATION_TIMEOUT = TimeValue.minutes(2);

    private final BenchmarkSuiteKind.Settings settings;
    private final Map<String, String> labels;
    private final ScenarioContext context;

    JmhRun(
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
        SutEndpoint sut = context.sut();
        Path tokenDir =
                Files.createTempDirectory(
                        "gonogo-bench-",
                        PosixFilePermissions.asFileAttribute(
                                PosixFilePermissions.fromString("rwx------")));
        Path tokenFile = tokenDir.resolve("token");
        Files.writeString(tokenFile, sut.token(), StandardCharsets.UTF_8);
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(GonogoSut.HTTP_BASE, sut.httpBase().toString());
        properties.put(GonogoSut.GRPC_ADDRESS, sut.grpcAddress());
        properties.put(GonogoSut.TOKEN_FILE, tokenFile.toString());
        properties.putAll(GonogoSut.tlsProperties(sut));
        ChainedOptionsBuilder options =
                new OptionsBuilder()
                        .include(settings.include())
                        .forks(settings.forks())
                        .warmupIterations(settings.warmupIterations())
                        .warmupTime(TimeValue.milliseconds(settings.warmupTime().toMillis()))
                        .measurementIterations(settings.iterations())
                        .measurementTime(TimeValue.milliseconds(settings.time().toMillis()))
                        .threads(settings.threads())
                        .timeUnit(TimeUnit.MICROSECONDS)
                        .timeout(ITERATION_TIMEOUT)
                        .shouldFailOnError(true)
                        .resultFormat(ResultFormatType.JSON)
                        .result(json.toString())
                        .output(log.toString());
        for (Mode mode : settings.modes()) {
            options.mode(mode);
        }
        if (settings.gc()) {
            options.addProfiler(GCProfiler.class);
        }
        List<String> jvmArgs = new ArrayList<>();
        properties.forEach((k, v) -> jvmArgs.add("-D" + k + "=" + v));
        options.jvmArgsAppend(jvmArgs.toArray(String[]::new));
        Map<String, String> previous = new LinkedHashMap<>();
        if (settings.forks() == 0) {
            properties.forEach((k, v) -> previous.put(k, System.setProperty(k, v)));
        }
        Collection<RunResult> results;
        try {
            String transport = labels.get("transport");
            if (settings.forks() == 0
                    && settings.builtIn()
                    && transport != null
                    && !settings.jvmWarmup().isZero()) {
                JvmWarmup.once(
                        transport,
                        transport.equals("grpc") ? sut.grpcAddress() : sut.httpBase().toString(),
                        settings.jvmWarmup().toMillis(),
                        context::progress);
            }
            context.progress("JMH " + settings.include() + " " + settings.modes() + " ...");
            results = new Runner(options.build()).run();
        } catch (RunnerException e) {
            attachIfPresent(log);
            throw new io.gonogo.core.NotExecutedException(
                    "JMH could not run the benchmark: " + failure(log, e), e);
        } finally {
            previous.forEach(
                    (k, v) -> {
                        if (v == null) {
                            System.clearProperty(k);
                        } else {
                            System.setProperty(k, v);
                        }
                    });
            Files.deleteIfExists(tokenFile);
            Files.deleteIfExists(tokenDir);
        }
        attachIfPresent(log);
        if (results.isEmpty()) {
            throw new io.gonogo.core.NotExecutedException(
                    "JMH ran no benchmark for " + settings.include());
        }
        attachIfPresent(json);
        for (RunResult r : results) {
            List<Measurement> ms =
                    JmhMeasurements.of(
                            r, labels, settings.builtIn(), json.getFileName().toString());
            ms.forEach(context::publish);
            context.progress(JmhMeasurements.summary(r));
        }
    }

    private void attachIfPresent(Path file) {
        if (Files.isRegularFile(file)) {
            context.attach(file);
        }
    }

    /** The first line of the benchmark's own failure in JMH's log, else the runner's message. */
    static String failure(Path log, RunnerException e) {
        String fromLog = failureLine(log);
        if (fromLog != null) {
            return fromLog;
        }
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage() == null ? t : t.getMessage())
                .lines()
                .findFirst()
                .orElse("");
    }

    /**
     * The first line of the benchmark's own failure in JMH's log (with its cause when JMH wrapped
     * it); {@code null} when the log has none.
     */
    static String failureLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains("<failure>")) {
                    for (int j = i + 1; j < lines.size(); j++) {
                        String l = lines.get(j).trim();
                        if (!l.isEmpty()) {
                            // the exception's own line, and its cause when JMH wrapped it
                            for (int k = j + 1; k < Math.min(lines.size(), j + 60); k++) {
                                String c = lines.get(k).trim();
                                if (c.startsWith("Caused by:")) {
                                    return l + " (" + c + ")";
                                }
                            }
                            return l;
                        }
                    }
                }
            }
        } catch (IOException ignored) {
            // no log: the caller falls back to what it has
        }
        return null;
    }
}
