package io.gonogo.runners.load.suite;

import io.gonogo.core.Numbers;
import io.gonogo.core.Quality;
import io.gonogo.core.config.ConfigNode;
import io.gonogo.runners.load.LoadModel;
import io.gonogo.runners.load.LoadResult;
import io.gonogo.runners.load.OperationResult;
import io.gonogo.runners.load.grpc.CallLoadResult;
import io.gonogo.runners.load.grpc.GrpcLoadRunner;
import io.gonogo.runners.load.grpc.GrpcOperation;
import io.gonogo.runners.spi.GovernanceOperation;
import io.gonogo.runners.spi.ScenarioContext;
import io.gonogo.runners.spi.ScenarioSpec;
import io.grpc.Status;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * The {@code transport: grpc} branch of {@code suites.load}: unary gRPC calls to the service's gRPC
 * address, with the keys of an HTTP scenario except {@code path}.
 *
 * <pre>
 *       - id: grpc-create-session-1k
 *         operation: create-session      # a governance operation, or any name with 'method'
 *         transport: grpc
 *         method: gonogo.governance.v1.Governance/CreateSession   # default from the operation
 *         body: {operator: alice}        # protobuf's JSON mapping; default: the operation's
 *         proto-set: governance.protoset # optional: resolve 'method' here, not by reflection
 *         requests: 1000                 # and the load keys (duration, rate, concurrency, ...)
 * </pre>
 *
 * <p>{@code proto-set} is a {@code FileDescriptorSet} ({@code protoc --include_imports
 * --descriptor_set_out=FILE}), its path relative to the targets file's folder, for a service
 * without server reflection; it is read and the method resolved in it when the targets file is
 * checked, so a missing or unreadable file or a method it lacks is an error at its line and column.
 * The calls go over TLS when the service's gRPC address is {@code grpcs://host:port} ({@link
 * io.gonogo.runners.spi.SutEndpoint#grpcTls()}), with its {@code tls} settings (CA, insecure,
 * client certificate, server name); a failed handshake counts under the error kind {@code tls}.
 *
 * <p>Known operations: those of the load suite, with their gRPC methods from {@link
 * GovernanceOperation}: {@code health} Health; {@code create-session} CreateSession
 * {"operator":"gonogo-load"}; {@code submit-decision} SubmitDecision
 * {"title":"load","riskLevel":"LOW"}; {@code list-decisions} ListDecisions; {@code metrics}
 * GetMetrics (all of {@code gonogo.governance.v1.Governance}). Without {@code proto-set} the method
 * is resolved through the service's server reflection when the scenario runs; an unknown method
 * fails the scenario with the reason. Every call but those of the catalogue's read-only operations
 * ({@code health}, {@code list-decisions}, {@code metrics}, {@code get-decision}, {@code
 * session-stats}) carries {@code authorization: Bearer <token>} when the service has a token; one
 * connection per unit of concurrency; the timeout is each call's gRPC deadline.
 *
 * <p>Publishes what an HTTP scenario publishes, labelled {@code transport=grpc}, with the {@code
 * errors} kinds {@code connect}, {@code timeout}, {@code reset} and one {@code grpc_<STATUS>} per
 * gRPC status but OK (zero where none), and {@code protocol} and {@code tls} where they occurred.
 */
final class GrpcLoadScenario {

    private GrpcLoadScenario() {}

    static String unknownOperation(String operation) {
        return "unknown operation '"
                + operation
                + "' without a 'method' for transport grpc; expected one of "
                + LoadScenarioReader.KNOWN
                + ", or give 'method: package.Service/Method'";
    }

    /**
     * The full gRPC method of a scenario: its {@code method} key, checked, else the operation's.
     */
    static String method(ConfigNode.Mapping m, Optional<GovernanceOperation> known) {
        if (!m.has("method")) {
            return known.orElseThrow().grpcMethod();
        }
        ConfigNode n = m.node("method");
        String text = n.asScalarText("'method'");
        try {
            GrpcLoadRunner.builder().method(text);
        } catch (IllegalArgumentException e) {
            throw n.error("'method' " + e.getMessage());
        }
        return text.strip().replaceFirst("^/", "");
    }

    /**
     * The scenario's {@code proto-set}, resolved against the targets file's folder, read and
     * checked to hold each of {@code methods}; {@code null} without one.
     */
    static Path protoSet(ConfigNode.Mapping m, List<String> methods) {
        if (!m.has("proto-set")) {
            return null;
        }
        ConfigNode n = m.node("proto-set");
        String text = n.asString("'proto-set'");
        if (text.isBlank()) {
            throw n.error(
                    "'proto-set' is blank; expected a descriptor set file (protoc"
                            + " --include_imports --descriptor_set_out=FILE), relative to the"
                            + " targets file");
        }
        Path base = Path.of(n.file()).toAbsolutePath().getParent();
        Path file;
        try {
            file = (base == null ? Path.of(text) : base.resolve(text)).normalize();
        } catch (java.nio.file.InvalidPathException e) {
            throw n.error("'proto-set' '" + text + "' is not a valid path: " + e.getReason());
        }
        if (!Files.isRegularFile(file)) {
            throw n.error(
                    "'proto-set' "
                            + file
                            + (Files.exists(file) ? " is not a file" : " does not exist")
                            + "; expected a descriptor set (protoc --include_imports"
                            + " --descriptor_set_out=FILE), relative to the targets file");
        }
        if (!Files.isReadable(file)) {
            throw n.error("'proto-set' " + file + " cannot be read");
        }
        for (String method : methods) {
            try {
                GrpcLoadRunner.builder()
                        .target("127.0.0.1:1")
                        .method(method)
                        .descriptorSet(file)
                        .build()
                        .check();
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw n.error("'proto-set' " + e.getMessage());
            }
        }
        return file;
    }

    /** Reads the {@code client} key: {@code gonogo} by default, or {@code grpc-java}. */
    static GrpcLoadRunner.Client client(ConfigNode.Mapping scenario) {
        if (!scenario.has("client")) {
            return GrpcLoadRunner.Client.GONOGO;
        }
        ConfigNode n = scenario.node("client");
        String text = n.asString("'client'");
        try {
            return GrpcLoadRunner.Client.of(text.strip());
        } catch (IllegalArgumentException e) {
            throw n.error("'client' is '" + text + "'; expected gonogo or grpc-java");
        }
    }

    /** Whether calls of {@code operation} carry the operator token: all but read-only ones. */
    private static boolean mutating(String operation) {
        return GovernanceOperation.byId(operation).map(o -> !o.readOnly()).orElse(true);
    }

    static void run(ScenarioSpec<LoadSettings> scenario, ScenarioContext context) throws Exception {
        String address = context.sut().grpcAddress();
        if (address.isEmpty()) {
            throw new IllegalStateException(
                    "the service under test has no gRPC address, so the grpc scenario"
                            + " cannot run (the embedded server has one; a sut url has none yet)");
        }
        GrpcLoadRunner.Builder builder = builder(scenario.settings(), address, context);
        if (context.sut().grpcTls()) {
            builder.tls(context.sut().tls());
        }
        if (scenario.settings().protoSet() != null) {
            builder.descriptorSet(scenario.settings().protoSet());
        }
        Path engineLog = context.outputDirectory().resolve("latency.hlog");
        boolean split = !context.shard().equals(io.gonogo.runners.spi.RunShard.WHOLE);
        if (split) {
            // a shard's share: the merge adds its interval log to the other shards'
            builder.shard(context.shard()).intervalLog(engineLog, scenario.planned().id());
        }
        GrpcLoadRunner runner = builder.build();
        if (runner.client() != scenario.settings().client()) {
            context.progress(
                    "calls through grpc-java's client: gonogo's keeps one call in flight per"
                            + " connection, and this scenario asks for "
                            + scenario.settings().streams()
                            + " per connection");
        }
        // the shards of a sharded run start each scenario together and count their clocks from
        // the one start instant, as HTTP load scenarios do
        if (split) {
            runner.check(); // resolves the method and warms the JIT before the barrier, not after
        }
        java.util.Optional<io.gonogo.runners.spi.StartBarrier.Start> together =
                split
                        ? context.startBarrier().await(scenario.planned().qualifiedId())
                        : java.util.Optional.empty();
        together.ifPresent(
                start ->
                        context.progress(
                                String.format(
                                        Locale.ROOT,
                                        "started with the other shards at %s, %.3f ms from it",
                                        start.at(),
                                        start.offset().toNanos() / 1e6)));
        CallLoadResult result =
                together.isPresent() ? runner.runFrom(together.get().localAt()) : runner.run();
        LoadResult r = result.figures();
        Map<String, String> labels = LoadFigures.labels(scenario);
        Set<Quality> quality = LoadFigures.quality(r, context);
        LoadFigures.publishGeneratorCost(context, labels, r, runner.client().label(), quality);
        // a shard's calls ran on gonogo's client, which wrote the interval log as they came; a
        // whole run writes its measured histogram as one interval
        Path hlog = split ? engineLog : writeLog(engineLog, r.latencyMicros(), r);
        LoadFigures.publishTotals(context, labels, r, hlog, quality);
        for (Map.Entry<String, Long> e : result.errorsByKind().entrySet()) {
            LoadFigures.publishErrors(context, labels, e.getKey(), e.getValue(), quality);
        }
        String errors = LoadFigures.errorList(result.errorsByKind());
        context.progress(LoadFigures.summary(r, "calls", "calls/s") + errors);
        for (OperationResult op : r.operations()) {
            LoadFigures.publishOperation(
                    context, labels, op, result.errorsByKind(op), quality, "calls", "calls/s");
        }
        LoadFigures.failWhenAbortedOrGone(
                r, "%d calls could not connect and %d lost their connection among %s calls");
        if (r.succeeded() == 0) {
            throw new IllegalStateException(
                    "none of "
                            + Numbers.grouped(r.attempted())
                            + " calls succeeded"
                            + errors.replace(", errors:", " (errors:")
                            + (errors.isEmpty() ? "" : ")"));
        }
    }

    /** The runner for the scenario's settings, with progress lines every 2 s. */
    private static GrpcLoadRunner.Builder builder(
            LoadSettings s, String address, ScenarioContext context) {
        long[] lastPrinted = {0};
        GrpcLoadRunner.Builder b =
                GrpcLoadRunner.builder()
                        .target(address)
                        .concurrency(s.concurrency())
                        .connections((s.concurrency() + s.streams() - 1) / s.streams())
                        .threads(s.threads())
                        .client(s.client())
                        .generatorBounds(s.bounds())
                        .warmupRequests(s.warmup())
                        .requestTimeout(s.timeout())
                        .maxDuration(s.maxDuration())
                        .progressListener(
                                p -> {
                                    long now = p.elapsed().toMillis();
                                    if (now - lastPrinted[0] >= 2000) {
                                        lastPrinted[0] = now;
                                        context.progress(
                                                String.format(
                                                        Locale.ROOT,
                                                        "%s %5.1fs %,12d calls %,10.0f calls/s %,d"
                                                                + " errors",
                                                        p.warmup() ? "warm-up " : "measured",
                                                        now / 1000.0,
                                                        p.completed(),
                                                        p.currentRatePerSecond(),
                                                        p.errors()));
                                    }
                                });
        if (s.duration() != null) {
            b.duration(s.duration());
        } else {
            b.requests(s.requests());
        }
        if (s.model() == LoadModel.OPEN) {
            b.rate(s.rate());
            if (s.rampTo() != s.rate()) {
                b.rampTo(s.rampTo());
            }
        }
        s.headers().forEach(b::header);
        String token = context.sut().token();
        if (s.mix().isEmpty()) {
            b.method(s.method());
            if (s.body() != null) {
                b.body(s.body());
            }
        } else {
            for (LoadSettings.MixOp op : s.mix()) {
                b.operation(operation(op));
            }
        }
        boolean needsToken =
                s.mix().isEmpty()
                        ? mutating(s.operation())
                        : s.mix().stream().anyMatch(op -> mutating(op.name()));
        if (!token.isEmpty() && needsToken) {
            b.header("authorization", "Bearer " + token);
        }
        return b;
    }

    private static GrpcOperation operation(LoadSettings.MixOp op) {
        GrpcOperation.Builder ob =
                GrpcOperation.builder(op.name()).method(op.method()).weight(op.weight());
        if (op.body() != null) {
            ob.body(op.body());
        }
        for (int[] range : op.statuses()) {
            for (int code = range[0]; code <= range[1]; code++) {
                ob.success(Status.Code.values()[code]);
            }
        }
        if (op.timeout() != null) {
            ob.timeout(op.timeout());
        }
        return ob.build();
    }

    private static Path writeLog(Path file, Histogram h, LoadResult r) throws IOException {
        Histogram copy = h.copy();
        copy.setStartTimeStamp(r.startedAt().toEpochMilli());
        copy.setEndTimeStamp(r.endedAt().toEpochMilli());
        try (PrintStream out = new PrintStream(file.toFile(), StandardCharsets.UTF_8)) {
            HistogramLogWriter w = new HistogramLogWriter(out);
            w.outputComment(
                    "gonogo load scenario latency (gRPC), microseconds, measured calls only");
            w.outputLogFormatVersion();
            w.outputStartTime(r.startedAt().toEpochMilli());
            w.outputLegend();
            w.outputIntervalHistogram(copy);
        }
        return file;
    }
}
