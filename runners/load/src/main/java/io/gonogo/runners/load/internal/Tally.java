package io.gonogo.runners.load.internal;

import io.gonogo.runners.load.ErrorKind;
import io.gonogo.runners.load.GeneratorHealth;
import io.gonogo.runners.load.LoadModel;
import io.gonogo.runners.load.LoadResult;
import io.gonogo.runners.load.OperationResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.HdrHistogram.Histogram;

/**
 * The figures one engine thread gathers during a run: histograms, counters per outcome, the
 * measured window in {@link System#nanoTime()} terms and the thread's own CPU time; several tallies
 * of one run (one per engine thread) merge into one {@link LoadResult}.
 *
 * <p>Only its engine thread writes a tally while the run lasts; the progress snapshot fields are
 * volatile so that a coordinating thread may read them.
 */
public final class Tally {

    private static final int HTTP_4XX = ErrorKind.HTTP_4XX.ordinal();
    private static final int HTTP_5XX = ErrorKind.HTTP_5XX.ordinal();

    final long highestMicros;
    final Histogram latency;
    final Histogram connectTime;
    final Histogram sendLag;
    final long[] errors = new long[ErrorKind.values().length];

    /**
     * Per operation: the success table, the latency histogram, the interval recorder and the
     * counts.
     */
    private final boolean[][] success;

    final String[] opNames;
    final Histogram[] opLatency;
    private final IntervalLog.Recorder[] intervals;
    final long[] opAttempted;
    final long[] opAnswered;
    final long[] opSucceeded;
    final long[][] opErrors;

    /**
     * The answered but unsuccessful calls of a gRPC run by status code (0..16); HTTP statuses are
     * counted as error kinds instead.
     */
    final long[] codes = new long[17];

    /** {@link #codes} per operation. */
    final long[][] opCodes;

    long attempted;
    long answered;
    long succeeded;
    long connectionsOpened;
    long warmupResolved;
    long warmupErrors;
    long measuredResolved;

    /**
     * Start of the measured window: the first measured send or connect (closed), or intended send
     * (open); -1 before.
     */
    long firstMeasured = -1;

    long lastMeasuredEnd = -1;

    /** CPU time of the engine thread over its run, -1 when the JVM cannot tell. */
    long cpuNanos = -1;

    /** Time the engine thread spent waiting in its selector with nothing ready. */
    long idleNanos;

    /** Wall time of the engine thread's run. */
    long wallNanos;

    Instant startedAt = Instant.now();
    Instant endedAt = startedAt;
    String abortReason;

    volatile long shownAll;
    volatile long shownResolved;
    volatile long shownErrors;
    volatile boolean shownWarmup;

    /**
     * Prepares the tally of one engine thread.
     *
     * @param highestMicros the histograms' highest value
     * @param plan the run's plan: its operations and interval log tag
     * @param shard the thread's share, with the interval log if any
     */
    Tally(long highestMicros, LoadPlan plan, Shard shard) {
        this.highestMicros = highestMicros;
        this.latency = new Histogram(1, highestMicros, 3);
        this.connectTime = new Histogram(1, highestMicros, 3);
        this.sendLag = new Histogram(1, highestMicros, 3);
        int n = plan.ops().size();
        this.success = new boolean[n][];
        this.opNames = new String[n];
        this.opLatency = new Histogram[n];
        this.intervals = new IntervalLog.Recorder[n];
        this.opAttempted = new long[n];
        this.opAnswered = new long[n];
        this.opSucceeded = new long[n];
        this.opErrors = new long[n][ErrorKind.values().length];
        this.opCodes = new long[n][17];
        for (int i = 0; i < n; i++) {
            OpPlan op = plan.ops().get(i);
            success[i] = op.success();
            opNames[i] = op.name();
            opLatency[i] = n == 1 ? latency : new Histogram(1, highestMicros, 3);
            String tag = plan.mixed() ? plan.logTag() + "." + op.name() : plan.logTag();
            intervals[i] =
                    shard.log()
                            .map(l -> l.recorder(tag, highestMicros, shard.startNanos()))
                            .orElseGet(IntervalLog::none);
        }
    }

    /** Counts a measured request of operation {@code op} as attempted. */
    void attempt(int op) {
        attempted++;
        opAttempted[op]++;
    }

    /** Takes back an attempt whose outcome the run abandoned. */
    void unattempt(int op) {
        attempted--;
        opAttempted[op]--;
    }

    /** Clamps a duration in nanoseconds to the histograms' range in microseconds (at least 1). */
    long micros(long nanos) {
        long us = nanos / 1000;
        if (us < 1) {
            return 1;
        }
        return Math.min(us, highestMicros);
    }

    /**
     * Records one measured latency of operation {@code op} in the run's histograms and the log's
     * current interval.
     */
    void recordLatency(int op, long nanos, long now) {
        long us = micros(nanos);
        latency.recordValue(us);
        Histogram own = opLatency[op];
        if (own != latency) {
            own.recordValue(us);
        }
        intervals[op].record(us, now);
    }

    /**
     * Counts a complete response to operation {@code op} with {@code status} that took {@code
     * nanos}.
     */
    void responded(boolean measured, int op, int status, long nanos, long now) {
        boolean ok = status >= 0 && status < 600 && success[op][status];
        if (measured) {
            answered++;
            opAnswered[op]++;
            recordLatency(op, nanos, now);
            if (ok) {
                succeeded++;
                opSucceeded[op]++;
            } else if (status >= 400 && status < 500) {
                errors[HTTP_4XX]++;
                opErrors[op][HTTP_4XX]++;
            } else if (status >= 500) {
                errors[HTTP_5XX]++;
                opErrors[op][HTTP_5XX]++;
            } else if (status >= 0 && status < codes.length) {
                codes[status]++;
                opCodes[op][status]++;
            }
            measuredResolved++;
            lastMeasuredEnd = now;
        } else {
            warmupResolved++;
            if (!ok && status >= 400) {
                warmupErrors++;
            }
        }
    }

    /** Counts a request of operation {@code op} that ended as {@code kind}. */
    void failed(boolean measured, int op, ErrorKind kind, long now) {
        if (measured) {
            errors[kind.ordinal()]++;
            opErrors[op][kind.ordinal()]++;
            measuredResolved++;
            lastMeasuredEnd = now;
        } else {
            warmupResolved++;
            warmupErrors++;
        }
    }

    long measuredErrors() {
        long sum = 0;
        for (long e : errors) {
            sum += e;
        }
        return sum;
    }

    /** Publishes the progress snapshot for a coordinating thread. */
    void show(long warmup) {
        boolean inWarmup = warmupResolved < warmup;
        shownWarmup = inWarmup;
        shownAll = warmupResolved + measuredResolved;
        shownResolved = inWarmup ? warmupResolved : measuredResolved;
        shownErrors = inWarmup ? warmupErrors : measuredErrors();
    }

    /** Ends the interval log of this tally at {@code now}. */
    void closeIntervals(long now) {
        for (IntervalLog.Recorder r : intervals) {
            r.finish(now);
        }
    }

    /**
     * Merges the tallies of one run's engine threads into its result.
     *
     * @param tallies one per engine thread, at least one
     * @param model the load model
     * @param health the generator's health over the run
     * @return the run's figures
     */
    static LoadResult result(List<Tally> tallies, LoadModel model, GeneratorHealth health) {
        Tally first = tallies.get(0);
        Histogram latency = new Histogram(1, first.highestMicros, 3);
        Histogram connect = new Histogram(1, first.highestMicros, 3);
        Histogram lag = new Histogram(1, first.highestMicros, 3);
        long attempted = 0;
        long answered = 0;
        long succeeded = 0;
        long opened = 0;
        long from = Long.MAX_VALUE;
        long to = Long.MIN_VALUE;
        long[] errors = new long[ErrorKind.values().length];
        Instant startedAt = first.startedAt;
        Instant endedAt = first.endedAt;
        for (Tally t : tallies) {
            latency.add(t.latency);
            connect.add(t.connectTime);
            lag.add(t.sendLag);
            attempted += t.attempted;
            answered += t.answered;
            succeeded += t.succeeded;
            opened += t.connectionsOpened;
            for (int i = 0; i < errors.length; i++) {
                errors[i] += t.errors[i];
            }
            if (t.firstMeasured >= 0 && t.lastMeasuredEnd - t.firstMeasured >= 0) {
                from = Math.min(from, t.firstMeasured);
                to = Math.max(to, t.lastMeasuredEnd);
            }
            startedAt = t.startedAt.isBefore(startedAt) ? t.startedAt : startedAt;
            endedAt = t.endedAt.isAfter(endedAt) ? t.endedAt : endedAt;
        }
        Map<ErrorKind, Long> byKind = new EnumMap<>(ErrorKind.class);
        for (ErrorKind kind : ErrorKind.values()) {
            byKind.put(kind, errors[kind.ordinal()]);
        }
        Duration window = from <= to ? Duration.ofNanos(to - from) : Duration.ZERO;
        return new LoadResult(
                latency,
                connect,
                attempted,
                answered,
                succeeded,
                byKind,
                window,
                startedAt,
                endedAt,
                opened,
                abortReason(tallies),
                model,
                lag,
                health,
                operations(tallies, window));
    }

    /** The engine threads' answered unsuccessful gRPC calls by status code, summed. */
    static long[] codes(List<Tally> tallies) {
        long[] sum = new long[17];
        for (Tally t : tallies) {
            for (int i = 0; i < sum.length; i++) {
                sum[i] += t.codes[i];
            }
        }
        return sum;
    }

    /** {@link #codes(List)} per operation. */
    static long[][] opCodes(List<Tally> tallies) {
        long[][] sum = new long[tallies.get(0).opCodes.length][17];
        for (Tally t : tallies) {
            for (int op = 0; op < sum.length; op++) {
                for (int i = 0; i < 17; i++) {
                    sum[op][i] += t.opCodes[op][i];
                }
            }
        }
        return sum;
    }

    /**
     * The abort reasons of the engine threads, each once, naming its thread when there are more.
     */
    private static Optional<String> abortReason(List<Tally> tallies) {
        Set<String> reasons = new LinkedHashSet<>();
        for (Tally t : tallies) {
            if (t.abortReason != null) {
                reasons.add(
                        tallies.size() > 1
                                ? t.abortReason
                                        + " (engine thread "
                                        + (tallies.indexOf(t) + 1)
                                        + " of "
                                        + tallies.size()
                                        + ")"
                                : t.abortReason);
            }
        }
        return reasons.isEmpty()
                ? Optional.empty()
                : Optional.of(String.join("; ", new ArrayList<>(reasons)));
    }

    /** A weighted mix's figures per operation, merged over the engine threads; empty without. */
    private static List<OperationResult> operations(List<Tally> tallies, Duration window) {
        Tally first = tallies.get(0);
        List<OperationResult> operations = new ArrayList<>();
        if (!first.opNames[0].isEmpty()) {
            double seconds = window.toNanos() / 1e9;
            for (int op = 0; op < first.opNames.length; op++) {
                Histogram h = new Histogram(1, first.highestMicros, 3);
                long opAttempted = 0;
                long opAnswered = 0;
                long opSucceeded = 0;
                Map<ErrorKind, Long> opErrors = new EnumMap<>(ErrorKind.class);
                for (Tally t : tallies) {
                    h.add(t.opLatency[op]);
                    opAttempted += t.opAttempted[op];
                    opAnswered += t.opAnswered[op];
                    opSucceeded += t.opSucceeded[op];
                    for (ErrorKind kind : ErrorKind.values()) {
                        opErrors.merge(kind, t.opErrors[op][kind.ordinal()], Long::sum);
                    }
                }
                operations.add(
                        new OperationResult(
                                first.opNames[op],
                                h,
                                opAttempted,
                                opAnswered,
                                opSucceeded,
                                opErrors,
                                seconds > 0 ? opAnswered / seconds : 0.0));
            }
        }
        return operations;
    }
}
