package io.gonogo.core;

/** Base of gonogo's exceptions; each maps to one process exit code in {@link ExitCode}. */
public abstract class GonogoException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message for the user. */
    protected GonogoException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The exit code the command line ends with for this exception. */
    public abstract int exitCode();
}
