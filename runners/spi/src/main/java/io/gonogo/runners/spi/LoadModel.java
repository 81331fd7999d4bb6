package io.gonogo.runners.spi;

/**
 * How a workload paces its requests (load and chaos scenarios); the {@code model} label of their
 * figures.
 */
public enum LoadModel {
    /** Closed model: each connection sends its next request when the previous one answered. */
    CLOSED("closed"),
    /** Open model: requests arrive on a schedule ({@code rate}), answered or not. */
    OPEN("open");

    private final String label;

    LoadModel(String label) {
        this.label = label;
    }

    /** The model of a workload with this arrival rate per second: open above 0, else closed. */
    public static LoadModel ofRate(double ratePerSecond) {
        return ratePerSecond > 0 ? OPEN : CLOSED;
    }

    /** The value of the {@code model} label. */
    public String label() {
        return label;
    }
}
