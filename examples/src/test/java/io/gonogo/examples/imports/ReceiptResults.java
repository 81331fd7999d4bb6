package io.gonogo.examples.imports;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link ReceiptBenchmark} through JMH's Runner and writes its JSON results, the way the
 * committed {@code examples/imports/results/jmh-result.json} was made (that one with one fork and
 * 10 iterations; run {@code main} from the examples module's test class path to remake it).
 */
public final class ReceiptResults {
    private ReceiptResults() {}

    /**
     * Runs the benchmark in throughput and sample modes with the GC profiler, one warm-up and
     * {@code iterations} measurement iterations of 200 ms in {@code forks} forks (0: in this JVM),
     * and writes JSON to {@code out}.
     */
    public static Path write(Path out, int forks, int iterations) throws Exception {
        Files.createDirectories(out.toAbsolutePath().getParent());
        // JMH's machine-wide lock (/tmp/jmh.lock) would fail this test whenever another build on
        // the
        // machine runs a benchmark; these runs make result files, not figures anyone quotes
        System.setProperty("jmh.ignoreLock", "true");
        new Runner(
                        new OptionsBuilder()
                                .include(ReceiptBenchmark.class.getName() + "\\.")
                                .mode(Mode.Throughput)
                                .mode(Mode.SampleTime)
                                .timeUnit(TimeUnit.MICROSECONDS)
                                .forks(forks)
                                .warmupIterations(1)
                                .warmupTime(TimeValue.milliseconds(200))
                                .measurementIterations(iterations)
                                .measurementTime(TimeValue.milliseconds(200))
                                .addProfiler(GCProfiler.class)
                                .shouldFailOnError(true)
                                .resultFormat(ResultFormatType.JSON)
                                .result(out.toAbsolutePath().toString())
                                .output(out.toAbsolutePath() + ".log")
                                .build())
                .run();
        return out;
    }

    /**
     * Writes {@code args[0]} (default {@code imports/results/jmh-result.json}) with one fork and 10
     * iterations.
     */
    public static void main(String[] args) throws Exception {
        write(Path.of(args.length > 0 ? args[0] : "imports/results/jmh-result.json"), 1, 10);
    }
}
