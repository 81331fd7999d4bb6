package io.gonogo.core;

/** The process exit codes of the gonogo command line, in one place. */
public final class ExitCode {
    /** GO, or GO WITH CONDITIONS without {@code --strict}; {@code check} found no error. */
    public static final int GO = 0;

    /** NO-GO: the release may not ship. */
    public static final int NO_GO = 1;

    /** Invalid input or usage: a targets file, a result file or an argument is wrong. */
    public static final int INVALID_INPUT = 2;

    /** GO WITH CONDITIONS under {@code --strict}. */
    public static final int CONDITIONAL_STRICT = 3;

    /** No decision could be made: gonogo itself failed. */
    public static final int NO_DECISION = 4;

    private ExitCode() {}

    /**
     * The exit code for a decision's outcome.
     *
     * @param outcome the decision's outcome
     * @param strict whether GO WITH CONDITIONS fails the pipeline ({@code --strict})
     * @return {@link #GO}, {@link #NO_GO} or {@link #CONDITIONAL_STRICT}
     */
    public static int of(Outcome outcome, boolean strict) {
        return switch (outcome) {
            case GO -> GO;
            case GO_WITH_CONDITIONS -> strict ? CONDITIONAL_STRICT : GO;
            case NO_GO -> NO_GO;
        };
    }
}
