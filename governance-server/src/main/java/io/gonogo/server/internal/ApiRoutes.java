package io.gonogo.server.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gonogo.server.internal.governance.Admission;
import io.gonogo.server.internal.governance.GovernanceException;
import io.gonogo.server.internal.governance.GovernanceException.Kind;
import io.gonogo.server.internal.governance.GovernanceService;
import io.gonogo.server.internal.governance.Model.Action;
import io.gonogo.server.internal.governance.Model.Decision;
import io.gonogo.server.internal.governance.Model.DecisionPage;
import io.gonogo.server.internal.governance.Model.DecisionStatus;
import io.gonogo.server.internal.governance.Model.GovernanceMetrics;
import io.gonogo.server.internal.governance.Model.Session;
import io.gonogo.server.internal.governance.Model.SessionStats;
import io.gonogo.server.internal.governance.PendingHub;
import io.gonogo.server.internal.governance.ServerMetrics;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * The governance HTTP/JSON API. Paths, methods and answers:
 *
 * <pre>
 * POST   /sessions                    {"operator"}                     201 session
 * DELETE /sessions/{id}                                                200 closed session
 * GET    /sessions/{id}/stats                                          200 stats
 * POST   /decisions                   {"title","riskLevel","context"}  201 decision
 * GET    /decisions?status=&amp;page=&amp;size=                                200 page
 * GET    /decisions/{id}                                               200 decision
 * POST   /decisions/{id}/approve      {"sessionId","reason"?}          200 decision
 * POST   /decisions/{id}/reject       {"sessionId","reason"}           200 decision
 * POST   /decisions/{id}/escalate     {"sessionId","reason","target"}  200 decision
 * GET    /metrics/governance                                           200 metrics
 * GET    /decisions/stream            server-sent events, one "pending" event per new decision
 * GET    /prometheus                  Prometheus text format
 * </pre>
 *
 * <p>POST and DELETE need {@code Authorization: Bearer <token>} (else 401). Errors are {@code
 * {"error":code,"message":text,"field":name}}: 400 names the field, 404 unknown id, 409 invalid
 * transition or closed session, 503 overloaded. Storage work runs through {@link Admission}, never
 * on the event loop. Thread-safe.
 */
public final class ApiRoutes {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final String JSON_TYPE = "application/json";

    /** An answer, ready to be framed on the event loop. */
    record Reply(HttpResponseStatus status, byte[] body, String contentType) {}

    /**
     * A request to stream server-sent events; the handler subscribes when its turn comes on the
     * connection, and answers 503 instead if the bound on watchers is reached.
     */
    static final class SseStream {
        private final PendingHub hub;
        private final ServerMetrics metrics;
        private final long start;

        SseStream(PendingHub hub, ServerMetrics metrics, long start) {
            this.hub = hub;
            this.metrics = metrics;
            this.start = start;
        }

        /**
         * Subscribes {@code sink} to each new pending decision, encoded as one SSE event.
         *
         * @throws GovernanceException RESOURCE_EXHAUSTED past the bound on watchers
         */
        PendingHub.Subscription subscribe(Consumer<byte[]> sink, Runnable end) {
            PendingHub.Subscription subscription;
            try {
                subscription =
                        hub.subscribe(
                                d ->
                                        sink.accept(
                                                ("event: pending\ndata: "
                                                                + write(decision(d))
                                                                + "\n\n")
                                                        .getBytes(StandardCharsets.UTF_8)),
                                end);
            } catch (GovernanceException e) {
                metrics.record("watch", "http", outcome(e.kind()), System.nanoTime() - start);
                throw e;
            }
            metrics.record("watch", "http", "ok", System.nanoTime() - start);
            return subscription;
        }

        /** Returns the 503 answer to a watch refused with {@code e}. */
        static Reply refused(GovernanceException e) {
            return error(e);
        }
    }

    private final GovernanceService service;
    private final Admission admission;
    private final ServerMetrics metrics;
    private final PendingHub hub;

    public ApiRoutes(
            GovernanceService service, Admission admission, ServerMetrics metrics, PendingHub hub) {
        this.service = service;
        this.admission = admission;
        this.metrics = metrics;
        this.hub = hub;
    }

    /**
     * Routes a complete request (anything but {@code /health}); returns a {@code
     * CompletableFuture<Reply>} or an {@link SseStream}. Called on the event loop: it only parses
     * the path and checks the token there.
     */
    Object route(HttpMethod method, String uri, String path, String authorization, byte[] body) {
        long start = System.nanoTime();
        String[] seg = segments(path);
        String op;
        Callable<Reply> work;
        boolean mutating = HttpMethod.POST.equals(method) || HttpMethod.DELETE.equals(method);
        if (seg.length >= 1 && seg[0].equals("sessions")) {
            if (seg.length == 1) {
                if (!HttpMethod.POST.equals(method)) {
                    return done(notAllowed(method, path, "POST"));
                }
                op = "create-session";
                work =
                        () ->
                                reply(
                                        HttpResponseStatus.CREATED,
                                        session(
                                                service.createSession(
                                                        text(object(body), "operator"))));
            } else if (seg.length == 2) {
                if (!HttpMethod.DELETE.equals(method)) {
                    return done(notAllowed(method, path, "DELETE"));
                }
                op = "close-session";
                work = () -> ok(session(service.closeSession(seg[1])));
            } else if (seg.length == 3 && seg[2].equals("stats")) {
                if (!HttpMethod.GET.equals(method)) {
                    return done(notAllowed(method, path, "GET"));
                }
                op = "session-stats";
                work = () -> ok(stats(service.sessionStats(seg[1])));
            } else {
                return done(notFound(method, path));
            }
        } else if (seg.length >= 1 && seg[0].equals("decisions")) {
            if (seg.length == 1) {
                if (HttpMethod.POST.equals(method)) {
                    op = "submit-decision";
                    work =
                            () -> {
                                ObjectNode o = object(body);
                                return reply(
                                        HttpResponseStatus.CREATED,
                                        decision(
                                                service.submitDecision(
                                                        text(o, "title"),
                                                        text(o, "riskLevel"),
                                                        context(o))));
                            };
                } else if (HttpMethod.GET.equals(method)) {
                    op = "list-decisions";
                    work =
                            () -> {
                                QueryStringDecoder q = new QueryStringDecoder(uri);
                                return ok(
                                        page(
                                                service.listDecisions(
                                                        param(q, "status"),
                                                        intParam(q, "page"),
                                                        intParam(q, "size"))));
                            };
                } else {
                    return done(notAllowed(method, path, "GET, POST"));
                }
            } else if (seg.length == 2 && seg[1].equals("stream")) {
                if (!HttpMethod.GET.equals(method)) {
                    return done(notAllowed(method, path, "GET"));
                }
                return new SseStream(hub, metrics, start);
            } else if (seg.length == 2) {
                if (!HttpMethod.GET.equals(method)) {
                    return done(notAllowed(method, path, "GET"));
                }
                op = "get-decision";
                work = () -> ok(decision(service.getDecision(seg[1])));
            } else if (seg.length == 3
                    && List.of("approve", "reject", "escalate").contains(seg[2])) {
                if (!HttpMethod.POST.equals(method)) {
                    return done(notAllowed(method, path, "POST"));
                }
                op = seg[2];
                work =
                        () -> {
                            ObjectNode o = object(body);
                            String session = text(o, "sessionId");
                            Decision d;
                            switch (seg[2]) {
                                case "approve":
                                    d = service.approve(seg[1], session, text(o, "reason"));
                                    break;
                                case "reject":
                                    d = service.reject(seg[1], session, text(o, "reason"));
                                    break;
                                default:
                                    d =
                                            service.escalate(
                                                    seg[1],
                                                    session,
                                                    text(o, "reason"),
                                                    text(o, "target"));
                            }
                            return ok(decision(d));
                        };
            } else {
                return done(notFound(method, path));
            }
        } else if (seg.length == 2 && seg[0].equals("metrics") && seg[1].equals("governance")) {
            if (!HttpMethod.GET.equals(method)) {
                return done(notAllowed(method, path, "GET"));
            }
            op = "metrics";
            work = () -> ok(governanceMetrics(service.metrics()));
        } else if (seg.length == 1 && seg[0].equals("prometheus")) {
            if (!HttpMethod.GET.equals(method)) {
                return done(notAllowed(method, path, "GET"));
            }
            op = "prometheus";
            work =
                    () ->
                            new Reply(
                                    HttpResponseStatus.OK,
                                    metrics.scrape().getBytes(StandardCharsets.UTF_8),
                                    "text/plain; version=0.0.4; charset=utf-8");
        } else {
            return done(notFound(method, path));
        }
        if (mutating) {
            try {
                service.authenticate(GovernanceService.bearer(authorization));
            } catch (GovernanceException e) {
                metrics.record(op, "http", outcome(e.kind()), System.nanoTime() - start);
                return done(error(e));
            }
        }
        String operation = op;
        return admission
                .submit(work)
                .handle(
                        (reply, failure) -> {
                            Reply r = failure == null ? reply : error(unwrap(failure));
                            String outcome =
                                    failure == null ? "ok" : outcome(unwrap(failure).kind());
                            metrics.record(operation, "http", outcome, System.nanoTime() - start);
                            return r;
                        });
    }

    private static CompletableFuture<Reply> done(Reply reply) {
        return CompletableFuture.completedFuture(reply);
    }

    private static String[] segments(String path) {
        String p = path;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.isEmpty() ? new String[0] : p.split("/", -1);
    }

    static GovernanceException unwrap(Throwable failure) {
        Throwable t = failure;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof GovernanceException) {
            return (GovernanceException) t;
        }
        return new GovernanceException(Kind.UNAVAILABLE, "internal error: " + t);
    }

    /** Returns the metrics outcome tag of a failure kind. */
    public static String outcome(Kind kind) {
        switch (kind) {
            case INVALID_ARGUMENT:
                return "invalid_argument";
            case UNAUTHENTICATED:
                return "unauthenticated";
            case NOT_FOUND:
                return "not_found";
            case FAILED_PRECONDITION:
                return "conflict";
            case RESOURCE_EXHAUSTED:
                return "overloaded";
            default:
                return "unavailable";
        }
    }

    static Reply error(GovernanceException e) {
        HttpResponseStatus status;
        switch (e.kind()) {
            case INVALID_ARGUMENT:
                status = HttpResponseStatus.BAD_REQUEST;
                break;
            case UNAUTHENTICATED:
                status = HttpResponseStatus.UNAUTHORIZED;
                break;
            case NOT_FOUND:
                status = HttpResponseStatus.NOT_FOUND;
                break;
            case FAILED_PRECONDITION:
                status = HttpResponseStatus.CONFLICT;
                break;
            default:
                status = HttpResponseStatus.SERVICE_UNAVAILABLE;
        }
        ObjectNode o = JSON.createObjectNode();
        o.put("error", outcome(e.kind()));
        o.put("message", e.getMessage());
        e.field().ifPresent(f -> o.put("field", f));
        return new Reply(status, bytes(o), JSON_TYPE);
    }

    private static Reply notFound(HttpMethod method, String path) {
        ObjectNode o = JSON.createObjectNode();
        o.put("error", "not_found");
        o.put("message", "no route for " + method + " " + path);
        return new Reply(HttpResponseStatus.NOT_FOUND, bytes(o), JSON_TYPE);
    }

    private static Reply notAllowed(HttpMethod method, String path, String allowed) {
        ObjectNode o = JSON.createObjectNode();
        o.put("error", "method_not_allowed");
        o.put("message", method + " is not allowed on " + path + "; allowed: " + allowed);
        return new Reply(HttpResponseStatus.METHOD_NOT_ALLOWED, bytes(o), JSON_TYPE);
    }

    private static Reply ok(JsonNode body) {
        return reply(HttpResponseStatus.OK, body);
    }

    private static Reply reply(HttpResponseStatus status, JsonNode body) {
        return new Reply(status, bytes(body), JSON_TYPE);
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String write(JsonNode node) {
        return new String(bytes(node), StandardCharsets.UTF_8);
    }

    // ---- request parsing: each mistake names its field

    private static ObjectNode object(byte[] body) {
        if (body.length == 0) {
            throw GovernanceException.invalid("body", "a JSON object body is required");
        }
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (Exception e) {
            throw GovernanceException.invalid(
                    "body",
                    "body is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (node == null || !node.isObject()) {
            throw GovernanceException.invalid("body", "body must be a JSON object");
        }
        return (ObjectNode) node;
    }

    private static String text(ObjectNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw GovernanceException.invalid(
                    field,
                    field
                            + " must be a string, got "
                            + v.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        return v.textValue();
    }

    private static Map<String, String> context(ObjectNode o) {
        JsonNode v = o.get("context");
        if (v == null || v.isNull()) {
            return Map.of();
        }
        if (!v.isObject()) {
            throw GovernanceException.invalid("context", "context must be an object of strings");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            if (!e.getValue().isTextual()) {
                throw GovernanceException.invalid(
                        "context." + e.getKey(),
                        "context value of '" + e.getKey() + "' must be a string");
            }
            map.put(e.getKey(), e.getValue().textValue());
        }
        return map;
    }

    private static String param(QueryStringDecoder q, String name) {
        List<String> values = q.parameters().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static int intParam(QueryStringDecoder q, String name) {
        String v = param(q, name);
        if (v == null || v.isEmpty()) {
            return 0;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw GovernanceException.invalid(name, name + " must be an integer, got '" + v + "'");
        }
    }

    // ---- JSON views

    static ObjectNode session(Session s) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", s.id());
        o.put("operator", s.operator());
        o.put("status", s.status().name());
        o.put("openedAt", Instant.ofEpochMilli(s.openedAtMillis()).toString());
        if (s.closedAtMillis() != 0) {
            o.put("closedAt", Instant.ofEpochMilli(s.closedAtMillis()).toString());
        }
        return o;
    }

    static ObjectNode stats(SessionStats s) {
        ObjectNode o = JSON.createObjectNode();
        o.set("session", session(s.session()));
        o.put("approved", s.approved());
        o.put("rejected", s.rejected());
        o.put("escalated", s.escalated());
        return o;
    }

    static ObjectNode decision(Decision d) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", d.id());
        o.put("title", d.title());
        o.put("riskLevel", d.riskLevel().name());
        ObjectNode ctx = o.putObject("context");
        d.context().forEach(ctx::put);
        o.put("status", d.status().name());
        o.put("createdAt", Instant.ofEpochMilli(d.createdAtMillis()).toString());
        if (d.decidedAtMillis() != 0) {
            o.put("decidedAt", Instant.ofEpochMilli(d.decidedAtMillis()).toString());
        }
        ArrayNode actions = o.putArray("actions");
        for (Action a : d.actions()) {
            ObjectNode x = actions.addObject();
            x.put("kind", a.kind().name());
            x.put("sessionId", a.sessionId());
            x.put("operator", a.operator());
            x.put("at", Instant.ofEpochMilli(a.atMillis()).toString());
            x.put("reason", a.reason());
            if (!a.target().isEmpty()) {
                x.put("target", a.target());
            }
        }
        return o;
    }

    static ObjectNode page(DecisionPage p) {
        ObjectNode o = JSON.createObjectNode();
        ArrayNode list = o.putArray("decisions");
        p.decisions().forEach(d -> list.add(decision(d)));
        o.put("page", p.page());
        o.put("size", p.size());
        o.put("total", p.total());
        return o;
    }

    static ObjectNode governanceMetrics(GovernanceMetrics m) {
        ObjectNode o = JSON.createObjectNode();
        ObjectNode counts = o.putObject("countsByStatus");
        for (DecisionStatus s : DecisionStatus.values()) {
            counts.put(s.name(), m.countsByStatus().getOrDefault(s, 0L));
        }
        o.put("decided", m.decided());
        o.put("meanTimeToDecideMillis", m.meanTimeToDecideMillis());
        return o;
    }
}
