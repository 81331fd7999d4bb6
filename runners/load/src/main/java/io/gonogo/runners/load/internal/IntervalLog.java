package io.gonogo.runners.load.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * An HdrHistogram interval log of a run's latencies (microseconds), one interval histogram per
 * second of the run, engine thread and operation, each tagged (the scenario's tag, or {@code
 * tag.operation} in a weighted mix); adding every interval of the log gives exactly the run's
 * latency histogram.
 *
 * <p>Each engine thread records through its own {@link Recorder}; a recorder hands a finished
 * interval to the log, whose writes are synchronized, about once per second, so the hot path only
 * records into a histogram. Time stamps are absolute (seconds since the epoch).
 */
public final class IntervalLog implements AutoCloseable {

    /** Length of one interval. */
    static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final PrintStream out;
    private final HistogramLogWriter writer;
    private final String tag;

    /** {@code epochMillis = nanoTime / 1e6 + offsetMillis}, fixed when the log opens. */
    private final double offsetMillis;

    private IntervalLog(OutputStream stream, String tag) {
        this.out = new PrintStream(stream, false, StandardCharsets.UTF_8);
        this.writer = new HistogramLogWriter(out);
        this.tag = tag;
        long epoch = System.currentTimeMillis();
        this.offsetMillis = epoch - System.nanoTime() / 1e6;
        writer.outputComment(
                "gonogo load latency, microseconds, measured requests only, 1 s intervals per"
                        + " engine thread, tag "
                        + tag);
        writer.outputLogFormatVersion();
        writer.outputStartTime(epoch);
        writer.outputLegend();
    }

    /**
     * Opens a log file, replacing any file there.
     *
     * @param file where to write
     * @param tag the tag of every interval, such as the scenario's id
     * @return the open log
     * @throws UncheckedIOException if the file cannot be created
     */
    public static IntervalLog open(Path file, String tag) {
        try {
            return new IntervalLog(Files.newOutputStream(file), tag);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the interval log " + file, e);
        }
    }

    synchronized void write(
            Histogram interval, String intervalTag, long startNanos, long endNanos) {
        if (interval.getTotalCount() == 0) {
            return;
        }
        interval.setTag(intervalTag);
        double start = (startNanos / 1e6 + offsetMillis) / 1000.0;
        double end = (endNanos / 1e6 + offsetMillis) / 1000.0;
        writer.outputIntervalHistogram(start, end, interval, 1.0);
    }

    /**
     * Flushes and closes the log.
     *
     * @throws UncheckedIOException if the file cannot be written
     */
    @Override
    public synchronized void close() {
        out.close();
        if (out.checkError()) {
            throw new UncheckedIOException(new IOException("cannot write the interval log"));
        }
    }

    /** A recorder that records nothing, for runs without an interval log. */
    static Recorder none() {
        return new Recorder(null, "", 1, 0);
    }

    /**
     * Starts a recorder for one engine thread (and operation) whose intervals begin at {@code
     * startNanos}.
     *
     * @param intervalTag the tag of its intervals
     * @param highestMicros the histograms' highest value
     * @param startNanos the start of the first interval, in {@link System#nanoTime()} terms
     * @return the recorder
     */
    Recorder recorder(String intervalTag, long highestMicros, long startNanos) {
        return new Recorder(this, intervalTag, highestMicros, startNanos);
    }

    /**
     * Records one engine thread's latencies into the current interval; only that thread uses it.
     */
    static final class Recorder {
        private final IntervalLog log;
        private final String tag;
        private final Histogram interval;
        private long intervalStart;
        private long intervalEnd;

        private Recorder(IntervalLog log, String tag, long highestMicros, long startNanos) {
            this.log = log;
            this.tag = tag;
            this.interval = log == null ? null : new Histogram(1, highestMicros, 3);
            this.intervalStart = startNanos;
            this.intervalEnd = startNanos + INTERVAL_NANOS;
        }

        void record(long micros, long now) {
            if (log == null) {
                return;
            }
            if (now - intervalEnd >= 0) {
                roll(now);
            }
            interval.recordValue(micros);
        }

        private void roll(long now) {
            log.write(interval, tag, intervalStart, intervalEnd);
            interval.reset();
            long skipped = (now - intervalStart) / INTERVAL_NANOS;
            intervalStart += skipped * INTERVAL_NANOS;
            intervalEnd = intervalStart + INTERVAL_NANOS;
        }

        /** Writes the last, partial interval, ending at {@code now}. */
        void finish(long now) {
            if (log == null) {
                return;
            }
            log.write(
                    interval,
                    tag,
                    intervalStart,
                    Math.max(intervalStart, Math.min(now, intervalEnd)));
            interval.reset();
        }
    }
}
