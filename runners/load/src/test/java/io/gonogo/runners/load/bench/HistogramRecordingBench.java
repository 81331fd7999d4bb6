package io.gonogo.runners.load.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Recording one latency in the load engine's histogram, configured as its engines configure it (1
 * us to at least an hour, 3 significant digits, microsecond values): the per-request cost the
 * engine adds on its selector thread. Values are a pre-drawn spread from 50 us to 50 ms so branch
 * prediction and cache lines see a realistic mix.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HistogramRecordingBench {
    static final int BATCH = 4096;

    private Histogram histogram;
    private final long[] values = new long[BATCH];

    /** Draws the values and builds the histogram (not timed). */
    @Setup
    public void prepare() {
        long highestMicros = TimeUnit.HOURS.toMicros(1);
        histogram = new Histogram(1, highestMicros, 3);
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < BATCH; i++) {
            values[i] = 50 + (long) Math.pow(10, random.nextDouble() * 3) * 50;
        }
    }

    /** Records a batch of values; JMH divides by the batch size. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Histogram recordValue() {
        Histogram h = histogram;
        for (long v : values) {
            h.recordValue(v);
        }
        return h;
    }
}
