package io.gonogo.runners.benchmark.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gonogo.runners.benchmark.GonogoSut;
import io.gonogo.runners.spi.GovernanceOperation;
import java.io.IOException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One governance call over HTTP/1.1 keep-alive per benchmark invocation, with {@link
 * BlockingHttpClient}; each method is one operation of DESIGN.md's list (method names are the
 * operation names in camel case). A call that does not get its expected status fails the benchmark.
 * Calls that consume a resource (closing a session, approving, rejecting or escalating a pending
 * decision) get a fresh one from a per-invocation setup that JMH leaves out of the timing.
 */
public class HttpGovernanceBench {

    static final ObjectMapper JSON = new ObjectMapper();

    /** One connection per benchmark thread, with the requests that need no id pre-encoded. */
    @State(Scope.Thread)
    public static class Client {
        BlockingHttpClient http;
        byte[] health;
        byte[] createSession;
        byte[] submitDecision;
        byte[] listDecisions;
        byte[] metrics;

        /** Connects (lazily, at the first call) and encodes the requests. */
        @Setup(Level.Trial)
        public void connect() {
            http = new BlockingHttpClient(GonogoSut.httpBase(), GonogoSut.token(), GonogoSut.tls());
            health = encode(http, GovernanceOperation.HEALTH, "", "");
            createSession = encode(http, GovernanceOperation.CREATE_SESSION, "", "");
            submitDecision = encode(http, GovernanceOperation.SUBMIT_DECISION, "", "");
            listDecisions = encode(http, GovernanceOperation.LIST_DECISIONS, "", "");
            metrics = encode(http, GovernanceOperation.METRICS, "", "");
        }

        /** Closes the connection. */
        @TearDown(Level.Trial)
        public void close() {
            http.close();
        }
    }

    /**
     * A session and a decision created once per trial, for the calls that read or act on them
     * (creating them needs the operator token; health, list and metrics do not use this state).
     */
    @State(Scope.Thread)
    public static class Existing {
        String sessionId;
        byte[] sessionStats;
        byte[] getDecision;

        /** Creates the session and the decision (not timed). */
        @Setup(Level.Trial)
        public void create(Client c) throws IOException {
            sessionId = id(expect(c.http.send(c.createSession), 201, "POST /sessions"));
            String decisionId = id(expect(c.http.send(c.submitDecision), 201, "POST /decisions"));
            sessionStats = encode(c.http, GovernanceOperation.SESSION_STATS, sessionId, "");
            getDecision = encode(c.http, GovernanceOperation.GET_DECISION, "", decisionId);
        }
    }

    /** A session opened before each invocation, for {@code close-session}. */
    @State(Scope.Thread)
    public static class OpenSession {
        byte[] close;

        /** Opens the session (not timed). */
        @Setup(Level.Invocation)
        public void open(Client c) throws IOException {
            String id = id(expect(c.http.send(c.createSession), 201, "POST /sessions"));
            close = encode(c.http, GovernanceOperation.CLOSE_SESSION, id, "");
        }
    }

    /** A pending decision submitted before each invocation, for approve, reject and escalate. */
    @State(Scope.Thread)
    public static class PendingDecision {
        byte[] approve;
        byte[] reject;
        byte[] escalate;

        /** Submits the decision (not timed). */
        @Setup(Level.Invocation)
        public void submit(Client c, Existing e) throws IOException {
            String id = id(expect(c.http.send(c.submitDecision), 201, "POST /decisions"));
            String s = e.sessionId;
            approve = encode(c.http, GovernanceOperation.APPROVE, s, id);
            reject = encode(c.http, GovernanceOperation.REJECT, s, id);
            escalate = encode(c.http, GovernanceOperation.ESCALATE, s, id);
        }
    }

    /**
     * The request of {@code op} from the catalogue, its {@code {session}} and {@code {decision}}
     * placeholders filled, with the body the benchmarks send ({@code gonogo-bench}, {@code bench}).
     */
    static byte[] encode(
            BlockingHttpClient http, GovernanceOperation op, String session, String decision) {
        String path = op.httpPath().replace("{session}", session).replace("{decision}", decision);
        String body = op.body(CLIENT).map(b -> b.replace("{session}", session)).orElse(null);
        return http.encode(op.httpMethod(), path, body);
    }

    /**
     * The client named in the default bodies: operator {@code gonogo-bench}, title {@code bench}.
     */
    static final String CLIENT = "bench";

    static BlockingHttpClient.Response expect(
            BlockingHttpClient.Response r, int status, String call) {
        if (r.status() != status) {
            String body = r.text();
            throw new IllegalStateException(
                    call
                            + " answered "
                            + r.status()
                            + " instead of "
                            + status
                            + ": "
                            + (body.length() > 300 ? body.substring(0, 300) + "..." : body));
        }
        return r;
    }

    static String id(BlockingHttpClient.Response r) throws IOException {
        JsonNode id = JSON.readTree(r.body()).path("id");
        if (!id.isTextual()) {
            throw new IllegalStateException("answer without an 'id': " + r.text());
        }
        return id.asText();
    }

    /** {@code health}: GET /health. */
    @Benchmark
    public BlockingHttpClient.Response health(Client c) throws IOException {
        return expect(c.http.send(c.health), 200, "GET /health");
    }

    /** {@code create-session}: POST /sessions. */
    @Benchmark
    public BlockingHttpClient.Response createSession(Client c) throws IOException {
        return expect(c.http.send(c.createSession), 201, "POST /sessions");
    }

    /** {@code close-session}: DELETE /sessions/{id} of a session opened for this invocation. */
    @Benchmark
    public BlockingHttpClient.Response closeSession(Client c, OpenSession s) throws IOException {
        return expect(c.http.send(s.close), 200, "DELETE /sessions/{id}");
    }

    /** {@code session-stats}: GET /sessions/{id}/stats. */
    @Benchmark
    public BlockingHttpClient.Response sessionStats(Client c, Existing e) throws IOException {
        return expect(c.http.send(e.sessionStats), 200, "GET /sessions/{id}/stats");
    }

    /** {@code submit-decision}: POST /decisions. */
    @Benchmark
    public BlockingHttpClient.Response submitDecision(Client c) throws IOException {
        return expect(c.http.send(c.submitDecision), 201, "POST /decisions");
    }

    /** {@code list-decisions}: GET /decisions (first page, 50 per page). */
    @Benchmark
    public BlockingHttpClient.Response listDecisions(Client c) throws IOException {
        return expect(c.http.send(c.listDecisions), 200, "GET /decisions");
    }

    /** {@code get-decision}: GET /decisions/{id}. */
    @Benchmark
    public BlockingHttpClient.Response getDecision(Client c, Existing e) throws IOException {
        return expect(c.http.send(e.getDecision), 200, "GET /decisions/{id}");
    }

    /**
     * {@code approve}: POST /decisions/{id}/approve of a decision submitted for this invocation.
     */
    @Benchmark
    public BlockingHttpClient.Response approve(Client c, PendingDecision d) throws IOException {
        return expect(c.http.send(d.approve), 200, "POST /decisions/{id}/approve");
    }

    /** {@code reject}: POST /decisions/{id}/reject of a decision submitted for this invocation. */
    @Benchmark
    public BlockingHttpClient.Response reject(Client c, PendingDecision d) throws IOException {
        return expect(c.http.send(d.reject), 200, "POST /decisions/{id}/reject");
    }

    /**
     * {@code escalate}: POST /decisions/{id}/escalate of a decision submitted for this invocation.
     */
    @Benchmark
    public BlockingHttpClient.Response escalate(Client c, PendingDecision d) throws IOException {
        return expect(c.http.send(d.escalate), 200, "POST /decisions/{id}/escalate");
    }

    /** {@code metrics}: GET /metrics/governance. */
    @Benchmark
    public BlockingHttpClient.Response metrics(Client c) throws IOException {
        return expect(c.http.send(c.metrics), 200, "GET /metrics/governance");
    }
}
