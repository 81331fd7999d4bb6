package io.gonogo.runners.spi;

import java.util.Optional;

/** A running service under test; closing it stops it if gonogo started it. */
public interface Sut extends AutoCloseable {

    /**
     * Where scenarios reach it.
     *
     * @return the current endpoint; after a restart, the new process's
     */
    SutEndpoint endpoint();

    /**
     * The service's operating-system process when gonogo started it (the embedded server, a {@code
     * command} SUT), for samplers that attach to it (JMX, /proc) and process faults; empty for a
     * service gonogo only reaches by URL.
     *
     * @return the process, or empty
     */
    default Optional<ProcessHandle> process() {
        return Optional.empty();
    }

    /**
     * Process faults (kill, freeze, restart) when gonogo started the service and can start it
     * again; empty for a service gonogo only reaches by URL.
     *
     * @return the control, or empty
     */
    default Optional<SutControl> control() {
        return Optional.empty();
    }

    /**
     * One line saying what it is, for progress output and the report, e.g. "embedded governance
     * server (pid 123)".
     *
     * @return the description, in one line
     */
    String description();

    /** Stops the service if gonogo started it; idempotent. */
    @Override
    void close();
}
