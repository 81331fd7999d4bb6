package io.gonogo.core;

/** A reason to trust a measurement less than its number suggests. */
public enum Quality {
    /** Too few samples support a percentile (p needs at least 10 / (1 - p) samples). */
    LOW_SAMPLES,
    /** The load generator, not the service, was the bottleneck. */
    GENERATOR_BOUND,
    /** Warm-up samples are included in the figure. */
    WARM_UP_INCLUDED,
    /** The run ended early; the figure covers only part of what was planned. */
    PARTIAL
}
