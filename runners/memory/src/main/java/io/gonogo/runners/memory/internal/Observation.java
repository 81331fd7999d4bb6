package io.gonogo.runners.memory.internal;

import io.gonogo.runners.memory.Sample;

/**
 * One sample placed in its scenario: the phase it was taken in and the operations completed by then
 * (measured operations, warm-up excluded; warm-up operations so far during the warm-up).
 */
record Observation(Sample sample, Phase phase, long operations) {

    /** When, relative to the workload, a sample was taken. */
    enum Phase {
        /** Before the workload's measured part: idle baseline or warm-up. */
        WARMUP,
        /** During the measured workload. */
        DURING,
        /** After the workload, during the linger. */
        LINGER
    }
}
