package io.gonogo.core;

/** Base of gonogo's exceptions; each maps to one process exit code in {@link ExitCode}. */
public abstract class GonogoException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message for the user.
     *
     * @param message what went wrong, in one line for the user
     * @param cause the underlying failure, or null
     */
    protected GonogoException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * The exit code the command line ends with for this exception.
     *
     * @return one of {@link ExitCode}'s codes, such as {@link ExitCode#INVALID_INPUT}
     */
    public abstract int exitCode();
}
