package io.gonogo.runners.load.internal;

import io.gonogo.runners.load.GeneratorBounds;
import io.gonogo.runners.load.ProgressListener;
import io.gonogo.runners.spi.RunShard;
import io.gonogo.runners.spi.TlsSettings;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The validated settings of a run, as handed from the builder to the engine.
 *
 * @param target the target URI
 * @param host the host to connect to
 * @param port the port to connect to
 * @param request the encoded request, sent as is for every request
 * @param headRequest whether the method is HEAD, whose responses have no body
 * @param concurrency number of virtual users, >= 1
 * @param requests measured requests, >= 1
 * @param warmupRequests warm-up requests, >= 0
 * @param requestTimeout timeout of a request and of a connect, positive
 * @param successFrom lowest successful status
 * @param successTo highest successful status
 * @param progressListener the optional progress listener
 * @param maxDuration hard stop of the whole run, positive
 * @param duration the measured duration, present for a run by duration (then {@code requests} is
 *     ignored)
 * @param ratePerSecond the arrival rate of the open model, or 0 for the closed model
 * @param rampToPerSecond open model: the rate reached at the end of the duration, rising or falling
 *     linearly from {@code ratePerSecond}; equal to {@code ratePerSecond} for a constant rate
 * @param threads engine threads, each with its own selector and share of the connections, >= 1
 * @param bounds the generator's health bounds
 * @param intervalLog where to write the latency interval log, if anywhere
 * @param logTag the tag of the interval log's histograms
 * @param ops the operations of the run: one (named "") without a mix, else the mix's
 * @param tls how TLS connections are opened when the target is {@code https} or {@code grpcs}
 * @param grpc the HTTP/2 frames of a gRPC run's calls, one set per operation; empty for HTTP/1.1
 * @param shard the share of a sharded run this process runs: its connections, requests and warm-up
 *     are already the shard's (closed model), while the open model's rate and schedule are the
 *     whole run's and this process sends the schedule's arrivals {@code index, index + count, ...};
 *     {@link RunShard#WHOLE} when the run is not sharded
 */
public record LoadPlan(
        URI target,
        String host,
        int port,
        byte[] request,
        boolean headRequest,
        int concurrency,
        long requests,
        long warmupRequests,
        Duration requestTimeout,
        int successFrom,
        int successTo,
        Optional<ProgressListener> progressListener,
        Duration maxDuration,
        Optional<Duration> duration,
        double ratePerSecond,
        double rampToPerSecond,
        int threads,
        GeneratorBounds bounds,
        Optional<Path> intervalLog,
        String logTag,
        List<OpPlan> ops,
        TlsSettings tls,
        Optional<GrpcRequests> grpc,
        RunShard shard) {

    /**
     * Checks that the references are present.
     *
     * @param target the target URI
     * @param host the host to connect to
     * @param port the port to connect to
     * @param request the encoded request, sent as is for every request
     * @param headRequest whether the method is HEAD, whose responses have no body
     * @param concurrency number of virtual users, >= 1
     * @param requests measured requests, >= 1
     * @param warmupRequests warm-up requests, >= 0
     * @param requestTimeout timeout of a request and of a connect, positive
     * @param successFrom lowest successful status
     * @param successTo highest successful status
     * @param progressListener the optional progress listener
     * @param maxDuration hard stop of the whole run, positive
     * @param duration the measured duration, present for a run by duration (then {@code requests}
     *     is ignored)
     * @param ratePerSecond the arrival rate of the open model, or 0 for the closed model
     * @param rampToPerSecond open model: the rate at the end of the duration
     * @param threads engine threads, >= 1
     * @param bounds the generator's health bounds
     * @param intervalLog where to write the latency interval log, if anywhere
     * @param logTag the tag of the interval log's histograms
     * @param ops the operations of the run, at least one
     * @param tls how TLS connections are opened when the target is {@code https}
     * @param grpc the frames of a gRPC run's calls; empty for HTTP/1.1
     * @param shard the share of a sharded run this process runs
     */
    public LoadPlan {
        Objects.requireNonNull(shard, "shard");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(progressListener, "progressListener");
        Objects.requireNonNull(maxDuration, "maxDuration");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(bounds, "bounds");
        Objects.requireNonNull(intervalLog, "intervalLog");
        Objects.requireNonNull(logTag, "logTag");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(grpc, "grpc");
        ops = List.copyOf(ops);
        if (ops.isEmpty()) {
            throw new IllegalArgumentException("a plan needs at least one operation");
        }
    }

    /**
     * A plan for the whole run, not sharded; the components as in the canonical constructor.
     *
     * @param target the target URI
     * @param host the host to connect to
     * @param port the port to connect to
     * @param request the encoded request
     * @param headRequest whether the method is HEAD
     * @param concurrency number of virtual users
     * @param requests measured requests
     * @param warmupRequests warm-up requests
     * @param requestTimeout timeout of a request and of a connect
     * @param successFrom lowest successful status
     * @param successTo highest successful status
     * @param progressListener the optional progress listener
     * @param maxDuration hard stop of the whole run
     * @param duration the measured duration of a run by duration
     * @param ratePerSecond the arrival rate of the open model, or 0
     * @param rampToPerSecond open model: the rate at the end of the duration
     * @param threads engine threads
     * @param bounds the generator's health bounds
     * @param intervalLog where to write the latency interval log, if anywhere
     * @param logTag the tag of the interval log's histograms
     * @param ops the operations of the run
     * @param tls how TLS connections are opened
     * @param grpc the frames of a gRPC run's calls; empty for HTTP/1.1
     */
    public LoadPlan(
            URI target,
            String host,
            int port,
            byte[] request,
            boolean headRequest,
            int concurrency,
            long requests,
            long warmupRequests,
            Duration requestTimeout,
            int successFrom,
            int successTo,
            Optional<ProgressListener> progressListener,
            Duration maxDuration,
            Optional<Duration> duration,
            double ratePerSecond,
            double rampToPerSecond,
            int threads,
            GeneratorBounds bounds,
            Optional<Path> intervalLog,
            String logTag,
            List<OpPlan> ops,
            TlsSettings tls,
            Optional<GrpcRequests> grpc) {
        this(
                target,
                host,
                port,
                request,
                headRequest,
                concurrency,
                requests,
                warmupRequests,
                requestTimeout,
                successFrom,
                successTo,
                progressListener,
                maxDuration,
                duration,
                ratePerSecond,
                rampToPerSecond,
                threads,
                bounds,
                intervalLog,
                logTag,
                ops,
                tls,
                grpc,
                RunShard.WHOLE);
    }

    /** Whether the target is {@code https} or {@code grpcs}: every connection speaks TLS. */
    boolean secure() {
        return "https".equalsIgnoreCase(target.getScheme())
                || "grpcs".equalsIgnoreCase(target.getScheme());
    }

    /** Whether the run is a weighted mix of named operations. */
    boolean mixed() {
        return !ops.get(0).name().isEmpty();
    }

    /**
     * The pre-encoded requests: direct buffers for plain TCP, which the socket writes without a
     * copy; heap buffers for TLS, which the JDK's ciphers read from arrays.
     */
    ByteBuffer[] templates() {
        ByteBuffer[] out = new ByteBuffer[ops.size()];
        for (int i = 0; i < out.length; i++) {
            byte[] r = ops.get(i).request();
            out[i] = secure() ? ByteBuffer.allocate(r.length) : ByteBuffer.allocateDirect(r.length);
            out[i].put(r).flip();
        }
        return out;
    }
}
