package io.gonogo.collect.importers.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Real JMH result files, made once per test JVM by running {@link TinyBenchmark} through JMH's
 * Runner with very short settings (in the test JVM, one warm-up and three measurement iterations of
 * 60 ms, every mode, the GC profiler), written under {@code target/jmh/}.
 */
final class JmhResults {
    private static Path all;
    private static Path single;

    private JmhResults() {}

    /**
     * Every mode and both params of {@link TinyBenchmark}, with the GC profiler: {@code
     * target/jmh/all.json}.
     */
    static synchronized Path allModes() throws Exception {
        if (all == null) {
            all =
                    run(
                            "all.json",
                            3,
                            Mode.Throughput,
                            Mode.AverageTime,
                            Mode.SampleTime,
                            Mode.SingleShotTime);
        }
        return all;
    }

    /**
     * One measurement iteration only, so JMH reports its score error as NaN: {@code
     * target/jmh/single.json}.
     */
    static synchronized Path singleIteration() throws Exception {
        if (single == null) {
            single = run("single.json", 1, Mode.AverageTime);
        }
        return single;
    }

    private static Path run(String name, int iterations, Mode... modes) throws Exception {
        Path out = Path.of("target", "jmh", name).toAbsolutePath();
        Files.createDirectories(out.getParent());
        // JMH's machine-wide lock (/tmp/jmh.lock) would fail this test whenever another build on
        // the
        // machine runs a benchmark; these runs make result files, not figures anyone quotes
        System.setProperty("jmh.ignoreLock", "true");
        Options opt =
                new OptionsBuilder()
                        .include(TinyBenchmark.class.getName() + "\\.")
                        .mode(modes[0])
                        .forks(0)
                        .warmupIterations(1)
                        .warmupTime(TimeValue.milliseconds(60))
                        .measurementIterations(iterations)
                        .measurementTime(TimeValue.milliseconds(60))
                        .timeUnit(TimeUnit.MICROSECONDS)
                        .addProfiler(GCProfiler.class)
                        .shouldFailOnError(true)
                        .resultFormat(ResultFormatType.JSON)
                        .result(out.toString())
                        .output(out.resolveSibling(name + ".log").toString())
                        .build();
        if (modes.length > 1) {
            OptionsBuilder b = new OptionsBuilder();
            b.parent(opt);
            for (Mode m : modes) {
                b.mode(m);
            }
            opt = b.build();
        }
        new Runner(opt).run();
        return out;
    }
}
