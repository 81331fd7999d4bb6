package io.gonogo.core;

/** A reason to trust a measurement less than its number suggests. */
public enum Quality {
    /**
     * Too little evidence supports the figure: fewer samples than its aggregation's floor (a
     * percentile p needs 10 / (1 - p), a min, max or mean 100), fewer attempts than a success rate
     * needs, or a throughput measured over less than a second.
     */
    LOW_SAMPLES,
    /** The load generator, not the service, was the bottleneck. */
    GENERATOR_BOUND,
    /** Warm-up samples are included in the figure: a figure that would pass is INCONCLUSIVE. */
    WARM_UP_INCLUDED,
    /** The run ended early; the figure covers only part of what was planned. */
    PARTIAL,
    /**
     * Merged from load shards whose starts lay further apart than the tolerance: the shards did not
     * offer their shares at the same time, so the figure may not describe the whole load.
     */
    SKEWED
}
