package io.gonogo.core;

/** How a test (a scenario, or a hand-written test) ended. */
public enum TestStatus {
    /** Ran and passed. */
    SUCCESSFUL,
    /** Ran and failed, or crashed. */
    FAILED,
    /** Started but was aborted (an assumption did not hold). */
    ABORTED,
    /** Skipped on purpose, with a reason. */
    SKIPPED,
    /** Planned or discovered, but never ran. */
    NOT_EXECUTED,
    /**
     * Planned, but left out of a partial run ({@code --select}); never a pass, and its targets are
     * NOT MEASURED, as for a scenario that did not run.
     */
    NOT_SELECTED;

    /**
     * How bad this status is for a release: 0 for SUCCESSFUL, higher is worse.
     *
     * @return 0 SUCCESSFUL, 1 SKIPPED, 2 ABORTED, 3 NOT EXECUTED or NOT SELECTED, 4 FAILED
     */
    public int severity() {
        return switch (this) {
            case SUCCESSFUL -> 0;
            case SKIPPED -> 1;
            case ABORTED -> 2;
            case NOT_EXECUTED, NOT_SELECTED -> 3;
            case FAILED -> 4;
        };
    }

    /**
     * Whether the test ran to a successful end.
     *
     * @return true for SUCCESSFUL only
     */
    public boolean passed() {
        return this == SUCCESSFUL;
    }

    /**
     * Whether the test never ran: skipped, not executed or not selected.
     *
     * @return true for SKIPPED, NOT EXECUTED and NOT SELECTED
     */
    public boolean notRun() {
        return this == SKIPPED || this == NOT_EXECUTED || this == NOT_SELECTED;
    }
}
