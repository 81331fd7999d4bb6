package io.gonogo.runners.engine.internal;

import io.gonogo.core.Distribution;
import io.gonogo.core.Measurement;
import io.gonogo.core.Numbers;
import io.gonogo.core.Quality;
import io.gonogo.core.Scalar;
import io.gonogo.core.Source;
import io.gonogo.core.Unit;
import io.gonogo.core.config.ConfigNode;
import io.gonogo.runners.engine.ScenarioContext;
import io.gonogo.runners.engine.ScenarioSpec;
import io.gonogo.runners.load.ErrorKind;
import io.gonogo.runners.load.LoadResult;
import io.gonogo.runners.load.grpc.CallLoadResult;
import io.gonogo.runners.load.grpc.GrpcLoadRunner;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * The {@code transport: grpc} branch of {@code suites.load}: unary gRPC calls to the service's gRPC
 * address, with the keys of an HTTP scenario except {@code path}.
 *
 * <pre>
 *       - id: grpc-create-session-1k
 *         operation: create-session      # a governance operation (below), or any name with 'method'
 *         transport: grpc
 *         method: gonogo.governance.v1.Governance/CreateSession   # default from the operation
 *         body: {operator: alice}        # request message in the protobuf JSON mapping; default from the operation
 *         requests: 1000                 # requests/duration/rate/concurrency/warmup/timeout/max-duration/headers
 * </pre>
 *
 * <p>Known operations: {@code health} Health; {@code create-session} CreateSession
 * {"operator":"gonogo-load"}; {@code list-decisions} ListDecisions; {@code metrics} GetMetrics;
 * {@code submit-decision} SubmitDecision {"title":"load","riskLevel":"LOW"} (all of {@code
 * gonogo.governance.v1.Governance}). The method is resolved through the service's server reflection
 * when the scenario runs; an unknown method fails the scenario with the reason. Every call but
 * those of the read-only operations ({@code health}, {@code list-decisions}, {@code metrics},
 * {@code get-decision}, {@code session-stats}) carries {@code authorization: Bearer <token>} when
 * the service has a token; one connection per unit of concurrency; the timeout is each call's gRPC
 * deadline.
 *
 * <p>Publishes what an HTTP scenario publishes, labelled {@code transport=grpc}, with the {@code
 * errors} kinds {@code connect}, {@code timeout}, {@code reset} and one {@code grpc_<STATUS>} per
 * gRPC status but OK (zero where none).
 */
final class GrpcLoadScenario {

    private static final String SERVICE = "gonogo.governance.v1.Governance/";

    /** The governance operations over gRPC: full method name and default JSON body. */
    static final Map<String, LoadSuiteKind.Operation> OPERATIONS = operations();

    private static final Set<String> READ_ONLY =
            Set.of("health", "list-decisions", "metrics", "get-decision", "session-stats");

    private GrpcLoadScenario() {}

    private static Map<String, LoadSuiteKind.Operation> operations() {
        Map<String, LoadSuiteKind.Operation> ops = new LinkedHashMap<>();
        ops.put("health", new LoadSuiteKind.Operation(SERVICE + "Health", "", null));
        ops.put(
                "create-session",
                new LoadSuiteKind.Operation(
                        SERVICE + "CreateSession", "", "{\"operator\":\"gonogo-load\"}"));
        ops.put("list-decisions", new LoadSuiteKind.Operation(SERVICE + "ListDecisions", "", null));
        ops.put("metrics", new LoadSuiteKind.Operation(SERVICE + "GetMetrics", "", null));
        ops.put(
                "submit-decision",
                new LoadSuiteKind.Operation(
                        SERVICE + "SubmitDecision",
                        "",
                        "{\"title\":\"load\",\"riskLevel\":\"LOW\"}"));
        return Collections.unmodifiableMap(ops);
    }

    static String unknownOperation(String operation) {
        return "unknown operation '"
                + operation
                + "' without a 'method' for transport grpc; expected one of "
                + String.join(", ", OPERATIONS.keySet())
                + ", or give 'method: package.Service/Method'";
    }

    /**
     * The full gRPC method of a scenario: its {@code method} key, checked, else the operation's.
     */
    static String method(ConfigNode.Mapping m, LoadSuiteKind.Operation known) {
        if (!m.has("method")) {
            return known.method();
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

    static void run(LoadSuiteKind.Settings s, ScenarioSpec scenario, ScenarioContext context)
            throws Exception {
        String address = context.sut().grpcAddress();
        if (address.isEmpty()) {
            throw new IllegalStateException(
                    "the service under test has no gRPC address, so the grpc scenario"
                            + " cannot run (the embedded server has one; a sut url has none yet)");
        }
        long[] lastPrinted = {0};
        GrpcLoadRunner.Builder b =
                GrpcLoadRunner.builder()
                        .target(address)
                        .method(s.method())
                        .concurrency(s.concurrency())
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
        if (s.rate() > 0) {
            b.rate(s.rate());
        }
        if (s.body() != null) {
            b.body(s.body());
        }
        s.headers().forEach(b::header);
        String token = context.sut().token();
        if (!token.isEmpty() && !READ_ONLY.contains(s.operation())) {
            b.header("authorization", "Bearer " + token);
        }
        CallLoadResult result = b.build().run();
        LoadResult r = result.figures();
        Map<String, String> labels = new LinkedHashMap<>(scenario.planned().labels());
        labels.remove("suite");
        labels.remove("scenario");
        Set<Quality> quality = r.aborted() ? Set.of(Quality.PARTIAL) : Set.of();
        Histogram latency = r.latencyMicros();
        Path hlog = writeLog(context.outputDirectory().resolve("latency.hlog"), latency, r);
        context.attach(hlog);
        context.publish(
                new Measurement(
                        "latency",
                        labels,
                        Unit.MICROSECONDS,
                        Distribution.of(latency),
                        quality,
                        new Source("", "0", "", hlog.getFileName().toString())));
        Histogram connect = r.connectTimeMicros();
        if (connect.getTotalCount() > 0) {
            context.publish(
                    new Measurement(
                            "connect_time",
                            labels,
                            Unit.MICROSECONDS,
                            Distribution.of(connect),
                            quality,
                            Source.UNATTRIBUTED));
        }
        publish(context, "throughput", labels, Unit.PER_SECOND, r.throughputPerSecond(), quality);
        publish(context, "success_rate", labels, Unit.PERCENT, r.successRatePercent(), quality);
        publish(context, "requests", labels, Unit.COUNT, r.attempted(), quality);
        for (Map.Entry<String, Long> e : result.errorsByKind().entrySet()) {
            Map<String, String> withKind = new LinkedHashMap<>(labels);
            withKind.put("kind", e.getKey());
            publish(context, "errors", withKind, Unit.COUNT, e.getValue(), quality);
        }
        StringBuilder errors = new StringBuilder();
        result.errorsByKind()
                .forEach(
                        (k, v) -> {
                            if (v > 0) {
                                errors.append(errors.length() == 0 ? ", errors: " : " ")
                                        .append(k)
                                        .append(' ')
                                        .append(v);
                            }
                        });
        context.progress(
                String.format(
                        Locale.ROOT,
                        "%,d calls in %.2fs: %,.0f calls/s, p50 %s p99 %s max %s, %s%% ok%s",
                        r.attempted(),
                        r.measuredWindow().toNanos() / 1e9,
                        r.throughputPerSecond(),
                        ms(latency, 50),
                        ms(latency, 99),
                        latency.getTotalCount() == 0
                                ? "-"
                                : Numbers.short4(latency.getMaxValue() / 1000.0) + "ms",
                        Numbers.short4(r.successRatePercent()),
                        errors));
        if (r.abortReason().isPresent()) {
            throw new IllegalStateException("the load run was aborted: " + r.abortReason().get());
        }
        long gone = r.errorCount(ErrorKind.CONNECT) + r.errorCount(ErrorKind.RESET);
        if (gone > LoadSuiteKind.MAX_CONNECTION_ERROR_SHARE * r.attempted()) {
            throw new IllegalStateException(
                    "the service stopped answering: "
                            + r.errorCount(ErrorKind.CONNECT)
                            + " calls could not connect and "
                            + r.errorCount(ErrorKind.RESET)
                            + " lost their connection among "
                            + Numbers.grouped(r.attempted())
                            + " calls, more than "
                            + Numbers.short4(LoadSuiteKind.MAX_CONNECTION_ERROR_SHARE * 100)
                            + "%");
        }
        if (r.succeeded() == 0) {
            throw new IllegalStateException(
                    "none of "
                            + Numbers.grouped(r.attempted())
                            + " calls succeeded"
                            + errors.toString().replace(", errors:", " (errors:")
                            + (errors.length() > 0 ? ")" : ""));
        }
    }

    private static String ms(Histogram h, double p) {
        return h.getTotalCount() == 0
                ? "-"
                : Numbers.short4(h.getValueAtPercentile(p) / 1000.0) + "ms";
    }

    private static void publish(
            ScenarioContext c,
            String metric,
            Map<String, String> labels,
            Unit unit,
            double value,
            Set<Quality> quality) {
        c.publish(
                new Measurement(
                        metric, labels, unit, new Scalar(value), quality, Source.UNATTRIBUTED));
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
