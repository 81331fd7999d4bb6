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
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * The selector loop both HTTP engines run on one engine thread: one selector over a fixed set of
 * keep-alive connections, the read-parse-record cycle of each response, request and connect
 * timeouts, back-off after a failed connect, progress, the hard stop, interruption and the ways a
 * run ends early (target unreachable, lost or silent); a subclass only says when the next request
 * leaves and on which connection.
 *
 * <p>The loop turns as follows: what the model has due at {@code now} ({@link #due(long)}), the
 * timeout sweep when the earliest deadline has come, progress when it is due, the stops, then one
 * {@code select} until the next wake-up, and what the model does once the ready keys of that batch
 * are handled ({@link #afterBatch()}). A request leaves through {@link #start(HttpConnection)}; its
 * outcome comes back through {@link #answered(HttpConnection, long)} or, for an error, through
 * {@link #resume(HttpConnection, long)} once it is counted.
 *
 * <p>Nothing here allocates per request: the read buffers are the engine's, the request bytes are
 * pre-encoded and every per-request callback works on fields of the connection. Timeouts and
 * back-offs are checked by a sweep over the connections that runs only when the earliest deadline
 * is due, so a request costs one clock read at its send and one at its end.
 *
 * <p>An engine instance runs once; {@link EngineRun} makes one per engine thread and run.
 */
abstract class SelectorEngine implements HttpConnection.Owner, EngineRun.Engine {

    /** Request timeouts without any response after which a run ends as "target silent". */
    static final int SILENCE_TIMEOUTS = 3;

    static final long BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    static final long FAR_FUTURE = Long.MAX_VALUE / 4;
    private static final int READ_BUFFER_BYTES = 64 * 1024;

    final LoadPlan plan;
    final Shard shard;
    final Tally tally;
    final long timeoutNanos;
    private final long maxNanos;

    /** The warm-up requests of this engine thread, by which progress tells warm-up from measure. */
    private final long ownWarmup;

    /** Per operation: whether it is a HEAD request, and its request timeout. */
    private final boolean[] heads;

    final long[] opTimeouts;

    /** The order in which requests take the operations, one cycle of the weighted mix. */
    private final int[] cycle;

    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_BYTES);
    private final byte[] readBytes = new byte[READ_BUFFER_BYTES];

    /** The parse buffer as the buffer TLS unwraps into. */
    private final ByteBuffer readHeap = ByteBuffer.wrap(readBytes);

    private final Consumer<SelectionKey> onReady = this::onReady;

    private Selector selector;
    private InetSocketAddress address;

    /** The connections of this engine thread, in id order. */
    HttpConnection[] conns;

    private boolean started;
    long runStart;

    /** When the selector handed over the first ready key of the current batch, 0 before. */
    private long batchStart;

    private long nextSweep = FAR_FUTURE;
    private long nextProgress = FAR_FUTURE;

    /** Requests taken by a connection and not resolved yet. */
    int outstanding;

    /** Connections that take no more requests. */
    int retired;

    boolean anyConnected;
    boolean anyResponse;

    /** When the service last gave a sign of life; a long silence since then ends the run. */
    long lastSignOfLife;

    boolean stopping;

    /**
     * Over TLS, until the first connection of this engine thread has a response (or fails): the
     * other connections wait to connect, so that they resume its session with the ticket the server
     * sent instead of each doing a full handshake.
     */
    private boolean ticketGate;

    /** The connection whose handshake the others wait for, null before the first connect. */
    private HttpConnection opener;

    /** The connections waiting to connect until the gate opens, the first {@code heldCount}. */
    private HttpConnection[] held;

    private int heldCount;

    /**
     * The protocol the later engines of the run offer alone, once the first connection negotiated
     * TLS 1.2: their hellos then carry no TLS 1.3 key share, whose key generation would cost each
     * resumed handshake more than the rest of it; null to offer what the context enables.
     */
    private String[] pinnedProtocols;

    /**
     * Prepares the shared state of a run.
     *
     * @param plan the validated settings
     * @param shard this engine thread's share of the run
     * @param ownWarmup the warm-up requests of this engine thread
     * @param latencySpans how many request timeouts the longest latency may span: 1 from the send
     *     (closed), 2 from the intended send, which may wait a timeout for a connection (open)
     */
    SelectorEngine(LoadPlan plan, Shard shard, long ownWarmup, int latencySpans) {
        this.plan = plan;
        this.shard = shard;
        this.ownWarmup = ownWarmup;
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
                        Math.min(
                                Math.max(timeoutNanos, longest) / 1000 * latencySpans + 1,
                                FAR_FUTURE / 1000));
        this.tally = new Tally(highestMicros, plan, shard);
    }

    // ------------------------------------------------------------ what a model decides

    /** Prepares the model's state once the connections exist, before the loop. */
    abstract void prepare();

    /** Starts the model: the first requests of a closed run, the schedule of an open one. */
    abstract void begin();

    /** Does what the model has due at {@code now}, before timeouts are swept. */
    abstract void due(long now);

    /** When the model next needs the loop to wake up, {@link #FAR_FUTURE} for never. */
    abstract long nextWake();

    /** Does what the model does once the ready keys of a selector batch are handled. */
    void afterBatch() {}

    /** Whether the run is over: no request left to send or outstanding. */
    abstract boolean finished();

    /**
     * How long the loop may wait in the selector for a wake-up {@code nanos} away; rounded up, so
     * that a deadline does not cost a busy wait.
     */
    long waitMillis(long nanos) {
        return (nanos + 999_999) / 1_000_000;
    }

    /** A complete response to the outstanding request of {@code u} arrived at {@code now}. */
    abstract void answered(HttpConnection u, long now);

    /**
     * What comes next for {@code u} after its request was resolved as an error or its back-off
     * ended.
     */
    abstract void resume(HttpConnection u, long now);

    /** A connect succeeded at {@code now}, before its connect time is recorded. */
    void opened(HttpConnection u, long now) {}

    /** The request of {@code u} timed out at {@code now}, before it is counted as a timeout. */
    void timingOut(HttpConnection u, long now) {}

    /**
     * Tells whether a failed connect ends the run as unreachable.
     *
     * @param first whether it was the first connect attempt of its connection
     */
    abstract boolean unreachable(boolean first);

    /** Stops the run as unreachable and says why in the abort reason. */
    abstract void stopUnreachable(String why);

    /**
     * What the run leaves undone when it stops now.
     *
     * @param connecting outstanding requests whose connect was still pending
     * @param inFlight outstanding requests already sent
     * @return the number of requests never sent and the number abandoned in flight
     */
    abstract long[] left(long connecting, long inFlight);

    /** The abort reason's end when the target is lost or silent: what the stop left undone. */
    String lossTail(long[] left) {
        return with(left);
    }

    /** Says what an unresolvable host leaves unsent. */
    abstract String unsentWithoutHost();

    // ------------------------------------------------------------ the run

    @Override
    public final Tally tally() {
        return tally;
    }

    /**
     * Runs the load on the calling thread until every request is resolved or the run stops.
     *
     * @return the figures of the run
     * @throws IllegalStateException if called a second time
     * @throws UncheckedIOException if the selector cannot be opened or fails
     */
    @Override
    public final Tally run() {
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
                            + unsentWithoutHost()
                            + ")";
            return finishTally(cpuStart);
        }
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
        conns = new HttpConnection[shard.connections()];
        ByteBuffer[] templates = plan.templates();
        Supplier<SSLEngine> engines = plan.secure() ? tlsEngines() : null;
        for (int i = 0; i < conns.length; i++) {
            conns[i] =
                    new HttpConnection(
                            i,
                            templates,
                            this,
                            engines == null ? null : new TlsSession(engines, readHeap),
                            plan.grpc().map(g -> new H2Session(g, !plan.secure())).orElse(null));
            conns[i].timeoutNanos = timeoutNanos;
        }
        ticketGate = engines != null && conns.length > 1;
        held = ticketGate ? new HttpConnection[conns.length] : null;
        prepare();
        try {
            loop();
        } catch (IOException e) {
            throw new UncheckedIOException("the selector failed", e);
        } finally {
            closeAll();
        }
        return finishTally(cpuStart);
    }

    /**
     * Client engines for the target, one per connection attempt, from one context per engine thread
     * and run (so TLS sessions are resumed within a run, never across runs); ALPN offers {@code
     * http/1.1} only, or {@code h2} only for gRPC.
     */
    private Supplier<SSLEngine> tlsEngines() {
        SSLContext context;
        try {
            if (plan.grpc().isPresent()) {
                // BoringSSL's session cache resumes TLS 1.2 and 1.3 alike: no pinning needed
                Optional<Supplier<SSLEngine>> boring =
                        NativeTls.engines(plan.tls(), plan.host(), plan.port(), "h2");
                if (boring.isPresent()) {
                    return boring.get();
                }
            }
            context = plan.tls().sslContext();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return () -> {
            SSLEngine engine = plan.tls().clientEngine(context, plan.host(), plan.port());
            SSLParameters params = engine.getSSLParameters();
            params.setApplicationProtocols(
                    new String[] {plan.grpc().isPresent() ? "h2" : "http/1.1"});
            if (pinnedProtocols != null) {
                params.setProtocols(pinnedProtocols);
            }
            engine.setSSLParameters(params);
            return engine;
        };
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

    private void loop() throws IOException {
        long hardStop = runStart + maxNanos;
        long now = System.nanoTime();
        if (plan.progressListener().isPresent()) {
            nextProgress = now + shard.progressNanos();
        }
        begin();
        while (!finished()) {
            now = System.nanoTime();
            due(now);
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
                tally.abortReason =
                        "max duration "
                                + Durations.human(plan.maxDuration())
                                + " reached"
                                + with(stop());
                break;
            }
            if (Thread.currentThread().isInterrupted()) {
                tally.abortReason = "interrupted" + with(stop());
                break;
            }
            if (finished()) {
                break;
            }
            long wake = Math.min(Math.min(nextSweep, nextProgress), Math.min(hardStop, nextWake()));
            select(waitMillis(wake - now));
            afterBatch();
        }
    }

    private void select(long waitMillis) throws IOException {
        batchStart = 0;
        long before = System.nanoTime();
        if (waitMillis <= 0) {
            selector.selectNow(onReady);
        } else {
            selector.select(onReady, waitMillis);
        }
        tally.idleNanos += (batchStart != 0 ? batchStart : System.nanoTime()) - before;
    }

    private void onReady(SelectionKey key) {
        if (batchStart == 0) {
            batchStart = System.nanoTime();
        }
        ((HttpConnection) key.attachment()).onReady(key, readBytes, readBuffer);
    }

    // ------------------------------------------------------------ one request

    /**
     * Sends the request taken by {@code u} (its {@code op} and {@code measured} set), opening a
     * connection first when it has none.
     */
    final void start(HttpConnection u) {
        outstanding++;
        if (u.channel == null) {
            if (ticketGate && !gateLetsThrough(u)) {
                return;
            }
            u.connect(selector, address);
        } else {
            send(u);
        }
    }

    /**
     * Over TLS before the first response: lets the first connection connect and holds the others
     * (pending, their connect not started, bounded by the request timeout) until {@link
     * #openGate()}.
     */
    private boolean gateLetsThrough(HttpConnection u) {
        if (opener == null || opener == u) {
            opener = u;
            return true;
        }
        long now = System.nanoTime();
        u.state = HttpConnection.CONNECTING;
        u.connectNanos = now;
        arm(u, now + u.timeoutNanos);
        if (!u.held) {
            u.held = true;
            held[heldCount++] = u;
        }
        return false;
    }

    /**
     * The first connection has done its handshake (or has failed): the held connections connect
     * now, resuming its session where the protocol lets them.
     */
    private void openGate() {
        ticketGate = false;
        for (int i = 0; i < heldCount; i++) {
            HttpConnection u = held[i];
            held[i] = null;
            u.held = false;
            if (!stopping && u.state == HttpConnection.CONNECTING && u.channel == null) {
                u.connect(selector, address);
            }
        }
        heldCount = 0;
    }

    private void send(HttpConnection u) {
        u.send(u.op, heads[u.op]);
    }

    @Override
    public final void connected(HttpConnection u, long now) {
        u.firstConnectResolved = true;
        anyConnected = true;
        if (ticketGate && u == opener) {
            if ("TLSv1.2".equals(u.tlsProtocol())) {
                pinnedProtocols = new String[] {"TLSv1.2"};
            }
            openGate();
        }
        opened(u, now);
        if (u.measured) {
            tally.connectTime.recordValue(tally.micros(now - u.connectNanos));
            tally.connectionsOpened++;
        }
        send(u);
    }

    @Override
    public final void connectFailed(HttpConnection u, ErrorKind kind, String why) {
        long now = System.nanoTime();
        boolean first = !u.firstConnectResolved;
        u.firstConnectResolved = true;
        boolean wasHeld = u.held;
        fail(u, kind, now);
        if (ticketGate && (u == opener || wasHeld)) {
            openGate();
        }
        if (unreachable(first)) {
            stopUnreachable(why);
            return;
        }
        if (!stopping && now - lastSignOfLife > timeoutNanos) {
            // the service went away: refused connects for longer than a request may take end the
            // run instead of spending the rest of the requests on refused connects
            tally.abortReason =
                    "target lost: only "
                            + (kind == ErrorKind.TLS
                                    ? "failed TLS handshakes ("
                                    : "refused connections (")
                            + why
                            + ") to "
                            + plan.host()
                            + ":"
                            + plan.port()
                            + " for longer than the request timeout of "
                            + Durations.human(plan.requestTimeout())
                            + lossTail(stop());
            return;
        }
        if (stopping) {
            retire(u);
            return;
        }
        u.state = HttpConnection.BACKOFF;
        arm(u, now + BACKOFF_NANOS);
    }

    @Override
    public final void responded(HttpConnection u, long now) {
        anyResponse = true;
        lastSignOfLife = now;
        outstanding--;
        answered(u, now);
    }

    @Override
    public final void failed(HttpConnection u, ErrorKind kind, long now, boolean whileSending) {
        fail(u, kind, now);
        if (ticketGate && u == opener) {
            openGate();
        }
        if (whileSending) {
            // the next request on the next turn of the loop, not recursively
            u.state = HttpConnection.BACKOFF;
            arm(u, now);
        } else {
            resume(u, now);
        }
    }

    /**
     * Resolves the outstanding request as an error and closes the connection; the caller decides
     * what comes next.
     */
    private void fail(HttpConnection u, ErrorKind kind, long now) {
        u.close();
        outstanding--;
        tally.failed(u.measured, u.op, kind, now);
        u.state = HttpConnection.IDLE;
    }

    @Override
    public final void arm(HttpConnection u, long deadline) {
        u.deadline = deadline;
        if (deadline - nextSweep < 0) {
            nextSweep = deadline;
        }
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
                        timingOut(u, now);
                        fail(u, ErrorKind.TIMEOUT, now);
                        if (now - lastSignOfLife > SILENCE_TIMEOUTS * timeoutNanos) {
                            // connections are accepted but nothing answers: end the run rather
                            // than spend every remaining request on a timeout
                            stopSilent();
                            return;
                        }
                        resume(u, now);
                    } else {
                        arm(u, u.deadline);
                    }
                    break;
                case HttpConnection.CONNECTING:
                    if (now - u.deadline >= 0) {
                        connectFailed(
                                u,
                                u.handshaking ? ErrorKind.TLS : ErrorKind.CONNECT,
                                (u.handshaking
                                                ? "TLS handshake timed out after "
                                                : "connect timed out after ")
                                        + Durations.human(plan.requestTimeout()));
                    } else {
                        arm(u, u.deadline);
                    }
                    break;
                case HttpConnection.BACKOFF:
                    if (now - u.deadline >= 0) {
                        resume(u, now);
                    } else {
                        arm(u, u.deadline);
                    }
                    break;
                default:
                    break;
            }
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
     * The operation of request {@code seq}: the only one without a mix, no division on that path.
     */
    final int opAt(long seq) {
        return cycle.length == 1 ? 0 : cycle[(int) (seq % cycle.length)];
    }

    // ------------------------------------------------------------ the end of a run

    /** Takes {@code u} out of the run: closed, and no more requests. */
    void retire(HttpConnection u) {
        u.close();
        if (u.state != HttpConnection.DONE) {
            u.state = HttpConnection.DONE;
            retired++;
        }
    }

    /**
     * Ends the run: requests not yet sent stay unsent; outstanding ones are abandoned and taken out
     * of the attempted count, since their outcome is unknown.
     *
     * @return the number of requests never sent and the number abandoned in flight, as {@link
     *     #left(long, long)} counts them
     */
    final long[] stop() {
        stopping = true;
        long connecting = 0;
        long inFlight = 0;
        for (HttpConnection u : conns) {
            if (u.hasOutstandingRequest()) {
                if (u.state == HttpConnection.CONNECTING) {
                    connecting++;
                } else {
                    inFlight++;
                }
                if (u.measured) {
                    tally.unattempt(u.op);
                }
                outstanding--;
            }
            retire(u);
        }
        return left(connecting, inFlight);
    }

    private void stopSilent() {
        tally.abortReason =
                "target silent: no response from "
                        + plan.host()
                        + ":"
                        + plan.port()
                        + " for more than "
                        + SILENCE_TIMEOUTS
                        + " request timeouts of "
                        + Durations.human(plan.requestTimeout())
                        + lossTail(stop());
    }

    /** The abort reason's end: {@code with N requests not sent[, M in flight abandoned]}. */
    static String with(long[] left) {
        return " with " + unsent(left);
    }

    /** {@code N requests not sent[, M in flight abandoned]}. */
    static String unsent(long[] left) {
        return left[0]
                + " requests not sent"
                + (left[1] > 0 ? ", " + left[1] + " in flight abandoned" : "");
    }

    private void closeAll() {
        if (conns != null) {
            for (HttpConnection u : conns) {
                if (u != null) {
                    u.close();
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
}
