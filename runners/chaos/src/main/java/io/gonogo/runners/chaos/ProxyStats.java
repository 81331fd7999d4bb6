package io.gonogo.runners.chaos;

/**
 * A snapshot of what a {@link FaultProxy} did since it started.
 *
 * @param accepted client connections accepted
 * @param dropped connections reset at accept by a fault
 * @param resets connections reset by a fault while open
 * @param answered HTTP requests and gRPC calls the proxy answered instead of the service
 * @param blackholedBytes bytes discarded by a blackhole
 * @param upstreamFailures connections whose connection to the service could not be opened
 */
public record ProxyStats(
        long accepted,
        long dropped,
        long resets,
        long answered,
        long blackholedBytes,
        long upstreamFailures) {}
