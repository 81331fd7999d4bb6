package io.gonogo.runners.load.suite;

/** How a load scenario paces its requests; the {@code model} label of its figures. */
enum LoadModel {
    /** Closed model: each connection sends its next request when the previous one answered. */
    CLOSED("closed"),
    /**
     * Open model: requests arrive on a schedule ({@code rate}, {@code ramp-to}), answered or not.
     */
    OPEN("open");

    private final String label;

    LoadModel(String label) {
        this.label = label;
    }

    /** The value of the {@code model} label. */
    String label() {
        return label;
    }
}
