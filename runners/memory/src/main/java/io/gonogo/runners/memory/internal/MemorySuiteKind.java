package io.gonogo.runners.memory.internal;

import io.gonogo.core.Criterion;
import io.gonogo.core.Interval;
import io.gonogo.core.Measurement;
import io.gonogo.core.MetricInfo;
import io.gonogo.core.Numbers;
import io.gonogo.core.PlannedScenario;
import io.gonogo.core.Profile;
import io.gonogo.core.Quality;
import io.gonogo.core.Quantity;
import io.gonogo.core.Scalar;
import io.gonogo.core.Series;
import io.gonogo.core.Source;
import io.gonogo.core.SuiteKindInfo;
import io.gonogo.core.Unit;
import io.gonogo.core.config.ConfigNode;
import io.gonogo.core.config.Target;
import io.gonogo.runners.load.LoadResult;
import io.gonogo.runners.load.LoadRunner;
import io.gonogo.runners.load.LoadShape;
import io.gonogo.runners.load.ProgressListener;
import io.gonogo.runners.load.grpc.GrpcLoadRunner;
import io.gonogo.runners.load.suite.LoadSuiteKind;
import io.gonogo.runners.memory.Gauge;
import io.gonogo.runners.memory.Sample;
import io.gonogo.runners.memory.Sampler;
import io.gonogo.runners.spi.GovernanceOperation;
import io.gonogo.runners.spi.ScenarioContext;
import io.gonogo.runners.spi.ScenarioSpec;
import io.gonogo.runners.spi.SuiteKind;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code suites.memory}: leak scenarios. A workload runs while the service is sampled at a fixed
 * interval, then the sampling lingers; verdicts come from the trend (see {@link Trend}).
 *
 * <pre>
 * suites:
 *   memory:
 *     optional: false
 *     scenarios:
 *       - id: continuous-ops          # required, unique
 *         title: Continuous operations
 *         client: engine              # engine (keep-alive load engine), open-close, session-cycle
 *         operation: list-decisions   # engine: a governance operation, as in suites.load,
 *                                     #   or path/method/body/headers
 *         session: false              # open a session first; {session} in path/body is its id
 *         duration: 60s               # or requests: N (exactly one)
 *         rate: 100/s                 # engine only: open model
 *         concurrency: 4
 *         warmup: 500                 # unmeasured operations first (default 10%, 0 with duration)
 *         timeout: 10s
 *         interval: 1s                # sampling interval, 50ms..1min
 *         linger: 5s                  # sampling after the workload, 0..10min
 *         source: auto                # auto (jmx if gonogo started the service, else
 *                                     #   prometheus), jmx, proc, prometheus
 *         metrics-path: /prometheus   # prometheus source: the endpoint's path on the service
 *         metrics: {threads: jvm_threads_live_threads}   # prometheus selectors per gauge
 *         force-gc: true              # jmx: full GC before each sample (live heap = heap after it)
 *         min-samples: 10             # fewer samples make the slope LOW_SAMPLES (INCONCLUSIVE)
 *         critical: true              # the generated targets' criticality
 *         thresholds: {heap-growth: "&lt; 3x", fd-residual: off}
 *         profile: jfr                # record the service (or the load engine) with JFR
 *         profiles: {quick: {duration: 10s}, full: {duration: 60s}}
 * </pre>
 *
 * <p>Publishes (label {@code source}): Series {@code heap_live}, {@code heap_used}, {@code
 * threads}, {@code open_fds}, {@code direct_memory}, {@code rss}, {@code gc_pause}, {@code
 * operations}; Scalars {@code heap_slope} (B per 1,000 operations, 95% interval "ols-slope"),
 * {@code heap_slope_low} (its interval's low bound, the figure the slope target judges: the default
 * {@code <= 64KiB} per 1,000 operations reads "not significantly above 64 bytes per operation"),
 * {@code heap_growth}, {@code thread_growth}, {@code fd_growth}, {@code direct_growth}, {@code
 * gc_reclaim}, {@code thread_residual}, {@code fd_residual}, {@code throughput}; attaches {@code
 * samples.csv}. Generated targets {@code memory.<scenario>.<criterion>} come from {@link
 * #DEFAULT_THRESHOLDS}. A scenario fails when the service cannot be sampled, when its source lacks
 * a gauge an enabled target needs (naming the metric), or when its workload fails.
 */
public final class MemorySuiteKind implements SuiteKind<MemorySettings> {

    /**
     * The default criteria: the seeds' three, the slope, descriptors, direct memory and the
     * residuals.
     */
    static final Map<String, String> DEFAULT_THRESHOLDS = defaults();

    /** Metric judged, unit and gauges needed per criterion. */
    private record Criterion0(String metric, String title, Set<Gauge> needs) {}

    private static final Map<String, Criterion0> CRITERIA = criteria();

    private static Map<String, String> defaults() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("heap-growth", "< 3x");
        m.put("heap-slope", "<= 64KiB");
        m.put("gc-reclaim", "> 50%");
        m.put("thread-growth", "< 20");
        m.put("fd-growth", "< 20");
        m.put("direct-growth", "< 64MiB");
        m.put("thread-residual", "<= 2");
        m.put("fd-residual", "<= 2");
        return Collections.unmodifiableMap(m);
    }

    private static Map<String, Criterion0> criteria() {
        Map<String, Criterion0> m = new LinkedHashMap<>();
        m.put(
                "heap-growth",
                new Criterion0("heap_growth", "live heap growth", Set.of(Gauge.HEAP_LIVE)));
        m.put(
                "heap-slope",
                new Criterion0(
                        "heap_slope_low",
                        "live heap slope not significantly above the bound (95% interval's low"
                                + " end)",
                        Set.of(Gauge.HEAP_LIVE)));
        m.put(
                "gc-reclaim",
                new Criterion0(
                        "gc_reclaim", "GC reclaim rate", Set.of(Gauge.HEAP_LIVE, Gauge.HEAP_USED)));
        m.put(
                "thread-growth",
                new Criterion0("thread_growth", "thread growth", Set.of(Gauge.THREADS)));
        m.put(
                "fd-growth",
                new Criterion0("fd_growth", "descriptor growth", Set.of(Gauge.OPEN_FDS)));
        m.put(
                "direct-growth",
                new Criterion0(
                        "direct_growth", "direct memory growth", Set.of(Gauge.DIRECT_MEMORY)));
        m.put(
                "thread-residual",
                new Criterion0(
                        "thread_residual",
                        "threads back to baseline after the linger",
                        Set.of(Gauge.THREADS)));
        m.put(
                "fd-residual",
                new Criterion0(
                        "fd_residual",
                        "descriptors back to baseline after the linger",
                        Set.of(Gauge.OPEN_FDS)));
        return Collections.unmodifiableMap(m);
    }

    /** The client named in the operations' default bodies: {@code {"operator":"gonogo-memory"}}. */
    private static final String CLIENT = "memory";

    /** The known operations, listed in messages. */
    private static final String KNOWN =
            GovernanceOperation.ids(
                    java.util.Arrays.stream(GovernanceOperation.values())
                            .filter(o -> known(o.id()).isPresent())
                            .toList());

    /**
     * The catalogue's operation {@code id} when a memory scenario may send it: those that need no
     * earlier call's id, and {@code session-stats} of the scenario's own session.
     */
    private static Optional<GovernanceOperation> known(String id) {
        return GovernanceOperation.byId(id)
                .filter(o -> o.standalone() || o == GovernanceOperation.SESSION_STATS);
    }

    /** The keys of one scenario. */
    private static final String[] KEYS = {
        "id",
        "title",
        "client",
        "operation",
        "method",
        "transport",
        "proto-set",
        "path",
        "body",
        "headers",
        "session",
        "requests",
        "duration",
        "rate",
        "concurrency",
        "warmup",
        "timeout",
        "interval",
        "linger",
        "source",
        "metrics-path",
        "metrics",
        "force-gc",
        "min-samples",
        "critical",
        "thresholds",
        "profile",
        "optional",
    };

    /** Resource use over time: heap, threads, descriptors and GC, with their trends. */
    static final SuiteKindInfo INFO =
            new SuiteKindInfo(
                    "memory",
                    "Memory",
                    SuiteKindInfo.Presentation.RESOURCE_TREND,
                    java.util.List.of(
                            new MetricInfo("heap_growth", MetricInfo.Better.LOWER, "Heap growth"),
                            new MetricInfo("heap_slope", MetricInfo.Better.LOWER, "Heap slope"),
                            new MetricInfo("heap_live", MetricInfo.Better.LOWER, "Live heap"),
                            new MetricInfo("heap_used", MetricInfo.Better.LOWER, "Heap used"),
                            new MetricInfo(
                                    "thread_growth", MetricInfo.Better.LOWER, "Thread growth"),
                            new MetricInfo(
                                    "fd_growth", MetricInfo.Better.LOWER, "File descriptor growth"),
                            new MetricInfo(
                                    "direct_growth",
                                    MetricInfo.Better.LOWER,
                                    "Direct memory growth"),
                            new MetricInfo(
                                    "thread_residual", MetricInfo.Better.LOWER, "Residual threads"),
                            new MetricInfo(
                                    "fd_residual",
                                    MetricInfo.Better.LOWER,
                                    "Residual file descriptors"),
                            new MetricInfo("gc_pause", MetricInfo.Better.LOWER, "GC pause"),
                            new MetricInfo("rss", MetricInfo.Better.LOWER, "Resident set size"),
                            new MetricInfo("gc_reclaim", MetricInfo.Better.HIGHER, "GC reclaim")));

    @Override
    public SuiteKindInfo info() {
        return INFO;
    }

    @Override
    public String kind() {
        return "memory";
    }

    @Override
    public List<ScenarioSpec<MemorySettings>> plan(ConfigNode section, Profile profile) {
        ConfigNode.Mapping suite =
                section.asMapping("'suites.memory'").accept("optional", "scenarios");
        suite.finish();
        boolean suiteOptional = suite.bool("optional", false);
        List<ScenarioSpec<MemorySettings>> specs = new ArrayList<>();
        for (ConfigNode item : suite.node("scenarios").asList("'scenarios'")) {
            specs.add(scenario(item, profile, suiteOptional));
        }
        if (specs.isEmpty()) {
            throw suite.node("scenarios")
                    .error(
                            "'scenarios' is empty; declare at least one scenario or remove the"
                                    + " suite");
        }
        return specs;
    }

    private static ScenarioSpec<MemorySettings> scenario(
            ConfigNode item, Profile profile, boolean suiteOptional) {
        ConfigNode.Mapping m =
                item.asMapping("a memory scenario").withProfile(profile).accept(KEYS);
        m.finish();
        String id = m.node("id").asId("scenario id");
        MemoryClient client = m.find("client").map(MemoryClient::parse).orElse(MemoryClient.ENGINE);
        boolean grpc = grpc(m, client);
        Call call = grpc ? grpcCall(m) : call(m, client);
        Path protoSet = grpc ? LoadSuiteKind.protoSet(m, call.method()).orElse(null) : null;
        if (!grpc && m.has("proto-set")) {
            throw m.node("proto-set").error("'proto-set' needs transport: grpc");
        }
        Amount amount = amount(m, id, client);
        MemorySource source = m.find("source").map(MemorySource::parse).orElse(MemorySource.AUTO);
        String metricsPath =
                m.find("metrics-path").map(n -> n.asString("'metrics-path'")).orElse("/prometheus");
        if (!metricsPath.startsWith("/")) {
            throw m.node("metrics-path")
                    .error("'metrics-path' must start with '/', was '" + metricsPath + "'");
        }
        Map<String, String> thresholds = thresholds(m);
        MemorySettings s =
                new MemorySettings(
                        client,
                        call.operation(),
                        call.method(),
                        call.path(),
                        call.body(),
                        call.headers(),
                        amount.requests(),
                        amount.duration(),
                        amount.rate(),
                        m.find("concurrency")
                                .map(n -> n.asInt("'concurrency'", 1, 10_000))
                                .orElse(1),
                        m.find("warmup")
                                .map(n -> n.asLong("'warmup'", 0, 100_000_000))
                                .orElse(amount.requests() / 10),
                        optionalDuration(
                                m,
                                "timeout",
                                Duration.ofMillis(1),
                                Duration.ofHours(1),
                                Duration.ofSeconds(10)),
                        call.session(),
                        optionalDuration(
                                m,
                                "interval",
                                Duration.ofMillis(50),
                                Duration.ofMinutes(1),
                                Duration.ofSeconds(1)),
                        linger(m),
                        source,
                        metricsPath,
                        names(m),
                        m.bool("force-gc", true),
                        m.find("min-samples")
                                .map(n -> n.asInt("'min-samples'", Trend.MIN_FOR_INTERVAL, 100_000))
                                .orElse(10),
                        Map.copyOf(thresholds),
                        m.find("profile")
                                .map(n -> oneOf(n, "'profile'", "jfr", "none"))
                                .orElse("none")
                                .equals("jfr"),
                        grpc,
                        protoSet);
        Map<String, String> labels = new TreeMap<>();
        if (source != MemorySource.AUTO) {
            labels.put("source", source.id());
        }
        if (grpc) {
            labels.put("transport", "grpc");
        }
        String title = m.find("title").map(n -> n.asString("'title'")).orElse(title(s));
        return new ScenarioSpec<>(
                new PlannedScenario(
                        "memory", id, suiteOptional || m.bool("optional", false), labels),
                id + ": " + title,
                s,
                targets(item, id, title, thresholds, m.bool("critical", true)));
    }

    /**
     * What the workload calls: operation, method, path, body, headers, and whether in a session.
     */
    private record Call(
            String operation,
            String method,
            String path,
            String body,
            Map<String, String> headers,
            boolean session) {}

    /** How much the workload sends: requests or a duration, and the open model's rate. */
    private record Amount(long requests, Duration duration, double rate) {}

    /** Whether the scenario's workload is gRPC ({@code transport: grpc}, engine client only). */
    private static boolean grpc(ConfigNode.Mapping m, MemoryClient client) {
        String transport =
                m.find("transport")
                        .map(n -> oneOf(n, "'transport'", "http", "grpc"))
                        .orElse("http");
        if (transport.equals("grpc") && client != MemoryClient.ENGINE) {
            throw m.node("transport")
                    .error(
                            "transport: grpc needs client: engine (the "
                                    + client.id()
                                    + " client speaks HTTP/1.1)");
        }
        return transport.equals("grpc");
    }

    /**
     * What a gRPC workload calls: the full {@code method} (from the operation when it is a
     * governance one), the request {@code body} in the protobuf JSON mapping, metadata from {@code
     * headers}; no path and no session.
     */
    private static Call grpcCall(ConfigNode.Mapping m) {
        String operation =
                m.find("operation")
                        .map(n -> n.asId("'operation'"))
                        .orElse(GovernanceOperation.HEALTH.id());
        Optional<GovernanceOperation> known = known(operation);
        if (m.has("path")) {
            throw m.node("path").error("'path' is for HTTP; a gRPC workload calls 'method'");
        }
        if (m.has("session")) {
            throw m.node("session").error("'session' is for HTTP workloads");
        }
        String method;
        if (m.has("method")) {
            ConfigNode n = m.node("method");
            method = n.asScalarText("'method'").strip().replaceFirst("^/", "");
            try {
                GrpcLoadRunner.builder().method(method);
            } catch (IllegalArgumentException e) {
                throw n.error("'method' " + e.getMessage());
            }
        } else if (known.isPresent()) {
            method = known.get().grpcMethod();
        } else {
            throw m.node("operation")
                    .error(
                            "unknown operation '"
                                    + operation
                                    + "' without a 'method' for transport grpc; expected one of "
                                    + KNOWN
                                    + ", or give 'method: package.Service/Method'");
        }
        String body =
                m.find("body")
                        .map(n -> n.isScalar() ? n.asString("'body'") : json(n))
                        .orElse(known.flatMap(o -> o.body(CLIENT)).orElse(null));
        Map<String, String> headers =
                m.find("headers").map(n -> n.asStringMap("'headers'")).orElse(Map.of());
        return new Call(operation, method, "", body, Map.copyOf(headers), false);
    }

    private static Call call(ConfigNode.Mapping m, MemoryClient client) {
        String operation =
                m.find("operation")
                        .map(n -> n.asId("'operation'"))
                        .orElse(
                                client == MemoryClient.SESSION_CYCLE
                                        ? GovernanceOperation.CREATE_SESSION.id()
                                        : GovernanceOperation.HEALTH.id());
        Optional<GovernanceOperation> known = known(operation);
        if (known.isEmpty() && !m.has("path")) {
            throw m.node("operation")
                    .error(
                            "unknown operation '"
                                    + operation
                                    + "' without a 'path'; expected one of "
                                    + KNOWN
                                    + ", or give 'path' (and 'method')");
        }
        String method =
                m.find("method")
                        .map(n -> n.asScalarText("'method'").toUpperCase(Locale.ROOT))
                        .orElse(known.map(GovernanceOperation::httpMethod).orElse("GET"));
        if (!method.matches("GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS")) {
            throw m.node("method")
                    .error(
                            "'"
                                    + method
                                    + "' is not an HTTP method; expected GET, POST, PUT, PATCH,"
                                    + " DELETE, HEAD or OPTIONS");
        }
        String path =
                m.find("path")
                        .map(n -> n.asString("'path'"))
                        .orElse(known.map(GovernanceOperation::httpPath).orElse("/"));
        if (!path.startsWith("/")) {
            throw m.node("path").error("'path' must start with '/', was '" + path + "'");
        }
        String body =
                m.find("body")
                        .map(n -> n.isScalar() ? n.asString("'body'") : json(n))
                        .orElse(known.flatMap(o -> o.body(CLIENT)).orElse(null));
        Map<String, String> headers =
                m.find("headers").map(n -> n.asStringMap("'headers'")).orElse(Map.of());
        for (String h : headers.keySet()) {
            if (h.equalsIgnoreCase("Authorization")) {
                throw m.node("headers")
                        .error("header 'Authorization' is set from the service's token; remove it");
            }
        }
        boolean session =
                m.bool(
                        "session",
                        path.contains("{session}") || (body != null && body.contains("{session}")));
        return new Call(operation, method, path, body, Map.copyOf(headers), session);
    }

    private static Amount amount(ConfigNode.Mapping m, String id, MemoryClient client) {
        Optional<ConfigNode> requestsNode = m.find("requests");
        Optional<ConfigNode> durationNode = m.find("duration");
        if (requestsNode.isPresent() && durationNode.isPresent()) {
            throw durationNode.get().error("give either 'requests' or 'duration', not both");
        }
        if (requestsNode.isEmpty() && durationNode.isEmpty()) {
            throw m.node()
                    .error(
                            "missing 'requests' or 'duration' in memory scenario '"
                                    + id
                                    + "'; give exactly one, such as requests: 1000 or duration:"
                                    + " 30s");
        }
        long requests = requestsNode.map(n -> n.asLong("'requests'", 1, 100_000_000)).orElse(0L);
        Duration duration =
                durationNode
                        .map(
                                n ->
                                        duration(
                                                n,
                                                "'duration'",
                                                Duration.ofMillis(100),
                                                Duration.ofHours(24)))
                        .orElse(null);
        Optional<ConfigNode> rateNode = m.find("rate");
        if (rateNode.isEmpty()) {
            return new Amount(requests, duration, 0);
        }
        ConfigNode n = rateNode.get();
        Quantity q = n.asQuantity("'rate'");
        if (q.unit().dimension() != Unit.Dimension.RATE
                || !(q.valueIn(Unit.PER_SECOND) > 0)
                || q.valueIn(Unit.PER_SECOND) > 10_000_000) {
            throw n.error(
                    "'rate' is '"
                            + q
                            + "'; expected a rate above 0 and up to 10000000/s, such as 100/s");
        }
        if (duration == null) {
            throw n.error("'rate' needs 'duration', not 'requests'");
        }
        if (client != MemoryClient.ENGINE) {
            throw n.error(
                    "'rate' needs client: engine (the "
                            + client.id()
                            + " client runs closed loops)");
        }
        return new Amount(requests, duration, q.valueIn(Unit.PER_SECOND));
    }

    private static Duration optionalDuration(
            ConfigNode.Mapping m, String key, Duration min, Duration max, Duration fallback) {
        return m.find(key).map(n -> duration(n, "'" + key + "'", min, max)).orElse(fallback);
    }

    private static Duration linger(ConfigNode.Mapping m) {
        return m.find("linger")
                .map(
                        n ->
                                n.asScalarText("'linger'").strip().equals("0")
                                        ? Duration.ZERO
                                        : duration(
                                                n,
                                                "'linger'",
                                                Duration.ofMillis(1),
                                                Duration.ofMinutes(10)))
                .orElse(Duration.ofSeconds(5));
    }

    /** {@code metrics}: Prometheus selectors per gauge over the defaults. */
    private static Map<Gauge, String> names(ConfigNode.Mapping m) {
        Map<Gauge, String> names = new EnumMap<>(PrometheusSampler.DEFAULT_NAMES);
        Optional<ConfigNode> node = m.find("metrics");
        if (node.isEmpty()) {
            return Collections.unmodifiableMap(names);
        }
        ConfigNode.Mapping mm = node.get().asMapping("'metrics'");
        List<String> keys = new ArrayList<>();
        for (Gauge g : Gauge.values()) {
            keys.add(g.key());
        }
        mm.accept(keys.toArray(String[]::new));
        mm.finish();
        for (Gauge g : Gauge.values()) {
            Optional<ConfigNode> v = mm.find(g.key());
            if (v.isPresent()) {
                String text = v.get().asString("'metrics." + g.key() + "'");
                try {
                    PrometheusSampler.Selector.parse(text);
                } catch (IllegalArgumentException e) {
                    throw v.get().error(e.getMessage());
                }
                names.put(g, text);
            }
        }
        return Collections.unmodifiableMap(names);
    }

    /**
     * {@code thresholds}: criterion text per criterion over the defaults; {@code off} drops one.
     */
    private static Map<String, String> thresholds(ConfigNode.Mapping m) {
        Map<String, String> thresholds = new LinkedHashMap<>(DEFAULT_THRESHOLDS);
        Optional<ConfigNode> node = m.find("thresholds");
        if (node.isEmpty()) {
            return thresholds;
        }
        ConfigNode.Mapping t =
                node.get()
                        .asMapping("'thresholds'")
                        .accept(CRITERIA.keySet().toArray(String[]::new));
        t.finish();
        for (String key : CRITERIA.keySet()) {
            Optional<ConfigNode> v = t.find(key);
            if (v.isEmpty()) {
                continue;
            }
            String text = v.get().asScalarText("'thresholds." + key + "'").strip();
            if (text.equals("off") || text.equals("false")) {
                thresholds.remove(key);
            } else {
                checkThreshold(v.get(), key, text);
                thresholds.put(key, text);
            }
        }
        return thresholds;
    }

    private static void checkThreshold(ConfigNode v, String key, String text) {
        try {
            Criterion c = Criterion.parse(text);
            Unit.Dimension want = expectedDimension(key);
            if (c.threshold().unit().dimension() != want) {
                throw v.error(
                        "'thresholds."
                                + key
                                + "' is '"
                                + text
                                + "'; expected a criterion in "
                                + want.name().toLowerCase(Locale.ROOT)
                                + " such as "
                                + DEFAULT_THRESHOLDS.get(key)
                                + ", or off");
            }
        } catch (IllegalArgumentException e) {
            throw v.error("'thresholds." + key + "': " + e.getMessage() + ", or off");
        }
    }

    private static String title(MemorySettings s) {
        String amount =
                s.duration() == null
                        ? Numbers.grouped(s.requests()) + " operations"
                        : "for " + human(s.duration());
        return s.client().id()
                + " "
                + (s.client() == MemoryClient.ENGINE ? s.operation() + " " : "")
                + amount;
    }

    /** The scenario's generated targets, one per enabled threshold. */
    private static List<Target> targets(
            ConfigNode item,
            String id,
            String title,
            Map<String, String> thresholds,
            boolean critical) {
        List<Target> targets = new ArrayList<>();
        for (Map.Entry<String, String> e : thresholds.entrySet()) {
            Criterion0 c = CRITERIA.get(e.getKey());
            targets.add(
                    Target.builder("memory." + id + "." + e.getKey())
                            .title(title + ": " + c.title())
                            .metric(c.metric())
                            .where(Map.of("suite", "memory", "scenario", id))
                            .pass(Criterion.parse(e.getValue()))
                            .critical(critical)
                            .location(item.file() + ":" + item.line() + ":" + item.column())
                            .build());
        }
        return targets;
    }

    private static Unit.Dimension expectedDimension(String key) {
        return switch (key) {
            case "heap-growth" -> Unit.Dimension.RATIO;
            case "heap-slope", "direct-growth" -> Unit.Dimension.BYTES;
            case "gc-reclaim" -> Unit.Dimension.PERCENT;
            default -> Unit.Dimension.COUNT;
        };
    }

    private static String oneOf(ConfigNode n, String what, String... allowed) {
        String v = n.asScalarText(what).strip();
        for (String a : allowed) {
            if (a.equals(v)) {
                return v;
            }
        }
        throw n.error(what + " is '" + v + "'; expected one of " + String.join(", ", allowed));
    }

    private static String json(ConfigNode n) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(plain(n));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw n.error("'body' cannot be written as JSON: " + e.getOriginalMessage());
        }
    }

    private static Object plain(ConfigNode n) {
        if (n.isMapping()) {
            Map<String, Object> o = new LinkedHashMap<>();
            ConfigNode.Mapping m = n.asMapping("'body'");
            for (String k : m.keys()) {
                o.put(k, m.find(k).map(MemorySuiteKind::plain).orElse(null));
            }
            return o;
        }
        if (n.kind().equals("a list")) {
            return n.asList("'body'").stream().map(MemorySuiteKind::plain).toList();
        }
        return n.asScalarText("'body'");
    }

    private static Duration duration(ConfigNode n, String what, Duration min, Duration max) {
        Quantity q = n.asQuantity(what);
        if (q.unit().dimension() != Unit.Dimension.DURATION) {
            throw n.error(what + " is '" + q + "'; expected a duration such as 500ms or 10s");
        }
        Duration d = Duration.ofNanos((long) q.valueIn(Unit.NANOSECONDS));
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw n.error(
                    what
                            + " is '"
                            + q
                            + "'; expected a duration from "
                            + human(min)
                            + " to "
                            + human(max));
        }
        return d;
    }

    static String human(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0 && ms > 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "min";
        }
        if (ms % 1000 == 0 && ms > 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }

    /** Opens the scenario's sampler; the message of a failure names the source and why. */
    static Sampler open(MemorySettings s, ScenarioContext context) throws IOException {
        Optional<ProcessHandle> process = context.sutProcess();
        switch (s.source()) {
            case JMX:
                return new JmxSampler(
                        process.orElseThrow(
                                        () ->
                                                new IOException(
                                                        "source jmx needs a service gonogo started"
                                                                + " (sut: embedded or command)"))
                                .pid());
            case PROC:
                return new ProcSampler(
                        process.orElseThrow(
                                        () ->
                                                new IOException(
                                                        "source proc needs a service gonogo started"
                                                                + " (sut: embedded or command)"))
                                .pid());
            case PROMETHEUS:
                return prometheus(s, context);
            default:
                if (process.isPresent()) {
                    try {
                        return new JmxSampler(process.get().pid());
                    } catch (IOException e) {
                        context.progress(
                                "JMX unavailable (" + e.getMessage() + "); sampling /proc instead");
                        return new ProcSampler(process.get().pid());
                    }
                }
                return prometheus(s, context);
        }
    }

    private static Sampler prometheus(MemorySettings s, ScenarioContext context) {
        URI uri = context.sut().http(s.metricsPath());
        return new PrometheusSampler(uri, s.names(), Duration.ofSeconds(5));
    }

    @Override
    public void run(ScenarioSpec<MemorySettings> scenario, ScenarioContext context)
            throws Exception {
        MemorySettings s = scenario.settings();
        try (Sampler sampler = open(s, context)) {
            new MemoryRun(s, scenario, context, sampler).run();
        }
    }

    /** One execution of a scenario: sampling thread, workload, linger, analysis and publishing. */
    static final class MemoryRun {
        private final MemorySettings s;
        private final ScenarioSpec<MemorySettings> scenario;
        private final ScenarioContext context;
        private final Sampler sampler;
        private final OpsCounter counter = new OpsCounter();
        private final List<Observation> observations =
                Collections.synchronizedList(new ArrayList<>());
        private volatile boolean lingering;
        private volatile IOException samplingError;
        private double throughput;
        private long attempted;
        private String workloadFailure;

        /**
         * Engine workloads: (epoch ms, measured operations) from progress snapshots and the run's
         * end.
         */
        private final List<long[]> progressPoints = Collections.synchronizedList(new ArrayList<>());

        MemoryRun(
                MemorySettings s,
                ScenarioSpec<MemorySettings> scenario,
                ScenarioContext context,
                Sampler sampler) {
            this.s = s;
            this.scenario = scenario;
            this.context = context;
            this.sampler = sampler;
        }

        private void sampleNow() {
            try {
                Sample sample = sampler.sample(s.forceGc());
                Observation.Phase phase =
                        lingering
                                ? Observation.Phase.LINGER
                                : counter.measuring()
                                        ? Observation.Phase.DURING
                                        : Observation.Phase.WARMUP;
                observations.add(new Observation(sample, phase, counter.measured()));
            } catch (IOException e) {
                if (samplingError == null) {
                    samplingError = e;
                }
            }
        }

        void run() throws Exception {
            sampleNow();
            if (samplingError != null) {
                throw new IllegalStateException(
                        "cannot sample the service ("
                                + sampler.source()
                                + "): "
                                + samplingError.getMessage(),
                        samplingError);
            }
            context.progress(
                    "sampling "
                            + sampler.source()
                            + " every "
                            + human(s.interval())
                            + (s.forceGc() && sampler.source().equals("jmx")
                                    ? " with a forced GC"
                                    : ""));
            JfrProfiler profiler = s.jfr() ? JfrProfiler.start(sampler, context) : null;
            ScheduledExecutorService timer =
                    Executors.newSingleThreadScheduledExecutor(
                            r -> {
                                Thread t = new Thread(r, "gonogo-memory-sampler");
                                t.setDaemon(true);
                                return t;
                            });
            String sessionId = null;
            try {
                timer.scheduleAtFixedRate(
                        this::sampleNow,
                        s.interval().toMillis(),
                        s.interval().toMillis(),
                        TimeUnit.MILLISECONDS);
                if (s.session()) {
                    sessionId = openSession();
                }
                workload(sessionId);
                // the workload's last sample, with its exact operation count
                awaitSample(timer);
                lingering = true;
                if (sessionId != null) {
                    closeSession(sessionId);
                }
                if (!s.linger().isZero()) {
                    context.progress("lingering " + human(s.linger()));
                    Thread.sleep(s.linger().toMillis());
                }
                awaitSample(timer);
            } finally {
                timer.shutdownNow();
                timer.awaitTermination(30, TimeUnit.SECONDS);
            }
            Trend trend;
            List<Observation> obs;
            synchronized (observations) {
                obs = interpolate(List.copyOf(observations));
            }
            trend = new Trend(obs);
            Map<String, String> labels = new TreeMap<>();
            labels.put("source", sampler.source());
            if (s.grpc()) {
                labels.put("transport", "grpc");
            }
            Path csv = writeCsv(obs);
            context.attach(csv);
            publishSeries(obs, labels, csv.getFileName().toString());
            List<String> missing = publishVerdictFigures(trend, labels);
            if (profiler != null) {
                boolean leak = leakSuspected(trend);
                profiler.stopAndPublish(leak, labels);
            }
            if (workloadFailure != null) {
                throw new IllegalStateException(workloadFailure);
            }
            if (samplingError != null) {
                throw new IllegalStateException(
                        "sampling the service failed mid-scenario ("
                                + sampler.source()
                                + "): "
                                + samplingError.getMessage(),
                        samplingError);
            }
            if (!missing.isEmpty()) {
                throw new IllegalStateException(
                        "the " + sampler.source() + " source lacks " + String.join("; ", missing));
            }
        }

        /**
         * The engine reports progress about once a second, so a sample's operation count would lag
         * by up to a second; for engine workloads the count at each measured sample is interpolated
         * linearly between the progress snapshots around it (extrapolated from the first two before
         * the first, never below 0 nor above the run's total).
         */
        private List<Observation> interpolate(List<Observation> obs) {
            List<long[]> pts;
            synchronized (progressPoints) {
                pts = new ArrayList<>(progressPoints);
            }
            if (pts.size() < 2) {
                return obs;
            }
            pts.sort(java.util.Comparator.comparingLong(p -> p[0]));
            long total = pts.get(pts.size() - 1)[1];
            List<Observation> out = new ArrayList<>();
            for (Observation o : obs) {
                if (o.phase() != Observation.Phase.DURING) {
                    out.add(o);
                    continue;
                }
                long t = o.sample().epochMillis();
                int i = 1;
                while (i < pts.size() - 1 && pts.get(i)[0] < t) {
                    i++;
                }
                long[] a = pts.get(i - 1);
                long[] b = pts.get(i);
                double ops =
                        b[0] == a[0]
                                ? b[1]
                                : a[1] + (double) (b[1] - a[1]) * (t - a[0]) / (b[0] - a[0]);
                long v = Math.max(0, Math.min(total, Math.round(ops)));
                out.add(new Observation(o.sample(), o.phase(), v));
            }
            return out;
        }

        private void awaitSample(ScheduledExecutorService timer) throws Exception {
            timer.submit(this::sampleNow).get(60, TimeUnit.SECONDS);
        }

        private boolean leakSuspected(Trend t) {
            Optional<Trend.Slope> slope = t.heapSlope();
            return slope.isPresent() && slope.get().hasInterval() && slope.get().low() > 0;
        }

        private Map<String, String> auth(String method) {
            Map<String, String> h = new LinkedHashMap<>(s.headers());
            String token = context.sut().token();
            if (!token.isEmpty()
                    && !(method.equals("GET")
                            || method.equals("HEAD")
                            || method.equals("OPTIONS"))) {
                h.put("Authorization", "Bearer " + token);
            }
            return h;
        }

        private String openSession() throws IOException {
            try (MiniHttp c =
                    new MiniHttp(MiniHttp.Target.of(context.sut()), (int) s.timeout().toMillis())) {
                MiniHttp.Response r =
                        c.exchange(
                                GovernanceOperation.CREATE_SESSION.httpMethod(),
                                GovernanceOperation.CREATE_SESSION.httpPath(),
                                auth(GovernanceOperation.CREATE_SESSION.httpMethod()),
                                GovernanceOperation.CREATE_SESSION.body(CLIENT).orElseThrow(),
                                true);
                if (r.status() != 201 && r.status() != 200) {
                    throw new IOException(
                            "POST /sessions answered " + r.status() + ": " + r.body());
                }
                String id = MiniHttp.id(r.body());
                context.progress("session " + id + " opened");
                return id;
            }
        }

        private void closeSession(String id) {
            try (MiniHttp c =
                    new MiniHttp(MiniHttp.Target.of(context.sut()), (int) s.timeout().toMillis())) {
                GovernanceOperation close = GovernanceOperation.CLOSE_SESSION;
                c.exchange(
                        close.httpMethod(),
                        close.httpPath().replace("{session}", id),
                        auth(close.httpMethod()),
                        null,
                        true);
            } catch (IOException e) {
                context.progress("closing session " + id + " failed: " + e.getMessage());
            }
        }

        private void workload(String sessionId) throws Exception {
            String path = sessionId == null ? s.path() : s.path().replace("{session}", sessionId);
            String body =
                    s.body() == null
                            ? null
                            : sessionId == null
                                    ? s.body()
                                    : s.body().replace("{session}", sessionId);
            if (s.client() != MemoryClient.ENGINE) {
                clientWorkload(path, body);
            } else if (s.grpc()) {
                grpcWorkload(body);
            } else {
                engineWorkload(path, body);
            }
        }

        /** The open-close or session-cycle client's closed loops. */
        private void clientWorkload(String path, String body) throws Exception {
            {
                ClientLoop loop =
                        new ClientLoop(
                                s.client(),
                                MiniHttp.Target.of(context.sut()),
                                s.method(),
                                path,
                                body,
                                s.headers(),
                                context.sut().token(),
                                s.concurrency(),
                                s.warmup(),
                                s.requests(),
                                s.duration(),
                                s.timeout());
                if (s.warmup() == 0) {
                    counter.startMeasuring();
                }
                ClientLoop.Result r = loop.run(counter);
                attempted = r.attempted();
                throughput = r.window().isZero() ? 0 : r.succeeded() / (r.window().toNanos() / 1e9);
                context.progress(
                        String.format(
                                Locale.ROOT,
                                "%,d operations (%s), %,d errors, %,.0f ops/s",
                                r.attempted(),
                                s.client().id(),
                                r.errors(),
                                throughput));
                if (r.succeeded() == 0 || r.errors() > 0.01 * r.attempted()) {
                    workloadFailure =
                            "the "
                                    + s.client().id()
                                    + " workload failed: "
                                    + r.errors()
                                    + " of "
                                    + r.attempted()
                                    + " operations failed (first: "
                                    + r.firstError()
                                    + ")";
                }
            }
        }

        /** The load engine's workload, closed or open model. */
        private void engineWorkload(String path, String body) {
            LoadRunner.Builder b =
                    LoadRunner.builder()
                            .target(context.sut().http(path))
                            .method(s.method())
                            .shape(shape())
                            .progressListener(progressListener());
            if (context.sut().httpTls()) {
                b.tls(context.sut().tls());
            }
            auth(s.method()).forEach(b::header);
            if (body != null) {
                b.body(body.getBytes(StandardCharsets.UTF_8), "application/json");
            }
            measured(b.build().run());
        }

        /**
         * The gRPC workload ({@code transport: grpc}): unary calls of the scenario's method on the
         * service's gRPC address, over TLS when it speaks TLS, closed or open model as for HTTP.
         */
        private void grpcWorkload(String body) {
            String address = context.sut().grpcAddress();
            if (address.isEmpty()) {
                throw new IllegalStateException(
                        "the service under test has no gRPC address, so a transport: grpc"
                                + " workload cannot run; give sut.url a 'grpc' address");
            }
            GrpcLoadRunner.Builder b =
                    GrpcLoadRunner.builder()
                            .target(address)
                            .method(s.method())
                            .shape(shape())
                            .progressListener(progressListener());
            if (context.sut().grpcTls()) {
                b.tls(context.sut().tls());
            }
            if (s.protoSet() != null) {
                b.descriptorSet(s.protoSet());
            }
            s.headers().forEach(b::header);
            String token = context.sut().token();
            if (!token.isEmpty()
                    && GovernanceOperation.byId(s.operation())
                            .map(o -> !o.readOnly())
                            .orElse(true)) {
                b.header("authorization", "Bearer " + token);
            }
            if (body != null) {
                b.body(body);
            }
            measured(b.build().run().figures());
        }

        /** The workload's shape, the same for HTTP and gRPC: closed or open, count or time. */
        private LoadShape shape() {
            LoadShape.Builder b =
                    LoadShape.builder()
                            .concurrency(s.concurrency())
                            .warmupRequests(s.warmup())
                            .requestTimeout(s.timeout())
                            .maxDuration(maxDuration());
            if (s.duration() != null) {
                b.duration(s.duration());
            } else {
                b.requests(s.requests());
            }
            if (s.rate() > 0) {
                b.rate(s.rate());
            }
            return b.build();
        }

        private Duration maxDuration() {
            return s.duration() == null ? Duration.ofMinutes(30) : s.duration().plusMinutes(30);
        }

        /**
         * Counts measured operations for the samples (interpolated between progress points) and
         * prints a line every 5 s.
         */
        private ProgressListener progressListener() {
            long[] lastPrinted = {0};
            if (s.warmup() == 0) {
                counter.startMeasuring();
            }
            return p -> {
                if (!p.warmup()) {
                    counter.startMeasuring();
                    counter.set(p.completed());
                    progressPoints.add(new long[] {System.currentTimeMillis(), p.completed()});
                }
                long now = p.elapsed().toMillis();
                if (now - lastPrinted[0] >= 5000) {
                    lastPrinted[0] = now;
                    context.progress(
                            String.format(
                                    Locale.ROOT,
                                    "%s %5.1fs %,12d operations",
                                    p.warmup() ? "warm-up " : "measured",
                                    now / 1000.0,
                                    p.completed()));
                }
            };
        }

        /** Takes the workload's figures: operations done, throughput, and why it failed. */
        private void measured(LoadResult r) {
            progressPoints.add(new long[] {r.endedAt().toEpochMilli(), r.attempted()});
            counter.startMeasuring();
            counter.set(r.attempted());
            attempted = r.attempted();
            throughput = r.throughputPerSecond();
            context.progress(
                    String.format(
                            Locale.ROOT,
                            "%,d operations in %.1fs, %,.0f/s, %s%% ok",
                            r.attempted(),
                            r.measuredWindow().toNanos() / 1e9,
                            throughput,
                            Numbers.short4(r.successRatePercent())));
            workloadFailure = engineFailure(r);
        }

        /** Why the engine's workload failed: aborted, or under 99% of requests succeeded. */
        private static String engineFailure(LoadResult r) {
            if (r.abortReason().isPresent()) {
                return "the workload was aborted: " + r.abortReason().get();
            } else if (r.succeeded() == 0 || r.succeeded() < 0.99 * r.attempted()) {
                StringBuilder kinds = new StringBuilder();
                r.errors()
                        .forEach(
                                (k, n) -> {
                                    if (n > 0) {
                                        kinds.append(kinds.length() == 0 ? "" : ", ")
                                                .append(k.label())
                                                .append(' ')
                                                .append(n);
                                    }
                                });
                return "the workload failed: "
                        + (r.attempted() - r.succeeded())
                        + " of "
                        + r.attempted()
                        + " requests did not succeed ("
                        + (kinds.length() == 0 ? "no error kind recorded" : kinds)
                        + ")";
            }
            return null;
        }

        private Path writeCsv(List<Observation> obs) throws IOException {
            StringBuilder b = new StringBuilder("epoch_ms,phase,operations");
            for (Gauge g : Gauge.values()) {
                b.append(',').append(g.key());
            }
            b.append('\n');
            for (Observation o : obs) {
                b.append(o.sample().epochMillis())
                        .append(',')
                        .append(o.phase().name().toLowerCase(Locale.ROOT))
                        .append(',')
                        .append(o.operations());
                for (Gauge g : Gauge.values()) {
                    b.append(',');
                    OptionalDouble v = o.sample().get(g);
                    if (v.isPresent()) {
                        b.append(plain(v.getAsDouble()));
                    }
                }
                b.append('\n');
            }
            Path file = context.outputDirectory().resolve("samples.csv");
            Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
            return file;
        }

        private static String plain(double v) {
            return v == Math.rint(v) && Math.abs(v) < 1e15
                    ? Long.toString((long) v)
                    : Double.toString(v);
        }

        private void publishSeries(List<Observation> obs, Map<String, String> labels, String file) {
            Source src = new Source("", "0", "", file);
            series("heap_live", Gauge.HEAP_LIVE, Unit.BYTES, obs, labels, src);
            series("heap_used", Gauge.HEAP_USED, Unit.BYTES, obs, labels, src);
            series("threads", Gauge.THREADS, Unit.COUNT, obs, labels, src);
            series("open_fds", Gauge.OPEN_FDS, Unit.COUNT, obs, labels, src);
            series("direct_memory", Gauge.DIRECT_MEMORY, Unit.BYTES, obs, labels, src);
            series("rss", Gauge.RSS, Unit.BYTES, obs, labels, src);
            series("gc_pause", Gauge.GC_PAUSE, Unit.MILLISECONDS, obs, labels, src);
            List<Series.Point> ops = new ArrayList<>();
            for (Observation o : obs) {
                ops.add(new Series.Point(o.sample().epochMillis(), o.operations()));
            }
            context.publish(
                    new Measurement(
                            "operations", labels, Unit.COUNT, new Series(ops), Set.of(), src));
        }

        private void series(
                String metric,
                Gauge g,
                Unit unit,
                List<Observation> obs,
                Map<String, String> labels,
                Source src) {
            List<Series.Point> points = new ArrayList<>();
            for (Observation o : obs) {
                o.sample()
                        .get(g)
                        .ifPresent(v -> points.add(new Series.Point(o.sample().epochMillis(), v)));
            }
            if (!points.isEmpty()) {
                context.publish(
                        new Measurement(metric, labels, unit, new Series(points), Set.of(), src));
            }
        }

        /** Publishes the scalars; returns, for each enabled criterion it could not measure, why. */
        private List<String> publishVerdictFigures(Trend t, Map<String, String> labels) {
            publishSlope(t, labels);
            scalar("heap_growth", Unit.RATIO, t.heapGrowth(), labels);
            scalar("gc_reclaim", Unit.PERCENT, t.gcReclaim(), labels);
            scalar("thread_growth", Unit.COUNT, t.growth(Gauge.THREADS), labels);
            scalar("fd_growth", Unit.COUNT, t.growth(Gauge.OPEN_FDS), labels);
            scalar("direct_growth", Unit.BYTES, t.growth(Gauge.DIRECT_MEMORY), labels);
            scalar("thread_residual", Unit.COUNT, t.residual(Gauge.THREADS), labels);
            scalar("fd_residual", Unit.COUNT, t.residual(Gauge.OPEN_FDS), labels);
            Map<String, String> tl = new TreeMap<>(labels);
            tl.put(
                    "operation",
                    s.client() == MemoryClient.ENGINE ? s.operation() : s.client().id());
            context.publish(
                    new Measurement(
                            "throughput",
                            tl,
                            Unit.PER_SECOND,
                            new Scalar(throughput),
                            Set.of(),
                            Source.UNATTRIBUTED));
            context.progress(
                    String.format(
                            Locale.ROOT,
                            "heap growth %s, threads %s, fds %s, residual threads %s fds %s,"
                                    + " reclaim %s",
                            fmt(t.heapGrowth(), "x"),
                            fmt(t.growth(Gauge.THREADS), ""),
                            fmt(t.growth(Gauge.OPEN_FDS), ""),
                            fmt(t.residual(Gauge.THREADS), ""),
                            fmt(t.residual(Gauge.OPEN_FDS), ""),
                            fmt(t.gcReclaim(), "%")));
            return missing(t);
        }

        /** The live-heap slope per 1,000 operations with its interval, and a progress line. */
        private void publishSlope(Trend t, Map<String, String> labels) {
            Set<Quality> low =
                    t.heapSamples() < s.minSamples() ? Set.of(Quality.LOW_SAMPLES) : Set.of();
            Optional<Trend.Slope> slope = t.heapSlope();
            if (slope.isPresent()) {
                Trend.Slope sl = slope.get();
                Interval iv =
                        sl.hasInterval()
                                ? Interval.of(sl.low(), sl.high(), 0.95, "ols-slope")
                                : Interval.NONE;
                Set<Quality> q = sl.hasInterval() ? low : Set.of(Quality.LOW_SAMPLES);
                context.publish(
                        new Measurement(
                                "heap_slope",
                                labels,
                                Unit.BYTES,
                                new Scalar(sl.slope()),
                                q,
                                Source.UNATTRIBUTED,
                                iv));
                if (sl.hasInterval()) {
                    context.publish(
                            new Measurement(
                                    "heap_slope_low",
                                    labels,
                                    Unit.BYTES,
                                    new Scalar(sl.low()),
                                    q,
                                    Source.UNATTRIBUTED));
                }
                context.progress(
                        String.format(
                                Locale.ROOT,
                                "live heap slope %s B per 1,000 operations%s over %d samples%s",
                                Numbers.short4(sl.slope()),
                                sl.hasInterval()
                                        ? ", 95% interval ["
                                                + Numbers.short4(sl.low())
                                                + ", "
                                                + Numbers.short4(sl.high())
                                                + "]"
                                        : " (no interval)",
                                sl.samples(),
                                q.isEmpty()
                                        ? ""
                                        : ", too few for a verdict (min-samples "
                                                + s.minSamples()
                                                + ")"));
            } else {
                context.progress(
                        "no live-heap slope: "
                                + t.heapSamples()
                                + " live-heap samples during the workload");
            }
        }

        /** What the sampler could not measure that an enabled criterion needs; empty when none. */
        private List<String> missing(Trend t) {
            Map<Gauge, String> missingGauges = sampler.missing();
            List<String> missing = new ArrayList<>();
            for (String criterion : s.thresholds().keySet()) {
                for (Gauge g : CRITERIA.get(criterion).needs()) {
                    String why = missingGauges.get(g);
                    if (why != null) {
                        String text =
                                g.key()
                                        + " ("
                                        + why
                                        + "), so memory."
                                        + scenario.planned().id()
                                        + "."
                                        + criterion
                                        + " cannot be measured";
                        if (!missing.contains(text)) {
                            missing.add(text);
                        }
                    }
                }
            }
            if (t.duringSamples() < 2) {
                missing.add(
                        "samples: only "
                                + t.duringSamples()
                                + " taken during the workload; shorten 'interval' or"
                                + " lengthen the workload");
            }
            return missing;
        }

        private static String fmt(OptionalDouble v, String unit) {
            return v.isPresent() ? Numbers.short4(v.getAsDouble()) + unit : "-";
        }

        private void scalar(
                String metric, Unit unit, OptionalDouble v, Map<String, String> labels) {
            if (v.isPresent()) {
                context.publish(
                        new Measurement(
                                metric,
                                labels,
                                unit,
                                new Scalar(v.getAsDouble()),
                                Set.of(),
                                Source.UNATTRIBUTED));
            }
        }
    }
}
