package io.gonogo.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.gonogo.server.grpc.v1.ApproveRequest;
import io.gonogo.server.grpc.v1.CloseSessionRequest;
import io.gonogo.server.grpc.v1.CreateSessionRequest;
import io.gonogo.server.grpc.v1.Decision;
import io.gonogo.server.grpc.v1.EscalateRequest;
import io.gonogo.server.grpc.v1.GetDecisionRequest;
import io.gonogo.server.grpc.v1.GetMetricsRequest;
import io.gonogo.server.grpc.v1.GetSessionStatsRequest;
import io.gonogo.server.grpc.v1.GovernanceGrpc;
import io.gonogo.server.grpc.v1.GovernanceMetrics;
import io.gonogo.server.grpc.v1.HealthRequest;
import io.gonogo.server.grpc.v1.ListDecisionsRequest;
import io.gonogo.server.grpc.v1.ListDecisionsResponse;
import io.gonogo.server.grpc.v1.RejectRequest;
import io.gonogo.server.grpc.v1.Session;
import io.gonogo.server.grpc.v1.SessionStats;
import io.gonogo.server.grpc.v1.SubmitDecisionRequest;
import io.gonogo.server.grpc.v1.WatchPendingDecisionsRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every governance operation over gRPC against a real server, results and status codes. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GrpcApiIT {

    static final String TOKEN = "grpc-token-456";
    static final String MISSING = "00000000-0000-0000-0000-000000000000";

    @TempDir static Path dataDir;
    static GovernanceServer server;
    static ManagedChannel channel;
    static GovernanceGrpc.GovernanceBlockingStub anonymous;
    static GovernanceGrpc.GovernanceBlockingStub operator;

    @BeforeAll
    static void start() {
        server =
                GovernanceServer.builder()
                        .httpPort(0)
                        .grpcPort(0)
                        .dataDir(dataDir)
                        .operatorToken(TOKEN)
                        .build();
        server.start();
        channel = ManagedChannelBuilder.forTarget(server.grpcAddress()).usePlaintext().build();
        anonymous = GovernanceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
        operator = withToken(TOKEN);
    }

    static GovernanceGrpc.GovernanceBlockingStub withToken(String token) {
        Metadata md = new Metadata();
        md.put(
                Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
                "Bearer " + token);
        return GovernanceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md))
                .withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.stop();
    }

    static Status.Code code(Runnable call) {
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call::run);
        assertThat(e).as("expected the call to fail").isNotNull();
        return e.getStatus().getCode();
    }

    static String field(Runnable call) {
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call::run);
        assertThat(e).isNotNull();
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        return e.getTrailers()
                .get(Metadata.Key.of("gonogo-field", Metadata.ASCII_STRING_MARSHALLER));
    }

    static String session(String name) {
        return operator.createSession(CreateSessionRequest.newBuilder().setOperator(name).build())
                .getId();
    }

    static String submit(String title) {
        return operator.submitDecision(
                        SubmitDecisionRequest.newBuilder()
                                .setTitle(title)
                                .setRiskLevel("MEDIUM")
                                .putContext("k", "v")
                                .build())
                .getId();
    }

    static Decision act(String kind, String decision, String session) {
        switch (kind) {
            case "approve":
                return operator.approve(
                        ApproveRequest.newBuilder()
                                .setDecisionId(decision)
                                .setSessionId(session)
                                .build());
            case "reject":
                return operator.reject(
                        RejectRequest.newBuilder()
                                .setDecisionId(decision)
                                .setSessionId(session)
                                .setReason("r")
                                .build());
            default:
                return operator.escalate(
                        EscalateRequest.newBuilder()
                                .setDecisionId(decision)
                                .setSessionId(session)
                                .setReason("r")
                                .setTarget("t")
                                .build());
        }
    }

    @Test
    void healthAnswersUpWithoutAToken() {
        assertThat(anonymous.health(HealthRequest.getDefaultInstance()).getStatus())
                .isEqualTo("UP");
    }

    @Test
    void sessionsOpenCloseOnceAndReportStats() {
        Session s =
                operator.createSession(CreateSessionRequest.newBuilder().setOperator("al").build());
        assertThat(s.getStatus()).isEqualTo("OPEN");
        String d = submit("d");
        act("approve", d, s.getId());
        SessionStats stats =
                anonymous.getSessionStats(
                        GetSessionStatsRequest.newBuilder().setSessionId(s.getId()).build());
        assertThat(stats.getApproved()).isEqualTo(1);
        assertThat(stats.getRejected()).isZero();
        Session closed =
                operator.closeSession(
                        CloseSessionRequest.newBuilder().setSessionId(s.getId()).build());
        assertThat(closed.getStatus()).isEqualTo("CLOSED");
        assertThat(closed.getClosedAtMillis()).isPositive();
        assertThat(
                        code(
                                () ->
                                        operator.closeSession(
                                                CloseSessionRequest.newBuilder()
                                                        .setSessionId(s.getId())
                                                        .build())))
                .isEqualTo(Status.Code.FAILED_PRECONDITION);
    }

    @Test
    void submitGetAndActRecordTheOperatorAndReason() {
        String s = session("bea");
        Decision submitted =
                operator.submitDecision(
                        SubmitDecisionRequest.newBuilder()
                                .setTitle("ship")
                                .setRiskLevel("low")
                                .putContext("a", "b")
                                .build());
        assertThat(submitted.getStatus()).isEqualTo("PENDING");
        assertThat(submitted.getRiskLevel()).isEqualTo("LOW");
        Decision got =
                anonymous.getDecision(
                        GetDecisionRequest.newBuilder().setDecisionId(submitted.getId()).build());
        assertThat(got.getContextMap()).containsEntry("a", "b");
        Decision rejected =
                operator.reject(
                        RejectRequest.newBuilder()
                                .setDecisionId(submitted.getId())
                                .setSessionId(s)
                                .setReason("nope")
                                .build());
        assertThat(rejected.getStatus()).isEqualTo("REJECTED");
        assertThat(rejected.getActions(0).getOperator()).isEqualTo("bea");
        assertThat(rejected.getActions(0).getReason()).isEqualTo("nope");
        assertThat(rejected.getDecidedAtMillis()).isPositive();
        Decision escalated = act("escalate", submit("e"), s);
        assertThat(escalated.getStatus()).isEqualTo("ESCALATED");
        assertThat(escalated.getActions(0).getTarget()).isEqualTo("t");
        assertThat(act("approve", submit("a"), s).getStatus()).isEqualTo("APPROVED");
    }

    @ParameterizedTest(name = "{0} after {1} is FAILED_PRECONDITION")
    @CsvSource({
        "approve,approve",
        "approve,reject",
        "approve,escalate",
        "reject,approve",
        "reject,reject",
        "reject,escalate",
        "escalate,approve",
        "escalate,reject",
        "escalate,escalate"
    })
    void everyActionOnADecidedDecisionFailsItsPrecondition(String second, String first) {
        String s = session("cy");
        String d = submit("t");
        act(first, d, s);
        assertThat(code(() -> act(second, d, s))).isEqualTo(Status.Code.FAILED_PRECONDITION);
    }

    @ParameterizedTest(name = "a closed session cannot {0}")
    @CsvSource({"approve", "reject", "escalate"})
    void aClosedSessionCannotAct(String kind) {
        String s = session("di");
        operator.closeSession(CloseSessionRequest.newBuilder().setSessionId(s).build());
        String d = submit("t");
        assertThat(code(() -> act(kind, d, s))).isEqualTo(Status.Code.FAILED_PRECONDITION);
    }

    @Test
    void unknownIdsAreNotFound() {
        String s = session("ed");
        assertThat(
                        code(
                                () ->
                                        anonymous.getDecision(
                                                GetDecisionRequest.newBuilder()
                                                        .setDecisionId(MISSING)
                                                        .build())))
                .isEqualTo(Status.Code.NOT_FOUND);
        assertThat(
                        code(
                                () ->
                                        anonymous.getSessionStats(
                                                GetSessionStatsRequest.newBuilder()
                                                        .setSessionId(MISSING)
                                                        .build())))
                .isEqualTo(Status.Code.NOT_FOUND);
        assertThat(
                        code(
                                () ->
                                        operator.closeSession(
                                                CloseSessionRequest.newBuilder()
                                                        .setSessionId(MISSING)
                                                        .build())))
                .isEqualTo(Status.Code.NOT_FOUND);
        assertThat(code(() -> act("approve", MISSING, s))).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(code(() -> act("reject", submit("x"), MISSING)))
                .isEqualTo(Status.Code.NOT_FOUND);
    }

    @Test
    void malformedInputIsInvalidArgumentNamingTheField() {
        assertThat(field(() -> operator.createSession(CreateSessionRequest.getDefaultInstance())))
                .isEqualTo("operator");
        assertThat(
                        field(
                                () ->
                                        operator.createSession(
                                                CreateSessionRequest.newBuilder()
                                                        .setOperator("x".repeat(129))
                                                        .build())))
                .isEqualTo("operator");
        assertThat(
                        field(
                                () ->
                                        operator.submitDecision(
                                                SubmitDecisionRequest.newBuilder()
                                                        .setRiskLevel("LOW")
                                                        .build())))
                .isEqualTo("title");
        assertThat(
                        field(
                                () ->
                                        operator.submitDecision(
                                                SubmitDecisionRequest.newBuilder()
                                                        .setTitle("t")
                                                        .setRiskLevel("HUGE")
                                                        .build())))
                .isEqualTo("riskLevel");
        assertThat(
                        field(
                                () ->
                                        operator.submitDecision(
                                                SubmitDecisionRequest.newBuilder()
                                                        .setTitle("t")
                                                        .setRiskLevel("LOW")
                                                        .putContext("k", "v".repeat(1025))
                                                        .build())))
                .isEqualTo("context.k");
        String s = session("fi");
        String d = submit("d");
        assertThat(
                        field(
                                () ->
                                        operator.approve(
                                                ApproveRequest.newBuilder()
                                                        .setDecisionId(d)
                                                        .build())))
                .isEqualTo("sessionId");
        assertThat(
                        field(
                                () ->
                                        operator.reject(
                                                RejectRequest.newBuilder()
                                                        .setDecisionId(d)
                                                        .setSessionId(s)
                                                        .build())))
                .isEqualTo("reason");
        assertThat(
                        field(
                                () ->
                                        operator.escalate(
                                                EscalateRequest.newBuilder()
                                                        .setDecisionId(d)
                                                        .setSessionId(s)
                                                        .setReason("r")
                                                        .build())))
                .isEqualTo("target");
        assertThat(
                        field(
                                () ->
                                        anonymous.listDecisions(
                                                ListDecisionsRequest.newBuilder()
                                                        .setStatus("MAYBE")
                                                        .build())))
                .isEqualTo("status");
        assertThat(
                        field(
                                () ->
                                        anonymous.listDecisions(
                                                ListDecisionsRequest.newBuilder()
                                                        .setPage(-1)
                                                        .build())))
                .isEqualTo("page");
        assertThat(
                        field(
                                () ->
                                        anonymous.listDecisions(
                                                ListDecisionsRequest.newBuilder()
                                                        .setSize(501)
                                                        .build())))
                .isEqualTo("size");
        assertThat(field(() -> anonymous.getDecision(GetDecisionRequest.getDefaultInstance())))
                .isEqualTo("decisionId");
    }

    @Test
    void mutatingCallsWithoutOrWithAWrongTokenAreUnauthenticated() {
        for (GovernanceGrpc.GovernanceBlockingStub stub : List.of(anonymous, withToken("bad"))) {
            assertThat(
                            code(
                                    () ->
                                            stub.createSession(
                                                    CreateSessionRequest.newBuilder()
                                                            .setOperator("x")
                                                            .build())))
                    .isEqualTo(Status.Code.UNAUTHENTICATED);
            assertThat(
                            code(
                                    () ->
                                            stub.submitDecision(
                                                    SubmitDecisionRequest.newBuilder()
                                                            .setTitle("t")
                                                            .setRiskLevel("LOW")
                                                            .build())))
                    .isEqualTo(Status.Code.UNAUTHENTICATED);
            assertThat(code(() -> stub.approve(ApproveRequest.getDefaultInstance())))
                    .isEqualTo(Status.Code.UNAUTHENTICATED);
            assertThat(code(() -> stub.reject(RejectRequest.getDefaultInstance())))
                    .isEqualTo(Status.Code.UNAUTHENTICATED);
            assertThat(code(() -> stub.escalate(EscalateRequest.getDefaultInstance())))
                    .isEqualTo(Status.Code.UNAUTHENTICATED);
            assertThat(code(() -> stub.closeSession(CloseSessionRequest.getDefaultInstance())))
                    .isEqualTo(Status.Code.UNAUTHENTICATED);
        }
    }

    @Test
    void listDecisionsFiltersByStatusAndPages() {
        for (int i = 0; i < 4; i++) {
            submit("l" + i);
        }
        ListDecisionsResponse page =
                anonymous.listDecisions(
                        ListDecisionsRequest.newBuilder().setStatus("PENDING").setSize(3).build());
        assertThat(page.getDecisionsList())
                .hasSize(3)
                .allSatisfy(d -> assertThat(d.getStatus()).isEqualTo("PENDING"));
        assertThat(page.getTotal()).isGreaterThanOrEqualTo(4);
        ListDecisionsResponse next =
                anonymous.listDecisions(
                        ListDecisionsRequest.newBuilder()
                                .setStatus("PENDING")
                                .setSize(3)
                                .setPage(1)
                                .build());
        assertThat(next.getDecisions(0).getId()).isNotEqualTo(page.getDecisions(0).getId());
        assertThat(anonymous.listDecisions(ListDecisionsRequest.getDefaultInstance()).getSize())
                .isEqualTo(50);
    }

    @Test
    void metricsCountByStatus() {
        String s = session("gu");
        act("approve", submit("m"), s);
        GovernanceMetrics m = anonymous.getMetrics(GetMetricsRequest.getDefaultInstance());
        assertThat(m.getCountsByStatusMap())
                .containsKeys("PENDING", "APPROVED", "REJECTED", "ESCALATED");
        assertThat(m.getCountsByStatusMap().get("APPROVED")).isGreaterThanOrEqualTo(1);
        assertThat(m.getDecided()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void watchStreamsNewPendingDecisions() throws Exception {
        LinkedBlockingQueue<Decision> events = new LinkedBlockingQueue<>();
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        GovernanceGrpc.newStub(channel)
                .watchPendingDecisions(
                        WatchPendingDecisionsRequest.getDefaultInstance(),
                        observer(events::add, ended));
        // The watch is registered asynchronously: submit until one arrives.
        Decision event = null;
        String id = null;
        for (int i = 0; i < 50 && event == null; i++) {
            id = submit("watched");
            event = events.poll(200, TimeUnit.MILLISECONDS);
        }
        assertThat(event).isNotNull();
        assertThat(event.getStatus()).isEqualTo("PENDING");
        String last = submit("watched-again");
        Decision next;
        do {
            next = events.poll(10, TimeUnit.SECONDS);
        } while (next != null && !next.getId().equals(last));
        assertThat(next).isNotNull();
        assertThat(id).isNotNull();
    }

    private static StreamObserver<Decision> observer(
            Consumer<Decision> each, CompletableFuture<Throwable> ended) {
        return new StreamObserver<>() {
            @Override
            public void onNext(Decision value) {
                each.accept(value);
            }

            @Override
            public void onError(Throwable t) {
                ended.complete(t);
            }

            @Override
            public void onCompleted() {
                ended.complete(null);
            }
        };
    }

    @Test
    void reflectionListsTheGovernanceService() throws Exception {
        CompletableFuture<ServerReflectionResponse> answer = new CompletableFuture<>();
        StreamObserver<ServerReflectionRequest> requests =
                ServerReflectionGrpc.newStub(channel)
                        .serverReflectionInfo(
                                new StreamObserver<>() {
                                    @Override
                                    public void onNext(ServerReflectionResponse value) {
                                        answer.complete(value);
                                    }

                                    @Override
                                    public void onError(Throwable t) {
                                        answer.completeExceptionally(t);
                                    }

                                    @Override
                                    public void onCompleted() {}
                                });
        requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
        ServerReflectionResponse response = answer.get(20, TimeUnit.SECONDS);
        requests.onCompleted();
        assertThat(
                        response.getListServicesResponse().getServiceList().stream()
                                .map(s -> s.getName())
                                .collect(Collectors.toList()))
                .contains("gonogo.governance.v1.Governance");
    }
}
