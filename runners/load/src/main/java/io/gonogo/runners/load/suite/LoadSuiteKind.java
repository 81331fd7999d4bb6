package io.gonogo.runners.load.suite;

import io.gonogo.core.MetricInfo;
import io.gonogo.core.Numbers;
import io.gonogo.core.PlannedScenario;
import io.gonogo.core.Profile;
import io.gonogo.core.Quality;
import io.gonogo.core.Quantity;
import io.gonogo.core.SuiteKindInfo;
import io.gonogo.core.Unit;
import io.gonogo.core.config.ConfigNode;
import io.gonogo.runners.load.GeneratorBounds;
import io.gonogo.runners.load.LoadModel;
import io.gonogo.runners.load.grpc.GrpcLoadRunner;
import io.gonogo.runners.load.suite.LoadSettings.MixOp;
import io.gonogo.runners.spi.GovernanceOperation;
import io.gonogo.runners.spi.ScenarioContext;
import io.gonogo.runners.spi.ScenarioSpec;
import io.gonogo.runners.spi.SuiteKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

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
 *         operation: health      # a governance operation (health, create-session, ...),
 *                                # or any name with 'path'
 *         method: GET            # default from the operation, else GET
 *         path: /health          # default from the operation
 *         transport: http        # http or grpc (then 'method' is the full gRPC method, no 'path';
 *                                # see GrpcLoadScenario)
 *         client: gonogo         # grpc only: gonogo (the load engine's HTTP/2 client, default) or
 *                                # grpc-java (a full client: keepalive, retries, load balancing)
 *         streams-per-connection: 1  # grpc only: calls in flight per connection, 1..1,000;
 *                                # above 1 the calls go through grpc-java's client
 *         requests: 1000         # measured requests, 1..100,000,000; or instead:
 *         duration: 30s          # measured duration, 1ms..24h (exactly one of requests, duration)
 *         rate: 1000/s           # open model: constant arrival rate; needs duration
 *         ramp-to: 2000/s        # open model: from 'rate' to this, linearly over 'duration'
 *         concurrency: 50        # connections = virtual users (open: the pool), 1..100,000
 *         threads: 1             # engine threads (selectors) sharing the connections; 1..64
 *         generator-bounds:      # beyond these: GENERATOR_BOUND (defaults shown)
 *           gc-pause-share: 5%   #   share of the run the generator's JVM spent in GC pauses
 *           gc-pause: 200ms      #   longest single GC pause
 *           engine-busy: 97%     #   share of the run a selector thread worked instead of waiting
 *           send-lag-p99: 10ms   #   open model: p99 of how late requests left against the schedule
 *         warmup: 200            # unmeasured requests first; default 10%, 0 with duration
 *         timeout: 10s           # per request, 1ms..24h; default 10s
 *         max-duration: 30min    # hard stop, failing as aborted; default 30min (+duration)
 *         headers: {X-Trace: load}   # extra request headers (not Authorization)
 *         body: {operator: alice}    # YAML mapping or list, or JSON text; default: operation's
 *         mix:                   # instead of operation/method/path/body: a weighted mix
 *           - {operation: health, weight: 4}            # an operation gives method, path, body
 *           - {name: create, operation: create-session, weight: 1, expect: [200-299, 409],
 *              timeout: 2s}
 *           - {name: search, method: GET, path: /decisions?q=x, headers: {X-A: b}}
 *                                # with transport grpc: 'method' is the gRPC method, no 'path' or
 *                                # 'headers', 'expect' lists status codes (OK, NOT_FOUND, ...)
 *         optional: false
 *         profiles: {full: {requests: 100000}}
 * </pre>
 *
 * <p>Known operations: those of {@link GovernanceOperation} that need no earlier call's id ({@code
 * health} GET /health; {@code create-session} POST /sessions {"operator":"gonogo-load"}; {@code
 * submit-decision} POST /decisions {"title":"load","riskLevel":"LOW"}; {@code list-decisions} GET
 * /decisions; {@code metrics} GET /metrics/governance). A request whose method is not GET, HEAD or
 * OPTIONS carries {@code Authorization: Bearer <token>} when the service under test has a token
 * ({@link io.gonogo.runners.spi.SutEndpoint#token()}); the token is never written to evidence or
 * progress lines.
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
public final class LoadSuiteKind implements SuiteKind<LoadSettings> {

    /**
     * Share of attempted requests whose connection was refused or reset above which a scenario
     * fails.
     */
    static final double MAX_CONNECTION_ERROR_SHARE = 0.01;

    /**
     * Reads the {@code proto-set} key of a gRPC scenario, for every suite kind whose gRPC scenarios
     * take one (load, chaos): the descriptor set's path relative to the targets file, read and
     * checked to hold {@code method}.
     *
     * @param scenario the scenario's mapping
     * @param method the scenario's full gRPC method
     * @return the absolute file; empty when the scenario has no {@code proto-set}
     * @throws io.gonogo.core.InvalidInputException at the key's line and column when the file is
     *     missing, unreadable, not a descriptor set, or lacks the method
     */
    public static Optional<Path> protoSet(ConfigNode.Mapping scenario, String method) {
        return Optional.ofNullable(GrpcLoadScenario.protoSet(scenario, List.of(method)));
    }

    /** What a scenario calls: operation, transport, method and path (empty for gRPC). */
    private record Call(
            String operation,
            String transport,
            String method,
            String path,
            Optional<GovernanceOperation> known) {}

    /** How much a scenario sends: requests or a duration, and the open model's rates. */
    private record Amount(long requests, Duration duration, double rate, double rampTo) {}

    /**
     * Whether {@code method} changes state on the service, so the request carries the operator
     * token.
     */
    static boolean mutating(String method) {
        return !(method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS"));
    }

    /** Requests against the service: latency, throughput, success rate and errors per scenario. */
    static final SuiteKindInfo INFO =
            new SuiteKindInfo(
                    "load",
                    "Load",
                    SuiteKindInfo.Presentation.REQUEST_LOAD,
                    java.util.List.of(
                            new MetricInfo("latency", MetricInfo.Better.LOWER, "Latency"),
                            new MetricInfo("throughput", MetricInfo.Better.HIGHER, "Throughput"),
                            new MetricInfo(
                                    "success_rate", MetricInfo.Better.HIGHER, "Success rate"),
                            new MetricInfo("errors", MetricInfo.Better.LOWER, "Errors"),
                            new MetricInfo("requests", MetricInfo.Better.NEITHER, "Requests"),
                            new MetricInfo(
                                    "connect_time", MetricInfo.Better.LOWER, "Connect time")));

    @Override
    public SuiteKindInfo info() {
        return INFO;
    }

    @Override
    public String kind() {
        return "load";
    }

    @Override
    public List<ScenarioSpec<LoadSettings>> plan(ConfigNode section, Profile profile) {
        ConfigNode.Mapping suite =
                section.asMapping("'suites.load'").accept("optional", "scenarios");
        suite.finish();
        boolean suiteOptional = suite.bool("optional", false);
        List<ScenarioSpec<LoadSettings>> specs = new ArrayList<>();
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

    private static ScenarioSpec<LoadSettings> scenario(
            ConfigNode item, Profile profile, boolean suiteOptional) {
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
                                "proto-set",
                                "client",
                                "streams-per-connection",
                                "optional");
        m.finish();
        String id = m.node("id").asId("scenario id");
        boolean grpcMix =
                m.find("transport")
                        .map(n -> n.asScalarText("'transport'"))
                        .orElse("")
                        .equals("grpc");
        List<MixOp> mix =
                m.find("mix").map(n -> LoadScenarioReader.mix(n, grpcMix)).orElse(List.of());
        Call call = call(m, mix);
        Amount amount = amount(m, id);
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
        LoadSettings settings =
                new LoadSettings(
                        call.operation(),
                        call.method(),
                        call.path(),
                        call.transport(),
                        amount.requests(),
                        amount.duration(),
                        amount.rate(),
                        amount.rampTo(),
                        threads,
                        concurrency,
                        m.find("warmup")
                                .map(n -> n.asLong("'warmup'", 0, 100_000_000))
                                .orElse(amount.requests() / 10),
                        m.find("timeout")
                                .map(n -> LoadScenarioReader.duration(n, "'timeout'"))
                                .orElse(Duration.ofSeconds(10)),
                        maxDuration(m, amount.duration()),
                        m.find("headers").map(LoadScenarioReader::headers).orElse(Map.of()),
                        LoadScenarioReader.body(m, call.known()),
                        m.find("generator-bounds")
                                .map(LoadScenarioReader::bounds)
                                .orElse(GeneratorBounds.DEFAULT),
                        mix,
                        call.transport().equals("grpc")
                                ? GrpcLoadScenario.protoSet(
                                        m,
                                        mix.isEmpty()
                                                ? List.of(call.method())
                                                : mix.stream().map(MixOp::method).toList())
                                : null,
                        call.transport().equals("grpc") ? GrpcLoadScenario.client(m) : null,
                        m.find("streams-per-connection")
                                .map(n -> n.asInt("'streams-per-connection'", 1, 1000))
                                .orElse(1));
        if (!call.transport().equals("grpc") && m.has("streams-per-connection")) {
            throw m.node("streams-per-connection")
                    .error(
                            "'streams-per-connection' is for transport grpc (HTTP/2 calls in"
                                    + " flight per connection); HTTP/1.1 has one request in flight"
                                    + " per connection");
        }
        if ((settings.client() == GrpcLoadRunner.Client.GRPC_JAVA || settings.streams() > 1)
                && m.has("ramp-to")) {
            throw m.node("ramp-to")
                    .error(
                            "'ramp-to' runs on the gonogo client only; with 'client: grpc-java' or"
                                    + " 'streams-per-connection' above 1 the open model runs at a"
                                    + " constant rate");
        }
        if ((settings.client() == GrpcLoadRunner.Client.GRPC_JAVA || settings.streams() > 1)
                && !mix.isEmpty()) {
            throw m.node("mix")
                    .error(
                            "a grpc 'mix' runs on the gonogo client only; with 'client: grpc-java'"
                                    + " or 'streams-per-connection' above 1 give one 'method' per"
                                    + " scenario");
        }
        if (!call.transport().equals("grpc") && m.has("client")) {
            throw m.node("client")
                    .error(
                            "'client' is for transport grpc (gonogo or grpc-java); an http"
                                    + " scenario always uses the load engine's HTTP/1.1 client");
        }
        if (!call.transport().equals("grpc") && m.has("proto-set")) {
            throw m.node("proto-set")
                    .error(
                            "'proto-set' is for transport grpc (a descriptor set that resolves"
                                    + " 'method'); an http scenario has none");
        }
        Map<String, String> labels = new TreeMap<>();
        labels.put("operation", settings.operation());
        labels.put("transport", settings.transport());
        labels.put("model", settings.model().label());
        String title = m.find("title").map(n -> n.asString("'title'")).orElse(title(settings));
        return new ScenarioSpec<>(
                new PlannedScenario("load", id, suiteOptional || m.bool("optional", false), labels),
                id + ": " + title,
                settings);
    }

    /** The scenario's operation, transport, method and path, each checked against the others. */
    private static Call call(ConfigNode.Mapping m, List<MixOp> mix) {
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
        boolean grpc = transport.equals("grpc");
        Optional<GovernanceOperation> known = LoadScenarioReader.known(operation);
        if (known.isEmpty() && !m.has(grpc ? "method" : "path") && mix.isEmpty()) {
            throw m.node("operation")
                    .error(
                            grpc
                                    ? GrpcLoadScenario.unknownOperation(operation)
                                    : LoadScenarioReader.unknownHttpOperation(operation));
        }
        if (grpc && m.has("path")) {
            throw m.node("path")
                    .error(
                            "'path' is for transport http; a grpc scenario names its call with"
                                    + " 'method: package.Service/Method'");
        }
        if (grpc && !mix.isEmpty()) {
            return new Call(operation, transport, "", "", known);
        }
        return grpc
                ? new Call(operation, transport, GrpcLoadScenario.method(m, known), "", known)
                : new Call(
                        operation,
                        transport,
                        LoadScenarioReader.httpMethod(m, known),
                        LoadScenarioReader.httpPath(m, known),
                        known);
    }

    /**
     * {@code requests} or {@code duration}, and the open model's {@code rate} and {@code ramp-to}.
     */
    private static Amount amount(ConfigNode.Mapping m, String id) {
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
        long requests = requestsNode.map(n -> n.asLong("'requests'", 1, 100_000_000)).orElse(0L);
        Duration duration =
                durationNode.map(n -> LoadScenarioReader.duration(n, "'duration'")).orElse(null);
        double rate = 0;
        Optional<ConfigNode> rateNode = m.find("rate");
        if (rateNode.isPresent()) {
            rate = rate(rateNode.get(), "'rate'", "1000/s");
            if (duration == null) {
                throw rateNode.get()
                        .error(
                                "'rate' needs 'duration' (the open model sends at a constant rate"
                                        + " for a duration), not 'requests'");
            }
        }
        double rampTo = rate;
        Optional<ConfigNode> rampNode = m.find("ramp-to");
        if (rampNode.isPresent()) {
            if (rate == 0) {
                throw rampNode.get()
                        .error(
                                "'ramp-to' needs 'rate' (the open model ramps from 'rate' to"
                                        + " 'ramp-to' over 'duration')");
            }
            rampTo = rate(rampNode.get(), "'ramp-to'", "2000/s");
        }
        return new Amount(requests, duration, rate, rampTo);
    }

    private static double rate(ConfigNode n, String what, String example) {
        Quantity q = n.asQuantity(what);
        if (q.unit().dimension() != Unit.Dimension.RATE
                || !(q.valueIn(Unit.PER_SECOND) > 0)
                || q.valueIn(Unit.PER_SECOND) > 10_000_000) {
            throw n.error(
                    what
                            + " is '"
                            + q
                            + "'; expected a rate above 0 and up to 10000000/s, such as "
                            + example);
        }
        return q.valueIn(Unit.PER_SECOND);
    }

    private static Duration maxDuration(ConfigNode.Mapping m, Duration duration) {
        return m.find("max-duration")
                .map(n -> LoadScenarioReader.duration(n, "'max-duration'"))
                .orElse(
                        duration == null
                                ? Duration.ofMinutes(30)
                                : duration.plus(Duration.ofMinutes(30)));
    }

    /** The default title, e.g. {@code health x 1,000 at concurrency 4}. */
    private static String title(LoadSettings s) {
        String amount =
                s.duration() == null
                        ? Numbers.grouped(s.requests())
                        : "for " + LoadScenarioReader.human(s.duration());
        if (s.model() == LoadModel.CLOSED) {
            return s.operation() + " x " + amount + " at concurrency " + s.concurrency();
        }
        String pace =
                s.rampTo() != s.rate()
                        ? Numbers.grouped((long) s.rate())
                                + "/s rising to "
                                + Numbers.grouped((long) s.rampTo())
                                + "/s"
                        : Numbers.grouped((long) s.rate()) + "/s";
        if (s.rampTo() < s.rate()) {
            pace = pace.replace("rising", "falling");
        }
        return s.operation()
                + " at "
                + pace
                + " "
                + amount
                + " over up to "
                + s.concurrency()
                + " connections";
    }

    /**
     * HTTP load scenarios split across shards; gRPC ones do when their calls go through gonogo's
     * client with one call in flight per connection, the client that can send a share of a schedule
     * and log its latencies per interval. A gRPC scenario on grpc-java's client runs on shard 0
     * only.
     */
    @Override
    public boolean splits(ScenarioSpec<LoadSettings> scenario) {
        LoadSettings s = scenario.settings();
        return !s.grpc() || (s.client() == GrpcLoadRunner.Client.GONOGO && s.streams() == 1);
    }

    @Override
    public void run(ScenarioSpec<LoadSettings> scenario, ScenarioContext context) throws Exception {
        if (scenario.settings().grpc()) {
            GrpcLoadScenario.run(scenario, context);
        } else {
            HttpLoadScenario.run(scenario, context);
        }
    }
}
