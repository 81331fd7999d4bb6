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
        final Histogram latency = new Histogram(3);
        long requests;
        long failed;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
    }

    /**
     * One request of {@code operation}, started at {@code startMillis}, taking {@code
     * elapsedMillis}.
     */
    void add(String operation, long startMillis, long elapsedMillis, boolean ok) {
        Op op = ops.computeIfAbsent(operation, k -> new Op());
        op.requests++;
        if (ok) {
            op.latency.recordValue(Math.max(0, elapsedMillis) * 1000);
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
     * operation's window, from its first start to its last end).
     */
    List<Measurement> measurements() {
        List<Measurement> out = new ArrayList<>();
        for (Map.Entry<String, Op> e : ops.entrySet()) {
            Op op = e.getValue();
            Map<String, String> labels = Map.of("operation", e.getKey());
            out.add(
                    Measurement.of(
                            "latency", labels, Unit.MICROSECONDS, Distribution.of(op.latency)));
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
}
