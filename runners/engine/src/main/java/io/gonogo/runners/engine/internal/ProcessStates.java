package io.gonogo.runners.engine.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What the kernel says of a process's scheduling state, from {@code /proc/PID/stat} on Linux.
 *
 * <p>{@code kill -STOP} returns once the signal is sent, not once the process has stopped: until
 * the kernel has stopped every thread, a request can still be answered. A freeze that must hold
 * from the instant it is reported waits here for the state {@code T} (stopped).
 */
final class ProcessStates {

    private ProcessStates() {}

    /**
     * Waits until process {@code pid} is stopped, for at most {@code timeout}; returns at once
     * where {@code /proc} cannot tell (another system).
     *
     * @return whether it was seen stopped
     */
    static boolean awaitStopped(long pid, Duration timeout) throws InterruptedException {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            char state;
            try {
                state = state(Files.readString(stat, StandardCharsets.US_ASCII));
            } catch (IOException | RuntimeException e) {
                return false;
            }
            if (state == 'T' || state == 't') {
                return true;
            }
            if (System.nanoTime() - end >= 0) {
                return false;
            }
            Thread.sleep(1);
        }
    }

    /** The state letter of a {@code stat} line: the first field after the command's ")". */
    static char state(String statLine) {
        int close = statLine.lastIndexOf(')');
        return statLine.charAt(close + 2);
    }
}
