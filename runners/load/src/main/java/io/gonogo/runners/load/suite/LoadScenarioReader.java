package io.gonogo.runners.load.suite;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gonogo.core.Quantity;
import io.gonogo.core.Unit;
import io.gonogo.core.config.ConfigNode;
import io.gonogo.runners.load.GeneratorBounds;
import io.gonogo.runners.load.LoadRunner;
import io.gonogo.runners.load.suite.LoadSettings.MixOp;
import io.gonogo.runners.spi.GovernanceOperation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** Reads the keys of a load scenario that need more than one line to check. */
final class LoadScenarioReader {
    /** The client named in the operations' default bodies: {@code {"operator":"gonogo-load"}}. */
    static final String CLIENT = "load";

    /** The known operations, listed in messages. */
    static final String KNOWN = GovernanceOperation.ids(GovernanceOperation.standaloneOperations());

    private static final ObjectMapper JSON = new ObjectMapper();

    private LoadScenarioReader() {}

    /** The catalogue's operation {@code id} when a load scenario may send it on its own. */
    static Optional<GovernanceOperation> known(String id) {
        return GovernanceOperation.byId(id).filter(GovernanceOperation::standalone);
    }

    /** The message for an HTTP operation that is neither known nor given a path. */
    static String unknownHttpOperation(String operation) {
        return "unknown operation '"
                + operation
                + "' without a 'path'; expected one of "
                + KNOWN
                + ", or give 'path' (and 'method')";
    }

    static String human(Duration d) {
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

    /**
     * {@code mix}: the weighted operations of a scenario; of a gRPC scenario when {@code grpc},
     * whose entries name a gRPC method and expect status codes.
     */
    static List<MixOp> mix(ConfigNode list, boolean grpc) {
        List<MixOp> out = new ArrayList<>();
        Set<String> names = new java.util.HashSet<>();
        for (ConfigNode item : list.asList("'mix'")) {
            MixOp op = grpc ? grpcMixOp(item) : mixOp(item);
            if (!names.add(op.name())) {
                throw item.error(
                        "operation '"
                                + op.name()
                                + "' is twice in 'mix'; give each a distinct 'name'");
            }
            out.add(op);
        }
        if (out.isEmpty()) {
            throw list.error("'mix' is empty; list at least one operation");
        }
        return List.copyOf(out);
    }

    private static MixOp mixOp(ConfigNode item) {
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
        Optional<String> operation = m.find("operation").map(n -> n.asId("'operation'"));
        Optional<GovernanceOperation> known = operation.flatMap(LoadScenarioReader::known);
        if (operation.isEmpty() && !m.has("name")) {
            throw m.node()
                    .error(
                            "an operation of 'mix' needs 'operation' (one of "
                                    + KNOWN
                                    + ") or 'name' with 'path'");
        }
        if (known.isEmpty() && !m.has("path")) {
            throw (m.has("operation") ? m.node("operation") : m.node())
                    .error(unknownHttpOperation(operation.orElseGet(() -> m.string("name"))));
        }
        String name = m.find("name").map(n -> n.asId("'name'")).orElse(operation.orElse(""));
        String method = httpMethod(m, known);
        String path = httpPath(m, known);
        Map<String, String> headers =
                m.find("headers").map(LoadScenarioReader::headers).orElse(Map.of());
        String body = body(m, known);
        int weight = m.find("weight").map(n -> n.asInt("'weight'", 1, 1000)).orElse(1);
        List<int[]> statuses =
                m.find("expect")
                        .map(LoadScenarioReader::statuses)
                        .orElse(List.of(new int[] {200, 299}));
        Duration timeout = m.find("timeout").map(n -> duration(n, "'timeout'")).orElse(null);
        return new MixOp(name, method, path, headers, body, weight, statuses, timeout);
    }

    /**
     * An operation of a gRPC scenario's mix: {@code operation} (a known one gives method and body)
     * or {@code name} with {@code method}; {@code body}, {@code weight}, {@code expect} (status
     * codes by name or number) and {@code timeout}.
     */
    private static MixOp grpcMixOp(ConfigNode item) {
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
        for (String key : List.of("path", "headers")) {
            if (m.has(key)) {
                throw m.node(key)
                        .error(
                                "path".equals(key)
                                        ? "'path' is for transport http; an operation of a grpc"
                                                + " mix names its call with 'method:"
                                                + " package.Service/Method'"
                                        : "'headers' of a grpc mix are the scenario's, sent with"
                                                + " every call; give them beside 'mix'");
            }
        }
        Optional<String> operation = m.find("operation").map(n -> n.asId("'operation'"));
        Optional<GovernanceOperation> known = operation.flatMap(LoadScenarioReader::known);
        if (operation.isEmpty() && !m.has("name")) {
            throw m.node()
                    .error(
                            "an operation of 'mix' needs 'operation' (one of "
                                    + KNOWN
                                    + ") or 'name' with 'method'");
        }
        if (known.isEmpty() && !m.has("method")) {
            throw (m.has("operation") ? m.node("operation") : m.node())
                    .error(
                            GrpcLoadScenario.unknownOperation(
                                    operation.orElseGet(() -> m.string("name"))));
        }
        String name = m.find("name").map(n -> n.asId("'name'")).orElse(operation.orElse(""));
        String method = GrpcLoadScenario.method(m, known);
        String body = body(m, known);
        int weight = m.find("weight").map(n -> n.asInt("'weight'", 1, 1000)).orElse(1);
        List<int[]> codes =
                m.find("expect")
                        .map(LoadScenarioReader::grpcCodes)
                        .orElse(List.of(new int[] {0, 0}));
        Duration timeout = m.find("timeout").map(n -> duration(n, "'timeout'")).orElse(null);
        return new MixOp(name, method, "", Map.of(), body, weight, codes, timeout);
    }

    /** {@code expect} of a gRPC operation: status codes by name (OK, NOT_FOUND) or number. */
    private static List<int[]> grpcCodes(ConfigNode n) {
        List<int[]> out = new ArrayList<>();
        List<ConfigNode> items = n.isScalar() ? List.of(n) : n.asList("'expect'");
        for (ConfigNode item : items) {
            String text = item.asScalarText("'expect'").strip();
            int code = -1;
            for (io.grpc.Status.Code c : io.grpc.Status.Code.values()) {
                if (c.name().equalsIgnoreCase(text) || Integer.toString(c.value()).equals(text)) {
                    code = c.value();
                }
            }
            if (code < 0) {
                throw item.error(
                        "'expect' has '"
                                + text
                                + "'; expected gRPC status codes by name or number, such as OK,"
                                + " NOT_FOUND or [OK, ALREADY_EXISTS]");
            }
            out.add(new int[] {code, code});
        }
        if (out.isEmpty()) {
            throw n.error("'expect' is empty; give at least one status code");
        }
        return out;
    }

    /** The scenario's or mix entry's HTTP method: its {@code method} key, else the operation's. */
    static String httpMethod(ConfigNode.Mapping m, Optional<GovernanceOperation> known) {
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

    /** The scenario's or mix entry's HTTP path: its {@code path} key, else the operation's. */
    static String httpPath(ConfigNode.Mapping m, Optional<GovernanceOperation> known) {
        String path =
                m.find("path")
                        .map(n -> n.asString("'path'"))
                        .orElse(known.map(GovernanceOperation::httpPath).orElse("/"));
        if (!path.startsWith("/")) {
            throw m.node("path").error("'path' must start with '/', was '" + path + "'");
        }
        return path;
    }

    /** The JSON body: the {@code body} key, else the operation's default, else {@code null}. */
    static String body(ConfigNode.Mapping m, Optional<GovernanceOperation> known) {
        return m.find("body")
                .map(LoadScenarioReader::body)
                .orElse(known.flatMap(o -> o.body(CLIENT)).orElse(null));
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

    static GeneratorBounds bounds(ConfigNode n) {
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

    static Map<String, String> headers(ConfigNode n) {
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

    static String body(ConfigNode n) {
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
                o.set(key, m.find(key).map(LoadScenarioReader::toJson).orElse(f.nullNode()));
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

    static Duration duration(ConfigNode n, String what) {
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
}
