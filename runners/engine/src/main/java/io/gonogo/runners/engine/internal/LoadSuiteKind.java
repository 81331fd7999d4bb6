package io.gonogo.runners.engine.internal;

import io.gonogo.core.Distribution;
import io.gonogo.core.Measurement;
import io.gonogo.core.Numbers;
import io.gonogo.core.PlannedScenario;
import io.gonogo.core.Profile;
import io.gonogo.core.Quality;
import io.gonogo.core.Quantity;
import io.gonogo.core.Scalar;
import io.gonogo.core.Source;
import io.gonogo.core.Unit;
import io.gonogo.core.config.ConfigNode;
import io.gonogo.runners.engine.ScenarioContext;
import io.gonogo.runners.engine.ScenarioSpec;
import io.gonogo.runners.engine.SuiteKind;
import io.gonogo.runners.load.ErrorKind;
import io.gonogo.runners.load.LoadResult;
import io.gonogo.runners.load.LoadRunner;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.FileNotFoundException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * {@code suites.load}: HTTP/1.1 keep-alive load scenarios, closed or open model.
 *
 * <pre>
 * suites:
 *   load:
 *     optional: false            # the whole suite optional (default false)
 *     scenarios:
 *       - id: health-1k          # required, unique across suites
 *         title: Health check, 1K requests
 *         operation: health      # health, create-session, list-decisions, metrics, submit-decision,
 *                                # or any name with 'path'
 *         method: GET            # default from the operation, else GET
 *         path: /health          # default from the operation
 *         transport: http        # http or grpc (then 'method' is the full gRPC method, no 'path';
 *                                # see GrpcLoadScenario)
 *         requests: 1000         # measured requests, 1..100,000,000; or instead:
 *         duration: 30s          # measured duration, 1ms..24h (exactly one of requests, duration)
 *         rate: 1000/s           # open model: constant arrival rate; needs duration
 *         concurrency: 50        # connections = virtual users (open model: connection pool), 1..10,000
 *         warmup: 200            # requests before measuring, on top; default 10% of requests, 0 with duration
 *         timeout: 10s           # per request, 1ms..24h; default 10s
 *         max-duration: 30min    # hard stop (the scenario then fails as aborted); default 30min (+duration)
 *         headers: {X-Trace: load}   # extra request headers (not Authorization)
 *         body: {operator: alice}    # JSON body: a YAML mapping or list, or JSON text; default from the operation
 *         optional: false
 *         profiles: {full: {requests: 100000}}
 * </pre>
 *
 * <p>Known operations: {@code health} GET /health; {@code create-session} POST /sessions
 * {"operator":"gonogo-load"}; {@code list-decisions} GET /decisions; {@code metrics} GET
 * /metrics/governance; {@code submit-decision} POST /decisions {"title":"load","riskLevel":"LOW"}.
 * A request whose method is not GET, HEAD or OPTIONS carries {@code Authorization: Bearer <token>}
 * when the service under test has a token ({@link io.gonogo.runners.engine.SutEndpoint#token()});
 * the token is never written to evidence or progress lines.
 *
 * <p>Publishes, labelled {@code operation}, {@code transport}, {@code model} ({@code closed}, or
 * {@code open} with {@code rate}):
 * {@code latency} and {@code connect_time} (distributions in us), {@code throughput} (/s),
 * {@code success_rate} (%), {@code requests} (count) and {@code errors} (count, label
 * {@code kind}), and attaches the latency histogram as an HdrHistogram log. A scenario fails when
 * the run was aborted (max duration, target unreachable, lost or silent), when no request
 * succeeded, or when more than 1% of requests met a refused, timed-out or reset connection (the
 * service went away); timeouts and HTTP error statuses are data, judged by targets.
 */
public final class LoadSuiteKind implements SuiteKind {
    /** A known governance operation: its method, path and default JSON body ({@code null} for none). */
    record Operation(String method, String path, String body) {}

    private static final Map<String, Operation> OPERATIONS = operations();

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The validated settings of one load scenario.
     *
     * @param requests measured requests, 0 when the scenario runs for {@code duration}
     * @param duration measured duration, {@code null} when the scenario counts {@code requests}
     * @param rate open-model arrival rate per second, 0 for the closed model
     * @param body JSON request body, {@code null} for none
     */
    record Settings(String operation, String method, String path, String transport, long requests,
            Duration duration, double rate, int concurrency, long warmup, Duration timeout, Duration maxDuration,
            Map<String, String> headers, String body) {}

    private static Map<String, Operation> operations() {
        Map<String, Operation> ops = new LinkedHashMap<>();
        ops.put("health", new Operation("GET", "/health", null));
        ops.put("create-session", new Operation("POST", "/sessions", "{\"operator\":\"gonogo-load\"}"));
        ops.put("list-decisions", new Operation("GET", "/decisions", null));
        ops.put("metrics", new Operation("GET", "/metrics/governance", null));
        ops.put("submit-decision", new Operation("POST", "/decisions", "{\"title\":\"load\",\"riskLevel\":\"LOW\"}"));
        return java.util.Collections.unmodifiableMap(ops);
    }

    /** Whether {@code method} changes state on the service, so the request carries the operator token. */
    static boolean mutating(String method) {
        return !(method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS"));
    }

    /** Share of attempted requests whose connection was refused or reset above which a scenario fails. */
    static final double MAX_CONNECTION_ERROR_SHARE = 0.01;

    @Override
    public String kind() {
        return "load";
    }

    @Override
    public List<ScenarioSpec> plan(ConfigNode section, Profile profile) {
        ConfigNode.Mapping suite = section.asMapping("'suites.load'").accept("optional", "scenarios");
        suite.finish();
        boolean suiteOptional = suite.bool("optional", false);
        List<ScenarioSpec> specs = new ArrayList<>();
        for (ConfigNode item : suite.node("scenarios").asList("'scenarios'")) {
            ConfigNode.Mapping m = item.asMapping("a load scenario").withProfile(profile)
                    .accept("id", "title", "operation", "method", "path", "transport", "requests", "duration",
                            "rate", "concurrency", "warmup", "timeout", "max-duration", "headers", "body",
                            "optional");
            m.finish();
            String id = m.node("id").asId("scenario id");
            String operation = m.find("operation").map(n -> n.asId("'operation'")).orElse("health");
            String transport = m.find("transport").map(n -> n.asScalarText("'transport'")).orElse("http");
            if (!transport.equals("http") && !transport.equals("grpc")) {
                throw m.node("transport").error("transport '" + transport + "' is not supported by load scenarios;"
                        + " expected http or grpc");
            }
            boolean grpc = transport.equals("grpc"); // gRPC: GrpcLoadScenario (method = full gRPC name, no path)
            Operation known = grpc ? GrpcLoadScenario.OPERATIONS.get(operation) : OPERATIONS.get(operation);
            if (known == null && !m.has(grpc ? "method" : "path")) {
                throw m.node("operation").error(grpc ? GrpcLoadScenario.unknownOperation(operation)
                        : "unknown operation '" + operation + "' without a 'path'; expected one of "
                        + String.join(", ", OPERATIONS.keySet()) + ", or give 'path' (and 'method')");
            }
            String method = grpc ? GrpcLoadScenario.method(m, known)
                    : m.find("method").map(n -> n.asScalarText("'method'").toUpperCase(Locale.ROOT))
                    .orElse(known == null ? "GET" : known.method());
            if (!grpc && !method.matches("GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS")) {
                throw m.node("method").error("'" + method + "' is not an HTTP method; expected GET, POST, PUT, PATCH,"
                        + " DELETE, HEAD or OPTIONS");
            }
            if (grpc && m.has("path")) {
                throw m.node("path").error("'path' is for transport http; a grpc scenario names its call with"
                        + " 'method: package.Service/Method'");
            }
            String path = grpc ? "" : m.find("path").map(n -> n.asString("'path'"))
                    .orElse(known == null ? "/" : known.path());
            if (!grpc && !path.startsWith("/")) {
                throw m.node("path").error("'path' must start with '/', was '" + path + "'");
            }
            Optional<ConfigNode> requestsNode = m.find("requests");
            Optional<ConfigNode> durationNode = m.find("duration");
            if (requestsNode.isPresent() && durationNode.isPresent()) {
                throw durationNode.get().error("give either 'requests' or 'duration', not both");
            }
            if (requestsNode.isEmpty() && durationNode.isEmpty()) {
                throw m.node().error("missing 'requests' or 'duration' in load scenario '" + id
                        + "'; give exactly one, such as requests: 1000 or duration: 30s");
            }
            long requests = requestsNode.map(n -> n.asLong("'requests'", 1, 100_000_000)).orElse(0L);
            Duration duration = durationNode.map(n -> duration(n, "'duration'")).orElse(null);
            double rate = 0;
            Optional<ConfigNode> rateNode = m.find("rate");
            if (rateNode.isPresent()) {
                ConfigNode n = rateNode.get();
                Quantity q = n.asQuantity("'rate'");
                if (q.unit().dimension() != Unit.Dimension.RATE || !(q.valueIn(Unit.PER_SECOND) > 0)
                        || q.valueIn(Unit.PER_SECOND) > 10_000_000) {
                    throw n.error("'rate' is '" + q + "'; expected a rate above 0 and up to 10000000/s, such as"
                            + " 1000/s");
                }
                if (duration == null) {
                    throw n.error("'rate' needs 'duration' (the open model sends at a constant rate for a duration),"
                            + " not 'requests'");
                }
                rate = q.valueIn(Unit.PER_SECOND);
            }
            int concurrency = m.node("concurrency").asInt("'concurrency'", 1, 10_000);
            long warmup = m.find("warmup").map(n -> n.asLong("'warmup'", 0, 100_000_000)).orElse(requests / 10);
            Duration timeout = m.find("timeout").map(n -> duration(n, "'timeout'")).orElse(Duration.ofSeconds(10));
            Duration maxDuration = m.find("max-duration").map(n -> duration(n, "'max-duration'"))
                    .orElse(duration == null ? Duration.ofMinutes(30) : duration.plus(Duration.ofMinutes(30)));
            Map<String, String> headers = m.find("headers").map(LoadSuiteKind::headers).orElse(Map.of());
            String body = m.find("body").map(LoadSuiteKind::body).orElse(known == null ? null : known.body());
            boolean optional = suiteOptional || m.bool("optional", false);
            Map<String, String> labels = new TreeMap<>();
            labels.put("operation", operation);
            labels.put("transport", transport);
            labels.put("model", rate > 0 ? "open" : "closed");
            String amount = duration == null ? Numbers.grouped(requests) : "for " + human(duration);
            String title = m.find("title").map(n -> n.asString("'title'")).orElse(rate > 0
                    ? operation + " at " + Numbers.grouped((long) rate) + "/s " + amount + " over up to " + concurrency
                            + " connections"
                    : operation + " x " + amount + " at concurrency " + concurrency);
            specs.add(new ScenarioSpec(new PlannedScenario("load", id, optional, labels), id + ": " + title,
                    new Settings(operation, method, path, transport, requests, duration, rate, concurrency, warmup,
                            timeout, maxDuration, headers, body)));
        }
        if (specs.isEmpty()) {
            throw suite.node("scenarios").error("'scenarios' is empty; declare at least one scenario or remove the suite");
        }
        return specs;
    }

    private static String human(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "min";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }

    private static Map<String, String> headers(ConfigNode n) {
        Map<String, String> headers = n.asStringMap("'headers'");
        LoadRunner.Builder probe = LoadRunner.builder();
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase("Authorization")) {
                throw n.error("header 'Authorization' is set from the service's token (sut.url.token or the"
                        + " embedded server's own); remove it from 'headers'");
            }
            try {
                probe.header(e.getKey(), e.getValue());
            } catch (IllegalArgumentException x) {
                throw n.error("'headers': " + x.getMessage());
            }
        }
        return Map.copyOf(new TreeMap<>(headers));
    }

    private static String body(ConfigNode n) {
        if (n.isScalar()) {
            String text = n.asString("'body'");
            try {
                return JSON.writeValueAsString(JSON.readTree(text));
            } catch (JsonProcessingException e) {
                throw n.error("'body' is text but not JSON (" + e.getOriginalMessage() + "); give a mapping such as"
                        + " {operator: alice} or JSON text such as '{\"operator\":\"alice\"}'");
            }
        }
        try {
            return JSON.writeValueAsString(toJson(n));
        } catch (JsonProcessingException e) {
            throw n.error("'body' cannot be written as JSON: " + e.getOriginalMessage());
        }
    }

    /** A YAML node as a JSON tree: mappings, lists, text, numbers, booleans and null. */
    private static JsonNode toJson(ConfigNode n) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        String kind = n.kind();
        if (n.isMapping()) {
            ObjectNode o = f.objectNode();
            ConfigNode.Mapping m = n.asMapping("'body'");
            for (String key : m.keys()) {
                o.set(key, m.find(key).map(LoadSuiteKind::toJson).orElse(f.nullNode()));
            }
            return o;
        }
        if (kind.equals("a list")) {
            ArrayNode a = f.arrayNode();
            for (ConfigNode item : n.asList("'body'")) {
                a.add(toJson(item));
            }
            return a;
        }
        if (!n.isScalar()) {
            return f.nullNode();
        }
        String text = n.asScalarText("'body'");
        if (kind.startsWith("a boolean")) {
            return f.booleanNode(n.asBoolean("'body'"));
        }
        if (kind.startsWith("a number")) {
            try {
                return f.numberNode(new java.math.BigDecimal(text.replace("_", "")));
            } catch (NumberFormatException e) {
                return f.textNode(text);
            }
        }
        return f.textNode(text);
    }

    private static Duration duration(ConfigNode n, String what) {
        Quantity q = n.asQuantity(what);
        if (q.unit().dimension() != Unit.Dimension.DURATION || q.valueIn(Unit.MILLISECONDS) < 1
                || q.valueIn(Unit.HOURS) > 24) {
            throw n.error(what + " is '" + q + "'; expected a duration from 1ms to 24h, such as 500ms or 10s");
        }
        return Duration.ofNanos((long) q.valueIn(Unit.NANOSECONDS));
    }

    @Override
    public void run(ScenarioSpec scenario, ScenarioContext context) throws Exception {
        Settings s = (Settings) scenario.settings();
        if (s.transport().equals("grpc")) {
            GrpcLoadScenario.run(s, scenario, context);
            return;
        }
        long[] lastPrinted = {0};
        LoadRunner.Builder builder = LoadRunner.builder()
                .target(context.sut().http(s.path()))
                .method(s.method())
                .concurrency(s.concurrency())
                .warmupRequests(s.warmup())
                .requestTimeout(s.timeout())
                .maxDuration(s.maxDuration())
                .progressListener(p -> {
                    long now = p.elapsed().toMillis();
                    if (now - lastPrinted[0] >= 2000) {
                        lastPrinted[0] = now;
                        context.progress(String.format(Locale.ROOT, "%s %5.1fs %,12d requests %,10.0f req/s %,d errors",
                                p.warmup() ? "warm-up " : "measured", now / 1000.0, p.completed(),
                                p.currentRatePerSecond(), p.errors()));
                    }
                });
        if (s.duration() != null) {
            builder.duration(s.duration());
        } else {
            builder.requests(s.requests());
        }
        if (s.rate() > 0) {
            builder.rate(s.rate());
        }
        s.headers().forEach(builder::header);
        String token = context.sut().token();
        if (!token.isEmpty() && mutating(s.method())) {
            builder.header("Authorization", "Bearer " + token);
        }
        if (s.body() != null) {
            builder.body(s.body().getBytes(java.nio.charset.StandardCharsets.UTF_8), "application/json");
        }
        LoadResult r = builder.build().run();
        Map<String, String> labels = new LinkedHashMap<>(scenario.planned().labels());
        labels.remove("suite");
        labels.remove("scenario");
        Set<Quality> quality = r.aborted() ? Set.of(Quality.PARTIAL) : Set.of();
        Histogram latency = r.latencyMicros();
        Path hlog = writeLog(context.outputDirectory().resolve("latency.hlog"), latency, r);
        context.attach(hlog);
        context.publish(new Measurement("latency", labels, Unit.MICROSECONDS, Distribution.of(latency), quality,
                new Source("", "0", "", hlog.getFileName().toString())));
        Histogram connect = r.connectTimeMicros();
        if (connect.getTotalCount() > 0) {
            context.publish(new Measurement("connect_time", labels, Unit.MICROSECONDS, Distribution.of(connect),
                    quality, Source.UNATTRIBUTED));
        }
        publish(context, "throughput", labels, Unit.PER_SECOND, r.throughputPerSecond(), quality);
        publish(context, "success_rate", labels, Unit.PERCENT, r.successRatePercent(), quality);
        publish(context, "requests", labels, Unit.COUNT, r.attempted(), quality);
        for (ErrorKind kind : ErrorKind.values()) {
            Map<String, String> withKind = new LinkedHashMap<>(labels);
            withKind.put("kind", kind.label());
            publish(context, "errors", withKind, Unit.COUNT, r.errorCount(kind), quality);
        }
        context.progress(String.format(Locale.ROOT, "%,d requests in %.2fs: %,.0f req/s, p50 %s p99 %s max %s, %s%% ok",
                r.attempted(), r.measuredWindow().toNanos() / 1e9, r.throughputPerSecond(),
                ms(latency, 50), ms(latency, 99), latency.getTotalCount() == 0 ? "-" : Numbers.short4(latency.getMaxValue() / 1000.0) + "ms",
                Numbers.short4(r.successRatePercent())));
        verdictOnRun(r);
    }

    private static String ms(Histogram h, double p) {
        return h.getTotalCount() == 0 ? "-" : Numbers.short4(h.getValueAtPercentile(p) / 1000.0) + "ms";
    }

    private static void verdictOnRun(LoadResult r) {
        if (r.abortReason().isPresent()) {
            throw new IllegalStateException("the load run was aborted: " + r.abortReason().get());
        }
        long gone = r.errorCount(ErrorKind.CONNECT) + r.errorCount(ErrorKind.RESET);
        if (gone > MAX_CONNECTION_ERROR_SHARE * r.attempted()) {
            throw new IllegalStateException("the service stopped answering: " + r.errorCount(ErrorKind.CONNECT)
                    + " connects failed (refused or timed out) and " + r.errorCount(ErrorKind.RESET)
                    + " connections were reset among " + Numbers.grouped(r.attempted()) + " requests, more than "
                    + Numbers.short4(MAX_CONNECTION_ERROR_SHARE * 100) + "%");
        }
        if (r.succeeded() == 0) {
            throw new IllegalStateException("none of " + Numbers.grouped(r.attempted()) + " requests succeeded");
        }
    }

    private static void publish(ScenarioContext c, String metric, Map<String, String> labels, Unit unit, double value,
            Set<Quality> quality) {
        c.publish(new Measurement(metric, labels, unit, new Scalar(value), quality, Source.UNATTRIBUTED));
    }

    private static Path writeLog(Path file, Histogram h, LoadResult r) throws FileNotFoundException {
        Histogram copy = h.copy();
        copy.setStartTimeStamp(r.startedAt().toEpochMilli());
        copy.setEndTimeStamp(r.endedAt().toEpochMilli());
        try (PrintStream out = new PrintStream(file.toFile(), java.nio.charset.StandardCharsets.UTF_8)) {
            HistogramLogWriter w = new HistogramLogWriter(out);
            w.outputComment("gonogo load scenario latency, microseconds, measured requests only");
            w.outputLogFormatVersion();
            w.outputStartTime(r.startedAt().toEpochMilli());
            w.outputLegend();
            w.outputIntervalHistogram(copy);
        } catch (java.io.IOException e) {
            throw new FileNotFoundException("cannot write " + file + ": " + e.getMessage());
        }
        return file;
    }
}
