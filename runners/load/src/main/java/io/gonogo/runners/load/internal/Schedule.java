package io.gonogo.runners.load.internal;

/**
 * The open model's schedule: when each request of a run is intended to leave.
 *
 * <p>Warm-up requests {@code 0..warmup-1} leave at the constant starting rate {@code from}; the
 * measured requests then follow a rate that runs linearly from {@code from} to {@code to} over the
 * measured duration {@code T} (constant when they are equal). Measured request {@code m} leaves
 * when the expected number of arrivals {@code from*t + (to-from)*t^2/(2T)} reaches {@code m}, so
 * the schedule holds {@code floor((from+to)/2 * T)} measured requests (at least 1).
 */
final class Schedule {

    private final long warmup;
    private final double from;
    private final double slope;
    private final double warmupSeconds;
    private final long measured;

    /**
     * Builds a schedule.
     *
     * @param warmup warm-up requests, at the starting rate
     * @param from the starting rate per second, > 0
     * @param to the rate at the end of the duration per second, > 0
     * @param durationNanos the measured duration
     */
    Schedule(long warmup, double from, double to, long durationNanos) {
        double seconds = durationNanos / 1e9;
        this.warmup = warmup;
        this.from = from;
        this.slope = (to - from) / seconds;
        this.warmupSeconds = warmup / from;
        this.measured = Math.max(1, (long) Math.floor((from + to) / 2 * seconds));
    }

    /** The measured requests of the schedule. */
    long measured() {
        return measured;
    }

    /** Warm-up plus measured requests. */
    long total() {
        return warmup + measured;
    }

    /**
     * Returns when request {@code index} (warm-up first) is intended to leave, after the start.
     *
     * @param index the request's place in the whole schedule, from 0
     * @return nanoseconds after the schedule's start
     */
    long offsetNanos(long index) {
        if (index < warmup) {
            return (long) (index / from * 1e9);
        }
        double m = index - warmup;
        // the root of slope/2 t^2 + from t - m = 0, in the form that stays exact as slope -> 0
        double t = 2 * m / (from + Math.sqrt(Math.max(0, from * from + 2 * slope * m)));
        return (long) ((warmupSeconds + t) * 1e9);
    }
}
