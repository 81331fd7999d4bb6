package io.gonogo.runners.benchmark.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Warms a built-in transport's client, and the service's side of it, in gonogo's own JVM before the
 * first {@code forks: 0} benchmark over that transport and address.
 *
 * <p>Why: with no fork every benchmark shares one JVM, so the first benchmark of a transport ran on
 * code the JIT had not compiled yet, and whichever operation came first looked several times
 * slower. Measured on this project's 2-core machine, gRPC in the quick profile: health 254 calls/s
 * when run first against 1,312 when run after metrics, and metrics 165 against 388 the other way
 * round; the comparison matrix then called gRPC health 12.7x slower than HTTP, "significant". JMH's
 * one-second warm-up of one benchmark is far too short for a client stack as deep as grpc-java's.
 *
 * <p>How: {@link #THREADS} threads, each with its own client state of the benchmark class, call the
 * transport's reads, with a creation of a session and of a decision and a list of the decisions one
 * turn in twenty each (writes wait for the store and would set the pace; no call consumes a
 * resource the benchmarks need). The warm-up ends when the call rate has stopped rising: after at
 * least {@link #MIN_MILLIS} and {@link #MIN_CALLS}, once {@link #FLAT_WINDOWS} one-second windows
 * in a row did not beat the best window before them by 5%, or at the scenario's {@code jvm-warmup}
 * (default {@link #MAX_MILLIS}). A call that fails ends the warm-up at once; the benchmark then
 * reports the failure itself. Forked benchmarks ({@code forks >= 1}) warm up in their own JVM as
 * JMH intends and are not touched.
 */
final class JvmWarmup {

    static final int THREADS = 2;
    static final long MIN_MILLIS = 5_000;

    /**
     * C2 compiles a method after about 5,000 calls (Tier4InvocationThreshold); 20,000 calls give
     * each read that many.
     */
    static final long MIN_CALLS = 20_000;

    /** The default cap, the scenario key {@code jvm-warmup}. */
    static final long MAX_MILLIS = 30_000;

    static final int FLAT_WINDOWS = 3;

    private static final Set<String> WARM = ConcurrentHashMap.newKeySet();

    private JvmWarmup() {}

    /** One client's calls, in turn; {@link #close()} releases the client. */
    interface Caller extends AutoCloseable {
        void call(int turn) throws Exception;

        @Override
        void close() throws Exception;
    }

    /** What a warm-up did. */
    record Result(long calls, long millis, double lastRate, boolean steady, String failure) {
        String describe(String transport, long maxMillis) {
            return String.format(
                    Locale.ROOT,
                    "warmed the %s client and the service in this JVM (forks 0): %,d calls"
                            + " in %.1f s, %,.0f calls/s at the end%s",
                    transport,
                    calls,
                    millis / 1000.0,
                    lastRate,
                    failure != null
                            ? ", stopped by a failed call (" + failure + ")"
                            : steady
                                    ? ", steady"
                                    : ", still rising at the "
                                            + BenchmarkSuiteKind.human(Duration.ofMillis(maxMillis))
                                            + " cap ('jvm-warmup')");
        }
    }

    /** The callers of the built-in benchmarks of a transport. */
    static Caller caller(String transport) throws Exception {
        return transport.equals("grpc") ? grpc() : http();
    }

    /** One call of a benchmark method. */
    private interface Call {
        void run() throws Exception;
    }

    /**
     * The turns of the warm-up: a session, a decision and a list one turn in twenty each, reads in
     * between.
     */
    private static Caller rotation(
            Call createSession,
            Call submitDecision,
            Call listDecisions,
            Call health,
            Call metrics,
            Call getDecision,
            Call sessionStats,
            AutoCloseable client) {
        Call[] occasional = {createSession, submitDecision, listDecisions};
        Call[] reads = {health, metrics, getDecision, sessionStats};
        return new Caller() {
            @Override
            public void call(int turn) throws Exception {
                int slot = turn % 20;
                (slot < occasional.length ? occasional[slot] : reads[turn % reads.length]).run();
            }

            @Override
            public void close() throws Exception {
                client.close();
            }
        };
    }

    private static Caller http() throws Exception {
        HttpGovernanceBench bench = new HttpGovernanceBench();
        HttpGovernanceBench.Client c = new HttpGovernanceBench.Client();
        c.connect();
        HttpGovernanceBench.Existing e = new HttpGovernanceBench.Existing();
        try {
            e.create(c);
        } catch (Exception | Error failure) {
            c.close();
            throw failure;
        }
        return rotation(
                () -> bench.createSession(c),
                () -> bench.submitDecision(c),
                () -> bench.listDecisions(c),
                () -> bench.health(c),
                () -> bench.metrics(c),
                () -> bench.getDecision(c, e),
                () -> bench.sessionStats(c, e),
                c::close);
    }

    private static Caller grpc() {
        GrpcGovernanceBench bench = new GrpcGovernanceBench();
        GrpcGovernanceBench.Client c = new GrpcGovernanceBench.Client();
        c.connect();
        GrpcGovernanceBench.Existing e = new GrpcGovernanceBench.Existing();
        try {
            e.create(c);
        } catch (RuntimeException failure) {
            closeQuietly(c);
            throw failure;
        }
        return rotation(
                () -> bench.createSession(c),
                () -> bench.submitDecision(c),
                () -> bench.listDecisions(c),
                () -> bench.health(c),
                () -> bench.metrics(c),
                () -> bench.getDecision(c, e),
                () -> bench.sessionStats(c, e),
                c::close);
    }

    private static void closeQuietly(GrpcGovernanceBench.Client c) {
        try {
            c.close();
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Warms the transport once per JVM and address; later calls for the same pair return at once.
     *
     * @param transport http or grpc
     * @param address where the service is (a different service is cold again)
     * @param maxMillis the longest warm-up (the scenario's {@code jvm-warmup})
     * @param progress where to say what was done
     * @return what the warm-up did, or null when it had already been done
     */
    static Result once(
            String transport, String address, long maxMillis, Consumer<String> progress) {
        if (!WARM.add(transport + " " + address)) {
            return null;
        }
        progress.accept(
                "warming the "
                        + transport
                        + " client and the service in this JVM (forks 0: the first"
                        + " benchmark would otherwise measure code the JIT has not compiled) ...");
        Result r =
                run(() -> caller(transport), Math.min(MIN_MILLIS, maxMillis), MIN_CALLS, maxMillis);
        progress.accept(r.describe(transport, maxMillis));
        return r;
    }

    /** A source of callers, one per thread. */
    interface Callers {
        Caller open() throws Exception;
    }

    /**
     * Calls until the rate stops rising.
     *
     * @param callers opens one caller per thread
     * @param minMillis the shortest warm-up
     * @param minCalls the fewest calls
     * @param maxMillis the longest warm-up
     * @return what was done
     */
    static Result run(Callers callers, long minMillis, long minCalls, long maxMillis) {
        AtomicLong calls = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<String> failure = new AtomicReference<>();
        CountDownLatch failed = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            int offset = i;
            Thread t =
                    new Thread(
                            () -> {
                                try (Caller caller = callers.open()) {
                                    for (int turn = offset; !stop.get(); turn++) {
                                        caller.call(turn);
                                        calls.incrementAndGet();
                                    }
                                } catch (Exception | Error e) {
                                    failure.compareAndSet(null, String.valueOf(e.getMessage()));
                                    failed.countDown();
                                }
                            },
                            "gonogo-bench-warmup-" + i);
            t.setDaemon(true);
            threads.add(t);
        }
        long start = System.nanoTime();
        threads.forEach(Thread::start);
        double best = 0;
        double last = 0;
        int flat = 0;
        long before = 0;
        long windowStart = start;
        boolean steady = false;
        try {
            // one-second windows; a failed call ends the wait, and the warm-up, at once
            while (!failed.await(1, TimeUnit.SECONDS)) {
                long now = System.nanoTime();
                long n = calls.get();
                last = (n - before) * 1e9 / (now - windowStart);
                before = n;
                windowStart = now;
                flat = last > best * 1.05 ? 0 : flat + 1;
                best = Math.max(best, last);
                long elapsed = TimeUnit.NANOSECONDS.toMillis(now - start);
                if (elapsed >= minMillis && n >= minCalls && flat >= FLAT_WINDOWS) {
                    steady = true;
                    break;
                }
                if (elapsed >= maxMillis) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stop.set(true);
        for (Thread t : threads) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        String why = failure.get();
        return new Result(
                calls.get(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start),
                last,
                steady && why == null,
                why);
    }
}
