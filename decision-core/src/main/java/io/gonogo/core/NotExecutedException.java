package io.gonogo.core;

/**
 * Thrown by a scenario that could not run: its fault proxy or service could not start, the service
 * lacks what it needs (a gRPC address, a process gonogo controls), or its benchmark produced no
 * result. The evidence records such a scenario as {@link TestStatus#NOT_EXECUTED} with this
 * message, rather than as a scenario that ran and failed; either way its targets are NOT MEASURED
 * and a required suite with it cannot pass.
 */
public final class NotExecutedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Why the scenario could not run.
     *
     * @param why the reason, in one sentence; it becomes the outcome's message
     */
    public NotExecutedException(String why) {
        super(why);
    }

    /**
     * Why the scenario could not run, and what stopped it.
     *
     * @param why the reason, in one sentence; it becomes the outcome's message
     * @param cause what stopped it, such as the proxy's bind failure
     */
    public NotExecutedException(String why, Throwable cause) {
        super(why, cause);
    }

    /**
     * The first {@code NotExecutedException} in {@code t}'s chain of causes, or null.
     *
     * @param t a failure, such as a scenario's, wrapped or not
     * @return {@code t} itself or its nearest cause of this type; null when there is none
     */
    public static NotExecutedException in(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof NotExecutedException n) {
                return n;
            }
        }
        return null;
    }
}
