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
 * One closed-model run on the calling thread: one selector, one connection per virtual user.
 *
 * <p>A run by request count sends exactly its requests; a run by duration starts its clock with the
 * first measured request, stops taking new requests once the duration has passed and lets the
 * outstanding ones finish (each bounded by the request timeout), which is not an abort.
 *
 * <p>The hot path: a readable connection is read into one shared direct buffer, the response parser
 * consumes the bytes without copying the body, and as soon as a response is complete the next
 * request (the same pre-encoded bytes) is written straight away, on the same thread, without
 * waiting for a writable event; {@code OP_WRITE} is requested only after a partial write. Timeouts
 * and back-offs are checked by a sweep over the users that runs only when the earliest deadline is
 * due, so a request costs one clock read at its send and one at its end.
 *
 * <p>An engine instance runs once; {@link io.gonogo.runners.load.LoadRunner} makes one per run.
 */
public final class ClosedLoopEngine implements HttpConnection.Owner, EngineRun.Engine {

    /** Request timeouts without any response after which a run ends as "target silent". */
    private static final int SILENCE_TIMEOUTS = 3;

    private static final long BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long FAR_FUTURE = Long.MAX_VALUE / 4;
    private static final int READ_BUFFER_BYTES = 64 * 1024;

    private final LoadPlan plan;
    private final Shard shard;
    private final Tally tally;
    private final long total;

    /** The measured duration of a run by duration, or -1 for a run by request count. */
    private final long durationNanos;

    private final long warmup;
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
    private HttpConnection[] users;

    /** Connections whose response completed in the current selector batch, in completion order. */
    private HttpConnection[] ready;

    private int readyCount;

    /** When the selector handed over the first ready key of the current batch, 0 before. */
    private long batchStart;

    private int activeUsers;
    private int doneUsers;
    private int parkedUsers;
    private boolean started;

    private long runStart;
    private long issued;

    /** When a run by duration stops sending; set when its first measured request is taken. */
    private long measureEnd = FAR_FUTURE;

    /**
     * Set by the loop once {@link #measureEnd} has passed; the loop wakes up for it, so the hot
     * path checks a flag instead of reading the clock.
     */
    private boolean durationOver;

    private long nextSweep = FAR_FUTURE;
    private long nextProgress = FAR_FUTURE;
    private int firstConnectFailures;
    private boolean anyResponse;

    /**
     * When the service last answered or accepted a connection; a long silence since then ends the
     * run.
     */
    private long lastSignOfLife;

    private boolean stopping;

    /**
     * Prepares a run of the plan.
     *
     * @param plan the validated settings
     * @param shard this engine thread's share of the run
     */
    public ClosedLoopEngine(LoadPlan plan, Shard shard) {
        this.plan = plan;
        this.shard = shard;
        this.warmup = shard.warmup();
        this.durationNanos = plan.duration().map(ClosedLoopEngine::saturatedNanos).orElse(-1L);
        this.total = durationNanos >= 0 ? FAR_FUTURE : shard.requests() + shard.warmup();
        this.timeoutNanos = saturatedNanos(plan.requestTimeout());
        this.maxNanos = saturatedNanos(plan.maxDuration());
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
                        Math.min(Math.max(timeoutNanos, longest) / 1000 + 1, FAR_FUTURE / 1000));
        this.tally = new Tally(highestMicros, plan, shard);
    }

    /**
     * Runs the load on the calling thread until every request is resolved or the run stops.
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
                            + (durationNanos >= 0 ? "nothing sent" : total + " requests not sent")
                            + ")";
            return finishTally(cpuStart);
        }
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
        users = new HttpConnection[shard.connections()];
        ready = new HttpConnection[users.length];
        activeUsers = (int) Math.min(users.length, total);
        ByteBuffer[] templates = plan.templates();
        for (int i = 0; i < users.length; i++) {
            users[i] = new HttpConnection(i, templates, this);
            users[i].timeoutNanos = timeoutNanos;
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
        tally.show(warmup);
        return tally;
    }

    private void loop() throws IOException {
        long hardStop = runStart + maxNanos;
        long now = System.nanoTime();
        if (plan.progressListener().isPresent()) {
            nextProgress = now + shard.progressNanos();
        }
        for (HttpConnection u : users) {
            startNext(u);
        }
        while (doneUsers < users.length) {
            now = System.nanoTime();
            if (parkedUsers > 0 && tally.warmupResolved == warmup) {
                releaseParked();
            }
            if (!durationOver && now - measureEnd >= 0) {
                durationOver = true;
                retireIdle();
            }
            if (now - nextSweep >= 0) {
                sweep(now);
            }
            if (now - nextProgress >= 0) {
                progress(now);
            }
            if (now - hardStop >= 0) {
                stopAtMaxDuration();
                break;
            }
            if (Thread.currentThread().isInterrupted()) {
                stopInterrupted();
                break;
            }
            if (doneUsers == users.length) {
                break;
            }
            long wake =
                    Math.min(
                            Math.min(nextSweep, durationOver ? FAR_FUTURE : measureEnd),
                            Math.min(nextProgress, hardStop));
            long waitMillis = (wake - now + 999_999) / 1_000_000;
            batchStart = 0;
            long before = System.nanoTime();
            if (waitMillis <= 0) {
                selector.selectNow(onReady);
            } else {
                selector.select(onReady, waitMillis);
            }
            tally.idleNanos += (batchStart != 0 ? batchStart : System.nanoTime()) - before;
            flushReady();
        }
    }

    private void onReady(SelectionKey key) {
        if (batchStart == 0) {
            batchStart = System.nanoTime();
        }
        ((HttpConnection) key.attachment()).onReady(key, readBytes, readBuffer);
    }

    /** Gives the user its next request, or parks or retires it. */
    private void startNext(HttpConnection u) {
        if (stopping || issued >= total) {
            finish(u);
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
                finish(u); // the duration has passed: no new request, in-flight ones still complete
                return;
            }
        }
        long seq = issued++;
        u.measured = seq >= warmup;
        u.op = opAt(seq);
        u.timeoutNanos = opTimeouts[u.op];
        if (u.measured) {
            tally.attempt(u.op);
        }
        if (u.channel == null) {
            connect(u);
        } else {
            send(u);
        }
    }

    /** Retires the users that wait for nothing but their next request once the duration is over. */
    private void retireIdle() {
        for (HttpConnection u : users) {
            if (u.state == HttpConnection.BACKOFF || u.state == HttpConnection.IDLE) {
                finish(u);
            }
        }
    }

    private void releaseParked() {
        for (HttpConnection u : users) {
            if (u.state == HttpConnection.PARKED) {
                u.state = HttpConnection.IDLE;
                parkedUsers--;
                startNext(u);
            }
        }
    }

    private void connect(HttpConnection u) {
        if (u.measured && tally.firstMeasured < 0) {
            tally.firstMeasured = System.nanoTime();
        }
        u.connect(selector, address);
    }

    @Override
    public void connected(HttpConnection u, long now) {
        u.firstConnectResolved = true;
        if (u.measured) {
            tally.connectTime.recordValue(tally.micros(now - u.connectNanos));
            tally.connectionsOpened++;
        }
        send(u);
    }

    @Override
    public void connectFailed(HttpConnection u, String why) {
        long now = System.nanoTime();
        boolean first = !u.firstConnectResolved;
        u.firstConnectResolved = true;
        fail(u, ErrorKind.CONNECT, now);
        if (first && ++firstConnectFailures == activeUsers && !anyResponse) {
            stopUnreachable(why);
            return;
        }
        if (!stopping && now - lastSignOfLife > timeoutNanos) {
            // the service went away: refused connects for longer than a request may take end the
            // run
            // instead of spending the rest of the requests on refused connects
            stopLost(why);
            return;
        }
        if (stopping) {
            finish(u);
            return;
        }
        u.state = HttpConnection.BACKOFF;
        arm(u, now + BACKOFF_NANOS);
    }

    private void send(HttpConnection u) {
        if (u.measured && tally.firstMeasured < 0) {
            tally.firstMeasured = System.nanoTime();
        }
        u.send(u.op, heads[u.op]);
    }

    @Override
    public void failed(HttpConnection u, ErrorKind kind, long now, boolean whileSending) {
        fail(u, kind, now);
        if (whileSending) {
            u.state =
                    HttpConnection
                            .BACKOFF; // next request on the next turn of the loop, not recursively
            arm(u, now);
        } else {
            startNext(u);
        }
    }

    @Override
    public void responded(HttpConnection u, long now) {
        anyResponse = true;
        lastSignOfLife = now;
        tally.responded(u.measured, u.op, u.parser.status(), now - u.sendNanos, now);
        // the next request leaves once the whole batch of ready keys has been read (as wrk does),
        // so
        // responses already waiting in other sockets are timed before this connection's write
        u.state = HttpConnection.READY;
        ready[readyCount++] = u;
    }

    /** Sends the next request of every connection whose response completed in the last batch. */
    private void flushReady() {
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

    /**
     * Resolves the outstanding request as an error and closes the connection; the caller decides
     * what comes next.
     */
    private void fail(HttpConnection u, ErrorKind kind, long now) {
        closeChannel(u);
        tally.failed(u.measured, u.op, kind, now);
        u.state = HttpConnection.IDLE;
    }

    private void sweep(long now) {
        nextSweep = FAR_FUTURE;
        for (HttpConnection u : users) {
            if (stopping) {
                return;
            }
            switch (u.state) {
                case HttpConnection.SENDING:
                case HttpConnection.AWAITING:
                    if (now - u.deadline >= 0) {
                        fail(u, ErrorKind.TIMEOUT, now);
                        if (now - lastSignOfLife > SILENCE_TIMEOUTS * timeoutNanos) {
                            // connections are accepted but nothing answers: end the run rather than
                            // spend every remaining request on a timeout
                            stopSilent();
                            return;
                        }
                        startNext(u);
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
                        u.state = HttpConnection.IDLE;
                        startNext(u);
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
        tally.show(warmup);
        if (shard.reportsProgress()) {
            shard.progress(plan, now - runStart, tally);
        }
    }

    /**
     * Ends the run: requests not yet sent stay unsent; outstanding ones are abandoned and taken out
     * of the attempted count, since their outcome is unknown.
     *
     * @return the number of requests never sent (including those whose connect was still pending)
     *     and the number abandoned after being sent
     */
    private long[] stop() {
        stopping = true;
        long abandonedConnecting = 0;
        long abandonedInFlight = 0;
        for (HttpConnection u : users) {
            if (u.hasOutstandingRequest()) {
                if (u.state == HttpConnection.CONNECTING) {
                    abandonedConnecting++;
                } else {
                    abandonedInFlight++;
                }
                if (u.measured) {
                    tally.unattempt(u.op);
                }
            }
            finish(u);
        }
        long unsent = durationNanos >= 0 ? 0 : total - issued;
        return new long[] {unsent + abandonedConnecting, abandonedInFlight};
    }

    private void stopAtMaxDuration() {
        long[] left = stop();
        tally.abortReason =
                "max duration "
                        + Durations.human(plan.maxDuration())
                        + " reached with "
                        + left[0]
                        + " requests not sent"
                        + (left[1] > 0 ? ", " + left[1] + " in flight abandoned" : "");
    }

    private void stopInterrupted() {
        long[] left = stop();
        tally.abortReason =
                "interrupted with "
                        + left[0]
                        + " requests not sent"
                        + (left[1] > 0 ? ", " + left[1] + " in flight abandoned" : "");
    }

    private void stopSilent() {
        long[] left = stop();
        tally.abortReason =
                "target silent: no response from "
                        + plan.host()
                        + ":"
                        + plan.port()
                        + " for more than "
                        + SILENCE_TIMEOUTS
                        + " request timeouts of "
                        + Durations.human(plan.requestTimeout())
                        + "; "
                        + left[0]
                        + " requests not sent"
                        + (left[1] > 0 ? ", " + left[1] + " in flight abandoned" : "");
    }

    private void stopLost(String why) {
        long[] left = stop();
        tally.abortReason =
                "target lost: only refused connections ("
                        + why
                        + ") to "
                        + plan.host()
                        + ":"
                        + plan.port()
                        + " for longer than the request timeout of "
                        + Durations.human(plan.requestTimeout())
                        + "; "
                        + left[0]
                        + " requests not sent"
                        + (left[1] > 0 ? ", " + left[1] + " in flight abandoned" : "");
    }

    private void stopUnreachable(String why) {
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

    private void finish(HttpConnection u) {
        closeChannel(u);
        if (u.state == HttpConnection.PARKED) {
            parkedUsers--;
        }
        if (u.state != HttpConnection.DONE) {
            u.state = HttpConnection.DONE;
            doneUsers++;
        }
    }

    private static void closeChannel(HttpConnection u) {
        u.close();
    }

    private void closeAll() {
        if (users != null) {
            for (HttpConnection u : users) {
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

    static long saturatedNanos(Duration d) {
        if (d.compareTo(Duration.ofNanos(FAR_FUTURE)) > 0) {
            return FAR_FUTURE;
        }
        return d.toNanos();
    }

    /**
     * The operation of request {@code seq}: the only one without a mix, no division on that path.
     */
    private int opAt(long seq) {
        return cycle.length == 1 ? 0 : cycle[(int) (seq % cycle.length)];
    }
}
