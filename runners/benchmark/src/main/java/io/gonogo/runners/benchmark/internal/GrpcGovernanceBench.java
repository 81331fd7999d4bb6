package io.gonogo.runners.benchmark.internal;

import io.gonogo.runners.benchmark.GonogoSut;
import io.gonogo.runners.benchmark.internal.grpc.ApproveRequest;
import io.gonogo.runners.benchmark.internal.grpc.CloseSessionRequest;
import io.gonogo.runners.benchmark.internal.grpc.CreateSessionRequest;
import io.gonogo.runners.benchmark.internal.grpc.Decision;
import io.gonogo.runners.benchmark.internal.grpc.EscalateRequest;
import io.gonogo.runners.benchmark.internal.grpc.GetDecisionRequest;
import io.gonogo.runners.benchmark.internal.grpc.GetMetricsRequest;
import io.gonogo.runners.benchmark.internal.grpc.GetSessionStatsRequest;
import io.gonogo.runners.benchmark.internal.grpc.GovernanceGrpc;
import io.gonogo.runners.benchmark.internal.grpc.GovernanceMetrics;
import io.gonogo.runners.benchmark.internal.grpc.HealthRequest;
import io.gonogo.runners.benchmark.internal.grpc.HealthResponse;
import io.gonogo.runners.benchmark.internal.grpc.ListDecisionsRequest;
import io.gonogo.runners.benchmark.internal.grpc.ListDecisionsResponse;
import io.gonogo.runners.benchmark.internal.grpc.RejectRequest;
import io.gonogo.runners.benchmark.internal.grpc.Session;
import io.gonogo.runners.benchmark.internal.grpc.SessionStats;
import io.gonogo.runners.benchmark.internal.grpc.SubmitDecisionRequest;
import io.gonogo.runners.load.grpc.GrpcChannels;
import io.gonogo.runners.spi.SutEndpoint;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One governance call over gRPC per benchmark invocation, with grpc-java's blocking stub (the stub
 * generated here from a copy of the server's governance.proto) on one plaintext HTTP/2 channel per
 * benchmark thread; the same operations, method names and per-invocation setups as {@link
 * HttpGovernanceBench}. A call that fails throws {@code StatusRuntimeException} and fails the
 * benchmark.
 */
public class GrpcGovernanceBench {

    /** One channel per benchmark thread, with the requests that need no id. */
    @State(Scope.Thread)
    public static class Client {
        ManagedChannel channel;
        GovernanceGrpc.GovernanceBlockingStub stub;
        final HealthRequest health = HealthRequest.getDefaultInstance();
        final CreateSessionRequest createSession =
                CreateSessionRequest.newBuilder().setOperator("gonogo-bench").build();
        final SubmitDecisionRequest submitDecision =
                SubmitDecisionRequest.newBuilder().setTitle("bench").setRiskLevel("LOW").build();
        final ListDecisionsRequest listDecisions = ListDecisionsRequest.getDefaultInstance();
        final GetMetricsRequest metrics = GetMetricsRequest.getDefaultInstance();

        /** Opens the channel (it connects at the first call). */
        @Setup(Level.Trial)
        public void connect() {
            String address =
                    GonogoSut.grpcAddress()
                            .orElseThrow(
                                    () ->
                                            new IllegalStateException(
                                                    "the service under test has no gRPC address"
                                                            + " (sut.url without grpc, or a server"
                                                            + " without gRPC)"));
            Metadata headers = new Metadata();
            String token = GonogoSut.token();
            if (!token.isEmpty()) {
                headers.put(
                        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
                        "Bearer " + token);
            }
            channel =
                    GrpcChannels.channelBuilder(
                                    new SutEndpoint(
                                            GonogoSut.httpBase(),
                                            address,
                                            "",
                                            GonogoSut.tls(),
                                            GonogoSut.grpcTls()))
                            .directExecutor()
                            .build();
            stub =
                    GovernanceGrpc.newBlockingStub(channel)
                            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
        }

        /** Closes the channel. */
        @TearDown(Level.Trial)
        public void close() throws InterruptedException {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /**
     * A session and a decision created once per trial, for the calls that read or act on them
     * (creating them needs the operator token; health, list and metrics do not use this state).
     */
    @State(Scope.Thread)
    public static class Existing {
        String sessionId;
        GetSessionStatsRequest sessionStats;
        GetDecisionRequest getDecision;

        /** Creates the session and the decision (not timed). */
        @Setup(Level.Trial)
        public void create(Client c) {
            sessionId = c.stub.createSession(c.createSession).getId();
            String decisionId = c.stub.submitDecision(c.submitDecision).getId();
            sessionStats = GetSessionStatsRequest.newBuilder().setSessionId(sessionId).build();
            getDecision = GetDecisionRequest.newBuilder().setDecisionId(decisionId).build();
        }
    }

    /** A session opened before each invocation, for {@code close-session}. */
    @State(Scope.Thread)
    public static class OpenSession {
        CloseSessionRequest close;

        /** Opens the session (not timed). */
        @Setup(Level.Invocation)
        public void open(Client c) {
            close =
                    CloseSessionRequest.newBuilder()
                            .setSessionId(c.stub.createSession(c.createSession).getId())
                            .build();
        }
    }

    /** A pending decision submitted before each invocation, for approve, reject and escalate. */
    @State(Scope.Thread)
    public static class PendingDecision {
        ApproveRequest approve;
        RejectRequest reject;
        EscalateRequest escalate;

        /** Submits the decision (not timed). */
        @Setup(Level.Invocation)
        public void submit(Client c, Existing e) {
            String id = c.stub.submitDecision(c.submitDecision).getId();
            approve =
                    ApproveRequest.newBuilder()
                            .setDecisionId(id)
                            .setSessionId(e.sessionId)
                            .setReason("bench")
                            .build();
            reject =
                    RejectRequest.newBuilder()
                            .setDecisionId(id)
                            .setSessionId(e.sessionId)
                            .setReason("bench")
                            .build();
            escalate =
                    EscalateRequest.newBuilder()
                            .setDecisionId(id)
                            .setSessionId(e.sessionId)
                            .setReason("bench")
                            .setTarget("risk-board")
                            .build();
        }
    }

    /** {@code health}: Health. */
    @Benchmark
    public HealthResponse health(Client c) {
        return c.stub.health(c.health);
    }

    /** {@code create-session}: CreateSession. */
    @Benchmark
    public Session createSession(Client c) {
        return c.stub.createSession(c.createSession);
    }

    /** {@code close-session}: CloseSession of a session opened for this invocation. */
    @Benchmark
    public Session closeSession(Client c, OpenSession s) {
        return c.stub.closeSession(s.close);
    }

    /** {@code session-stats}: GetSessionStats. */
    @Benchmark
    public SessionStats sessionStats(Client c, Existing e) {
        return c.stub.getSessionStats(e.sessionStats);
    }

    /** {@code submit-decision}: SubmitDecision. */
    @Benchmark
    public Decision submitDecision(Client c) {
        return c.stub.submitDecision(c.submitDecision);
    }

    /** {@code list-decisions}: ListDecisions (first page, 50 per page). */
    @Benchmark
    public ListDecisionsResponse listDecisions(Client c) {
        return c.stub.listDecisions(c.listDecisions);
    }

    /** {@code get-decision}: GetDecision. */
    @Benchmark
    public Decision getDecision(Client c, Existing e) {
        return c.stub.getDecision(e.getDecision);
    }

    /** {@code approve}: Approve of a decision submitted for this invocation. */
    @Benchmark
    public Decision approve(Client c, PendingDecision d) {
        return c.stub.approve(d.approve);
    }

    /** {@code reject}: Reject of a decision submitted for this invocation. */
    @Benchmark
    public Decision reject(Client c, PendingDecision d) {
        return c.stub.reject(d.reject);
    }

    /** {@code escalate}: Escalate of a decision submitted for this invocation. */
    @Benchmark
    public Decision escalate(Client c, PendingDecision d) {
        return c.stub.escalate(d.escalate);
    }

    /** {@code metrics}: GetMetrics. */
    @Benchmark
    public GovernanceMetrics metrics(Client c) {
        return c.stub.getMetrics(c.metrics);
    }
}
