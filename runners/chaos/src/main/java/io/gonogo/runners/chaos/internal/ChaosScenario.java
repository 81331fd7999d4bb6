package io.gonogo.runners.chaos.internal;

import java.time.Duration;
import java.util.Map;

/**
 * The validated settings of one chaos scenario.
 *
 * @param operation workload operation name (label)
 * @param transport {@code http} (HTTP/1.1 load engine) or {@code grpc} (gRPC load engine)
 * @param method HTTP method; for grpc the full method name {@code package.Service/Method}
 * @param path request path; empty for grpc
 * @param body JSON body (for grpc, the request message in the protobuf JSON mapping), empty for
 *     none
 * @param rate open-model rate per second, 0 for the closed model
 * @param concurrency connections (closed model: virtual users; open model: pool)
 * @param timeout per-request timeout
 * @param duration nominal length of the measured scenario (before + fault + after)
 * @param window length of one measurement window (series resolution, recovery resolution)
 * @param warmup unmeasured traffic before the scenario's clock starts
 * @param faultKind the fault's kind (a proxy fault kind, or kill, pause, restart)
 * @param faultSettings the fault's settings as text
 * @param at when the fault starts, from the scenario's start
 * @param lasts how long the fault lasts
 * @param durability whether acknowledged writes are recorded and checked after the fault
 * @param hypothesis the steady-state hypothesis
 * @param protoSet gRPC: the descriptor set that resolves {@code method} ({@code proto-set}),
 *     absolute; {@code null} to resolve it through the service's reflection
 */
record ChaosScenario(
        String operation,
        String transport,
        String method,
        String path,
        String body,
        double rate,
        int concurrency,
        Duration timeout,
        Duration duration,
        Duration window,
        Duration warmup,
        String faultKind,
        Map<String, String> faultSettings,
        Duration at,
        Duration lasts,
        boolean durability,
        Hypothesis hypothesis,
        java.nio.file.Path protoSet) {

    /** Process faults act on the service's process, not through the proxy. */
    static final java.util.Set<String> PROCESS_FAULTS =
            java.util.Set.of("kill", "pause", "restart");

    boolean grpc() {
        return transport.equals("grpc");
    }

    boolean processFault() {
        return PROCESS_FAULTS.contains(faultKind);
    }

    /**
     * A short description of the fault and its schedule, e.g. {@code latency 100ms ±10ms downstream
     * at 5s for 10s}.
     */
    String faultLine(String description) {
        return description
                + " at "
                + ChaosSuiteKind.human(at)
                + " for "
                + ChaosSuiteKind.human(lasts);
    }
}
