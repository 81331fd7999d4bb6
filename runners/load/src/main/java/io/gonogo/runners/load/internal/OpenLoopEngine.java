package io.gonogo.runners.load.internal;

import io.gonogo.runners.load.ErrorKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One open-model run on the calling thread: requests leave on a fixed schedule at a constant rate,
 * over a pool of keep-alive connections driven by one selector.
 *
 * <p>Request {@code i} is intended to leave at {@code start + i / rate}. It takes the first free
 * connection at or after that time (opening it when it has none); when every connection is busy it
 * waits, and its wait counts in its latency, which runs from the intended send time to the last
 * byte of the response (coordinated omission corrected). A request still waiting for a connection
 * one request timeout after its intended time is given up unsent as a {@link ErrorKind#TIMEOUT}; a
 * sent request not tally.answered within the request timeout is a {@link ErrorKind#TIMEOUT} too.
 * Both are also recorded in the latency histogram at the time they were given up (intended send to
 * deadline), so a stall cannot hide. The send-lag histogram records, per measured request that
 * found a connection, how late the generator sent it: from the later of its intended time and the
 * moment its connection became free to the actual send (or connect) start.
 *
 * <p>Warm-up requests come first on the same schedule and are excluded from every figure.
 */
public final class OpenLoopEngine implements HttpConnection.Owner, EngineRun.Engine {

    private static final int SILENCE_TIMEOUTS = 3;
    private static final long BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long FAR_FUTURE = Long.MAX_VALUE / 4;
    private static final int READ_BUFFER_BYTES = 64 * 1024;

    private final LoadPlan plan;
    private final Shard shard;
    private final Tally tally;
    private final Schedule schedule;

    /**
     * The requests of the whole schedule that are this engine thread's: every shard.count()-th from
     * shard.index().
     */
    private final long ownTotal;

    /** The warm-up requests among this engine thread's. */
    private final long ownWarmup;

    private final long warmup;
    private final long total;
    private final long timeoutNanos;
    private final long maxNanos;

    /** Per operation: whether it is a HEAD request, and its request timeout. */
    private final boolean[] heads;

    private final long[] opTimeouts;

    /** The order in which requests take the operations, one cycle of the weighted mix. */
    private final int[] cycle;

    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_BYTES);
    private final byte[] readBytes = new byte[READ_BUFFER_BYTES];
    private final Consumer<SelectionKey> onReady = this::onReady;

    private Selector selector;
    private InetSocketAddress address;
    private HttpConnection[] conns;
    private int[] free;
    private int freeCount;
    private boolean started;

    private long runStart;
    private long scheduleStart;

    /** When the selector handed over the first ready key of the current batch, 0 before. */
    private long batchStart;

    private long nextIndex;
    private int busy;
    private long nextSweep = FAR_FUTURE;
    private long nextProgress = FAR_FUTURE;
    private int connectFailuresBeforeAny;
    private boolean anyConnected;
    private boolean anyResponse;
    private long lastSignOfLife;
    private boolean stopping;

    /**
     * Prepares a run of the plan, which must have a rate and a duration.
     *
     * @param plan the validated settings
     * @param shard this engine thread's share of the schedule
     */
    public OpenLoopEngine(LoadPlan plan, Shard shard) {
        this.plan = plan;
        this.shard = shard;
        Duration duration = plan.duration().orElseThrow();
        this.warmup = plan.warmupRequests();
        this.schedule =
                new Schedule(
                        warmup,
                        plan.ratePerSecond(),
                        plan.rampToPerSecond(),
                        ClosedLoopEngine.saturatedNanos(duration));
        this.total = schedule.total();
        this.ownTotal =
                total > shard.index()
                        ? (total - shard.index() + shard.count() - 1) / shard.count()
                        : 0;
        this.ownWarmup =
                warmup > shard.index()
                        ? (warmup - shard.index() + shard.count() - 1) / shard.count()
                        : 0;
        this.timeoutNanos = ClosedLoopEngine.saturatedNanos(plan.requestTimeout());
        this.maxNanos = ClosedLoopEngine.saturatedNanos(plan.maxDuration());
        int nOps = plan.ops().size();
        this.heads = new boolean[nOps];
        this.opTimeouts = new long[nOps];
        long longest = 0;
        for (int i = 0; i < nOps; i++) {
            heads[i] = plan.ops().get(i).head();
            opTimeouts[i] = plan.ops().get(i).timeoutNanos();
            longest = Math.max(longest, opTimeouts[i]);
        }
        this.cycle = OpPlan.cycle(plan.ops());

        long highestMicros =
                Math.max(
                        TimeUnit.HOURS.toMicros(1),
                        Math.min(
                                Math.max(timeoutNanos, longest) / 1000 * 2 + 1, FAR_FUTURE / 1000));
        this.tally = new Tally(highestMicros, plan, shard);
    }

    /**
     * Runs the schedule on the calling thread until every request is resolved or the run stops.
     *
     * @return the figures of the run
     * @throws IllegalStateException if called a second time
     * @throws UncheckedIOException if the selector cannot be opened or fails
     */
    @Override
    public Tally tally() {
        return tally;
    }

    @Override
    public Tally run() {
        if (started) {
            throw new IllegalStateException("an engine runs once; build a new one per run");
        }
        started = true;
        long cpuStart = Shard.threadCpuNanos();
        runStart = System.nanoTime();
        lastSignOfLife = runStart;
        address = new InetSocketAddress(plan.host(), plan.port());
        if (address.isUnresolved()) {
            tally.abortReason =
                    "target unreachable: cannot resolve host "
                            + plan.host()
                            + " ("
                            + ownTotal
                            + " requests not sent)";
            return finishTally(cpuStart);
        }
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
        conns = new HttpConnection[shard.connections()];
        ByteBuffer[] templates = plan.templates();
        free = new int[conns.length];
        for (int i = conns.length - 1; i >= 0; i--) {
            conns[i] = new HttpConnection(i, templates, this);
            conns[i].timeoutNanos = timeoutNanos;
            conns[i].freeSince = runStart;
            free[freeCount++] = i;
        }
        try {
            loop();
        } catch (IOException e) {
            throw new UncheckedIOException("the selector failed", e);
        } finally {
            closeAll();
        }
        return finishTally(cpuStart);
    }

    private Tally finishTally(long cpuStart) {
        long now = System.nanoTime();
        long cpuEnd = Shard.threadCpuNanos();
        tally.cpuNanos = cpuStart >= 0 && cpuEnd >= 0 ? cpuEnd - cpuStart : -1;
        tally.wallNanos = now - runStart;
        tally.endedAt = Instant.now();
        tally.closeIntervals(now);
        tally.show(ownWarmup);
        return tally;
    }

    private long intended(long index) {
        return scheduleStart + schedule.offsetNanos(index);
    }

    private void loop() throws IOException {
        long hardStop = runStart + maxNanos;
        long now = System.nanoTime();
        scheduleStart = shard.startNanos();
        nextIndex = shard.index();
        if (plan.progressListener().isPresent()) {
            nextProgress = now + shard.progressNanos();
        }
        while (true) {
            now = System.nanoTime();
            dispatch(now);
            if (now - nextSweep >= 0) {
                sweep(now);
            }
            if (now - nextProgress >= 0) {
                progress(now);
            }
            if (stopping) {
                break;
            }
            if (now - hardStop >= 0) {
                long[] left = stop();
                tally.abortReason =
                        "max duration "
                                + Durations.human(plan.maxDuration())
                                + " reached"
                                + left(left);
                break;
            }
            if (Thread.currentThread().isInterrupted()) {
                tally.abortReason = "interrupted" + left(stop());
                break;
            }
            if (nextIndex >= total && busy == 0) {
                break;
            }
            long wake = Math.min(nextSweep, Math.min(nextProgress, hardStop));
            if (nextIndex < total) {
                long due = intended(nextIndex);
                wake = Math.min(wake, freeCount > 0 ? due : due + opTimeouts[opAt(nextIndex)]);
            }
            long waitMillis = (wake - now) / 1_000_000;
            batchStart = 0;
            long before = System.nanoTime();
            if (waitMillis <= 0) {
                selector.selectNow(onReady);
            } else {
                selector.select(onReady, waitMillis);
            }
            tally.idleNanos += (batchStart != 0 ? batchStart : System.nanoTime()) - before;
        }
    }

    /**
     * Sends every request that is due on a free connection, and gives up those that waited too
     * long.
     */
    private void dispatch(long now) {
        int step = shard.count();
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
            busy++;
            if (u.measured) {
                tally.attempt(op);
                if (tally.firstMeasured < 0) {
                    tally.firstMeasured = t;
                }
                long ready = Math.max(t, u.freeSince);
                tally.sendLag.recordValue(
                        Math.min(Math.max(0, (now - ready) / 1000), tally.highestMicros));
            }
            if (u.channel == null) {
                connect(u);
            } else {
                send(u);
            }
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

    private void release(HttpConnection u, long now) {
        u.state = HttpConnection.IDLE;
        u.freeSince = now;
        free[freeCount++] = u.id;
    }

    private void onReady(SelectionKey key) {
        if (batchStart == 0) {
            batchStart = System.nanoTime();
        }
        ((HttpConnection) key.attachment()).onReady(key, readBytes, readBuffer);
    }

    private void connect(HttpConnection u) {
        u.connect(selector, address);
    }

    @Override
    public void connected(HttpConnection u, long now) {
        anyConnected = true;
        lastSignOfLife = now;
        if (u.measured) {
            tally.connectTime.recordValue(tally.micros(now - u.connectNanos));
            tally.connectionsOpened++;
        }
        send(u);
    }

    @Override
    public void connectFailed(HttpConnection u, String why) {
        long now = System.nanoTime();
        fail(u, ErrorKind.CONNECT, now);
        if (!anyConnected && ++connectFailuresBeforeAny >= Math.min(conns.length, ownTotal)) {
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
                            + left(stop())
                            + ")";
            return;
        }
        if (!stopping && now - lastSignOfLife > timeoutNanos) {
            tally.abortReason =
                    "target lost: only refused connections ("
                            + why
                            + ") to "
                            + plan.host()
                            + ":"
                            + plan.port()
                            + " for longer than the request timeout of "
                            + Durations.human(plan.requestTimeout())
                            + left(stop());
            return;
        }
        if (stopping) {
            return;
        }
        u.state = HttpConnection.BACKOFF;
        arm(u, now + BACKOFF_NANOS);
    }

    private void send(HttpConnection u) {
        u.send(u.op, heads[u.op]);
    }

    @Override
    public void failed(HttpConnection u, ErrorKind kind, long now, boolean whileSending) {
        fail(u, kind, now);
        if (whileSending) {
            u.state = HttpConnection.BACKOFF;
            arm(u, now);
        } else {
            release(u, now);
        }
    }

    @Override
    public void responded(HttpConnection u, long now) {
        anyResponse = true;
        lastSignOfLife = now;
        busy--;
        tally.responded(u.measured, u.op, u.parser.status(), now - u.intendedNanos, now);
        release(u, now);
    }

    /**
     * Resolves the outstanding request as an error and closes the connection; the caller decides
     * what comes next.
     */
    private void fail(HttpConnection u, ErrorKind kind, long now) {
        closeChannel(u);
        busy--;
        tally.failed(u.measured, u.op, kind, now);
        u.state = HttpConnection.IDLE;
    }

    private void sweep(long now) {
        nextSweep = FAR_FUTURE;
        for (HttpConnection u : conns) {
            if (stopping) {
                return;
            }
            switch (u.state) {
                case HttpConnection.SENDING:
                case HttpConnection.AWAITING:
                    if (now - u.deadline >= 0) {
                        if (u.measured) {
                            tally.recordLatency(u.op, u.deadline - u.intendedNanos, now);
                        }
                        fail(u, ErrorKind.TIMEOUT, now);
                        release(u, now);
                        if (now - lastSignOfLife > SILENCE_TIMEOUTS * timeoutNanos) {
                            tally.abortReason =
                                    "target silent: no response from "
                                            + plan.host()
                                            + ":"
                                            + plan.port()
                                            + " for more than "
                                            + SILENCE_TIMEOUTS
                                            + " request timeouts of "
                                            + Durations.human(plan.requestTimeout())
                                            + left(stop());
                            return;
                        }
                    } else {
                        arm(u, u.deadline);
                    }
                    break;
                case HttpConnection.CONNECTING:
                    if (now - u.deadline >= 0) {
                        connectFailed(
                                u,
                                "connect timed out after "
                                        + Durations.human(plan.requestTimeout()));
                    } else {
                        arm(u, u.deadline);
                    }
                    break;
                case HttpConnection.BACKOFF:
                    if (now - u.deadline >= 0) {
                        release(u, now);
                    } else {
                        arm(u, u.deadline);
                    }
                    break;
                default:
                    break;
            }
        }
    }

    @Override
    public void arm(HttpConnection u, long deadline) {
        u.deadline = deadline;
        if (deadline - nextSweep < 0) {
            nextSweep = deadline;
        }
    }

    private void progress(long now) {
        nextProgress = now + shard.progressNanos();
        tally.show(ownWarmup);
        if (shard.reportsProgress()) {
            shard.progress(plan, now - runStart, tally);
        }
    }

    /**
     * Ends the run: requests not yet sent stay unsent; outstanding ones are abandoned and taken out
     * of the attempted count, since their outcome is unknown.
     *
     * @return the number of requests never sent and the number abandoned in flight
     */
    private long[] stop() {
        stopping = true;
        long abandoned = 0;
        for (HttpConnection u : conns) {
            if (u.hasOutstandingRequest()) {
                abandoned++;
                if (u.measured) {
                    tally.unattempt(u.op);
                }
                busy--;
            }
            closeChannel(u);
            u.state = HttpConnection.DONE;
        }
        long unsent =
                nextIndex < total ? (total - nextIndex + shard.count() - 1) / shard.count() : 0;
        return new long[] {unsent, abandoned};
    }

    private static String left(long[] left) {
        return " with "
                + left[0]
                + " requests not sent"
                + (left[1] > 0 ? ", " + left[1] + " in flight abandoned" : "");
    }

    private static void closeChannel(HttpConnection u) {
        u.close();
    }

    private void closeAll() {
        if (conns != null) {
            for (HttpConnection u : conns) {
                if (u != null) {
                    closeChannel(u);
                }
            }
        }
        if (selector != null) {
            try {
                selector.close();
            } catch (IOException ignored) {
                // nothing left to release
            }
        }
    }

    /**
     * The operation of request {@code seq}: the only one without a mix, no division on that path.
     */
    private int opAt(long seq) {
        return cycle.length == 1 ? 0 : cycle[(int) (seq % cycle.length)];
    }
}
