package io.gonogo.core;

/**
 * gonogo itself failed and no decision could be made (not a failing suite, which is evidence). Exit
 * 4.
 */
public class ExecutionException extends GonogoException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with what failed and why.
     *
     * @param message what failed, in one sentence for the user
     * @param cause the underlying failure, kept for the stack trace; may be null
     */
    public ExecutionException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Creates the exception with what failed.
     *
     * @param message what failed, in one sentence for the user
     */
    public ExecutionException(String message) {
        super(message, null);
    }

    @Override
    public int exitCode() {
        return ExitCode.NO_DECISION;
    }
}
