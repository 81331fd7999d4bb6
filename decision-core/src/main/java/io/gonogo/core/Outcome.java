package io.gonogo.core;

/** The decision on a release. */
public enum Outcome {
    /** Ship. */
    GO,
    /** Ship, with written conditions that have owners and due dates. */
    GO_WITH_CONDITIONS,
    /** Do not ship. */
    NO_GO;

    /**
     * The outcome as people write it: {@code GO}, {@code GO WITH CONDITIONS}, {@code NO-GO}.
     *
     * @return the title used in the documents and the summary line
     */
    public String title() {
        return switch (this) {
            case GO -> "GO";
            case GO_WITH_CONDITIONS -> "GO WITH CONDITIONS";
            case NO_GO -> "NO-GO";
        };
    }
}
