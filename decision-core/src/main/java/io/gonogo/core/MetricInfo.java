package io.gonogo.core;

import java.util.Objects;

/**
 * What a suite kind says about one metric it publishes: its name, which way is better and how a
 * document names it. The decision compares a run with its baseline by this direction, and the
 * documents show a kind's figures by these titles, so a new kind needs no edit outside its module.
 *
 * <pre>{@code
 * new MetricInfo("queue_depth", MetricInfo.Better.LOWER, "Queue depth");
 * }</pre>
 *
 * @param name the metric's name, as its measurements carry it
 * @param better which way the figure is better
 * @param title how documents name it, e.g. {@code Heap growth}
 */
public record MetricInfo(String name, Better better, String title) {

    /**
     * Checks.
     *
     * @param name the metric's name, as its measurements carry it
     * @param better which way the figure is better
     * @param title how documents name it, e.g. {@code Heap growth}
     */
    public MetricInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(better, "better");
        Objects.requireNonNull(title, "title");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a metric needs a name");
        }
    }

    /** Which way a figure is better, for comparisons with a baseline. */
    public enum Better {
        /** A lower figure is better (latency, errors, growth, recovery time). */
        LOWER,
        /** A higher figure is better (throughput, success rate). */
        HIGHER,
        /** Neither: a move is reported as a change, never as better or worse. */
        NEITHER
    }
}
