package io.gonogo.runners.load.suite;

import io.gonogo.runners.load.GeneratorBounds;
import io.gonogo.runners.load.LoadModel;
import io.gonogo.runners.load.grpc.GrpcLoadRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The validated settings of one load scenario.
 *
 * @param requests measured requests, 0 when the scenario runs for {@code duration}
 * @param duration measured duration, {@code null} when the scenario counts {@code requests}
 * @param rate open-model arrival rate per second, 0 for the closed model
 * @param rampTo open model: the rate at the end of the duration, equal to {@code rate} without a
 *     ramp
 * @param body JSON request body, {@code null} for none
 * @param protoSet gRPC: the descriptor set that resolves {@code method}, absolute; {@code null} to
 *     use the service's reflection
 * @param client gRPC: the client the calls go through; {@code null} for HTTP
 * @param streams gRPC: calls in flight per connection, 1 for HTTP
 */
record LoadSettings(
        String operation,
        String method,
        String path,
        String transport,
        long requests,
        Duration duration,
        double rate,
        double rampTo,
        int threads,
        int concurrency,
        long warmup,
        Duration timeout,
        Duration maxDuration,
        Map<String, String> headers,
        String body,
        GeneratorBounds bounds,
        List<MixOp> mix,
        Path protoSet,
        GrpcLoadRunner.Client client,
        int streams) {

    /** Whether the scenario calls the service's gRPC API. */
    boolean grpc() {
        return transport.equals("grpc");
    }

    /** The pacing model: open with a rate, else closed. */
    LoadModel model() {
        return LoadModel.ofRate(rate);
    }

    /**
     * One operation of a scenario's weighted {@code mix}.
     *
     * @param name the operation's name, its {@code operation} label
     * @param statuses the expected statuses as inclusive ranges {from, to}
     * @param body JSON request body, {@code null} for none
     * @param timeout its own request timeout, {@code null} for the scenario's
     */
    record MixOp(
            String name,
            String method,
            String path,
            Map<String, String> headers,
            String body,
            int weight,
            List<int[]> statuses,
            Duration timeout) {}
}
