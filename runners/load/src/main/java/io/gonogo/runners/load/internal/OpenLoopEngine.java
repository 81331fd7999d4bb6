package io.gonogo.runners.load.internal;

import io.gonogo.runners.load.ErrorKind;
import io.gonogo.runners.load.LoadProgress;
import io.gonogo.runners.load.LoadResult;
import io.gonogo.runners.load.ProgressListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * One open-model run on the calling thread: requests leave on a fixed schedule at a constant
 * rate, over a pool of keep-alive connections driven by one selector.
 *
 * <p>Request {@code i} is intended to leave at {@code start + i / rate}. It takes the first free
 * connection at or after that time (opening it when it has none); when every connection is busy
 * it waits, and its wait counts in its latency, which runs from the intended send time to the
 * last byte of the response (coordinated omission corrected). A request still waiting for a
 * connection one request timeout after its intended time is given up unsent as a
 * {@link ErrorKind#TIMEOUT}; a sent request not answered within the request timeout is a
 * {@link ErrorKind#TIMEOUT} too. Both are also recorded in the latency histogram at the time
 * they were given up (intended send to deadline), so a stall cannot hide. The send-lag
 * histogram records, per measured request that found a connection, how late the generator
 * sent it: from the later of its intended time and the moment its connection became free to
 * the actual send (or connect) start.
 *
 * <p>Warm-up requests come first on the same schedule and are excluded from every figure.
 */
public final class OpenLoopEngine implements HttpConnection.Owner {

    private static final int SILENCE_TIMEOUTS = 3;
    private static final long BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long PROGRESS_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long FAR_FUTURE = Long.MAX_VALUE / 4;
    private static final int READ_BUFFER_BYTES = 64 * 1024;
    private static final int HTTP_4XX = ErrorKind.HTTP_4XX.ordinal();
    private static final int HTTP_5XX = ErrorKind.HTTP_5XX.ordinal();
    private static final int TIMEOUT = ErrorKind.TIMEOUT.ordinal();

    private final LoadPlan plan;
    private final long warmup;
    private final long total;
    private final double intervalNanos;
    private final long timeoutNanos;
    private final long maxNanos;
    private final int successFrom;
    private final int successTo;
    private final boolean headRequest;
    private final long highestMicros;
    private final Histogram latency;
    private final Histogram connectTime;
    private final Histogram sendLag;
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_BYTES);
    private final byte[] readBytes = new byte[READ_BUFFER_BYTES];
    private final Consumer<SelectionKey> onReady = this::onReady;
    private final long[] errors = new long[ErrorKind.values().length];

    private Selector selector;
    private InetSocketAddress address;
    private HttpConnection[] conns;
    private int[] free;
    private int freeCount;
    private boolean started;

    private long runStart;
    private long scheduleStart;
    private long nextIndex;
    private int busy;
    private long warmupResolved;
    private long warmupErrors;
    private long measuredResolved;
    private long attempted;
    private long answered;
    private long succeeded;
    private long connectionsOpened;
    private long firstMeasuredIntended = -1;
    private long lastMeasuredEnd = -1;
    private long nextSweep = FAR_FUTURE;
    private long nextProgress = FAR_FUTURE;
    private long lastProgressNanos;
    private long lastProgressResolved;
    private int connectFailuresBeforeAny;
    private boolean anyConnected;
    private boolean anyResponse;
    private long lastSignOfLife;
    private boolean stopping;
    private String abortReason;

    /**
     * Prepares a run of the plan, which must have a rate and a duration.
     *
     * @param plan the validated settings
     */
    public OpenLoopEngine(LoadPlan plan) {
        this.plan = plan;
        double rate = plan.ratePerSecond();
        Duration duration = plan.duration().orElseThrow();
        this.warmup = plan.warmupRequests();
        long measured = Math.max(1, (long) Math.floor(rate * (duration.toNanos() / 1e9)));
        this.total = measured + warmup;
        this.intervalNanos = 1e9 / rate;
        this.timeoutNanos = ClosedLoopEngine.saturatedNanos(plan.requestTimeout());
        this.maxNanos = ClosedLoopEngine.saturatedNanos(plan.maxDuration());
        this.successFrom = plan.successFrom();
        this.successTo = plan.successTo();
        this.headRequest = plan.headRequest();
        this.highestMicros = Math.max(TimeUnit.HOURS.toMicros(1), Math.min(timeoutNanos / 1000 * 2 + 1, FAR_FUTURE / 1000));
        this.latency = new Histogram(1, highestMicros, 3);
        this.connectTime = new Histogram(1, highestMicros, 3);
        this.sendLag = new Histogram(1, highestMicros, 3);
    }

    /**
     * Runs the schedule on the calling thread until every request is resolved or the run stops.
     *
     * @return the figures of the run
     * @throws IllegalStateException if called a second time
     * @throws UncheckedIOException if the selector cannot be opened or fails
     */
    public LoadResult run() {
        if (started) {
            throw new IllegalStateException("an engine runs once; build a new one per run");
        }
        started = true;
        Instant startedAt = Instant.now();
        runStart = System.nanoTime();
        lastSignOfLife = runStart;
        address = new InetSocketAddress(plan.host(), plan.port());
        if (address.isUnresolved()) {
            abortReason = "target unreachable: cannot resolve host " + plan.host() + " (" + total
                    + " requests not sent)";
            return result(startedAt);
        }
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
        ByteBuffer template = ByteBuffer.allocateDirect(plan.request().length);
        template.put(plan.request()).flip();
        conns = new HttpConnection[plan.concurrency()];
        ByteBuffer[] templates = {template};
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
        return result(startedAt);
    }

    private long intended(long index) {
        return scheduleStart + (long) (index * intervalNanos);
    }

    private void loop() throws IOException {
        long hardStop = runStart + maxNanos;
        long now = System.nanoTime();
        scheduleStart = now;
        lastProgressNanos = now;
        if (plan.progressListener().isPresent()) {
            nextProgress = now + PROGRESS_NANOS;
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
                abortReason = "max duration " + Durations.human(plan.maxDuration()) + " reached" + left(left);
                break;
            }
            if (Thread.currentThread().isInterrupted()) {
                abortReason = "interrupted" + left(stop());
                break;
            }
            if (nextIndex >= total && busy == 0) {
                break;
            }
            long wake = Math.min(nextSweep, Math.min(nextProgress, hardStop));
            if (nextIndex < total) {
                long due = intended(nextIndex);
                wake = Math.min(wake, freeCount > 0 ? due : due + timeoutNanos);
            }
            long waitMillis = (wake - now) / 1_000_000;
            if (waitMillis <= 0) {
                selector.selectNow(onReady);
            } else {
                selector.select(onReady, waitMillis);
            }
        }
    }

    /** Sends every request that is due on a free connection, and gives up those that waited too long. */
    private void dispatch(long now) {
        while (!stopping && nextIndex < total) {
            long t = intended(nextIndex);
            if (t - now > 0) {
                return;
            }
            if (now - t >= timeoutNanos) {
                expireUnsent(nextIndex++, t, now);
                continue;
            }
            if (freeCount == 0) {
                return;
            }
            HttpConnection u = conns[free[--freeCount]];
            long index = nextIndex++;
            u.intendedNanos = t;
            u.measured = index >= warmup;
            busy++;
            if (u.measured) {
                attempted++;
                if (firstMeasuredIntended < 0) {
                    firstMeasuredIntended = t;
                }
                long ready = Math.max(t, u.freeSince);
                sendLag.recordValue(Math.min(Math.max(0, (now - ready) / 1000), highestMicros));
            }
            if (u.channel == null) {
                connect(u);
            } else {
                send(u);
            }
        }
    }

    /** A request that found no free connection within the request timeout: a timeout, never sent. */
    private void expireUnsent(long index, long intended, long now) {
        if (index >= warmup) {
            attempted++;
            if (firstMeasuredIntended < 0) {
                firstMeasuredIntended = intended;
            }
            errors[TIMEOUT]++;
            latency.recordValue(micros(timeoutNanos));
            measuredResolved++;
            lastMeasuredEnd = now;
        } else {
            warmupResolved++;
            warmupErrors++;
        }
    }

    private void release(HttpConnection u, long now) {
        u.state = HttpConnection.IDLE;
        u.freeSince = now;
        free[freeCount++] = u.id;
    }

    private void onReady(SelectionKey key) {
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
            connectTime.recordValue(micros(now - u.connectNanos));
            connectionsOpened++;
        }
        send(u);
    }

    @Override
    public void connectFailed(HttpConnection u, String why) {
        long now = System.nanoTime();
        fail(u, ErrorKind.CONNECT, now);
        if (!anyConnected && ++connectFailuresBeforeAny >= Math.min(conns.length, total)) {
            abortReason = "target unreachable: " + why + " to " + plan.host() + ":" + plan.port()
                    + " (the first " + connectFailuresBeforeAny + " connect attempts all failed"
                    + left(stop()) + ")";
            return;
        }
        if (!stopping && now - lastSignOfLife > timeoutNanos) {
            abortReason = "target lost: only refused connections (" + why + ") to " + plan.host() + ":"
                    + plan.port() + " for longer than the request timeout of "
                    + Durations.human(plan.requestTimeout()) + left(stop());
            return;
        }
        if (stopping) {
            return;
        }
        u.state = HttpConnection.BACKOFF;
        arm(u, now + BACKOFF_NANOS);
    }

    private void send(HttpConnection u) {
        u.send(0, headRequest);
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
        int status = u.parser.status();
        boolean ok = status >= successFrom && status <= successTo;
        if (u.measured) {
            answered++;
            latency.recordValue(micros(now - u.intendedNanos));
            if (ok) {
                succeeded++;
            } else if (status >= 400 && status < 500) {
                errors[HTTP_4XX]++;
            } else if (status >= 500) {
                errors[HTTP_5XX]++;
            }
            measuredResolved++;
            lastMeasuredEnd = now;
        } else {
            warmupResolved++;
            if (!ok && status >= 400) {
                warmupErrors++;
            }
        }
        release(u, now);
    }

    /** Resolves the outstanding request as an error and closes the connection; the caller decides what comes next. */
    private void fail(HttpConnection u, ErrorKind kind, long now) {
        closeChannel(u);
        busy--;
        if (u.measured) {
            errors[kind.ordinal()]++;
            measuredResolved++;
            lastMeasuredEnd = now;
        } else {
            warmupResolved++;
            warmupErrors++;
        }
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
                            latency.recordValue(micros(u.deadline - u.intendedNanos));
                        }
                        fail(u, ErrorKind.TIMEOUT, now);
                        release(u, now);
                        if (now - lastSignOfLife > SILENCE_TIMEOUTS * timeoutNanos) {
                            abortReason = "target silent: no response from " + plan.host() + ":" + plan.port()
                                    + " for more than " + SILENCE_TIMEOUTS + " request timeouts of "
                                    + Durations.human(plan.requestTimeout()) + left(stop());
                            return;
                        }
                    } else {
                        arm(u, u.deadline);
                    }
                    break;
                case HttpConnection.CONNECTING:
                    if (now - u.deadline >= 0) {
                        connectFailed(u, "connect timed out after " + Durations.human(plan.requestTimeout()));
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
        nextProgress = now + PROGRESS_NANOS;
        Optional<ProgressListener> listener = plan.progressListener();
        if (listener.isEmpty()) {
            return;
        }
        boolean inWarmup = warmupResolved < warmup;
        long resolved = warmupResolved + measuredResolved;
        double seconds = (now - lastProgressNanos) / 1e9;
        double rate = seconds > 0 ? (resolved - lastProgressResolved) / seconds : 0.0;
        lastProgressNanos = now;
        lastProgressResolved = resolved;
        long measuredErrors = 0;
        for (long e : errors) {
            measuredErrors += e;
        }
        listener.get().onProgress(new LoadProgress(Duration.ofNanos(now - runStart),
                inWarmup ? warmupResolved : measuredResolved, inWarmup ? warmupErrors : measuredErrors, rate, inWarmup));
    }

    /**
     * Ends the run: requests not yet sent stay unsent; outstanding ones are abandoned and taken
     * out of the attempted count, since their outcome is unknown.
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
                    attempted--;
                }
                busy--;
            }
            closeChannel(u);
            u.state = HttpConnection.DONE;
        }
        return new long[] {total - nextIndex, abandoned};
    }

    private static String left(long[] left) {
        return " with " + left[0] + " requests not sent" + (left[1] > 0 ? ", " + left[1] + " in flight abandoned" : "");
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

    private LoadResult result(Instant startedAt) {
        Instant endedAt = Instant.now();
        Duration window = firstMeasuredIntended >= 0 && lastMeasuredEnd - firstMeasuredIntended >= 0
                ? Duration.ofNanos(lastMeasuredEnd - firstMeasuredIntended) : Duration.ZERO;
        Map<ErrorKind, Long> byKind = new EnumMap<>(ErrorKind.class);
        for (ErrorKind kind : ErrorKind.values()) {
            byKind.put(kind, errors[kind.ordinal()]);
        }
        return new LoadResult(latency, connectTime, attempted, answered, succeeded, byKind, window, startedAt, endedAt,
                connectionsOpened, Optional.ofNullable(abortReason), "open", sendLag);
    }

    private long micros(long nanos) {
        long us = nanos / 1000;
        if (us < 1) {
            return 1;
        }
        return Math.min(us, highestMicros);
    }
}
