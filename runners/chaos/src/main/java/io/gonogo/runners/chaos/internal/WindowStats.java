package io.gonogo.runners.chaos.internal;

import io.gonogo.runners.load.ErrorKind;
import io.gonogo.runners.load.LoadResult;
import io.gonogo.runners.load.grpc.CallLoadResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What the load engine measured in one window of a chaos scenario, or in a phase (windows merged:
 * histograms added, counts summed, never percentiles averaged).
 */
final class WindowStats {
    final long startMillis;
    long endMillis;
    final Histogram latency = new Histogram(3);
    long attempted;
    long answered;
    long succeeded;
    long activeNanos;

    /**
     * Error counts by the {@code kind} label: every HTTP kind, or for gRPC connect, timeout, reset
     * and grpc_*.
     */
    final Map<String, Long> errors = new LinkedHashMap<>();

    String abort = "";

    WindowStats(long startMillis, long endMillis) {
        this.startMillis = startMillis;
        this.endMillis = endMillis;
    }

    static WindowStats of(LoadResult r, long startMillis, long endMillis) {
        WindowStats w = new WindowStats(startMillis, endMillis);
        w.add(r, endMillis - startMillis);
        for (ErrorKind k : ErrorKind.values()) {
            w.errors.put(k.label(), r.errorCount(k));
        }
        return w;
    }

    /**
     * A window of the gRPC load engine: answered statuses other than OK count as errors under
     * grpc_STATUS.
     */
    static WindowStats of(CallLoadResult r, long startMillis, long endMillis) {
        WindowStats w = new WindowStats(startMillis, endMillis);
        w.add(r.figures(), endMillis - startMillis);
        w.errors.putAll(r.errorsByKind());
        return w;
    }

    private void add(LoadResult r, long millis) {
        latency.add(r.latencyMicros());
        attempted += r.attempted();
        answered += r.answered();
        succeeded += r.succeeded();
        activeNanos += millis * 1_000_000L;
        r.abortReason().ifPresent(a -> abort = a);
    }

    static WindowStats merge(List<WindowStats> windows) {
        WindowStats m =
                new WindowStats(
                        windows.isEmpty() ? 0 : windows.get(0).startMillis,
                        windows.isEmpty() ? 0 : windows.get(windows.size() - 1).endMillis);
        for (WindowStats w : windows) {
            m.latency.add(w.latency);
            m.attempted += w.attempted;
            m.answered += w.answered;
            m.succeeded += w.succeeded;
            m.activeNanos += w.activeNanos;
            w.errors.forEach((k, v) -> m.errors.merge(k, v, Long::sum));
            if (!w.abort.isEmpty()) {
                m.abort = w.abort;
            }
        }
        return m;
    }

    /**
     * Succeeded over attempted, in percent; 0 when nothing was attempted (no answer is no success).
     */
    double successRate() {
        return attempted == 0 ? 0 : 100.0 * succeeded / attempted;
    }

    /** Answered requests per second of the windows' time. */
    double throughput() {
        return activeNanos == 0 ? 0 : answered / (activeNanos / 1e9);
    }

    /**
     * A latency percentile in microseconds; with no sample, the largest trackable value (no answer
     * is never fast).
     */
    double latencyPercentileMicros(double p) {
        return latency.getTotalCount() == 0
                ? Double.MAX_VALUE / 4
                : latency.getValueAtPercentile(p);
    }

    long errorCount(String kind) {
        return errors.getOrDefault(kind, 0L);
    }
}
