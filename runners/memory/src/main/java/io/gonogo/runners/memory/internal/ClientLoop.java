package io.gonogo.runners.memory.internal;

import io.gonogo.runners.spi.GovernanceOperation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The memory suite's own closed-loop clients for patterns the keep-alive load engine does not
 * model: {@code open-close} (each operation opens a connection, sends one request with {@code
 * Connection: close}, reads the answer and closes) and {@code session-cycle} (each operation
 * creates a session with {@code POST /sessions} and closes it with {@code DELETE /sessions/{id}}
 * over a kept-alive connection). {@code concurrency} threads share a budget of {@code warmup +
 * requests} operations, or run until the deadline.
 */
final class ClientLoop {
    /** What the clients did in the measured part. */
    record Result(
            long attempted, long succeeded, long errors, Duration window, String firstError) {}

    private static final GovernanceOperation OPEN = GovernanceOperation.CREATE_SESSION;
    private static final GovernanceOperation CLOSE = GovernanceOperation.CLOSE_SESSION;

    private final MemoryClient mode;
    private final MiniHttp.Target base;
    private final String method;
    private final String path;
    private final String body;
    private final Map<String, String> headers;
    private final String token;
    private final int concurrency;
    private final long warmup;
    private final long requests;
    private final Duration duration;
    private final int timeoutMillis;

    ClientLoop(
            MemoryClient mode,
            MiniHttp.Target base,
            String method,
            String path,
            String body,
            Map<String, String> headers,
            String token,
            int concurrency,
            long warmup,
            long requests,
            Duration duration,
            Duration timeout) {
        this.mode = mode;
        this.base = base;
        this.method = method;
        this.path = path;
        this.body = body;
        this.headers = headers;
        this.token = token;
        this.concurrency = concurrency;
        this.warmup = warmup;
        this.requests = requests;
        this.duration = duration;
        this.timeoutMillis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    }

    Result run(OpsCounter counter) throws InterruptedException {
        AtomicLong issued = new AtomicLong();
        AtomicLong attempted = new AtomicLong();
        AtomicLong succeeded = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>("");
        long[] measuredStart = {0};
        long[] deadline = {Long.MAX_VALUE};
        Object lock = new Object();
        Runnable worker =
                () -> {
                    MiniHttp keep = null;
                    try {
                        while (true) {
                            long n = issued.getAndIncrement();
                            boolean measured = n >= warmup;
                            if (measured) {
                                synchronized (lock) {
                                    if (measuredStart[0] == 0) {
                                        measuredStart[0] = System.nanoTime();
                                        counter.startMeasuring();
                                        if (duration != null) {
                                            deadline[0] = measuredStart[0] + duration.toNanos();
                                        }
                                    }
                                }
                                if (duration == null
                                        ? n >= warmup + requests
                                        : System.nanoTime() >= deadline[0]) {
                                    break;
                                }
                            }
                            boolean ok;
                            try {
                                if (mode == MemoryClient.OPEN_CLOSE) {
                                    try (MiniHttp c = new MiniHttp(base, timeoutMillis)) {
                                        MiniHttp.Response r =
                                                c.exchange(method, path, auth(), body, true);
                                        ok = r.status() >= 200 && r.status() < 300;
                                    }
                                } else {
                                    if (keep == null) {
                                        keep = new MiniHttp(base, timeoutMillis);
                                    }
                                    MiniHttp.Response created =
                                            keep.exchange(
                                                    OPEN.httpMethod(),
                                                    OPEN.httpPath(),
                                                    auth(),
                                                    body == null
                                                            ? OPEN.body("memory").orElseThrow()
                                                            : body,
                                                    false);
                                    ok = created.status() == 201 || created.status() == 200;
                                    if (ok) {
                                        MiniHttp.Response closed =
                                                keep.exchange(
                                                        CLOSE.httpMethod(),
                                                        CLOSE.httpPath()
                                                                .replace(
                                                                        "{session}",
                                                                        MiniHttp.id(
                                                                                created.body())),
                                                        auth(),
                                                        null,
                                                        false);
                                        ok = closed.status() >= 200 && closed.status() < 300;
                                    }
                                    if (!ok) {
                                        firstError.compareAndSet(
                                                "",
                                                "HTTP " + created.status() + " " + created.body());
                                    }
                                }
                            } catch (Exception e) {
                                ok = false;
                                firstError.compareAndSet(
                                        "", e.getClass().getSimpleName() + ": " + e.getMessage());
                                if (keep != null) {
                                    try {
                                        keep.close();
                                    } catch (java.io.IOException ignored) {
                                        // already broken
                                    }
                                    keep = null;
                                }
                            }
                            if (measured) {
                                attempted.incrementAndGet();
                                (ok ? succeeded : errors).incrementAndGet();
                            }
                            counter.completed(measured);
                        }
                    } finally {
                        if (keep != null) {
                            try {
                                keep.close();
                            } catch (java.io.IOException ignored) {
                                // closing anyway
                            }
                        }
                    }
                };
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            Thread t = new Thread(worker, "gonogo-memory-client-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        long window = measuredStart[0] == 0 ? 0 : System.nanoTime() - measuredStart[0];
        return new Result(
                attempted.get(),
                succeeded.get(),
                errors.get(),
                Duration.ofNanos(window),
                firstError.get());
    }

    private Map<String, String> auth() {
        if (token.isEmpty() || !(mode == MemoryClient.SESSION_CYCLE || !method.equals("GET"))) {
            return headers;
        }
        Map<String, String> h = new java.util.LinkedHashMap<>(headers);
        h.put("Authorization", "Bearer " + token);
        return h;
    }
}
