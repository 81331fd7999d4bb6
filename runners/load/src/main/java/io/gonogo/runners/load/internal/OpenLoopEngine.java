package io.gonogo.runners.load.internal;

import io.gonogo.runners.load.ErrorKind;
import java.time.Duration;

/**
 * One open-model run on the calling thread: requests leave on a fixed schedule at a constant rate,
 * over a pool of keep-alive connections driven by one selector.
 *
 * <p>Request {@code i} is intended to leave at {@code start + i / rate}. It takes the first free
 * connection at or after that time (opening it when it has none); when every connection is busy it
 * waits, and its wait counts in its latency, which runs from the intended send time to the last
 * byte of the response (coordinated omission corrected). A request still waiting for a connection
 * one request timeout after its intended time is given up unsent as a {@link ErrorKind#TIMEOUT}; a
 * sent request not answered within the request timeout is a {@link ErrorKind#TIMEOUT} too. Both are
 * also recorded in the latency histogram at the time they were given up (intended send to
 * deadline), so a stall cannot hide. The send-lag histogram records, per measured request that
 * found a connection, how late the generator sent it: from the later of its intended time and the
 * moment its connection became free to the actual send (or connect) start.
 *
 * <p>Warm-up requests come first on the same schedule and are excluded from every figure. The
 * selector loop, timeouts and stops are {@link SelectorEngine}'s.
 */
public final class OpenLoopEngine extends SelectorEngine {

    private final Schedule schedule;

    /**
     * The requests of the whole schedule that are this engine thread's: every shard.step()-th from
     * shard.slot().
     */
    private final long ownTotal;

    private final long warmup;
    private final long total;

    /** The ids of the free connections, a stack. */
    private int[] free;

    private int freeCount;
    private long scheduleStart;
    private long nextIndex;
    private int connectFailuresBeforeAny;

    /**
     * Prepares a run of the plan, which must have a rate and a duration.
     *
     * @param plan the validated settings
     * @param shard this engine thread's share of the schedule
     */
    public OpenLoopEngine(LoadPlan plan, Shard shard) {
        super(plan, shard, ownShare(plan.warmupRequests(), shard), 2);
        Duration duration = plan.duration().orElseThrow();
        this.warmup = plan.warmupRequests();
        this.schedule =
                new Schedule(
                        warmup,
                        plan.ratePerSecond(),
                        plan.rampToPerSecond(),
                        saturatedNanos(duration));
        this.total = schedule.total();
        this.ownTotal = ownShare(total, shard);
    }

    /** The requests among the first {@code n} of the schedule that are this engine thread's. */
    private static long ownShare(long n, Shard shard) {
        return n > shard.slot() ? (n - shard.slot() + shard.step() - 1) / shard.step() : 0;
    }

    @Override
    String unsentWithoutHost() {
        return ownTotal + " requests not sent";
    }

    @Override
    void prepare() {
        free = new int[conns.length];
        for (int i = conns.length - 1; i >= 0; i--) {
            conns[i].freeSince = runStart;
            free[freeCount++] = i;
        }
    }

    @Override
    void begin() {
        scheduleStart = shard.startNanos();
        nextIndex = shard.slot();
    }

    private long intended(long index) {
        return scheduleStart + schedule.offsetNanos(index);
    }

    @Override
    boolean finished() {
        return nextIndex >= total && outstanding == 0;
    }

    @Override
    long nextWake() {
        if (nextIndex >= total) {
            return FAR_FUTURE;
        }
        long due = intended(nextIndex);
        return freeCount > 0 ? due : due + opTimeouts[opAt(nextIndex)];
    }

    /** Rounded down, so that a request due within the next millisecond does not leave late. */
    @Override
    long waitMillis(long nanos) {
        return nanos / 1_000_000;
    }

    /**
     * Sends every request that is due on a free connection, and gives up those that waited too
     * long.
     */
    @Override
    void due(long now) {
        long step = shard.step();
        while (!stopping && nextIndex < total) {
            long t = intended(nextIndex);
            if (t - now > 0) {
                return;
            }
            int op = opAt(nextIndex);
            if (now - t >= opTimeouts[op]) {
                expireUnsent(nextIndex, op, t, now);
                nextIndex += step;
                continue;
            }
            if (freeCount == 0) {
                return;
            }
            HttpConnection u = conns[free[--freeCount]];
            long index = nextIndex;
            nextIndex += step;
            u.intendedNanos = t;
            u.measured = index >= warmup;
            u.op = op;
            u.timeoutNanos = opTimeouts[op];
            if (u.measured) {
                tally.attempt(op);
                if (tally.firstMeasured < 0) {
                    tally.firstMeasured = t;
                }
                long ready = Math.max(t, u.freeSince);
                tally.sendLag.recordValue(
                        Math.min(Math.max(0, (now - ready) / 1000), tally.highestMicros));
            }
            start(u);
        }
    }

    /**
     * A request that found no free connection within the request timeout: a timeout, never sent.
     */
    private void expireUnsent(long index, int op, long intended, long now) {
        if (index >= warmup) {
            tally.attempt(op);
            if (tally.firstMeasured < 0) {
                tally.firstMeasured = intended;
            }
            tally.recordLatency(op, opTimeouts[op], now);
        }
        tally.failed(index >= warmup, op, ErrorKind.TIMEOUT, now);
    }

    @Override
    void answered(HttpConnection u, long now) {
        tally.responded(u.measured, u.op, u.status(), now - u.intendedNanos, now);
        resume(u, now);
    }

    /** Puts the connection back in the pool. */
    @Override
    void resume(HttpConnection u, long now) {
        u.state = HttpConnection.IDLE;
        u.freeSince = now;
        free[freeCount++] = u.id;
    }

    @Override
    void opened(HttpConnection u, long now) {
        lastSignOfLife = now;
    }

    /** A timed-out request counts in the latency too, from its intended send to its deadline. */
    @Override
    void timingOut(HttpConnection u, long now) {
        if (u.measured) {
            tally.recordLatency(u.op, u.deadline - u.intendedNanos, now);
        }
    }

    @Override
    boolean unreachable(boolean first) {
        return !anyConnected && ++connectFailuresBeforeAny >= Math.min(conns.length, ownTotal);
    }

    @Override
    void stopUnreachable(String why) {
        tally.abortReason =
                "target unreachable: "
                        + why
                        + " to "
                        + plan.host()
                        + ":"
                        + plan.port()
                        + " (the first "
                        + connectFailuresBeforeAny
                        + " connect attempts all failed"
                        + with(stop())
                        + ")";
    }

    /** Counts a request whose connect was still pending as abandoned, as it left the schedule. */
    @Override
    long[] left(long connecting, long inFlight) {
        long unsent = nextIndex < total ? (total - nextIndex + shard.step() - 1) / shard.step() : 0;
        return new long[] {unsent, connecting + inFlight};
    }
}
