package io.gonogo.runners.chaos.internal;

import io.gonogo.core.Criterion;
import io.gonogo.core.MetricInfo;
import io.gonogo.core.PlannedScenario;
import io.gonogo.core.Profile;
import io.gonogo.core.Quantity;
import io.gonogo.core.SuiteKindInfo;
import io.gonogo.core.Unit;
import io.gonogo.core.config.Aggregation;
import io.gonogo.core.config.ConfigNode;
import io.gonogo.core.config.Target;
import io.gonogo.runners.chaos.FaultInjectors;
import io.gonogo.runners.load.LoadModel;
import io.gonogo.runners.spi.DeclaredEndpoint;
import io.gonogo.runners.spi.GovernanceOperation;
import io.gonogo.runners.spi.PlanContext;
import io.gonogo.runners.spi.ScenarioContext;
import io.gonogo.runners.spi.ScenarioSpec;
import io.gonogo.runners.spi.SuiteKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code suites.chaos}: a workload through the fault proxy, one fault on a schedule, and a
 * steady-state hypothesis judged before, during and after the fault.
 *
 * <pre>
 * suites:
 *   chaos:
 *     optional: false
 *     scenarios:
 *       - id: network-latency            # required; generated targets are
 *                                        #   chaos.&lt;id&gt;.&lt;criterion&gt;
 *         title: Network latency 100ms
 *         operation: health              # health, create-session, list-decisions, metrics,
 *                                        #   submit-decision, or 'path'
 *         method: GET                    # default from the operation (grpc: pkg.Service/Method)
 *         path: /health                  # default from the operation (http only)
 *         transport: http                # http, or grpc (gRPC load engine, HTTP/2 proxy)
 *         rate: 300/s                    # open model; or leave it out for the closed model
 *         concurrency: 8                 # connections (closed: users; open: pool); default 8
 *         timeout: 1s                    # per request; default 2s
 *         duration: 9s                   # nominal scenario length; default 15s
 *         window: 1s                     # measurement window (series and recovery resolution);
 *                                        #   default 1s
 *         warmup: 1s                     # unmeasured traffic first; default 1s
 *         fault: {kind: latency, latency: 100ms, jitter: 10ms, direction: downstream}
 *         at: 3s                         # fault start, after at least one window
 *         for: 3s                        # fault length
 *         durability: false              # record acknowledged writes, check them afterwards
 *                                        #   (default: true for kill/restart)
 *         hypothesis:
 *           steady-state: {success_rate: "&gt;= 99%", p99: "&lt;= 50ms"}   # before and after,
 *                                                                          #   unless given apart
 *           before: {...}
 *           during: {error_rate: "&lt;= 35%"}
 *           after: {...}
 *           recovery: "&lt;= 5s"
 *           critical: true               # the generated targets' criticality (default true)
 *         optional: false
 *         profiles: {full: {duration: 60s, at: 20s, for: 20s}}
 * </pre>
 *
 * <p>Fault kinds: those of {@link FaultInjectors#standard()} through the proxy, and the process
 * faults {@code kill} (SIGKILL at {@code at}, started again on the same data at {@code at + for}),
 * {@code pause} (SIGSTOP, then SIGCONT) and {@code restart} (graceful stop, then start), which need
 * a service gonogo started. Phase figures: {@code success_rate}, {@code error_rate} (both %),
 * {@code throughput} (/s) and latency percentiles {@code p50}, {@code p99}, {@code p99.9}....
 *
 * <p>Over gRPC ({@code transport: grpc}): the workload is unary calls of the service's gRPC address
 * (the operations map to {@code gonogo.governance.v1.Governance} Health, CreateSession,
 * ListDecisions, GetMetrics and SubmitDecision, as in the load suite; or give {@code method} and a
 * {@code body} in the protobuf JSON mapping), {@code concurrency} calls in flight over at most 8
 * connections, each call's deadline the {@code timeout}. The method is resolved once through the
 * service's reflection, directly, before the proxy starts. The proxy runs in HTTP/2 mode: the chunk
 * and connection faults act as over HTTP, and {@code fault: {kind: grpc-error, share: 30%}} (status
 * default UNAVAILABLE, or any other by name or code) ends that share of new calls with the status,
 * decided per call; {@code http-error} is for HTTP scenarios only, {@code grpc-error} for gRPC
 * ones. Errors are published per kind: {@code connect}, {@code timeout} (the call's deadline
 * expired), {@code reset}, and one {@code grpc_<STATUS>} per status (UNAVAILABLE counts as an
 * error, as every status but OK does). {@code durability} is checked over HTTP, so a grpc scenario
 * cannot ask for it.
 *
 * <p>Over TLS (an {@code https} base URL for {@code transport: http}, a {@code grpcs} address for
 * {@code grpc}) the proxy relays bytes as opaque TCP, so only connection-level and process faults
 * act; a fault that reads requests or calls is refused when the plan is made (see {@link
 * #plan(ConfigNode, Profile, DeclaredEndpoint)}).
 */
public final class ChaosSuiteKind implements SuiteKind<ChaosSuiteKind.Planned> {
    /** The client named in the operations' default bodies: {@code {"operator":"gonogo-chaos"}}. */
    private static final String CLIENT = "chaos";

    /** The known operations, listed in messages. */
    private static final String KNOWN =
            GovernanceOperation.ids(GovernanceOperation.standaloneOperations());

    private static final List<String> PHASES = List.of("before", "during", "after");

    private final FaultInjectors injectors;

    /** The kind with the standard fault injectors (ServiceLoader). */
    public ChaosSuiteKind() {
        this(FaultInjectors.standard());
    }

    /** The kind with these fault injectors. */
    public ChaosSuiteKind(FaultInjectors injectors) {
        this.injectors = injectors;
    }

    /** The keys of one scenario. */
    private static final String[] KEYS = {
        "id",
        "title",
        "operation",
        "method",
        "path",
        "body",
        "proto-set",
        "transport",
        "rate",
        "concurrency",
        "timeout",
        "duration",
        "window",
        "warmup",
        "fault",
        "at",
        "for",
        "durability",
        "hypothesis",
        "optional",
    };

    /**
     * Faults injected while a workload runs: the steady state before, during and after, recovery
     * and lost writes.
     */
    static final SuiteKindInfo INFO =
            new SuiteKindInfo(
                    "chaos",
                    "Chaos",
                    SuiteKindInfo.Presentation.FAULT_INJECTION,
                    java.util.List.of(
                            new MetricInfo(
                                    "recovery_time", MetricInfo.Better.LOWER, "Recovery time"),
                            new MetricInfo(
                                    "detect_time", MetricInfo.Better.LOWER, "Detection time"),
                            new MetricInfo(
                                    "acknowledged_writes_missing",
                                    MetricInfo.Better.LOWER,
                                    "Acknowledged writes missing"),
                            new MetricInfo(
                                    "success_rate", MetricInfo.Better.HIGHER, "Success rate"),
                            new MetricInfo("latency", MetricInfo.Better.LOWER, "Latency"),
                            new MetricInfo("throughput", MetricInfo.Better.HIGHER, "Throughput"),
                            new MetricInfo("errors", MetricInfo.Better.LOWER, "Errors")));

    @Override
    public SuiteKindInfo info() {
        return INFO;
    }

    @Override
    public String kind() {
        return "chaos";
    }

    @Override
    public List<ScenarioSpec<Planned>> plan(ConfigNode section, Profile profile) {
        return plan(section, profile, PlanContext.NONE);
    }

    /**
     * Also refuses a fault that reads HTTP requests or gRPC calls ({@code http-error}, {@code
     * grpc-error}, any {@link io.gonogo.runners.chaos.Fault#readsMessages()}) when {@code sut}
     * declares that the scenario's transport speaks TLS: the proxy relays TLS as opaque TCP.
     */
    @Override
    public List<ScenarioSpec<Planned>> plan(
            ConfigNode section, Profile profile, PlanContext context) {
        DeclaredEndpoint sut = context.sut();
        ConfigNode.Mapping suite =
                section.asMapping("'suites.chaos'").accept("optional", "scenarios");
        suite.finish();
        boolean suiteOptional = suite.bool("optional", false);
        List<ScenarioSpec<Planned>> specs = new ArrayList<>();
        for (ConfigNode item : suite.node("scenarios").asList("'scenarios'")) {
            specs.add(scenario(item, profile, suiteOptional, sut));
        }
        if (specs.isEmpty()) {
            throw suite.node("scenarios")
                    .error(
                            "'scenarios' is empty; declare at least one scenario or remove the"
                                    + " suite");
        }
        return specs;
    }

    private ScenarioSpec<Planned> scenario(
            ConfigNode item, Profile profile, boolean suiteOptional, DeclaredEndpoint sut) {
        ConfigNode.Mapping m = item.asMapping("a chaos scenario").withProfile(profile).accept(KEYS);
        m.finish();
        String id = m.node("id").asId("scenario id");
        Call call = call(m);
        double rate = rate(m);
        int concurrency =
                m.find("concurrency").map(n -> n.asInt("'concurrency'", 1, 1000)).orElse(8);
        Duration timeout =
                duration(
                        m,
                        "timeout",
                        Duration.ofSeconds(2),
                        Duration.ofMillis(10),
                        Duration.ofMinutes(1));
        Duration total =
                duration(
                        m,
                        "duration",
                        Duration.ofSeconds(15),
                        Duration.ofSeconds(1),
                        Duration.ofHours(1));
        Duration window =
                duration(
                        m,
                        "window",
                        Duration.ofSeconds(1),
                        Duration.ofMillis(100),
                        Duration.ofSeconds(10));
        Duration warmup =
                duration(m, "warmup", Duration.ofSeconds(1), Duration.ZERO, Duration.ofMinutes(5));
        Fault fault = fault(m, id, call.transport(), sut);
        Duration at = duration(m, "at", null, window, Duration.ofHours(1));
        Duration lasts = duration(m, "for", null, Duration.ofMillis(1), Duration.ofHours(1));
        if (at.plus(lasts).compareTo(total) >= 0) {
            throw m.node("for")
                    .error(
                            "the fault ends at "
                                    + human(at.plus(lasts))
                                    + " ('at' + 'for'), not before the"
                                    + " scenario's 'duration' of "
                                    + human(total)
                                    + "; leave time after the fault to judge recovery");
        }
        ChaosScenario s =
                new ChaosScenario(
                        call.operation(),
                        call.transport(),
                        call.method(),
                        call.path(),
                        call.body(),
                        rate,
                        concurrency,
                        timeout,
                        total,
                        window,
                        warmup,
                        fault.kind(),
                        fault.settings(),
                        at,
                        lasts,
                        durability(m, call.transport(), fault.kind()),
                        hypothesis(m.find("hypothesis")),
                        protoSet(m, call));
        return new ScenarioSpec<>(
                new PlannedScenario(
                        "chaos", id, suiteOptional || m.bool("optional", false), labels(s)),
                id + ": " + m.find("title").map(n -> n.asString("'title'")).orElse(title(s, fault)),
                new Planned(s, fault.description()),
                targets(id, s));
    }

    /**
     * The descriptor set of a gRPC scenario ({@code proto-set}, as in load scenarios), {@code null}
     * to resolve the method through the service's reflection.
     */
    private static java.nio.file.Path protoSet(ConfigNode.Mapping m, Call call) {
        if (!call.transport().equals("grpc")) {
            if (m.has("proto-set")) {
                throw m.node("proto-set")
                        .error(
                                "'proto-set' is for transport grpc (a descriptor set that"
                                        + " resolves 'method'); an http scenario has none");
            }
            return null;
        }
        return io.gonogo.runners.load.suite.LoadSuiteKind.protoSet(m, call.method()).orElse(null);
    }

    /** What the workload calls: operation, transport, method, path (empty for gRPC) and body. */
    private record Call(
            String operation, String transport, String method, String path, String body) {}

    /** The fault: its kind, its settings as written, and a line describing it. */
    private record Fault(String kind, Map<String, String> settings, String description) {}

    private static Call call(ConfigNode.Mapping m) {
        String operation = m.find("operation").map(n -> n.asId("'operation'")).orElse("health");
        String transport =
                m.find("transport").map(n -> n.asScalarText("'transport'")).orElse("http");
        if (!transport.equals("http") && !transport.equals("grpc")) {
            throw m.node("transport")
                    .error(
                            "transport '"
                                    + transport
                                    + "' is not supported by chaos scenarios;"
                                    + " expected http or grpc");
        }
        Optional<GovernanceOperation> known =
                GovernanceOperation.byId(operation).filter(GovernanceOperation::standalone);
        String body =
                m.find("body")
                        .map(n -> n.asString("'body'"))
                        .orElse(known.flatMap(o -> o.body(CLIENT)).orElse(""));
        return transport.equals("grpc")
                ? new Call(operation, transport, grpcMethod(m, operation, known), "", body)
                : new Call(
                        operation,
                        transport,
                        httpMethod(m, operation, known),
                        httpPath(m, known),
                        body);
    }

    private static String grpcMethod(
            ConfigNode.Mapping m, String operation, Optional<GovernanceOperation> known) {
        if (m.has("path")) {
            throw m.node("path")
                    .error(
                            "'path' is for transport http; a grpc scenario names its call with"
                                    + " 'operation' or 'method: package.Service/Method'");
        }
        if (!m.has("method")) {
            return known.orElseThrow(
                            () ->
                                    m.node("operation")
                                            .error(
                                                    "unknown operation '"
                                                            + operation
                                                            + "' without a 'method' for"
                                                            + " transport grpc; expected one of "
                                                            + KNOWN
                                                            + ", or give 'method:"
                                                            + " package.Service/Method'"))
                    .grpcMethod();
        }
        ConfigNode n = m.node("method");
        String text = n.asScalarText("'method'");
        try {
            io.gonogo.runners.load.grpc.GrpcLoadRunner.builder().method(text);
        } catch (IllegalArgumentException e) {
            throw n.error("'method' " + e.getMessage());
        }
        return text.strip().replaceFirst("^/", "");
    }

    private static String httpMethod(
            ConfigNode.Mapping m, String operation, Optional<GovernanceOperation> known) {
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
        return method;
    }

    private static String httpPath(ConfigNode.Mapping m, Optional<GovernanceOperation> known) {
        String path =
                m.find("path")
                        .map(n -> n.asString("'path'"))
                        .orElse(known.map(GovernanceOperation::httpPath).orElse("/"));
        if (!path.startsWith("/")) {
            throw m.node("path").error("'path' must start with '/', was '" + path + "'");
        }
        return path;
    }

    /** The open model's {@code rate} per second, 0 for the closed model. */
    private static double rate(ConfigNode.Mapping m) {
        Optional<ConfigNode> rateNode = m.find("rate");
        if (rateNode.isEmpty()) {
            return 0;
        }
        Quantity q = rateNode.get().asQuantity("'rate'");
        if (q.unit().dimension() != Unit.Dimension.RATE
                || !(q.value() > 0)
                || q.value() > 100_000) {
            throw rateNode.get()
                    .error(
                            "'rate' is '"
                                    + q
                                    + "'; expected a rate above 0 and up to 100000/s, such"
                                    + " as 300/s");
        }
        return q.valueIn(Unit.PER_SECOND);
    }

    /** The {@code fault}: its kind, checked against the transport, and its settings. */
    private Fault fault(ConfigNode.Mapping m, String id, String transport, DeclaredEndpoint sut) {
        if (!m.has("fault")) {
            throw m.node()
                    .error(
                            "missing 'fault' in chaos scenario '"
                                    + id
                                    + "'; such as fault: {kind: latency,"
                                    + " latency: 100ms}");
        }
        ConfigNode faultNode = m.node("fault");
        ConfigNode.Mapping f = faultNode.asMapping("'fault'");
        String kind = f.node("kind").asId("'kind'");
        Map<String, String> settings = new TreeMap<>();
        for (String key : f.keys()) {
            if (!key.equals("kind")) {
                settings.put(key, f.node(key).asScalarText("'" + key + "'"));
            }
        }
        f.accept(f.keys().toArray(String[]::new));
        boolean grpc = transport.equals("grpc");
        if (grpc && kind.equals("http-error") || !grpc && kind.equals("grpc-error")) {
            throw f.node("kind")
                    .error(
                            "fault kind '"
                                    + kind
                                    + "' acts on "
                                    + (grpc ? "HTTP/1.1 requests" : "gRPC calls")
                                    + ", and this scenario's transport is "
                                    + transport
                                    + "; use "
                                    + (grpc ? "grpc-error" : "http-error")
                                    + " with the same 'share'");
        }
        String description = faultDescription(faultNode, kind, settings);
        boolean tls = grpc ? sut.grpcTls() : sut.httpTls();
        if (tls
                && !ChaosScenario.PROCESS_FAULTS.contains(kind)
                && injectors.create(kind, settings).readsMessages()) {
            throw f.node("kind").error(overTls(kind, transport, sut.source()));
        }
        return new Fault(kind, Map.copyOf(settings), description);
    }

    /**
     * Why a fault that reads requests or calls cannot act on a TLS service, and what to do instead;
     * also the run-time reason when the service turns out to speak TLS only once started.
     */
    static String overTls(String kind, String transport, String source) {
        boolean grpc = transport.equals("grpc");
        return "fault kind '"
                + kind
                + "' acts on single "
                + (grpc ? "gRPC calls" : "HTTP requests")
                + ", but the service's "
                + (grpc ? "gRPC API" : "HTTP API")
                + " speaks TLS"
                + (source.isEmpty() ? "" : " (" + source + ")")
                + ": the fault proxy cannot see inside TLS, it relays the bytes as opaque TCP;"
                + " use a connection-level fault (latency, bandwidth, blackhole, reset,"
                + " slow-close, drop-connections) or test a plaintext endpoint";
    }

    private String faultDescription(
            ConfigNode faultNode, String kind, Map<String, String> settings) {
        ConfigNode.Mapping f = faultNode.asMapping("'fault'");
        if (ChaosScenario.PROCESS_FAULTS.contains(kind)) {
            if (!settings.isEmpty()) {
                ConfigNode bad = f.keyNode(settings.keySet().iterator().next()).orElse(faultNode);
                throw bad.error(
                        "fault kind '"
                                + kind
                                + "' takes no settings besides 'kind' (its schedule is 'at'"
                                + " and 'for')");
            }
            return switch (kind) {
                case "kill" -> "SIGKILL, then start again";
                case "pause" -> "SIGSTOP, then SIGCONT";
                default -> "graceful stop, then start again";
            };
        }
        try {
            return injectors.create(kind, settings).description();
        } catch (IllegalArgumentException e) {
            String key =
                    settings.keySet().stream()
                            .filter(k -> e.getMessage().contains("'" + k + "'"))
                            .findFirst()
                            .orElse("kind");
            throw f.find(key)
                    .orElse(faultNode)
                    .error(
                            e.getMessage()
                                    + (injectors.find(kind).isEmpty()
                                            ? ", or a process fault: kill, pause, restart"
                                            : ""));
        }
    }

    /** {@code durability}: default on for kill and restart over HTTP; not over gRPC. */
    private static boolean durability(ConfigNode.Mapping m, String transport, String kind) {
        boolean grpc = transport.equals("grpc");
        boolean durability =
                m.find("durability")
                        .map(n -> n.asBoolean("'durability'"))
                        .orElse(!grpc && (kind.equals("kill") || kind.equals("restart")));
        if (durability && grpc) {
            throw m.node("durability")
                    .error(
                            "'durability' is checked with HTTP writes and reads; this scenario's"
                                + " transport is grpc: remove it, or check durability in an http"
                                + " scenario");
        }
        return durability;
    }

    private static Map<String, String> labels(ChaosScenario s) {
        Map<String, String> labels = new TreeMap<>();
        labels.put("operation", s.operation());
        labels.put("transport", s.transport());
        labels.put("model", LoadModel.ofRate(s.rate()).label());
        labels.put("fault", s.faultKind());
        return labels;
    }

    private static String title(ChaosScenario s, Fault fault) {
        return s.faultLine(fault.description())
                + " under "
                + s.operation()
                + (s.rate() > 0 ? " at " + Math.round(s.rate()) + "/s" : " x " + s.concurrency());
    }

    /** A scenario's settings and the fault's description, as planned. */
    record Planned(ChaosScenario scenario, String faultDescription) {}

    private static Duration duration(
            ConfigNode.Mapping m, String key, Duration fallback, Duration min, Duration max) {
        Optional<ConfigNode> n = m.find(key);
        if (n.isEmpty()) {
            if (fallback == null) {
                throw m.node()
                        .error("missing '" + key + "' in chaos scenario; such as " + key + ": 5s");
            }
            return fallback;
        }
        Quantity q = n.get().asQuantity("'" + key + "'");
        Duration d =
                q.unit().dimension() == Unit.Dimension.DURATION
                        ? Duration.ofNanos((long) q.valueIn(Unit.NANOSECONDS))
                        : null;
        if (d == null || d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw n.get()
                    .error(
                            "'"
                                    + key
                                    + "' is '"
                                    + q
                                    + "'; expected a duration from "
                                    + human(min)
                                    + " to "
                                    + human(max));
        }
        return d;
    }

    private Hypothesis hypothesis(Optional<ConfigNode> node) {
        if (node.isEmpty()) {
            Criterion ok = Criterion.parse(">= 99%");
            return new Hypothesis(
                    List.of(new Hypothesis.Check("success_rate", ok)),
                    List.of(),
                    List.of(new Hypothesis.Check("success_rate", ok)),
                    Optional.empty(),
                    true);
        }
        ConfigNode.Mapping h =
                node.get()
                        .asMapping("'hypothesis'")
                        .accept(
                                "steady-state",
                                "before",
                                "during",
                                "after",
                                "recovery",
                                "critical");
        h.finish();
        List<Hypothesis.Check> steady = checks(h.find("steady-state"));
        List<Hypothesis.Check> before = h.has("before") ? checks(h.find("before")) : steady;
        List<Hypothesis.Check> after = h.has("after") ? checks(h.find("after")) : steady;
        List<Hypothesis.Check> during = checks(h.find("during"));
        Optional<Criterion> recovery =
                h.find("recovery")
                        .map(
                                n -> {
                                    Criterion c = criterion(n, "'recovery'");
                                    if (c.threshold().unit().dimension()
                                            != Unit.Dimension.DURATION) {
                                        throw n.error(
                                                "'recovery' is '"
                                                        + c
                                                        + "'; expected a bound on a duration, such"
                                                        + " as '<= 5s'");
                                    }
                                    return c;
                                });
        if (before.isEmpty() && after.isEmpty() && during.isEmpty() && recovery.isEmpty()) {
            throw node.get()
                    .error(
                            "'hypothesis' states nothing; give at least one of steady-state,"
                                    + " before, during, after, recovery");
        }
        return new Hypothesis(before, during, after, recovery, h.bool("critical", true));
    }

    private static Criterion criterion(ConfigNode n, String what) {
        try {
            return Criterion.parse(n.asScalarText(what));
        } catch (IllegalArgumentException e) {
            throw n.error(what + ": " + e.getMessage());
        }
    }

    private static List<Hypothesis.Check> checks(Optional<ConfigNode> node) {
        if (node.isEmpty()) {
            return List.of();
        }
        ConfigNode.Mapping m =
                node.get()
                        .asMapping(
                                "a phase's checks, such as {success_rate: '>= 99%', p99: '<="
                                        + " 50ms'}");
        List<Hypothesis.Check> out = new ArrayList<>();
        for (String figure : m.keys()) {
            ConfigNode key = m.keyNode(figure).orElse(m.node());
            Criterion c = criterion(m.node(figure), "'" + figure + "'");
            Unit.Dimension expected;
            if (figure.equals("success_rate") || figure.equals("error_rate")) {
                expected = Unit.Dimension.PERCENT;
            } else if (figure.equals("throughput")) {
                expected = Unit.Dimension.RATE;
            } else if (figure.matches("p\\d{1,2}(\\.\\d{1,4})?")) {
                expected = Unit.Dimension.DURATION;
            } else {
                throw key.error(
                        "unknown figure '"
                                + figure
                                + "'; expected success_rate, error_rate, throughput or a"
                                + " latency percentile such as p50, p99 or p99.9");
            }
            if (c.threshold().unit().dimension() != expected) {
                throw m.node(figure)
                        .error(
                                "'"
                                        + figure
                                        + "' is compared with '"
                                        + c.threshold()
                                        + "'; expected a "
                                        + expected.name().toLowerCase(Locale.ROOT)
                                        + " such as "
                                        + switch (expected) {
                                            case PERCENT -> "'>= 99%'";
                                            case RATE -> "'>= 100/s'";
                                            default -> "'<= 50ms'";
                                        });
            }
            out.add(new Hypothesis.Check(figure, c));
        }
        m.accept(m.keys().toArray(String[]::new));
        return List.copyOf(out);
    }

    /**
     * The generated targets {@code chaos.<id>.<phase>-<figure>}, {@code chaos.<id>.recovery},
     * {@code chaos.<id>.writes-missing}.
     */
    private static List<Target> targets(String id, ChaosScenario s) {
        Hypothesis h = s.hypothesis();
        List<Target> out = new ArrayList<>();
        Map<String, List<Hypothesis.Check>> phases = new LinkedHashMap<>();
        phases.put("before", h.before());
        phases.put("during", h.during());
        phases.put("after", h.after());
        phases.forEach(
                (phase, checks) -> {
                    for (Hypothesis.Check c : checks) {
                        String figure = c.figure().replace('_', '-').replace(".", "");
                        Target.Builder b =
                                Target.builder("chaos." + id + "." + phase + "-" + figure)
                                        .title(
                                                "chaos "
                                                        + id
                                                        + ": "
                                                        + phase
                                                        + " "
                                                        + c.figure()
                                                        + " "
                                                        + c.criterion())
                                        .where(
                                                Map.of(
                                                        "suite",
                                                        "chaos",
                                                        "scenario",
                                                        id,
                                                        "phase",
                                                        phase))
                                        .pass(c.criterion())
                                        .critical(h.critical());
                        if (c.percentile()) {
                            b.metric("latency").aggregate(Aggregation.parse(c.figure()));
                        } else {
                            b.metric(c.figure());
                        }
                        out.add(b.build());
                    }
                });
        h.recovery()
                .ifPresent(
                        c ->
                                out.add(
                                        Target.builder("chaos." + id + ".recovery")
                                                .title("chaos " + id + ": recovery " + c)
                                                .metric("recovery_time")
                                                .where(Map.of("suite", "chaos", "scenario", id))
                                                .pass(c)
                                                .critical(h.critical())
                                                .build()));
        if (s.durability()) {
            out.add(
                    Target.builder("chaos." + id + ".writes-missing")
                            .title(
                                    "chaos "
                                            + id
                                            + ": acknowledged writes missing after the fault <= 0")
                            .metric("acknowledged_writes_missing")
                            .where(Map.of("suite", "chaos", "scenario", id))
                            .pass(Criterion.parse("<= 0"))
                            .critical(h.critical())
                            .build());
        }
        return out;
    }

    static String human(Duration d) {
        long ms = d.toMillis();
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "min";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }

    @Override
    public void run(ScenarioSpec<Planned> scenario, ScenarioContext context) throws Exception {
        Planned p = scenario.settings();
        new ChaosRun(scenario, p.scenario(), p.faultDescription(), injectors, context).run();
    }
}
