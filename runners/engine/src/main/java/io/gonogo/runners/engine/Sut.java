package io.gonogo.runners.engine;

/** A running service under test; closing it stops it if gonogo started it. */
public interface Sut extends AutoCloseable {

    /** Where scenarios reach it. */
    SutEndpoint endpoint();

    /** One line saying what it is, for progress output and the report, e.g. "embedded governance server (pid 123)". */
    String description();

    /** Stops the service if gonogo started it; idempotent. */
    @Override
    void close();
}
