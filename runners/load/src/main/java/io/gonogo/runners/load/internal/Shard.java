package io.gonogo.runners.load.internal;

import io.gonogo.runners.load.LoadProgress;
import io.gonogo.runners.spi.RunShard;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One engine thread's share of a run: its connections, its requests and warm-up (closed model), its
 * slots of the schedule (open model: every {@code step}-th request from {@code slot}; {@code index}
 * of {@code count} threads in an unsharded run, and within process shard I of N the slots {@code I
 * + N * index} step {@code N * count}, so the threads of all shards interleave on the one
 * schedule), the common start of the schedule and of the interval log, and whether it reports
 * progress itself.
 */
final class Shard {

    /** How often an engine updates its progress snapshot when another thread reports. */
    static final long SNAPSHOT_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    static final long PROGRESS_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final int index;
    private final int count;
    private final int connections;
    private final long requests;
    private final long warmup;
    private final long startNanos;
    private final long slot;
    private final long step;
    private final Optional<IntervalLog> log;
    private long lastProgressNanos;
    private long lastProgressResolved;

    Shard(
            int index,
            int count,
            int connections,
            long requests,
            long warmup,
            long startNanos,
            Optional<IntervalLog> log,
            RunShard process) {
        this.index = index;
        this.count = count;
        this.connections = connections;
        this.requests = requests;
        this.warmup = warmup;
        this.startNanos = startNanos;
        this.log = log;
        this.slot = process.index() + (long) process.count() * index;
        this.step = (long) process.count() * count;
    }

    /** The open model: this thread's first request of the whole schedule. */
    long slot() {
        return slot;
    }

    /** The open model: how far apart this thread's requests of the whole schedule are. */
    long step() {
        return step;
    }

    int index() {
        return index;
    }

    int count() {
        return count;
    }

    int connections() {
        return connections;
    }

    long requests() {
        return requests;
    }

    long warmup() {
        return warmup;
    }

    /**
     * The common start of the run's schedule and interval log, in {@link System#nanoTime()} terms.
     */
    long startNanos() {
        return startNanos;
    }

    Optional<IntervalLog> log() {
        return log;
    }

    /** Whether this engine calls the progress listener itself (a run on one thread). */
    boolean reportsProgress() {
        return count == 1;
    }

    long progressNanos() {
        return count == 1 ? PROGRESS_NANOS : SNAPSHOT_NANOS;
    }

    /**
     * Calls the plan's listener with the tally's figures; on the engine thread of a one-thread run.
     */
    void progress(LoadPlan plan, long elapsedNanos, Tally tally) {
        if (plan.progressListener().isEmpty()) {
            return;
        }
        long resolved = tally.warmupResolved + tally.measuredResolved;
        plan.progressListener()
                .get()
                .onProgress(
                        snapshot(
                                elapsedNanos,
                                resolved,
                                tally.shownResolved,
                                tally.shownErrors,
                                tally.shownWarmup));
    }

    /** Builds a snapshot and keeps what the next one's rate needs. */
    LoadProgress snapshot(
            long elapsedNanos,
            long resolvedBothPhases,
            long completed,
            long errors,
            boolean warmup) {
        double seconds = (elapsedNanos - lastProgressNanos) / 1e9;
        double rate = seconds > 0 ? (resolvedBothPhases - lastProgressResolved) / seconds : 0.0;
        lastProgressNanos = elapsedNanos;
        lastProgressResolved = resolvedBothPhases;
        return new LoadProgress(Duration.ofNanos(elapsedNanos), completed, errors, rate, warmup);
    }

    /** The calling thread's CPU time, or -1 when the JVM does not measure it. */
    static long threadCpuNanos() {
        try {
            return THREADS.isCurrentThreadCpuTimeSupported()
                    ? THREADS.getCurrentThreadCpuTime()
                    : -1;
        } catch (UnsupportedOperationException e) {
            return -1;
        }
    }
}
