package io.gonogo.runners.memory.internal;

import io.gonogo.runners.memory.Gauge;
import java.time.Duration;
import java.util.Map;

/**
 * The validated settings of one memory scenario.
 *
 * @param client who drives the workload
 * @param requests measured operations, 0 when the scenario runs for {@code duration}
 * @param duration measured duration, {@code null} when the scenario counts {@code requests}
 * @param rate open-model rate per second (engine only), 0 for the closed model
 * @param session whether a session is opened before the workload ({@code {session}} in path and
 *     body)
 * @param source where the gauges are sampled
 * @param names Prometheus selectors per gauge
 * @param thresholds criterion text per criterion name, enabled ones only
 * @param jfr whether the scenario is profiled with JFR
 * @param grpc whether the engine's workload makes unary gRPC calls ({@code transport: grpc}) to the
 *     service's gRPC address; {@code method} is then the full gRPC method and {@code body} the
 *     request in the protobuf JSON mapping
 * @param protoSet gRPC: the descriptor set that resolves {@code method}, absolute; {@code null} to
 *     ask the service's reflection
 */
record MemorySettings(
        MemoryClient client,
        String operation,
        String method,
        String path,
        String body,
        Map<String, String> headers,
        long requests,
        Duration duration,
        double rate,
        int concurrency,
        long warmup,
        Duration timeout,
        boolean session,
        Duration interval,
        Duration linger,
        MemorySource source,
        String metricsPath,
        Map<Gauge, String> names,
        boolean forceGc,
        int minSamples,
        Map<String, String> thresholds,
        boolean jfr,
        boolean grpc,
        java.nio.file.Path protoSet) {}
