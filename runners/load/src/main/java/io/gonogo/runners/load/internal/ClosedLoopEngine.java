package io.gonogo.runners.load.internal;

/**
 * One closed-model run on the calling thread: one selector, one connection per virtual user.
 *
 * <p>A run by request count sends exactly its requests; a run by duration starts its clock with the
 * first measured request, stops taking new requests once the duration has passed and lets the
 * outstanding ones finish (each bounded by the request timeout), which is not an abort.
 *
 * <p>The hot path: a readable connection is read into one shared direct buffer, the response parser
 * consumes the bytes without copying the body, and as soon as the selector's batch of ready keys is
 * handled the next request (the same pre-encoded bytes) is written straight away, on the same
 * thread, without waiting for a writable event; {@code OP_WRITE} is requested only after a partial
 * write. The selector loop, timeouts and stops are {@link SelectorEngine}'s.
 *
 * <p>An engine instance runs once; {@link io.gonogo.runners.load.LoadRunner} makes one per run.
 */
public final class ClosedLoopEngine extends SelectorEngine {

    private final long total;

    /** The measured duration of a run by duration, or -1 for a run by request count. */
    private final long durationNanos;

    private final long warmup;

    /** Connections whose response completed in the current selector batch, in completion order. */
    private HttpConnection[] ready;

    private int readyCount;

    private int activeUsers;
    private int parkedUsers;
    private long issued;

    /** When a run by duration stops sending; set when its first measured request is taken. */
    private long measureEnd = FAR_FUTURE;

    /**
     * Set by the loop once {@link #measureEnd} has passed; the loop wakes up for it, so the hot
     * path checks a flag instead of reading the clock.
     */
    private boolean durationOver;

    private int firstConnectFailures;

    /**
     * Prepares a run of the plan.
     *
     * @param plan the validated settings
     * @param shard this engine thread's share of the run
     */
    public ClosedLoopEngine(LoadPlan plan, Shard shard) {
        super(plan, shard, shard.warmup(), 1);
        this.warmup = shard.warmup();
        this.durationNanos = plan.duration().map(SelectorEngine::saturatedNanos).orElse(-1L);
        this.total = durationNanos >= 0 ? FAR_FUTURE : shard.requests() + shard.warmup();
    }

    @Override
    String unsentWithoutHost() {
        return durationNanos >= 0 ? "nothing sent" : total + " requests not sent";
    }

    @Override
    void prepare() {
        ready = new HttpConnection[conns.length];
        activeUsers = (int) Math.min(conns.length, total);
    }

    @Override
    void begin() {
        for (HttpConnection u : conns) {
            startNext(u);
        }
    }

    @Override
    void due(long now) {
        if (parkedUsers > 0 && tally.warmupResolved == warmup) {
            releaseParked();
        }
        if (!durationOver && now - measureEnd >= 0) {
            durationOver = true;
            retireIdle();
        }
    }

    @Override
    long nextWake() {
        return durationOver ? FAR_FUTURE : measureEnd;
    }

    @Override
    boolean finished() {
        return retired == conns.length;
    }

    /** Gives the user its next request, or parks or retires it. */
    private void startNext(HttpConnection u) {
        if (stopping || issued >= total) {
            retire(u);
            return;
        }
        if (issued == warmup && tally.warmupResolved < warmup) {
            if (u.state != HttpConnection.PARKED) {
                u.state = HttpConnection.PARKED;
                parkedUsers++;
            }
            return;
        }
        if (durationNanos >= 0 && issued >= warmup) {
            if (measureEnd == FAR_FUTURE) {
                measureEnd = System.nanoTime() + durationNanos;
            } else if (durationOver) {
                retire(u); // the duration has passed: no new request, in-flight ones still complete
                return;
            }
        }
        long seq = issued++;
        u.measured = seq >= warmup;
        u.op = opAt(seq);
        u.timeoutNanos = opTimeouts[u.op];
        if (u.measured) {
            tally.attempt(u.op);
            if (tally.firstMeasured < 0) {
                tally.firstMeasured = System.nanoTime();
            }
        }
        start(u);
    }

    /** Retires the users that wait for nothing but their next request once the duration is over. */
    private void retireIdle() {
        for (HttpConnection u : conns) {
            if (u.state == HttpConnection.BACKOFF || u.state == HttpConnection.IDLE) {
                retire(u);
            }
        }
    }

    private void releaseParked() {
        for (HttpConnection u : conns) {
            if (u.state == HttpConnection.PARKED) {
                u.state = HttpConnection.IDLE;
                parkedUsers--;
                startNext(u);
            }
        }
    }

    @Override
    void answered(HttpConnection u, long now) {
        tally.responded(u.measured, u.op, u.status(), now - u.sendNanos, now);
        // the next request leaves once the whole batch of ready keys has been read (as wrk does),
        // so responses already waiting in other sockets are timed before this connection's write
        u.state = HttpConnection.READY;
        ready[readyCount++] = u;
    }

    /** Sends the next request of every connection whose response completed in the last batch. */
    @Override
    void afterBatch() {
        for (int i = 0; i < readyCount; i++) {
            HttpConnection u = ready[i];
            ready[i] = null;
            if (u.state == HttpConnection.READY) {
                u.state = HttpConnection.IDLE;
                startNext(u);
            }
        }
        readyCount = 0;
    }

    @Override
    void resume(HttpConnection u, long now) {
        u.state = HttpConnection.IDLE;
        startNext(u);
    }

    @Override
    boolean unreachable(boolean first) {
        return first && ++firstConnectFailures == activeUsers && !anyResponse;
    }

    @Override
    void stopUnreachable(String why) {
        long[] left = stop();
        tally.abortReason =
                "target unreachable: "
                        + why
                        + " to "
                        + plan.host()
                        + ":"
                        + plan.port()
                        + " (the first connect of"
                        + " all "
                        + activeUsers
                        + " users failed before any response; "
                        + left[0]
                        + " requests not sent)";
    }

    /** Counts a request whose connect was still pending as not sent. */
    @Override
    long[] left(long connecting, long inFlight) {
        long unsent = durationNanos >= 0 ? 0 : total - issued;
        return new long[] {unsent + connecting, inFlight};
    }

    @Override
    String lossTail(long[] left) {
        return "; " + unsent(left);
    }

    @Override
    void retire(HttpConnection u) {
        if (u.state == HttpConnection.PARKED) {
            parkedUsers--;
        }
        super.retire(u);
    }
}
