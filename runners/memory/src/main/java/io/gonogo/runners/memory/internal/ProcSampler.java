package io.gonogo.runners.memory.internal;

import io.gonogo.runners.memory.Gauge;
import io.gonogo.runners.memory.Sample;
import io.gonogo.runners.memory.Sampler;
import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;

/**
 * Samples a local process from {@code /proc} alone (a service that is not a JVM, or refuses the
 * Attach API): RSS, threads and descriptors; the heap gauges are missing.
 */
public final class ProcSampler implements Sampler {
    private final long pid;
    private final ProcFiles proc;

    /** A sampler of process {@code pid}; fails when its /proc folder cannot be read. */
    public ProcSampler(long pid) throws IOException {
        this.pid = pid;
        this.proc = new ProcFiles(pid);
        if (!proc.available()) {
            throw new IOException(
                    "/proc/" + pid + "/status cannot be read (not Linux, or the process is gone)");
        }
    }

    @Override
    public String source() {
        return "proc";
    }

    @Override
    public Sample sample(boolean forceGc) throws IOException {
        Map<Gauge, Double> v = new EnumMap<>(Gauge.class);
        long at = System.currentTimeMillis();
        try {
            proc.status("VmRSS").ifPresent(x -> v.put(Gauge.RSS, x));
            proc.status("Threads").ifPresent(x -> v.put(Gauge.THREADS, x));
        } catch (IOException e) {
            throw new IOException(
                    "process " + pid + " cannot be read any more: " + e.getMessage(), e);
        }
        proc.fdCount().ifPresent(x -> v.put(Gauge.OPEN_FDS, x));
        return new Sample(at, v);
    }

    @Override
    public Map<Gauge, String> missing() {
        Map<Gauge, String> m = new EnumMap<>(Gauge.class);
        for (Gauge g :
                new Gauge[] {
                    Gauge.HEAP_LIVE,
                    Gauge.HEAP_USED,
                    Gauge.THREADS_PEAK,
                    Gauge.THREADS_STARTED,
                    Gauge.DIRECT_MEMORY,
                    Gauge.GC_COUNT,
                    Gauge.GC_PAUSE,
                    Gauge.ALLOCATED
                }) {
            m.put(g, "/proc has no JVM figures");
        }
        return m;
    }

    @Override
    public void close() {
        // nothing held
    }
}
