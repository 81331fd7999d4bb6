package io.gonogo.runners.memory.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Operations completed so far, and whether the workload has left its warm-up; shared with the
 * sampling thread.
 */
final class OpsCounter {
    private final AtomicLong measured = new AtomicLong();
    private volatile boolean measuring;

    /** Marks the end of the warm-up. */
    void startMeasuring() {
        measuring = true;
    }

    /** Counts one completed operation. */
    void completed(boolean measuredOp) {
        if (measuredOp) {
            measured.incrementAndGet();
        }
    }

    /** Sets the measured count from an engine's progress snapshot. */
    void set(long completedMeasured) {
        measured.set(completedMeasured);
    }

    boolean measuring() {
        return measuring;
    }

    long measured() {
        return measured.get();
    }
}
