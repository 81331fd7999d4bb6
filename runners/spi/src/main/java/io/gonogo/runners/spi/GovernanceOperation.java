package io.gonogo.runners.spi;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The governance service's operations, one catalogue for every suite kind: each one's id (as
 * written in targets files), HTTP method and path, gRPC method and default JSON body.
 *
 * <p>Paths may hold placeholders: {@code {session}} for a session's id, {@code {decision}} for a
 * decision's id; an operation without placeholders can be sent on its own ({@link #standalone()}).
 * Default bodies name the client that sends them, e.g. {@code {"operator":"gonogo-load"}} for the
 * load suite's {@code create-session}.
 *
 * <pre>{@code
 * GovernanceOperation op = GovernanceOperation.byId("create-session").orElseThrow();
 * op.httpMethod();          // POST
 * op.httpPath();            // /sessions
 * op.grpcMethod();          // gonogo.governance.v1.Governance/CreateSession
 * op.body("load");          // Optional[{"operator":"gonogo-load"}]
 * }</pre>
 */
public enum GovernanceOperation {
    /** {@code health}: GET /health; gRPC Health. */
    HEALTH("health", "GET", "/health", "Health", ""),
    /** {@code create-session}: POST /sessions; gRPC CreateSession. */
    CREATE_SESSION(
            "create-session", "POST", "/sessions", "CreateSession", "{\"operator\":\"gonogo-%s\"}"),
    /** {@code close-session}: DELETE /sessions/{session}; gRPC CloseSession. */
    CLOSE_SESSION("close-session", "DELETE", "/sessions/{session}", "CloseSession", ""),
    /** {@code session-stats}: GET /sessions/{session}/stats; gRPC GetSessionStats. */
    SESSION_STATS("session-stats", "GET", "/sessions/{session}/stats", "GetSessionStats", ""),
    /** {@code submit-decision}: POST /decisions; gRPC SubmitDecision. */
    SUBMIT_DECISION(
            "submit-decision",
            "POST",
            "/decisions",
            "SubmitDecision",
            "{\"title\":\"%s\",\"riskLevel\":\"LOW\"}"),
    /** {@code list-decisions}: GET /decisions (first page); gRPC ListDecisions. */
    LIST_DECISIONS("list-decisions", "GET", "/decisions", "ListDecisions", ""),
    /** {@code get-decision}: GET /decisions/{decision}; gRPC GetDecision. */
    GET_DECISION("get-decision", "GET", "/decisions/{decision}", "GetDecision", ""),
    /** {@code approve}: POST /decisions/{decision}/approve; gRPC Approve. */
    APPROVE(
            "approve",
            "POST",
            "/decisions/{decision}/approve",
            "Approve",
            "{\"sessionId\":\"{session}\",\"reason\":\"%s\"}"),
    /** {@code reject}: POST /decisions/{decision}/reject; gRPC Reject. */
    REJECT(
            "reject",
            "POST",
            "/decisions/{decision}/reject",
            "Reject",
            "{\"sessionId\":\"{session}\",\"reason\":\"%s\"}"),
    /** {@code escalate}: POST /decisions/{decision}/escalate; gRPC Escalate. */
    ESCALATE(
            "escalate",
            "POST",
            "/decisions/{decision}/escalate",
            "Escalate",
            "{\"sessionId\":\"{session}\",\"reason\":\"%s\",\"target\":\"risk-board\"}"),
    /** {@code metrics}: GET /metrics/governance; gRPC GetMetrics. */
    METRICS("metrics", "GET", "/metrics/governance", "GetMetrics", "");

    /** The gRPC service every operation belongs to. */
    public static final String GRPC_SERVICE = "gonogo.governance.v1.Governance";

    private final String id;
    private final String httpMethod;
    private final String httpPath;
    private final String grpcName;
    private final String bodyFormat;

    GovernanceOperation(
            String id, String httpMethod, String httpPath, String grpcName, String bodyFormat) {
        this.id = id;
        this.httpMethod = httpMethod;
        this.httpPath = httpPath;
        this.grpcName = grpcName;
        this.bodyFormat = bodyFormat;
    }

    /**
     * The id written in targets files and labels, e.g. {@code create-session}.
     *
     * @return the id, such as {@code create-session}
     */
    public String id() {
        return id;
    }

    /**
     * The HTTP method, e.g. {@code POST}.
     *
     * @return the method, such as {@code GET} or {@code POST}
     */
    public String httpMethod() {
        return httpMethod;
    }

    /**
     * The HTTP path, with {@code {session}} and {@code {decision}} placeholders where needed.
     *
     * @return the path, such as {@code /sessions/{session}/decisions}
     */
    public String httpPath() {
        return httpPath;
    }

    /**
     * The full gRPC method, e.g. {@code gonogo.governance.v1.Governance/CreateSession}.
     *
     * @return the service and the method's simple name, separated by {@code /}
     */
    public String grpcMethod() {
        return GRPC_SERVICE + "/" + grpcName;
    }

    /**
     * The gRPC method's simple name, e.g. {@code CreateSession}.
     *
     * @return the simple name
     */
    public String grpcName() {
        return grpcName;
    }

    /**
     * The default JSON body when sent by {@code client} (e.g. {@code load}: operator {@code
     * gonogo-load}, title {@code load}); empty for an operation without a body.
     *
     * @param client the name of the sending client, written into the body
     * @return the JSON body, or empty
     */
    public Optional<String> body(String client) {
        return bodyFormat.isEmpty()
                ? Optional.empty()
                : Optional.of(String.format(java.util.Locale.ROOT, bodyFormat, client));
    }

    /**
     * Whether the operation only reads, so a call needs no operator token.
     *
     * @return true for a {@code GET}
     */
    public boolean readOnly() {
        return httpMethod.equals("GET");
    }

    /**
     * Whether the operation needs no id of an earlier call: its path has no placeholder.
     *
     * @return true when neither its path nor its body needs an earlier call's id
     */
    public boolean standalone() {
        return !httpPath.contains("{") && !bodyFormat.contains("{session}");
    }

    /**
     * The operation with this id.
     *
     * @param id the id as written, such as {@code create-session}
     * @return the operation, or empty for an unknown id
     */
    public static Optional<GovernanceOperation> byId(String id) {
        return Arrays.stream(values()).filter(o -> o.id.equals(id)).findFirst();
    }

    /**
     * The operations that can be sent on their own, in catalogue order.
     *
     * @return the operations whose {@link #standalone()} holds
     */
    public static List<GovernanceOperation> standaloneOperations() {
        return Arrays.stream(values()).filter(GovernanceOperation::standalone).toList();
    }

    /**
     * The ids of {@code ops} joined with ", ", for messages that list what is expected.
     *
     * @param ops the operations
     * @return their ids, such as {@code health, create-session}
     */
    public static String ids(List<GovernanceOperation> ops) {
        return ops.stream().map(GovernanceOperation::id).collect(Collectors.joining(", "));
    }
}
