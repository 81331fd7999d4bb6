package io.gonogo.runners.memory;

import java.io.IOException;
import java.util.Map;

/**
 * Reads a running service's memory, threads, descriptors and GC; one sampler per service and
 * scenario, used from one thread at a time.
 */
public interface Sampler extends AutoCloseable {

    /**
     * The evidence label of this source: {@code jmx}, {@code proc} or {@code prometheus}.
     *
     * @return the label
     */
    String source();

    /**
     * Takes one sample.
     *
     * @param forceGc whether to run a full GC in the service first (JMX only; other sources ignore
     *     it), so that {@link Gauge#HEAP_LIVE} is the heap used right after a collection
     * @return the sample, taken now, with the gauges the source could read
     * @throws IOException when the service cannot be read (gone, endpoint unreachable)
     */
    Sample sample(boolean forceGc) throws IOException;

    /**
     * Gauges this source cannot read, each with the reason (the missing metric name, the missing
     * file).
     *
     * @return the reasons by gauge; empty when the source reads every gauge
     */
    Map<Gauge, String> missing();

    /** Releases the connection to the service; the service keeps running. */
    @Override
    void close();
}
