package io.gonogo.runners.chaos.internal;

import io.gonogo.runners.load.ErrorKind;
import io.gonogo.runners.load.LoadResult;
import java.util.EnumMap;
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
    final Map<ErrorKind, Long> errors = new EnumMap<>(ErrorKind.class);
    String abort = "";

    WindowStats(long startMillis, long endMillis) {
        this.startMillis = startMillis;
        this.endMillis = endMillis;
        for (ErrorKind k : ErrorKind.values()) {
            errors.put(k, 0L);
        }
    }

    static WindowStats of(LoadResult r, long startMillis, long endMillis) {
        WindowStats w = new WindowStats(startMillis, endMillis);
        w.add(r, endMillis - startMillis);
        return w;
    }

    private void add(LoadResult r, long millis) {
        latency.add(r.latencyMicros());
        attempted += r.attempted();
        answered += r.answered();
        succeeded += r.succeeded();
        activeNanos += millis * 1_000_000L;
        for (ErrorKind k : ErrorKind.values()) {
            errors.merge(k, r.errorCount(k), Long::sum);
        }
        r.abortReason().ifPresent(a -> abort = a);
    }

    static WindowStats merge(List<WindowStats> windows) {
        WindowStats m = new WindowStats(windows.isEmpty() ? 0 : windows.get(0).startMillis,
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

    /** Succeeded over attempted, in percent; 0 when nothing was attempted (no answer is no success). */
    double successRate() {
        return attempted == 0 ? 0 : 100.0 * succeeded / attempted;
    }

    /** Answered requests per second of the windows' time. */
    double throughput() {
        return activeNanos == 0 ? 0 : answered / (activeNanos / 1e9);
    }

    /** A latency percentile in microseconds; with no sample, the largest trackable value (no answer is never fast). */
    double latencyPercentileMicros(double p) {
        return latency.getTotalCount() == 0 ? Double.MAX_VALUE / 4 : latency.getValueAtPercentile(p);
    }

    long errorCount(ErrorKind k) {
        return errors.get(k);
    }
}
