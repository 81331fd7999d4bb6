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
        final Histogram latency = new Histogram(3);
        long requests;
        long failed;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        // exact figures of the answered requests, in ms, for the distribution's summary
        long sumMillis;
        long minMillis = Long.MAX_VALUE;
        long maxMillis = Long.MIN_VALUE;

        Op(Map<String, String> labels) {
            this.labels = Map.copyOf(labels);
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
        Op op = ops.computeIfAbsent(new TreeMap<>(labels).toString(), k -> new Op(labels));
        op.requests++;
        if (ok) {
            long elapsed = Math.max(0, elapsedMillis);
            op.latency.recordValue(elapsed * 1000);
            op.sumMillis += elapsed;
            op.minMillis = Math.min(op.minMillis, elapsed);
            op.maxMillis = Math.max(op.maxMillis, elapsed);
        } else {
            op.failed++;
        }
        op.first = Math.min(op.first, startMillis);
        op.last = Math.max(op.last, startMillis + Math.max(0, elapsedMillis));
    }

    boolean isEmpty() {
        return ops.isEmpty();
    }

    /**
     * Per operation: {@code latency} (answered requests, microseconds), {@code requests}, {@code
     * errors}, {@code success_rate} (%) and {@code throughput} (answered per second over the
     * operation's window, from its first start to its last end). The latency's summary (min, max,
     * mean) is the exact figure of the samples, which were whole milliseconds; its histogram, what
     * targets merge, holds each sample within HdrHistogram's 3 significant digits.
     */
    List<Measurement> measurements() {
        List<Measurement> out = new ArrayList<>();
        for (Map.Entry<String, Op> e : ops.entrySet()) {
            Op op = e.getValue();
            Map<String, String> labels = op.labels;
            out.add(Measurement.of("latency", labels, Unit.MICROSECONDS, latency(op)));
            out.add(Measurement.of("requests", labels, Unit.COUNT, new Scalar(op.requests)));
            out.add(Measurement.of("errors", labels, Unit.COUNT, new Scalar(op.failed)));
            out.add(
                    Measurement.of(
                            "success_rate",
                            labels,
                            Unit.PERCENT,
                            new Scalar(100.0 * (op.requests - op.failed) / op.requests)));
            long window = op.last - op.first;
            if (window > 0) {
                out.add(
                        Measurement.of(
                                "throughput",
                                labels,
                                Unit.PER_SECOND,
                                new Scalar((op.requests - op.failed) * 1000.0 / window)));
            }
        }
        return out;
    }

    /** The histogram, summarised with the exact min, max and mean of the samples. */
    private static Distribution latency(Op op) {
        Distribution d = Distribution.of(op.latency);
        if (d.count() == 0) {
            return d;
        }
        return new Distribution(
                d.histogram(),
                d.count(),
                op.minMillis * 1000.0,
                op.maxMillis * 1000.0,
                op.sumMillis * 1000.0 / d.count(),
                d.percentiles());
    }
}
