package io.gonogo.runners.spi;

import java.time.Duration;

/**
 * Process faults on a service under test that gonogo started (the embedded governance server, a
 * {@code command} SUT): kill, freeze, thaw, stop and start it again on the same data. After a start
 * the service may listen on other ports: {@link Sut#endpoint()} and {@link Sut#process()} then
 * describe the new process, and the token stays the same.
 *
 * <p>Thread-safe; methods block until the process has reacted (exited, stopped, reported ready).
 */
public interface SutControl {

    /**
     * The current process.
     *
     * @return the process the service now runs in; another one after a start
     */
    ProcessHandle currentProcess();

    /**
     * Whether the current process is alive (a frozen process is alive).
     *
     * @return true while the process has not exited
     */
    boolean alive();

    /**
     * Sends SIGKILL and waits for the process to exit.
     *
     * @throws Exception when the signal cannot be sent or the process does not exit
     * @throws java.io.IOException when it did not exit within 10 s
     */
    void kill() throws Exception;

    /**
     * Freezes the process with SIGSTOP, as in a long GC pause; its sockets stay open.
     *
     * @throws Exception when the signal cannot be sent
     */
    void pause() throws Exception;

    /**
     * Thaws a frozen process with SIGCONT.
     *
     * @throws Exception when the signal cannot be sent
     */
    void resume() throws Exception;

    /**
     * Stops the process gracefully (the way gonogo stops it at the end of a run) and waits up to
     * {@code timeout} for it to exit, then kills it.
     *
     * @param timeout how long to wait before killing it
     * @throws Exception when it cannot be stopped
     */
    void stop(Duration timeout) throws Exception;

    /**
     * Starts the service again on the same data after it was killed or stopped (a no-op when it is
     * alive) and waits until it reports ready.
     *
     * @return where it now listens
     * @throws Exception when it cannot be started or does not report ready in time
     */
    SutEndpoint start() throws Exception;
}
