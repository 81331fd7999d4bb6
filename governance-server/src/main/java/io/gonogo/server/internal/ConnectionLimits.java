package io.gonogo.server.internal;

/**
 * What one HTTP connection may hold and for how long.
 *
 * @param idleTimeoutNanos how long a connection may go with neither a request being read nor a
 *     response pending before it is closed; on an event stream, the interval of the heartbeat
 * @param requestTimeoutNanos how long a request may take to arrive in full, from its first byte;
 *     past it the answer is 408 and the connection is closed
 * @param maxPipelined how many requests a connection may have waiting for their answers; the
 *     requests past it are answered 503 and the connection is not read until answers go out
 */
public record ConnectionLimits(long idleTimeoutNanos, long requestTimeoutNanos, int maxPipelined) {

    public ConnectionLimits {
        if (idleTimeoutNanos <= 0 || requestTimeoutNanos <= 0 || maxPipelined < 1) {
            throw new IllegalArgumentException(
                    "connection limits must be positive, got idle "
                            + idleTimeoutNanos
                            + " ns, request "
                            + requestTimeoutNanos
                            + " ns, pipelined "
                            + maxPipelined);
        }
    }
}
