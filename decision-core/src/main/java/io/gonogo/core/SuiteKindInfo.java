package io.gonogo.core;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a suite kind declares about itself for the decision and the documents: its id, the title of
 * its section, how the documents present its evidence, and the metrics it publishes. Stored with
 * the plan in {@code decision.json}, so the documents present a kind they were never written for
 * and name no kind themselves.
 *
 * <pre>{@code
 * new SuiteKindInfo("queue", "Queue drain", Presentation.METRICS_TABLE,
 *         List.of(new MetricInfo("queue_depth", MetricInfo.Better.LOWER, "Queue depth")));
 * }</pre>
 *
 * @param id the kind's id, as the targets file names it under {@code suites} (e.g. {@code load})
 * @param title the title of its section in the documents, e.g. {@code Load}
 * @param presentation how the documents present its evidence
 * @param metrics the metrics it publishes, in the order documents show them
 */
public record SuiteKindInfo(
        String id, String title, Presentation presentation, List<MetricInfo> metrics) {

    /**
     * Checks and copies.
     *
     * @param id the kind's id, as the targets file names it under {@code suites} (e.g. {@code
     *     load})
     * @param title the title of its section in the documents, e.g. {@code Load}
     * @param presentation how the documents present its evidence
     * @param metrics the metrics it publishes, in the order documents show them
     */
    public SuiteKindInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(presentation, "presentation");
        metrics = List.copyOf(metrics);
        if (id.isBlank()) {
            throw new IllegalArgumentException("a suite kind needs an id");
        }
    }

    /**
     * The declaration of {@code metric}, if this kind declares it.
     *
     * @param metric the metric's name, such as {@code latency}
     * @return the metric's declaration, or empty
     */
    public Optional<MetricInfo> metric(String metric) {
        return metrics.stream().filter(m -> m.name().equals(metric)).findFirst();
    }

    /**
     * How the documents present a kind's evidence. A kind picks the presentation whose figures it
     * publishes; the documents know presentations, never kind names.
     */
    public enum Presentation {
        /**
         * Requests against the service: the load table (latency percentiles, throughput, success
         * rate, generator health), the latency charts and the load rows of the comparison matrix.
         */
        REQUEST_LOAD,
        /**
         * Resource use over time: the memory findings (heap and resource trends with their slopes,
         * JFR summaries, flame graphs) and their charts.
         */
        RESOURCE_TREND,
        /**
         * Faults injected while a workload runs: the resilience findings (before, during and after
         * the fault, recovery, acknowledged writes) and their charts.
         */
        FAULT_INJECTION,
        /** Benchmark scores with their intervals: the benchmark rows of the comparison matrix. */
        MICROBENCHMARK,
        /**
         * Any other kind: a section of its own listing its scenarios, how each ended, and the
         * figures of the metrics it declares.
         */
        METRICS_TABLE
    }
}
