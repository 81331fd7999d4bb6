package io.gonogo.runners.memory;

/** One quantity a {@link Sampler} reads from the service at each sample. */
public enum Gauge {
    /**
     * Live heap after GC, bytes: heap used right after a forced GC, else the old generation after
     * its last collection.
     */
    HEAP_LIVE("heap-live"),
    /** Heap used at the sample (before the forced GC, when one is forced), bytes. */
    HEAP_USED("heap-used"),
    /** Live threads. */
    THREADS("threads"),
    /** Peak live threads since the service started. */
    THREADS_PEAK("threads-peak"),
    /** Threads started since the service started. */
    THREADS_STARTED("threads-started"),
    /** Open file descriptors. */
    OPEN_FDS("open-fds"),
    /** Direct buffer pool used, bytes. */
    DIRECT_MEMORY("direct-memory"),
    /** Resident set size, bytes. */
    RSS("rss"),
    /** Garbage collections since the service started. */
    GC_COUNT("gc-count"),
    /** Cumulative GC time (pauses), milliseconds. */
    GC_PAUSE("gc-pause"),
    /**
     * Bytes allocated in the heap: JMX sums the live threads' allocation counters; Prometheus reads
     * a counter.
     */
    ALLOCATED("allocated");

    private final String key;

    Gauge(String key) {
        this.key = key;
    }

    /**
     * The name used in targets files ({@code metrics:} keys) and messages, e.g. {@code heap-live}.
     *
     * @return the key, lower case with {@code -}
     */
    public String key() {
        return key;
    }
}
