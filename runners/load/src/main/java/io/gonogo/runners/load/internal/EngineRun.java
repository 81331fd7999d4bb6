package io.gonogo.runners.load.internal;

import io.gonogo.runners.load.GeneratorHealth;
import io.gonogo.runners.load.LoadModel;
import io.gonogo.runners.load.LoadProgress;
import io.gonogo.runners.load.LoadResult;
import io.gonogo.runners.load.ProgressListener;
import io.gonogo.runners.spi.RunShard;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Runs one load plan: on the calling thread with one engine, or on {@code threads} engine threads,
 * each with its own selector and share of the connections (closed model: of the requests and
 * warm-up too; open model: every {@code threads}-th slot of the one schedule, so the rate is
 * shared), while the calling thread reports progress; then merges the engines' figures and judges
 * the generator's health.
 */
public final class EngineRun {

    /**
     * How long the first https run of a JVM warms the JDK's TLS code before it starts: at least,
     * then until the JIT has compiled it, and at most.
     */
    private static final long TLS_WARMUP_MIN_MILLIS = 500;

    private static final long TLS_WARMUP_MAX_MILLIS = 2_000;

    /**
     * How far ahead of the threads' start a multi-threaded open schedule begins, so that no thread
     * starts late.
     */
    private static final long SCHEDULE_LEAD_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private EngineRun() {}

    /**
     * Runs the plan and blocks until it has finished.
     *
     * @param plan the validated settings
     * @return the merged figures
     */
    public static LoadResult run(LoadPlan plan) {
        return runCalls(plan, null).figures();
    }

    /**
     * The figures of a run and, for a gRPC run, its answered unsuccessful calls by status code.
     *
     * @param figures the merged figures
     * @param codes the answered calls that did not succeed, by gRPC status code (0..16); all zero
     *     for HTTP/1.1
     * @param operationCodes {@code codes} per operation of the plan, in its order
     */
    public record Calls(LoadResult figures, long[] codes, long[][] operationCodes) {}

    /**
     * Runs the plan and blocks until it has finished, keeping the gRPC status codes apart.
     *
     * @param plan the validated settings
     * @return the merged figures and the status codes
     */
    public static Calls runCalls(LoadPlan plan) {
        return runCalls(plan, null);
    }

    /**
     * How far in the past a start instant may be and still anchor a run's clock; an older one is
     * taken as now.
     */
    private static final long ANCHOR_LATE_NANOS = 1_000_000_000L;

    /**
     * Runs the plan with its clock anchored at a wall-clock instant: the open model's schedule and
     * the interval log's grid count from {@code anchor}, so shards given one instant send one
     * schedule and log on one grid however long each took to get ready. An anchor in the future is
     * waited for; one more than a second past is taken as now.
     *
     * @param plan the validated settings
     * @param anchor the instant the run's clock starts at; null to start it now
     * @return the merged figures and the status codes
     */
    public static Calls runCalls(LoadPlan plan, java.time.Instant anchor) {
        warm(plan);
        boolean open = plan.ratePerSecond() > 0;
        int n = Math.max(1, Math.min(plan.threads(), plan.concurrency()));
        if (!open && plan.duration().isEmpty()) {
            n = (int) Math.max(1, Math.min(n, plan.requests()));
        }
        try (GeneratorWatch watch = new GeneratorWatch();
                IntervalLog log =
                        plan.intervalLog()
                                .map(p -> IntervalLog.open(p, plan.logTag()))
                                .orElse(null)) {
            long start = System.nanoTime() + (n > 1 && open ? SCHEDULE_LEAD_NANOS : 0);
            if (anchor != null) {
                long fromNow =
                        java.time.Duration.between(java.time.Instant.now(), anchor).toNanos();
                if (fromNow > -ANCHOR_LATE_NANOS) {
                    start = System.nanoTime() + fromNow;
                    long wait = start - System.nanoTime();
                    if (wait > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    }
                }
            }
            List<Shard> shards = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                shards.add(
                        new Shard(
                                i,
                                n,
                                (int) share(plan.concurrency(), i, n),
                                share(plan.requests(), i, n),
                                share(plan.warmupRequests(), i, n),
                                start,
                                Optional.ofNullable(log),
                                open ? plan.shard() : RunShard.WHOLE));
            }
            List<Tally> tallies =
                    n == 1 ? List.of(engine(plan, shards.get(0)).run()) : onThreads(plan, shards);
            Histogram lag = new Histogram(3);
            for (Tally t : tallies) {
                lag.add(t.sendLag);
            }
            GeneratorHealth health =
                    watch.judge(
                            plan.bounds(),
                            tallies,
                            open,
                            lag.getTotalCount() == 0 ? 0 : lag.getValueAtPercentile(99));
            return new Calls(
                    Tally.result(tallies, open ? LoadModel.OPEN : LoadModel.CLOSED, health),
                    Tally.codes(tallies),
                    Tally.opCodes(tallies));
        }
    }

    /**
     * Warms the JIT for {@code plan}'s calls, once per JVM for each path, before any clock starts:
     * the JDK's TLS code for a TLS target that uses it ({@link TlsWarmup}), the HTTP/2 client for a
     * gRPC one ({@link GrpcWarmup}); nothing is sent to the target. {@link #runCalls} does it
     * itself; a caller that shows a run's header first calls it before, so the header marks the
     * measured window's start.
     *
     * @param plan the validated settings of the run to come
     */
    public static void warm(LoadPlan plan) {
        if (plan.secure() && !(plan.grpc().isPresent() && NativeTls.available())) {
            TlsWarmup.once(TLS_WARMUP_MIN_MILLIS, TLS_WARMUP_MAX_MILLIS);
        }
        GrpcWarmup.once(plan);
    }

    /** The {@code i}-th of {@code n} near-equal shares of {@code total}. */
    static long share(long total, int i, int n) {
        return total / n + (i < total % n ? 1 : 0);
    }

    /**
     * One engine thread's engine: its run and its tally, which the reporting thread reads while it
     * runs.
     */
    interface Engine {
        /** Runs on the calling thread until the engine's share is done. */
        Tally run();

        /** The tally the engine fills. */
        Tally tally();
    }

    private static Engine engine(LoadPlan plan, Shard shard) {
        if (plan.ratePerSecond() > 0) {
            return new OpenLoopEngine(plan, shard);
        }
        return new ClosedLoopEngine(plan, shard);
    }

    private static List<Tally> onThreads(LoadPlan plan, List<Shard> shards) {
        int n = shards.size();
        Tally[] tallies = new Tally[n];
        Throwable[] failures = new Throwable[n];
        Engine[] engines = new Engine[n];
        Thread[] threads = new Thread[n];
        for (int i = 0; i < n; i++) {
            engines[i] = engine(plan, shards.get(i));
            int k = i;
            threads[i] =
                    new Thread(
                            () -> {
                                try {
                                    tallies[k] = engines[k].run();
                                } catch (Throwable t) {
                                    failures[k] = t;
                                }
                            },
                            "gonogo-load-" + (i + 1) + "-of-" + n);
            threads[i].setDaemon(true);
        }
        long runStart = System.nanoTime();
        for (Thread t : threads) {
            t.start();
        }
        boolean interrupted = false;
        RuntimeException listenerFailure = null;
        Optional<ProgressListener> listener = plan.progressListener();
        long nextProgress = runStart + Shard.PROGRESS_NANOS;
        Shard reporter =
                shards.get(0); // keeps the rate's previous snapshot; the engines themselves do not
        // report
        try {
            for (Thread t : threads) {
                while (t.isAlive()) {
                    long wait = Math.max(1, (nextProgress - System.nanoTime()) / 1_000_000);
                    t.join(wait);
                    long now = System.nanoTime();
                    if (listener.isPresent() && now - nextProgress >= 0) {
                        nextProgress = now + Shard.PROGRESS_NANOS;
                        listener.get().onProgress(snapshot(reporter, engines, now - runStart));
                    }
                }
            }
        } catch (InterruptedException e) {
            interrupted = true;
        } catch (RuntimeException e) {
            listenerFailure = e;
        }
        if (interrupted || listenerFailure != null) {
            for (Thread t : threads) {
                t.interrupt();
            }
        }
        for (Thread t : threads) {
            joinUninterruptibly(t);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (listenerFailure != null) {
            throw listenerFailure;
        }
        for (Throwable f : failures) {
            if (f instanceof RuntimeException r) {
                throw r;
            }
            if (f instanceof Error err) {
                throw err;
            }
        }
        return List.of(tallies);
    }

    /** Sums the engines' published snapshots; the run is in warm-up while any engine is. */
    private static LoadProgress snapshot(Shard reporter, Engine[] engines, long elapsed) {
        boolean warmup = false;
        for (Engine e : engines) {
            warmup |= e.tally().shownWarmup;
        }
        long all = 0;
        long completed = 0;
        long errors = 0;
        for (Engine e : engines) {
            Tally t = e.tally();
            all += t.shownAll;
            if (t.shownWarmup == warmup) {
                completed += t.shownResolved;
                errors += t.shownErrors;
            }
        }
        return reporter.snapshot(elapsed, all, completed, errors, warmup);
    }

    private static void joinUninterruptibly(Thread t) {
        boolean interrupted = false;
        while (t.isAlive()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
