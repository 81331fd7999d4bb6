package io.gonogo.runners.load;

/**
 * The limits on the load generator's own health beyond which a run's figures are flagged as
 * generator-bound ({@link LoadResult#generatorBound()}): the generator, not the service, may have
 * been the bottleneck, so its latencies and throughput describe the generator.
 *
 * @param maxGcPauseShare the share of the run's wall time the JVM may spend in GC pauses (0..1),
 *     taken over at least one second (a run shorter than that is judged as if it had lasted one
 *     second, so that one young collection cannot be 5% of a run of a few milliseconds); default
 *     0.05
 * @param maxGcPauseMillis the longest single GC pause allowed, in milliseconds; default 200
 * @param maxEngineBusyShare the share of the run each engine thread may spend working rather than
 *     waiting in its selector for the network, (0..1]; default 0.97 (a selector thread that never
 *     waits for the service is the bottleneck)
 * @param maxSendLagP99Micros open model: the 99th percentile of how late requests left against
 *     their schedule, in microseconds; default 10,000 (10 ms)
 */
public record GeneratorBounds(
        double maxGcPauseShare,
        long maxGcPauseMillis,
        double maxEngineBusyShare,
        long maxSendLagP99Micros) {

    /**
     * The defaults: 5% of the run in GC pauses, no pause over 200 ms, engine threads busy under 97%
     * of the run, send-lag p99 under 10 ms.
     */
    public static final GeneratorBounds DEFAULT = new GeneratorBounds(0.05, 200, 0.97, 10_000);

    /**
     * Checks the bounds.
     *
     * @param maxGcPauseShare share of wall time in GC pauses, 0..1
     * @param maxGcPauseMillis longest single pause, >= 0
     * @param maxEngineBusyShare share of the run an engine thread may be busy, above 0 and at most
     *     1
     * @param maxSendLagP99Micros send-lag p99, >= 0
     */
    public GeneratorBounds {
        if (!(maxGcPauseShare >= 0 && maxGcPauseShare <= 1)) {
            throw new IllegalArgumentException(
                    "maxGcPauseShare must be within 0..1, got " + maxGcPauseShare);
        }
        if (maxGcPauseMillis < 0) {
            throw new IllegalArgumentException(
                    "maxGcPauseMillis must be >= 0, got " + maxGcPauseMillis);
        }
        if (!(maxEngineBusyShare > 0 && maxEngineBusyShare <= 1)) {
            throw new IllegalArgumentException(
                    "maxEngineBusyShare must be above 0 and at most 1, got " + maxEngineBusyShare);
        }
        if (maxSendLagP99Micros < 0) {
            throw new IllegalArgumentException(
                    "maxSendLagP99Micros must be >= 0, got " + maxSendLagP99Micros);
        }
    }
}
