package io.gonogo.runners.load;

import java.util.List;
import java.util.Objects;

/**
 * How the load generator itself fared during a run, and whether that makes the run's figures
 * untrustworthy (see {@link GeneratorBounds}).
 *
 * @param gcPauseMillis total GC pause time of the generator's JVM during the run, in milliseconds
 * @param longestGcPauseMillis the longest single GC pause during the run, in milliseconds
 * @param gcPauses the number of GC pauses during the run
 * @param engineBusyShare the busiest engine thread's share of its run spent working rather than
 *     waiting in its selector with nothing ready (0..1), or -1 when not measured
 * @param processCpuShare the generator process's CPU time over the run's wall time and the
 *     machine's cores (0..1), or -1 when unknown
 * @param sendLagP99Micros open model: the 99th percentile of the send lag, 0 for the closed model
 * @param cpuMicrosPerRequest the engine threads' CPU time per request they resolved, warm-up
 *     included, in microseconds: what one request costs the generator; -1 when not measured
 * @param reasons why the run counts as generator-bound, one sentence per bound exceeded; empty when
 *     the generator stayed within its bounds
 */
public record GeneratorHealth(
        double gcPauseMillis,
        double longestGcPauseMillis,
        long gcPauses,
        double engineBusyShare,
        double processCpuShare,
        long sendLagP99Micros,
        List<String> reasons,
        double cpuMicrosPerRequest) {

    /** A health with nothing measured and nothing exceeded, for results built without a watch. */
    public static final GeneratorHealth UNKNOWN =
            new GeneratorHealth(0, 0, 0, -1, -1, 0, List.of(), -1);

    /**
     * Copies the reasons.
     *
     * @param gcPauseMillis total GC pause time during the run, in milliseconds
     * @param longestGcPauseMillis the longest single GC pause, in milliseconds
     * @param gcPauses the number of GC pauses
     * @param engineBusyShare the busiest engine thread's busy share, or -1
     * @param processCpuShare the process's CPU share of the machine, or -1
     * @param sendLagP99Micros open model: p99 of the send lag
     * @param reasons why the run counts as generator-bound; empty when it does not
     * @param cpuMicrosPerRequest the engine threads' CPU time per request, or -1
     */
    public GeneratorHealth {
        reasons = List.copyOf(Objects.requireNonNull(reasons, "reasons"));
    }

    /**
     * Tells whether a bound was exceeded, so the generator may have been the bottleneck.
     *
     * @return true when {@link #reasons()} is not empty
     */
    public boolean generatorBound() {
        return !reasons.isEmpty();
    }
}
