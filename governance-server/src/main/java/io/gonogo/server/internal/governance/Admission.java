package io.gonogo.server.internal.governance;

import io.gonogo.server.internal.governance.GovernanceException.Kind;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Runs blocking work off the event loops, admitting at most {@code maxInFlight} tasks at once
 * (running or queued); a task past the bound fails at once with RESOURCE_EXHAUSTED, so the server
 * answers 503 quickly instead of queueing without bound.
 *
 * <p>Thread-safe.
 */
public final class Admission {

    private final Semaphore permits;
    private final int maxInFlight;
    private final ThreadPoolExecutor workers;
    private final LongAdder rejected = new LongAdder();

    public Admission(int workerThreads, int maxInFlight) {
        this.maxInFlight = maxInFlight;
        this.permits = new Semaphore(maxInFlight);
        AtomicInteger n = new AtomicInteger();
        // The queue is bounded in effect by the permits.
        this.workers =
                new ThreadPoolExecutor(
                        workerThreads,
                        workerThreads,
                        0,
                        TimeUnit.SECONDS,
                        new LinkedBlockingQueue<>(),
                        r -> {
                            Thread t =
                                    new Thread(
                                            r, "gonogo-governance-worker-" + n.incrementAndGet());
                            t.setDaemon(true);
                            return t;
                        });
    }

    /** Runs {@code task} on a worker if admitted; the future fails with a GovernanceException. */
    public <T> CompletableFuture<T> submit(Callable<T> task) {
        if (!permits.tryAcquire()) {
            rejected.increment();
            return CompletableFuture.failedFuture(
                    new GovernanceException(
                            Kind.RESOURCE_EXHAUSTED,
                            "server overloaded: more than "
                                    + maxInFlight
                                    + " requests in flight; retry later"));
        }
        CompletableFuture<T> future = new CompletableFuture<>();
        try {
            workers.execute(
                    () -> {
                        try {
                            future.complete(task.call());
                        } catch (Throwable e) {
                            future.completeExceptionally(e);
                        } finally {
                            permits.release();
                        }
                    });
        } catch (RejectedExecutionException e) {
            permits.release();
            future.completeExceptionally(
                    new GovernanceException(Kind.UNAVAILABLE, "server is stopping"));
        }
        return future;
    }

    /** Returns how many tasks are admitted and not yet finished. */
    public int inFlight() {
        return maxInFlight - permits.availablePermits();
    }

    /** Returns how many tasks were refused since start. */
    public long rejected() {
        return rejected.sum();
    }

    public int maxInFlight() {
        return maxInFlight;
    }

    /** Stops admitting work and waits for admitted work to finish. */
    public void shutdown(long timeoutMillis) {
        workers.shutdown();
        try {
            if (!workers.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
