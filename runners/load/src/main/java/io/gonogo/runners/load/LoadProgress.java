package io.gonogo.runners.load;

import java.time.Duration;
import java.util.Objects;

/**
 * A snapshot of a running load, handed to a {@link ProgressListener} about once per second.
 *
 * @param elapsed time since the run started, warm-up included
 * @param completed requests resolved so far in the current phase (warm-up requests while {@code
 *     warmup} is true, measured requests afterwards), answered or failed
 * @param errors requests of the current phase that ended in an {@link ErrorKind}
 * @param currentRatePerSecond requests resolved per second since the previous snapshot
 * @param warmup whether the run is still in its warm-up phase
 */
public record LoadProgress(
        Duration elapsed,
        long completed,
        long errors,
        double currentRatePerSecond,
        boolean warmup) {

    /**
     * Checks that the elapsed time is present.
     *
     * @param elapsed time since the run started, warm-up included
     * @param completed requests resolved so far in the current phase (warm-up requests while {@code
     *     warmup} is true, measured requests afterwards), answered or failed
     * @param errors requests of the current phase that ended in an {@link ErrorKind}
     * @param currentRatePerSecond requests resolved per second since the previous snapshot
     * @param warmup whether the run is still in its warm-up phase
     */
    public LoadProgress {
        Objects.requireNonNull(elapsed, "elapsed");
    }
}
