package io.gonogo.runners.load;

/**
 * The workload model of a load run (and of a chaos scenario's workload): how the generator decides
 * when the next request leaves.
 *
 * <p>{@link #toString()} is the {@link #label()}, so a model prints as {@code closed} or {@code
 * open}, as the summary and the {@code model} label of measurements write it.
 */
public enum LoadModel {
    /**
     * Each virtual user sends its next request when the previous one is resolved; latency runs from
     * the actual send.
     */
    CLOSED("closed"),
    /**
     * Requests leave on a schedule at a given rate, whatever the service's pace; latency runs from
     * each request's intended send time (coordinated omission corrected).
     */
    OPEN("open");

    private final String label;

    LoadModel(String label) {
        this.label = label;
    }

    /**
     * The model of a workload with this arrival rate per second: open above 0, else closed.
     *
     * @param ratePerSecond the scenario's arrival rate, 0 when it has none
     * @return {@link #OPEN} for a positive rate, {@link #CLOSED} otherwise
     */
    public static LoadModel ofRate(double ratePerSecond) {
        return ratePerSecond > 0 ? OPEN : CLOSED;
    }

    /**
     * Returns the model's lower-case name, as results and measurements label it.
     *
     * @return {@code closed} or {@code open}
     */
    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }
}
