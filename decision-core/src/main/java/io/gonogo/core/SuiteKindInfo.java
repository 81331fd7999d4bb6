package io.gonogo.core;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a suite kind declares about itself for the decision and the documents: its id, the title of
 * its section, and the metrics it publishes. Stored with the plan in {@code decision.json}, so the
 * documents present a kind they were never written for.
 *
 * @param id the kind's id, as the targets file names it under {@code suites} (e.g. {@code load})
 * @param title the title of its section in the documents, e.g. {@code Load}
 * @param metrics the metrics it publishes, in the order documents show them
 */
public record SuiteKindInfo(String id, String title, List<MetricInfo> metrics) {

    /** Checks and copies. */
    public SuiteKindInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        metrics = List.copyOf(metrics);
    }

    /** The declaration of {@code metric}, if this kind declares it. */
    public Optional<MetricInfo> metric(String metric) {
        return metrics.stream().filter(m -> m.name().equals(metric)).findFirst();
    }
}
