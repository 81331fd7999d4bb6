package io.gonogo.collect.importers.internal;

import io.gonogo.core.Distribution;
import io.gonogo.core.Measurement;
import io.gonogo.core.Scalar;
import io.gonogo.core.Unit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * Per-operation request figures built sample by sample from a load tool's per-request lines
 * (JMeter's JTL, Gatling's simulation.log): the latency histogram in microseconds, attempts,
 * failures and the time window they span.
 */
final class RequestStats {
    private final Map<String, Op> ops = new TreeMap<>();

    private static final class Op {
        final Map<String, String> labels;
        final Samples ok = new Samples();
        final Samples failed = new Samples();
        long requests;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;

        Op(Map<String, String> labels) {
            this.labels = Map.copyOf(labels);
        }
    }

    /**
     * The elapsed times of one outcome: the histogram and the exact figures, in us (also the
     * durations of Gatling's groups, see {@link GatlingGroupStats}).
     */
    static final class Samples {
        final Histogram histogram = new Histogram(3);
        long count;
        long sumMicros;
        long minMicros = Long.MAX_VALUE;
        long maxMicros = Long.MIN_VALUE;

        void add(long elapsedMicros) {
            histogram.recordValue(elapsedMicros);
            count++;
            sumMicros += elapsedMicros;
            minMicros = Math.min(minMicros, elapsedMicros);
            maxMicros = Math.max(maxMicros, elapsedMicros);
        }
    }

    /**
     * One request of {@code operation}, started at {@code startMillis}, taking {@code
     * elapsedMillis}.
     */
    void add(String operation, long startMillis, long elapsedMillis, boolean ok) {
        add(Map.of("operation", operation), startMillis, elapsedMillis, ok);
    }

    /**
     * One request of the operation that {@code labels} name (such as {@code operation} and {@code
     * group}), started at {@code startMillis}, taking {@code elapsedMillis}.
     */
    void add(Map<String, String> labels, long startMillis, long elapsedMillis, boolean ok) {
        addMicros(labels, startMillis * 1000, elapsedMillis * 1000, ok);
    }

    /**
     * One request of the operation that {@code labels} name, started at {@code startMicros} (epoch
     * microseconds), taking {@code elapsedMicros}.
     */
    void addMicros(Map<String, String> labels, long startMicros, long elapsedMicros, boolean ok) {
        Op op = ops.computeIfAbsent(new TreeMap<>(labels).toString(), k -> new Op(labels));
        op.requests++;
        long elapsed = Math.max(0, elapsedMicros);
        (ok ? op.ok : op.failed).add(elapsed);
        op.first = Math.min(op.first, startMicros);
        op.last = Math.max(op.last, startMicros + elapsed);
    }

    boolean isEmpty() {
        return ops.isEmpty();
    }

    /**
     * Per operation: {@code latency} (answered requests, microseconds), {@code failed_latency} (the
     * failed requests' elapsed times, microseconds; only for an operation with failures), {@code
     * requests}, {@code errors}, {@code success_rate} (%) and {@code throughput} (answered per
     * second over the operation's window, from its first start to its last end). A distribution's
     * summary (min, max, mean) is the exact figure of the samples (whole milliseconds, or
     * microseconds); its histogram, what targets merge, holds each sample within HdrHistogram's 3
     * significant digits.
     */
    List<Measurement> measurements() {
        List<Measurement> out = new ArrayList<>();
        for (Map.Entry<String, Op> e : ops.entrySet()) {
            Op op = e.getValue();
            Map<String, String> labels = op.labels;
            out.add(Measurement.of("latency", labels, Unit.MICROSECONDS, distribution(op.ok)));
            if (op.failed.count > 0) {
                out.add(
                        Measurement.of(
                                "failed_latency",
                                labels,
                                Unit.MICROSECONDS,
                                distribution(op.failed)));
            }
            out.add(Measurement.of("requests", labels, Unit.COUNT, new Scalar(op.requests)));
            out.add(Measurement.of("errors", labels, Unit.COUNT, new Scalar(op.failed.count)));
            out.add(
                    Measurement.of(
                            "success_rate",
                            labels,
                            Unit.PERCENT,
                            new Scalar(100.0 * op.ok.count / op.requests)));
            long window = op.last - op.first;
            if (window > 0) {
                out.add(
                        Measurement.of(
                                "throughput",
                                labels,
                                Unit.PER_SECOND,
                                new Scalar(op.ok.count * 1e6 / window)));
            }
        }
        return out;
    }

    /** The histogram, summarised with the exact min, max and mean of the samples. */
    static Distribution distribution(Samples s) {
        Distribution d = Distribution.of(s.histogram);
        if (d.count() == 0) {
            return d;
        }
        return new Distribution(
                d.histogram(),
                d.count(),
                s.minMicros,
                s.maxMicros,
                (double) s.sumMicros / d.count(),
                d.percentiles());
    }
}
