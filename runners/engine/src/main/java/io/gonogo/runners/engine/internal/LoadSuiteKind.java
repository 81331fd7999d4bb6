package io.gonogo.runners.engine.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import io.gonogo.runners.load.GeneratorBounds;
import io.gonogo.runners.load.LoadOperation;
import io.gonogo.runners.load.LoadResult;
import io.gonogo.runners.load.LoadRunner;
import io.gonogo.runners.load.OperationResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

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
 *         ramp-to: 2000/s        # open model: ramp linearly from 'rate' to this rate over 'duration'
 *         concurrency: 50        # connections = virtual users (open model: connection pool), 1..10,000
 *         threads: 1             # engine threads (selectors), each with a share of the connections; 1..64
 *         generator-bounds:      # beyond these the figures are flagged GENERATOR_BOUND (defaults shown)
 *           gc-pause-share: 5%   #   share of the run the generator's JVM spent in GC pauses
 *           gc-pause: 200ms      #   longest single GC pause
 *           engine-busy: 97%     #   share of the run a selector thread worked instead of waiting
 *           send-lag-p99: 10ms   #   open model: p99 of how late requests left against the schedule
 *         warmup: 200            # requests before measuring, on top; default 10% of requests, 0 with duration
 *         timeout: 10s           # per request, 1ms..24h; default 10s
 *         max-duration: 30min    # hard stop (the scenario then fails as aborted); default 30min (+duration)
 *         headers: {X-Trace: load}   # extra request headers (not Authorization)
 *         body: {operator: alice}    # JSON body: a YAML mapping or list, or JSON text; default from the operation
 *         mix:                   # instead of operation/method/path/body: a weighted mix of operations
 *           - {operation: health, weight: 4}            # known operations give method, path and body
 *           - {name: create, operation: create-session, weight: 1, expect: [200-299, 409], timeout: 2s}
 *           - {name: search, method: GET, path: /decisions?q=x, headers: {X-A: b}}
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
 * {@code open} with {@code rate}): {@code latency} and {@code connect_time} (distributions in us),
 * {@code throughput} (/s), {@code success_rate} (%), {@code requests} (count) and {@code errors}
 * (count, label {@code kind}); a scenario with a {@code mix} publishes them over all its requests
 * (label {@code operation} = the scenario's {@code operation}, {@code mixed} by default) and once
 * per operation of the mix (label {@code operation} = the mix entry's name); it attaches {@code
 * latency.hlog}: an HdrHistogram interval log of the measured latencies, one interval per second
 * and engine thread tagged with the scenario id, whose intervals add up to the published latency
 * distribution. When the generator itself was the bottleneck (see {@link
 * io.gonogo.runners.load.GeneratorBounds}: GC pauses, a selector thread that never waits, requests
 * leaving late against the open model's schedule) every measurement carries {@link
 * Quality#GENERATOR_BOUND} and a progress line says why. A scenario fails when the run was aborted
 * (max duration, target unreachable, lost or silent), when no request succeeded, or when more than
 * 1% of requests met a refused, timed-out or reset connection (the service went away); timeouts and
 * HTTP error statuses are data, judged by targets.
 */
public final class LoadSuiteKind implements SuiteKind {
    /**
     * A known governance operation: its method, path and default JSON body ({@code null} for none).
     */
    record Operation(String method, String path, String body) {}

    private static final Map<String, Operation> OPERATIONS = operations();

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The validated settings of one load scenario.
     *
     * @param requests measured requests, 0 when the scenario runs for {@code duration}
     * @param duration measured duration, {@code null} when the scenario counts {@code requests}
     * @param rate open-model arrival rate per second, 0 for the closed model
     * @param rampTo open model: the rate at the end of the duration, equal to {@code rate} without
     *     a ramp
     * @param body JSON request body, {@code null} for none
     */
    record Settings(
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
            List<MixOp> mix) {}

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

    private static Map<String, Operation> operations() {
        Map<String, Operation> ops = new LinkedHashMap<>();
        ops.put("health", new Operation("GET", "/health", null));
        ops.put(
                "create-session",
                new Operation("POST", "/sessions", "{\"operator\":\"gonogo-load\"}"));
        ops.put("list-decisions", new Operation("GET", "/decisions", null));
        ops.put("metrics", new Operation("GET", "/metrics/governance", null));
        ops.put(
                "submit-decision",
                new Operation("POST", "/decisions", "{\"title\":\"load\",\"riskLevel\":\"LOW\"}"));
        return java.util.Collections.unmodifiableMap(ops);
    }

    /**
     * Whether {@code method} changes state on the service, so the request carries the operator
     * token.
     */
    static boolean mutating(String method) {
        return !(method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS"));
    }

    /**
     * Share of attempted requests whose connection was refused or reset above which a scenario
     * fails.
     */
    static final double MAX_CONNECTION_ERROR_SHARE = 0.01;

    @Override
    public String kind() {
        return "load";
    }

    @Override
    public List<ScenarioSpec> plan(ConfigNode section, Profile profile) {
        ConfigNode.Mapping suite =
                section.asMapping("'suites.load'").accept("optional", "scenarios");
        suite.finish();
        boolean suiteOptional = suite.bool("optional", false);
        List<ScenarioSpec> specs = new ArrayList<>();
        for (ConfigNode item : suite.node("scenarios").asList("'scenarios'")) {
            ConfigNode.Mapping m =
                    item.asMapping("a load scenario")
                            .withProfile(profile)
                            .accept(
                                    "id",
                                    "title",
                                    "operation",
                                    "method",
                                    "path",
                                    "transport",
                                    "requests",
                                    "duration",
                                    "rate",
                                    "ramp-to",
                                    "threads",
                                    "generator-bounds",
                                    "concurrency",
                                    "warmup",
                                    "timeout",
                                    "max-duration",
                                    "headers",
                                    "body",
                                    "mix",
                                    "optional");
            m.finish();
            String id = m.node("id").asId("scenario id");
            List<MixOp> mix = m.find("mix").map(LoadSuiteKind::mix).orElse(List.of());
            if (!mix.isEmpty()) {
                for (String key : List.of("method", "path", "body")) {
                    if (m.has(key)) {
                        throw m.node(key)
                                .error(
                                        "'"
                                                + key
                                                + "' belongs to each operation of 'mix', not to the"
                                                + " scenario");
                    }
                }
            }
            String operation =
                    m.find("operation")
                            .map(n -> n.asId("'operation'"))
                            .orElse(mix.isEmpty() ? "health" : "mixed");
            String transport =
                    m.find("transport").map(n -> n.asScalarText("'transport'")).orElse("http");
            if (!transport.equals("http") && !transport.equals("grpc")) {
                throw m.node("transport")
                        .error(
                                "transport '"
                                        + transport
                                        + "' is not supported by load scenarios;"
                                        + " expected http or grpc");
            }
            boolean grpc =
                    transport.equals(
                            "grpc"); // gRPC: GrpcLoadScenario (method = full gRPC name, no path)
            if (grpc && !mix.isEmpty()) {
                throw m.node("mix")
                        .error(
                                "'mix' is supported for transport http only; give a grpc scenario"
                                        + " one 'method' (or one scenario per call)");
            }
            Operation known =
                    grpc ? GrpcLoadScenario.OPERATIONS.get(operation) : OPERATIONS.get(operation);
            if (known == null && !m.has(grpc ? "method" : "path") && mix.isEmpty()) {
                throw m.node("operation")
                        .error(
                                grpc
                                        ? GrpcLoadScenario.unknownOperation(operation)
                                        : "unknown operation '"
                                                + operation
                                                + "' without a 'path'; expected one of "
                                                + String.join(", ", OPERATIONS.keySet())
                                                + ", or give 'path' (and 'method')");
            }
            String method =
                    grpc
                            ? GrpcLoadScenario.method(m, known)
                            : m.find("method")
                                    .map(n -> n.asScalarText("'method'").toUpperCase(Locale.ROOT))
                                    .orElse(known == null ? "GET" : known.method());
            if (!grpc && !method.matches("GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS")) {
                throw m.node("method")
                        .error(
                                "'"
                                        + method
                                        + "' is not an HTTP method; expected GET, POST, PUT, PATCH,"
                                        + " DELETE, HEAD or OPTIONS");
            }
            if (grpc && m.has("path")) {
                throw m.node("path")
                        .error(
                                "'path' is for transport http; a grpc scenario names its call with"
                                        + " 'method: package.Service/Method'");
            }
            String path =
                    grpc
                            ? ""
                            : m.find("path")
                                    .map(n -> n.asString("'path'"))
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
                throw m.node()
                        .error(
                                "missing 'requests' or 'duration' in load scenario '"
                                        + id
                                        + "'; give exactly one, such as requests: 1000 or duration:"
                                        + " 30s");
            }
            long requests =
                    requestsNode.map(n -> n.asLong("'requests'", 1, 100_000_000)).orElse(0L);
            Duration duration = durationNode.map(n -> duration(n, "'duration'")).orElse(null);
            double rate = 0;
            Optional<ConfigNode> rateNode = m.find("rate");
            if (rateNode.isPresent()) {
                ConfigNode n = rateNode.get();
                Quantity q = n.asQuantity("'rate'");
                if (q.unit().dimension() != Unit.Dimension.RATE
                        || !(q.valueIn(Unit.PER_SECOND) > 0)
                        || q.valueIn(Unit.PER_SECOND) > 10_000_000) {
                    throw n.error(
                            "'rate' is '"
                                    + q
                                    + "'; expected a rate above 0 and up to 10000000/s, such as"
                                    + " 1000/s");
                }
                if (duration == null) {
                    throw n.error(
                            "'rate' needs 'duration' (the open model sends at a constant rate for a"
                                    + " duration), not 'requests'");
                }
                rate = q.valueIn(Unit.PER_SECOND);
            }
            double rampTo = rate;
            Optional<ConfigNode> rampNode = m.find("ramp-to");
            if (rampNode.isPresent()) {
                ConfigNode n = rampNode.get();
                if (rate == 0) {
                    throw n.error(
                            "'ramp-to' needs 'rate' (the open model ramps from 'rate' to 'ramp-to'"
                                    + " over 'duration')");
                }
                Quantity q = n.asQuantity("'ramp-to'");
                if (q.unit().dimension() != Unit.Dimension.RATE
                        || !(q.valueIn(Unit.PER_SECOND) > 0)
                        || q.valueIn(Unit.PER_SECOND) > 10_000_000) {
                    throw n.error(
                            "'ramp-to' is '"
                                    + q
                                    + "'; expected a rate above 0 and up to 10000000/s, such as"
                                    + " 2000/s");
                }
                rampTo = q.valueIn(Unit.PER_SECOND);
            }
            int concurrency = m.node("concurrency").asInt("'concurrency'", 1, 10_000);
            int threads = m.find("threads").map(n -> n.asInt("'threads'", 1, 64)).orElse(1);
            if (threads > concurrency) {
                throw m.node("threads")
                        .error(
                                "'threads' is "
                                        + threads
                                        + ", more than 'concurrency' "
                                        + concurrency
                                        + "; each engine thread needs at least one connection");
            }
            long warmup =
                    m.find("warmup")
                            .map(n -> n.asLong("'warmup'", 0, 100_000_000))
                            .orElse(requests / 10);
            Duration timeout =
                    m.find("timeout")
                            .map(n -> duration(n, "'timeout'"))
                            .orElse(Duration.ofSeconds(10));
            Duration maxDuration =
                    m.find("max-duration")
                            .map(n -> duration(n, "'max-duration'"))
                            .orElse(
                                    duration == null
                                            ? Duration.ofMinutes(30)
                                            : duration.plus(Duration.ofMinutes(30)));
            Map<String, String> headers =
                    m.find("headers").map(LoadSuiteKind::headers).orElse(Map.of());
            String body =
                    m.find("body")
                            .map(LoadSuiteKind::body)
                            .orElse(known == null ? null : known.body());
            GeneratorBounds bounds =
                    m.find("generator-bounds")
                            .map(LoadSuiteKind::bounds)
                            .orElse(GeneratorBounds.DEFAULT);
            boolean optional = suiteOptional || m.bool("optional", false);
            Map<String, String> labels = new TreeMap<>();
            labels.put("operation", operation);
            labels.put("transport", transport);
            labels.put("model", rate > 0 ? "open" : "closed");
            String amount = duration == null ? Numbers.grouped(requests) : "for " + human(duration);
            String pace =
                    rampTo != rate
                            ? Numbers.grouped((long) rate)
                                    + "/s rising to "
                                    + Numbers.grouped((long) rampTo)
                                    + "/s"
                            : Numbers.grouped((long) rate) + "/s";
            if (rampTo < rate) {
                pace = pace.replace("rising", "falling");
            }
            String title =
                    m.find("title")
                            .map(n -> n.asString("'title'"))
                            .orElse(
                                    rate > 0
                                            ? operation
                                                    + " at "
                                                    + pace
                                                    + " "
                                                    + amount
                                                    + " over up to "
                                                    + concurrency
                                                    + " connections"
                                            : operation
                                                    + " x "
                                                    + amount
                                                    + " at concurrency "
                                                    + concurrency);
            specs.add(
                    new ScenarioSpec(
                            new PlannedScenario("load", id, optional, labels),
                            id + ": " + title,
                            new Settings(
                                    operation,
                                    method,
                                    path,
                                    transport,
                                    requests,
                                    duration,
                                    rate,
                                    rampTo,
                                    threads,
                                    concurrency,
                                    warmup,
                                    timeout,
                                    maxDuration,
                                    headers,
                                    body,
                                    bounds,
                                    mix)));
        }
        if (specs.isEmpty()) {
            throw suite.node("scenarios")
                    .error(
                            "'scenarios' is empty; declare at least one scenario or remove the"
                                    + " suite");
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

    private static List<MixOp> mix(ConfigNode list) {
        List<MixOp> out = new ArrayList<>();
        Set<String> names = new java.util.HashSet<>();
        for (ConfigNode item : list.asList("'mix'")) {
            ConfigNode.Mapping m =
                    item.asMapping("an operation of 'mix'")
                            .accept(
                                    "name",
                                    "operation",
                                    "method",
                                    "path",
                                    "headers",
                                    "body",
                                    "weight",
                                    "expect",
                                    "timeout");
            m.finish();
            String operation = m.find("operation").map(n -> n.asId("'operation'")).orElse(null);
            Operation known = operation == null ? null : OPERATIONS.get(operation);
            if (operation == null && !m.has("name")) {
                throw m.node()
                        .error(
                                "an operation of 'mix' needs 'operation' (one of "
                                        + String.join(", ", OPERATIONS.keySet())
                                        + ") or 'name' with 'path'");
            }
            if (known == null && !m.has("path")) {
                throw (m.has("operation") ? m.node("operation") : m.node())
                        .error(
                                "unknown operation '"
                                        + (operation == null ? m.string("name") : operation)
                                        + "' without a 'path'; expected one of "
                                        + String.join(", ", OPERATIONS.keySet())
                                        + ", or give 'path' (and 'method')");
            }
            String name = m.find("name").map(n -> n.asId("'name'")).orElse(operation);
            if (!names.add(name)) {
                throw m.node()
                        .error(
                                "operation '"
                                        + name
                                        + "' is twice in 'mix'; give each a distinct 'name'");
            }
            String method =
                    m.find("method")
                            .map(n -> n.asScalarText("'method'").toUpperCase(Locale.ROOT))
                            .orElse(known == null ? "GET" : known.method());
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
                            .orElse(known == null ? "/" : known.path());
            if (!path.startsWith("/")) {
                throw m.node("path").error("'path' must start with '/', was '" + path + "'");
            }
            Map<String, String> headers =
                    m.find("headers").map(LoadSuiteKind::headers).orElse(Map.of());
            String body =
                    m.find("body")
                            .map(LoadSuiteKind::body)
                            .orElse(known == null ? null : known.body());
            int weight = m.find("weight").map(n -> n.asInt("'weight'", 1, 1000)).orElse(1);
            List<int[]> statuses =
                    m.find("expect")
                            .map(LoadSuiteKind::statuses)
                            .orElse(List.of(new int[] {200, 299}));
            Duration timeout = m.find("timeout").map(n -> duration(n, "'timeout'")).orElse(null);
            out.add(new MixOp(name, method, path, headers, body, weight, statuses, timeout));
        }
        if (out.isEmpty()) {
            throw list.error("'mix' is empty; list at least one operation");
        }
        return List.copyOf(out);
    }

    /** {@code expect}: a status such as 200, a range such as 200-299, or a list of those. */
    private static List<int[]> statuses(ConfigNode n) {
        List<int[]> out = new ArrayList<>();
        List<ConfigNode> items = n.isScalar() ? List.of(n) : n.asList("'expect'");
        for (ConfigNode item : items) {
            String text = item.asScalarText("'expect'").strip();
            java.util.regex.Matcher r =
                    java.util.regex.Pattern.compile("(\\d{3})(?:\\s*-\\s*(\\d{3}))?").matcher(text);
            if (!r.matches()) {
                throw item.error(
                        "'expect' has '"
                                + text
                                + "'; expected a status such as 200, a range such as 200-299,"
                                + " or a list such as [200, 409]");
            }
            int from = Integer.parseInt(r.group(1));
            int to = r.group(2) == null ? from : Integer.parseInt(r.group(2));
            if (from < 100 || to > 599 || to < from) {
                throw item.error(
                        "'expect' has '" + text + "'; statuses run from 100 to 599, low to high");
            }
            out.add(new int[] {from, to});
        }
        if (out.isEmpty()) {
            throw n.error("'expect' is empty; give at least one status");
        }
        return out;
    }

    private static GeneratorBounds bounds(ConfigNode n) {
        ConfigNode.Mapping m =
                n.asMapping("'generator-bounds'")
                        .accept("gc-pause-share", "gc-pause", "engine-busy", "send-lag-p99");
        m.finish();
        GeneratorBounds d = GeneratorBounds.DEFAULT;
        double gcShare =
                m.find("gc-pause-share")
                        .map(x -> percent(x, "'gc-pause-share'", 0))
                        .orElse(d.maxGcPauseShare());
        long gcPause =
                m.find("gc-pause")
                        .map(
                                x ->
                                        (long)
                                                quantity(x, "'gc-pause'", Unit.Dimension.DURATION)
                                                        .valueIn(Unit.MILLISECONDS))
                        .orElse(d.maxGcPauseMillis());
        double busy =
                m.find("engine-busy")
                        .map(x -> percent(x, "'engine-busy'", 1e-9))
                        .orElse(d.maxEngineBusyShare());
        long lag =
                m.find("send-lag-p99")
                        .map(
                                x ->
                                        (long)
                                                quantity(
                                                                x,
                                                                "'send-lag-p99'",
                                                                Unit.Dimension.DURATION)
                                                        .valueIn(Unit.MICROSECONDS))
                        .orElse(d.maxSendLagP99Micros());
        return new GeneratorBounds(gcShare, gcPause, busy, lag);
    }

    private static Quantity quantity(ConfigNode n, String what, Unit.Dimension dimension) {
        Quantity q = n.asQuantity(what);
        if (q.unit().dimension() != dimension || q.value() < 0) {
            throw n.error(
                    what
                            + " is '"
                            + q
                            + "'; expected "
                            + (dimension == Unit.Dimension.DURATION
                                    ? "a duration such as 10ms"
                                    : "a percentage such as 5%"));
        }
        return q;
    }

    private static double percent(ConfigNode n, String what, double min) {
        double share = quantity(n, what, Unit.Dimension.PERCENT).valueIn(Unit.PERCENT) / 100;
        if (share < min || share > 1) {
            throw n.error(
                    what
                            + " is '"
                            + n.asScalarText(what)
                            + "'; expected a percentage "
                            + (min > 0 ? "above 0%" : "from 0%")
                            + " to 100%");
        }
        return share;
    }

    private static Map<String, String> headers(ConfigNode n) {
        Map<String, String> headers = n.asStringMap("'headers'");
        LoadRunner.Builder probe = LoadRunner.builder();
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase("Authorization")) {
                throw n.error(
                        "header 'Authorization' is set from the service's token (sut.url.token or"
                                + " the embedded server's own); remove it from 'headers'");
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
                throw n.error(
                        "'body' is text but not JSON ("
                                + e.getOriginalMessage()
                                + "); give a mapping such as {operator: alice} or JSON text such as"
                                + " '{\"operator\":\"alice\"}'");
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
        if (q.unit().dimension() != Unit.Dimension.DURATION
                || q.valueIn(Unit.MILLISECONDS) < 1
                || q.valueIn(Unit.HOURS) > 24) {
            throw n.error(
                    what
                            + " is '"
                            + q
                            + "'; expected a duration from 1ms to 24h, such as 500ms or 10s");
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
        LoadRunner.Builder builder =
                LoadRunner.builder()
                        .target(context.sut().http(s.path()))
                        .method(s.method())
                        .concurrency(s.concurrency())
                        .threads(s.threads())
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
                                                        "%s %5.1fs %,12d requests %,10.0f req/s %,d"
                                                                + " errors",
                                                        p.warmup() ? "warm-up " : "measured",
                                                        now / 1000.0,
                                                        p.completed(),
                                                        p.currentRatePerSecond(),
                                                        p.errors()));
                                    }
                                });
        if (s.duration() != null) {
            builder.duration(s.duration());
        } else {
            builder.requests(s.requests());
        }
        if (s.rate() > 0) {
            builder.rate(s.rate());
            if (s.rampTo() != s.rate()) {
                builder.rampTo(s.rampTo());
            }
        }
        Path hlog = context.outputDirectory().resolve("latency.hlog");
        builder.intervalLog(hlog, scenario.planned().id());
        s.headers().forEach(builder::header);
        String token = context.sut().token();
        if (!token.isEmpty() && mutating(s.method())) {
            builder.header("Authorization", "Bearer " + token);
        }
        if (s.body() != null) {
            builder.body(
                    s.body().getBytes(java.nio.charset.StandardCharsets.UTF_8), "application/json");
        }
        for (MixOp op : s.mix()) {
            LoadOperation.Builder ob =
                    LoadOperation.builder(op.name())
                            .method(op.method())
                            .path(op.path())
                            .weight(op.weight());
            op.headers().forEach(ob::header);
            if (!token.isEmpty() && mutating(op.method())) {
                ob.header("Authorization", "Bearer " + token);
            }
            if (op.body() != null) {
                ob.body(
                        op.body().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        "application/json");
            }
            for (int[] range : op.statuses()) {
                ob.successStatuses(range[0], range[1]);
            }
            if (op.timeout() != null) {
                ob.timeout(op.timeout());
            }
            builder.operation(ob.build());
        }
        LoadResult r = builder.build().run();
        Map<String, String> labels = new LinkedHashMap<>(scenario.planned().labels());
        labels.remove("suite");
        labels.remove("scenario");
        Set<Quality> quality = EnumSet.noneOf(Quality.class);
        if (r.aborted()) {
            quality.add(Quality.PARTIAL);
        }
        if (r.generatorBound()) {
            quality.add(Quality.GENERATOR_BOUND);
            context.progress(
                    "generator-bound, the figures may describe gonogo rather than the service: "
                            + String.join("; ", r.health().reasons()));
        }
        quality = Set.copyOf(quality);
        Histogram latency = r.latencyMicros();
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
        for (ErrorKind kind : ErrorKind.values()) {
            Map<String, String> withKind = new LinkedHashMap<>(labels);
            withKind.put("kind", kind.label());
            publish(context, "errors", withKind, Unit.COUNT, r.errorCount(kind), quality);
        }
        for (OperationResult op : r.operations()) {
            Map<String, String> opLabels = new LinkedHashMap<>(labels);
            opLabels.put("operation", op.name());
            Histogram h = op.latencyMicros();
            context.publish(
                    new Measurement(
                            "latency",
                            opLabels,
                            Unit.MICROSECONDS,
                            Distribution.of(h),
                            quality,
                            Source.UNATTRIBUTED));
            publish(
                    context,
                    "throughput",
                    opLabels,
                    Unit.PER_SECOND,
                    op.throughputPerSecond(),
                    quality);
            publish(
                    context,
                    "success_rate",
                    opLabels,
                    Unit.PERCENT,
                    op.successRatePercent(),
                    quality);
            publish(context, "requests", opLabels, Unit.COUNT, op.attempted(), quality);
            for (ErrorKind kind : ErrorKind.values()) {
                Map<String, String> withKind = new LinkedHashMap<>(opLabels);
                withKind.put("kind", kind.label());
                publish(context, "errors", withKind, Unit.COUNT, op.errorCount(kind), quality);
            }
            context.progress(
                    String.format(
                            Locale.ROOT,
                            "  %s: %,d requests, %,.0f req/s, p50 %s p99 %s, %s%% ok",
                            op.name(),
                            op.attempted(),
                            op.throughputPerSecond(),
                            ms(h, 50),
                            ms(h, 99),
                            Numbers.short4(op.successRatePercent())));
        }
        context.progress(
                String.format(
                        Locale.ROOT,
                        "%,d requests in %.2fs: %,.0f req/s, p50 %s p99 %s max %s, %s%% ok",
                        r.attempted(),
                        r.measuredWindow().toNanos() / 1e9,
                        r.throughputPerSecond(),
                        ms(latency, 50),
                        ms(latency, 99),
                        latency.getTotalCount() == 0
                                ? "-"
                                : Numbers.short4(latency.getMaxValue() / 1000.0) + "ms",
                        Numbers.short4(r.successRatePercent())));
        verdictOnRun(r);
    }

    private static String ms(Histogram h, double p) {
        return h.getTotalCount() == 0
                ? "-"
                : Numbers.short4(h.getValueAtPercentile(p) / 1000.0) + "ms";
    }

    private static void verdictOnRun(LoadResult r) {
        if (r.abortReason().isPresent()) {
            throw new IllegalStateException("the load run was aborted: " + r.abortReason().get());
        }
        long gone = r.errorCount(ErrorKind.CONNECT) + r.errorCount(ErrorKind.RESET);
        if (gone > MAX_CONNECTION_ERROR_SHARE * r.attempted()) {
            throw new IllegalStateException(
                    "the service stopped answering: "
                            + r.errorCount(ErrorKind.CONNECT)
                            + " connects failed (refused or timed out) and "
                            + r.errorCount(ErrorKind.RESET)
                            + " connections were reset among "
                            + Numbers.grouped(r.attempted())
                            + " requests, more than "
                            + Numbers.short4(MAX_CONNECTION_ERROR_SHARE * 100)
                            + "%");
        }
        if (r.succeeded() == 0) {
            throw new IllegalStateException(
                    "none of " + Numbers.grouped(r.attempted()) + " requests succeeded");
        }
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
}
