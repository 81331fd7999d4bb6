package io.gonogo.runners.load.grpc.internal;

import io.gonogo.runners.load.ErrorKind;
import io.gonogo.runners.load.LoadModel;
import io.gonogo.runners.load.LoadProgress;
import io.gonogo.runners.load.LoadResult;
import io.gonogo.runners.load.grpc.CallLoadResult;
import io.gonogo.runners.load.grpc.CallOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * One run of a call that returns a future, in the closed or the open model, with the figures of the
 * HTTP engine ({@link LoadResult}).
 *
 * <p>Closed model: {@code concurrency} virtual users each start a call and start the next when it
 * resolves; the warm-up calls all resolve before the first measured one starts; latency runs from
 * the call's start to its completion, over answered calls. A call failing to connect makes its user
 * back off 10 ms. Open model: call {@code i} is due at {@code start + i / rate} and starts as soon
 * as it is due and fewer than {@code concurrency} calls are in flight; latency runs from its
 * intended time (coordinated omission corrected), a call still waiting for a slot one timeout after
 * its intended time is given up as a timeout, and every timeout is also recorded in the latency
 * histogram at the moment it was given up.
 *
 * <p>Completions arrive on whatever thread completes the future; the figures are kept under one
 * lock. A call not complete after the timeout counts as {@link ErrorKind#TIMEOUT} and its future is
 * cancelled when it is a {@link Future}.
 */
public final class FutureEngine {

    private static final long BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long PROGRESS_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final int SILENCE_TIMEOUTS = 3;
    private static final int TIMEOUT = ErrorKind.TIMEOUT.ordinal();

    private final FuturePlan plan;
    private final boolean open;
    private final long timeoutNanos;
    private final long maxNanos;
    private final long highestMicros;
    private final Object lock = new Object();

    // guarded by lock
    private final Histogram latency;
    private final Histogram sendLag;
    private final long[] errors = new long[ErrorKind.values().length];
    private final Map<String, long[]> answeredErrors = new HashMap<>();
    private long attempted;
    private long answered;
    private long succeeded;
    private long warmupResolved;
    private long warmupErrors;
    private long measuredResolved;
    private long measuredErrors;
    private long inFlight;
    private long inFlightMeasured;
    private boolean anyMeasuredStart;
    private long firstMeasuredStart;
    private long lastMeasuredEnd = -1;
    private boolean anyAnswer;
    private long connectFailuresBeforeAnswer;
    private long lastSignOfLife;
    private boolean stopped;

    private final AtomicInteger slotsBusy = new AtomicInteger();
    private volatile long slotFreedAt = Long.MIN_VALUE;
    private volatile boolean stopping;
    private volatile String abortCause;
    private volatile Thread driver;
    private ScheduledExecutorService backoff;
    private long runStart;
    private boolean started;

    /**
     * Prepares a run of the plan.
     *
     * @param plan the validated settings
     */
    public FutureEngine(FuturePlan plan) {
        this.plan = plan;
        this.open = plan.ratePerSecond() > 0;
        this.timeoutNanos = saturatedNanos(plan.timeout());
        this.maxNanos = saturatedNanos(plan.maxDuration());
        this.highestMicros =
                Math.max(
                        TimeUnit.HOURS.toMicros(1),
                        Math.min(timeoutNanos / 1000 * 2 + 1, Long.MAX_VALUE / 4000));
        this.latency = new Histogram(1, highestMicros, 3);
        this.sendLag = new Histogram(1, highestMicros, 3);
    }

    /**
     * The result of a run that never started a call, for example when no connection could be
     * opened.
     *
     * @param reason the abort reason
     * @param model the load model
     * @param startedAt when the attempt started
     * @param knownKinds the answered error kinds to report with zero counts
     * @return an aborted result with nothing attempted
     */
    public static CallLoadResult notRun(
            String reason, LoadModel model, Instant startedAt, Map<String, Long> knownKinds) {
        LoadResult r =
                new LoadResult(
                        new Histogram(3),
                        new Histogram(3),
                        0,
                        0,
                        0,
                        Map.of(),
                        Duration.ZERO,
                        startedAt,
                        Instant.now(),
                        0,
                        Optional.of(reason),
                        model,
                        new Histogram(3));
        return new CallLoadResult(r, knownKinds);
    }

    /**
     * Runs on the calling thread until every call has resolved or the run stops.
     *
     * @param connectTimeMicros connection set-up times to report, in microseconds (may be empty)
     * @param connectionsOpened connections opened for the measured calls
     * @return the figures of the run
     * @throws IllegalStateException if called a second time
     */
    public CallLoadResult run(Histogram connectTimeMicros, long connectionsOpened) {
        if (started) {
            throw new IllegalStateException("an engine runs once; build a new one per run");
        }
        started = true;
        driver = Thread.currentThread();
        Instant startedAt = Instant.now();
        runStart = System.nanoTime();
        lastSignOfLife = runStart;
        String left;
        try {
            left = open ? runOpen() : runClosed();
        } finally {
            if (backoff != null) {
                backoff.shutdownNow();
            }
        }
        return result(startedAt, connectTimeMicros, connectionsOpened, left);
    }

    // ---------------------------------------------------------------- closed model

    /** The calls of one closed-model phase, shared by its users. */
    private final class Phase {
        final boolean measured;
        final AtomicLong remaining;
        final long durationNanos;
        final CountDownLatch users;
        volatile long end;

        Phase(boolean measured, long count, long durationNanos, int users) {
            this.measured = measured;
            this.remaining = new AtomicLong(count);
            this.durationNanos = durationNanos;
            this.users = new CountDownLatch(users);
        }

        boolean claim() {
            if (stopping) {
                return false;
            }
            if (durationNanos > 0) {
                return System.nanoTime() - end < 0;
            }
            return remaining.getAndDecrement() > 0;
        }
    }

    private String runClosed() {
        long warmup = plan.warmupRequests();
        if (warmup > 0) {
            Phase w = new Phase(false, warmup, 0, (int) Math.min(plan.concurrency(), warmup));
            String left = runPhase(w, plan.requests());
            if (left != null) {
                return left;
            }
        }
        long durationNanos = plan.duration().map(FutureEngine::saturatedNanos).orElse(0L);
        long count = durationNanos > 0 ? 0 : plan.requests();
        int users =
                durationNanos > 0 ? plan.concurrency() : (int) Math.min(plan.concurrency(), count);
        return runPhase(new Phase(true, count, durationNanos, users), 0);
    }

    /** Runs one phase; returns null when it completed, else the "left" part of the abort reason. */
    private String runPhase(Phase p, long laterCalls) {
        p.end = System.nanoTime() + p.durationNanos;
        for (long u = p.users.getCount(); u > 0; u--) {
            next(p);
        }
        long nextProgress = System.nanoTime() + PROGRESS_NANOS;
        while (true) {
            try {
                if (p.users.await(TICK_NANOS, TimeUnit.NANOSECONDS)) {
                    return stopping ? stop(Math.max(0, p.remaining.get()) + laterCalls) : null;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            long now = System.nanoTime();
            if (now - nextProgress >= 0) {
                nextProgress = now + PROGRESS_NANOS;
                progress(now, !p.measured);
            }
            String cause = checkStop(now);
            if (cause != null || stopping) {
                return stop(Math.max(0, p.remaining.get()) + laterCalls);
            }
        }
    }

    private void next(Phase p) {
        while (p.claim()) {
            long start = System.nanoTime();
            begin(p.measured, start);
            CompletionStage<?> stage = invoke();
            CompletableFuture<Object> f = withTimeout(stage);
            if (f.isDone()) {
                if (finish(p.measured, start, start, f, stage)) {
                    backOff(() -> next(p));
                    return;
                }
                continue;
            }
            f.whenComplete(
                    (v, t) -> {
                        if (finish(p.measured, start, start, f, stage)) {
                            backOff(() -> next(p));
                        } else {
                            next(p);
                        }
                    });
            return;
        }
        p.users.countDown();
    }

    private void backOff(Runnable r) {
        ScheduledExecutorService s;
        synchronized (lock) {
            if (backoff == null) {
                ScheduledThreadPoolExecutor e =
                        new ScheduledThreadPoolExecutor(
                                1,
                                task -> {
                                    Thread t = new Thread(task, "gonogo-load-backoff");
                                    t.setDaemon(true);
                                    return t;
                                });
                e.setRemoveOnCancelPolicy(true);
                backoff = e;
            }
            s = backoff;
        }
        try {
            s.schedule(r, BACKOFF_NANOS, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            r.run(); // the run is over: the claim fails and the user ends
        }
    }

    // ---------------------------------------------------------------- open model

    private String runOpen() {
        double intervalNanos = 1e9 / plan.ratePerSecond();
        double seconds = plan.duration().orElseThrow().toNanos() / 1e9;
        long total =
                plan.warmupRequests()
                        + Math.max(1, (long) Math.floor(plan.ratePerSecond() * seconds));
        long warmup = plan.warmupRequests();
        int pool = plan.concurrency();
        long scheduleStart = System.nanoTime();
        long nextProgress = scheduleStart + PROGRESS_NANOS;
        long i = 0;
        while (true) {
            long now = System.nanoTime();
            if (now - nextProgress >= 0) {
                nextProgress = now + PROGRESS_NANOS;
                progress(now, i <= warmup && warmupPending(warmup));
            }
            if (checkStop(now) != null || stopping) {
                return stop(total - i);
            }
            boolean slotWait = false;
            while (i < total) {
                long t = scheduleStart + (long) (i * intervalNanos);
                if (t - now > 0) {
                    break;
                }
                boolean measured = i >= warmup;
                if (now - t >= timeoutNanos) {
                    expireUnsent(measured, t, now);
                    i++;
                    continue;
                }
                if (slotsBusy.get() >= pool) {
                    slotWait = true;
                    break;
                }
                slotsBusy.incrementAndGet();
                long ready = Math.max(t, slotFreedAt);
                issueOpen(measured, t, ready);
                i++;
                now = System.nanoTime();
            }
            if (i >= total && slotsBusy.get() == 0) {
                return null;
            }
            long wake = now + TICK_NANOS;
            if (i < total) {
                long t = scheduleStart + (long) (i * intervalNanos);
                wake = Math.min(wake, slotWait ? t + timeoutNanos : t);
            }
            wake = Math.min(wake, nextProgress);
            long park = wake - System.nanoTime();
            if (park > 0) {
                LockSupport.parkNanos(this, park);
            }
        }
    }

    private boolean warmupPending(long warmup) {
        synchronized (lock) {
            return warmupResolved < warmup;
        }
    }

    private void issueOpen(boolean measured, long intended, long ready) {
        long start = System.nanoTime();
        synchronized (lock) {
            if (measured && !stopped) {
                sendLag.recordValue(Math.min(Math.max(0, (start - ready) / 1000), highestMicros));
            }
        }
        begin(measured, intended);
        CompletionStage<?> stage = invoke();
        CompletableFuture<Object> f = withTimeout(stage);
        f.whenComplete(
                (v, t) -> {
                    finish(measured, intended, start, f, stage);
                    int before = slotsBusy.getAndDecrement();
                    if (before >= plan.concurrency()) {
                        slotFreedAt = System.nanoTime();
                    }
                    LockSupport.unpark(driver);
                });
    }

    private void expireUnsent(boolean measured, long intended, long now) {
        synchronized (lock) {
            if (stopped) {
                return;
            }
            if (measured) {
                attempted++;
                if (!anyMeasuredStart) {
                    anyMeasuredStart = true;
                    firstMeasuredStart = intended;
                }
                errors[TIMEOUT]++;
                measuredErrors++;
                latency.recordValue(micros(timeoutNanos));
                measuredResolved++;
                lastMeasuredEnd = now;
            } else {
                warmupResolved++;
                warmupErrors++;
            }
        }
    }

    // ---------------------------------------------------------------- shared

    private void begin(boolean measured, long start) {
        synchronized (lock) {
            inFlight++;
            if (measured) {
                attempted++;
                inFlightMeasured++;
                if (!anyMeasuredStart) {
                    anyMeasuredStart = true;
                    firstMeasuredStart = start;
                }
            }
        }
    }

    private CompletionStage<?> invoke() {
        try {
            CompletionStage<?> stage = plan.call().get();
            return stage != null
                    ? stage
                    : CompletableFuture.failedFuture(
                            new NullPointerException("the call returned no future"));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @SuppressWarnings("unchecked")
    private CompletableFuture<Object> withTimeout(CompletionStage<?> stage) {
        if (plan.selfTimed() && stage instanceof CompletableFuture<?> cf) {
            return (CompletableFuture<Object>) cf;
        }
        CompletableFuture<Object> f = new CompletableFuture<>();
        stage.whenComplete(
                (v, t) -> {
                    if (t == null) {
                        f.complete(v);
                    } else {
                        f.completeExceptionally(t);
                    }
                });
        if (!f.isDone()) {
            f.orTimeout(timeoutNanos, TimeUnit.NANOSECONDS);
        }
        return f;
    }

    /**
     * Records a resolved call.
     *
     * @return true when the call failed to connect or to agree on TLS (a closed-model user then
     *     backs off)
     */
    private boolean finish(
            boolean measured,
            long intended,
            long start,
            CompletableFuture<Object> f,
            CompletionStage<?> stage) {
        long now = System.nanoTime();
        Throwable failure = null;
        if (f.isCompletedExceptionally()) {
            try {
                f.join();
            } catch (CompletionException | java.util.concurrent.CancellationException e) {
                failure = e;
            }
        }
        CallOutcome outcome = failure == null ? null : classify(unwrap(failure));
        if (outcome != null
                && outcome.unansweredKind().orElse(null) == ErrorKind.TIMEOUT
                && stage instanceof Future<?> future
                && !future.isDone()) {
            future.cancel(false);
        }
        ErrorKind unanswered = outcome == null ? null : outcome.unansweredKind().orElse(null);
        synchronized (lock) {
            if (stopped) {
                return false;
            }
            inFlight--;
            if (outcome == null || unanswered == null) {
                anyAnswer = true;
                lastSignOfLife = now;
            }
            if (measured) {
                recordMeasured(outcome, unanswered, intended, start, now);
            } else {
                warmupResolved++;
                if (outcome != null) {
                    warmupErrors++;
                }
            }
            String cause = stopCause(unanswered, failure, now);
            if (cause != null) {
                abort(cause); // under the lock, so that the first cause found is the one reported
            }
        }
        return unanswered == ErrorKind.CONNECT || unanswered == ErrorKind.TLS;
    }

    /** Counts a resolved measured call; under the lock. */
    private void recordMeasured(
            CallOutcome outcome, ErrorKind unanswered, long intended, long start, long now) {
        inFlightMeasured--;
        measuredResolved++;
        lastMeasuredEnd = now;
        if (outcome == null) {
            answered++;
            succeeded++;
            latency.recordValue(micros(now - intended));
        } else if (unanswered == null) {
            answered++;
            measuredErrors++;
            answeredErrors.computeIfAbsent(outcome.kind(), k -> new long[1])[0]++;
            latency.recordValue(micros(now - intended));
        } else {
            measuredErrors++;
            errors[unanswered.ordinal()]++;
            if (open && unanswered == ErrorKind.TIMEOUT) {
                latency.recordValue(micros(Math.min(now, start + timeoutNanos) - intended));
            }
        }
    }

    /** Why the run must stop after this call, or null to go on; under the lock. */
    private String stopCause(ErrorKind unanswered, Throwable failure, long now) {
        String cause = null;
        if (unanswered == ErrorKind.CONNECT) {
            if (!anyAnswer
                    && ++connectFailuresBeforeAnswer
                            >= Math.min(
                                    plan.concurrency(),
                                    plan.warmupRequests() + Math.max(1, plan.requests()))) {
                cause =
                        "target unreachable: "
                                + message(failure)
                                + " to "
                                + plan.targetName()
                                + " (the first "
                                + connectFailuresBeforeAnswer
                                + " calls all failed to connect";
            } else if (anyAnswer && now - lastSignOfLife > timeoutNanos) {
                cause =
                        "target lost: only failed connects ("
                                + message(failure)
                                + ") to "
                                + plan.targetName()
                                + " for longer than the timeout of "
                                + human(plan.timeout());
            }
        } else if (unanswered == ErrorKind.TIMEOUT
                && now - lastSignOfLife > SILENCE_TIMEOUTS * timeoutNanos) {
            cause =
                    "target silent: no answer from "
                            + plan.targetName()
                            + " for more than "
                            + SILENCE_TIMEOUTS
                            + " timeouts of "
                            + human(plan.timeout());
        }
        return cause;
    }

    private CallOutcome classify(Throwable t) {
        if (t instanceof TimeoutException) {
            return CallOutcome.unanswered(ErrorKind.TIMEOUT);
        }
        try {
            CallOutcome o = plan.classifier().apply(t);
            return o != null ? o : CallOutcome.answered("failed");
        } catch (RuntimeException e) {
            return CallOutcome.answered("failed");
        }
    }

    private static Throwable unwrap(Throwable t) {
        Throwable x = t;
        while ((x instanceof CompletionException || x instanceof ExecutionException)
                && x.getCause() != null) {
            x = x.getCause();
        }
        return x;
    }

    private static String message(Throwable t) {
        if (t == null) {
            return "failed";
        }
        Throwable x = unwrap(t);
        String m = x.getMessage();
        for (Throwable c = x.getCause(); c != null && c != x; c = c.getCause()) {
            if (c.getMessage() != null) {
                m = c.getMessage();
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return m == null || m.isBlank() ? x.getClass().getSimpleName() : shortReason(m);
    }

    /**
     * Shortens a socket error to its reason, so that messages do not carry native call names.
     *
     * @param message the exception message, may be null
     * @return for example {@code connection refused}
     */
    static String shortReason(String message) {
        if (message == null || message.isBlank()) {
            return "connection failed";
        }
        String m = message.strip().toLowerCase(java.util.Locale.ROOT);
        for (String known :
                new String[] {
                    "connection refused",
                    "connection reset",
                    "no route to host",
                    "network is unreachable",
                    "connection timed out"
                }) {
            if (m.contains(known)) {
                return known;
            }
        }
        return m;
    }

    private void abort(String cause) {
        if (abortCause == null) {
            abortCause = cause;
        }
        stopping = true;
        Thread d = driver;
        if (d != null) {
            LockSupport.unpark(d);
        }
    }

    /** Checks the hard stop and interruption; returns the abort cause when the run must stop. */
    private String checkStop(long now) {
        if (now - (runStart + maxNanos) >= 0) {
            abort("max duration " + human(plan.maxDuration()) + " reached");
        } else if (Thread.currentThread().isInterrupted()) {
            abort("interrupted");
        }
        return stopping ? abortCause : null;
    }

    /** Freezes the figures; calls still in flight are abandoned and not counted as attempted. */
    private String stop(long notSent) {
        stopping = true;
        long abandoned;
        synchronized (lock) {
            stopped = true;
            attempted -= inFlightMeasured;
            abandoned = inFlight;
        }
        String cause = abortCause == null ? "stopped" : abortCause;
        boolean paren = cause.contains("(") && !cause.endsWith(")");
        String left =
                (plan.duration().isPresent() && !open
                                ? ""
                                : " with " + notSent + " calls not started")
                        + (abandoned > 0 ? ", " + abandoned + " in flight abandoned" : "");
        if (left.startsWith(", ")) {
            left = " with" + left.substring(1);
        }
        return cause + left + (paren ? ")" : "");
    }

    private void progress(long now, boolean warmup) {
        if (plan.progressListener().isEmpty()) {
            return;
        }
        long resolved;
        long errs;
        long all;
        synchronized (lock) {
            resolved = warmup ? warmupResolved : measuredResolved;
            errs = warmup ? warmupErrors : measuredErrors;
            all = warmupResolved + measuredResolved;
        }
        double seconds = (now - lastProgressAt) / 1e9;
        double rate = seconds > 0 ? (all - lastProgressCount) / seconds : 0.0;
        lastProgressAt = now;
        lastProgressCount = all;
        plan.progressListener()
                .get()
                .onProgress(
                        new LoadProgress(
                                Duration.ofNanos(now - runStart), resolved, errs, rate, warmup));
    }

    private long lastProgressAt = System.nanoTime();
    private long lastProgressCount;

    private CallLoadResult result(
            Instant startedAt,
            Histogram connectTimeMicros,
            long connectionsOpened,
            String abortReason) {
        Instant endedAt = Instant.now();
        synchronized (lock) {
            stopped = true;
            Duration window =
                    anyMeasuredStart && lastMeasuredEnd - firstMeasuredStart >= 0
                            ? Duration.ofNanos(lastMeasuredEnd - firstMeasuredStart)
                            : Duration.ZERO;
            Map<ErrorKind, Long> byKind = new EnumMap<>(ErrorKind.class);
            for (ErrorKind kind : ErrorKind.values()) {
                byKind.put(kind, errors[kind.ordinal()]);
            }
            Map<String, Long> answeredByKind = new HashMap<>(plan.knownKinds());
            answeredErrors.forEach((k, v) -> answeredByKind.put(k, v[0]));
            LoadResult r =
                    new LoadResult(
                            latency,
                            connectTimeMicros,
                            attempted,
                            answered,
                            succeeded,
                            byKind,
                            window,
                            startedAt,
                            endedAt,
                            connectionsOpened,
                            Optional.ofNullable(abortReason),
                            open ? LoadModel.OPEN : LoadModel.CLOSED,
                            open ? sendLag : new Histogram(3));
            return new CallLoadResult(r, answeredByKind);
        }
    }

    private long micros(long nanos) {
        long us = nanos / 1000;
        return us < 1 ? 1 : Math.min(us, highestMicros);
    }

    static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 4;
        }
    }

    static String human(Duration d) {
        long ms = d.toMillis();
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "min";
        }
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }
}
