package io.gonogo.server.internal.grpc;

import io.gonogo.server.grpc.v1.Action;
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
import io.gonogo.server.grpc.v1.HealthResponse;
import io.gonogo.server.grpc.v1.ListDecisionsRequest;
import io.gonogo.server.grpc.v1.ListDecisionsResponse;
import io.gonogo.server.grpc.v1.RejectRequest;
import io.gonogo.server.grpc.v1.Session;
import io.gonogo.server.grpc.v1.SessionStats;
import io.gonogo.server.grpc.v1.SubmitDecisionRequest;
import io.gonogo.server.grpc.v1.WatchPendingDecisionsRequest;
import io.gonogo.server.internal.governance.Admission;
import io.gonogo.server.internal.governance.GovernanceException;
import io.gonogo.server.internal.governance.GovernanceService;
import io.gonogo.server.internal.governance.Model;
import io.gonogo.server.internal.governance.PendingHub;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;

/**
 * The Governance gRPC service. Health answers on the transport thread (the server runs with a
 * direct executor); every other call goes through {@link Admission} to a worker, and past its bound
 * fails at once with RESOURCE_EXHAUSTED. Errors carry the field at fault, for INVALID_ARGUMENT, in
 * the trailer {@code gonogo-field}.
 */
final class GrpcGovernanceService extends GovernanceGrpc.GovernanceImplBase {

    /** The trailer naming the request field at fault. */
    static final Metadata.Key<String> FIELD =
            Metadata.Key.of("gonogo-field", Metadata.ASCII_STRING_MARSHALLER);

    private static final HealthResponse UP = HealthResponse.newBuilder().setStatus("UP").build();

    private final GovernanceService service;
    private final Admission admission;
    private final PendingHub hub;

    GrpcGovernanceService(GovernanceService service, Admission admission, PendingHub hub) {
        this.service = service;
        this.admission = admission;
        this.hub = hub;
    }

    @Override
    public void health(HealthRequest request, StreamObserver<HealthResponse> out) {
        out.onNext(UP);
        out.onCompleted();
    }

    @Override
    public void createSession(CreateSessionRequest r, StreamObserver<Session> out) {
        run(out, () -> session(service.createSession(r.getOperator())));
    }

    @Override
    public void closeSession(CloseSessionRequest r, StreamObserver<Session> out) {
        run(out, () -> session(service.closeSession(r.getSessionId())));
    }

    @Override
    public void getSessionStats(GetSessionStatsRequest r, StreamObserver<SessionStats> out) {
        run(
                out,
                () -> {
                    Model.SessionStats s = service.sessionStats(r.getSessionId());
                    return SessionStats.newBuilder()
                            .setSession(session(s.session()))
                            .setApproved(s.approved())
                            .setRejected(s.rejected())
                            .setEscalated(s.escalated())
                            .build();
                });
    }

    @Override
    public void submitDecision(SubmitDecisionRequest r, StreamObserver<Decision> out) {
        run(
                out,
                () ->
                        decision(
                                service.submitDecision(
                                        r.getTitle(), r.getRiskLevel(), r.getContextMap())));
    }

    @Override
    public void listDecisions(ListDecisionsRequest r, StreamObserver<ListDecisionsResponse> out) {
        run(
                out,
                () -> {
                    Model.DecisionPage p =
                            service.listDecisions(r.getStatus(), r.getPage(), r.getSize());
                    ListDecisionsResponse.Builder b =
                            ListDecisionsResponse.newBuilder()
                                    .setPage(p.page())
                                    .setSize(p.size())
                                    .setTotal(p.total());
                    p.decisions().forEach(d -> b.addDecisions(decision(d)));
                    return b.build();
                });
    }

    @Override
    public void getDecision(GetDecisionRequest r, StreamObserver<Decision> out) {
        run(out, () -> decision(service.getDecision(r.getDecisionId())));
    }

    @Override
    public void approve(ApproveRequest r, StreamObserver<Decision> out) {
        run(
                out,
                () ->
                        decision(
                                service.approve(
                                        r.getDecisionId(), r.getSessionId(), r.getReason())));
    }

    @Override
    public void reject(RejectRequest r, StreamObserver<Decision> out) {
        run(
                out,
                () -> decision(service.reject(r.getDecisionId(), r.getSessionId(), r.getReason())));
    }

    @Override
    public void escalate(EscalateRequest r, StreamObserver<Decision> out) {
        run(
                out,
                () ->
                        decision(
                                service.escalate(
                                        r.getDecisionId(),
                                        r.getSessionId(),
                                        r.getReason(),
                                        r.getTarget())));
    }

    @Override
    public void getMetrics(GetMetricsRequest r, StreamObserver<GovernanceMetrics> out) {
        run(
                out,
                () -> {
                    Model.GovernanceMetrics m = service.metrics();
                    GovernanceMetrics.Builder b =
                            GovernanceMetrics.newBuilder()
                                    .setDecided(m.decided())
                                    .setMeanTimeToDecideMillis(m.meanTimeToDecideMillis());
                    for (Model.DecisionStatus s : Model.DecisionStatus.values()) {
                        b.putCountsByStatus(s.name(), m.countsByStatus().getOrDefault(s, 0L));
                    }
                    return b.build();
                });
    }

    @Override
    public void watchPendingDecisions(
            WatchPendingDecisionsRequest r, StreamObserver<Decision> out) {
        ServerCallStreamObserver<Decision> call = (ServerCallStreamObserver<Decision>) out;
        Object lock = new Object();
        PendingHub.Subscription[] sub = new PendingHub.Subscription[1];
        synchronized (lock) {
            try {
                sub[0] = subscribe(call, lock, sub);
            } catch (GovernanceException e) {
                // past the bound on watchers: refused at once, nothing is held
                call.onError(toStatus(e));
                return;
            }
        }
        call.setOnCancelHandler(sub[0]::close);
        call.setOnCloseHandler(sub[0]::close);
    }

    /** Registers {@code call} as a watcher; {@code sub[0]} is set by the caller under lock. */
    private PendingHub.Subscription subscribe(
            ServerCallStreamObserver<Decision> call, Object lock, PendingHub.Subscription[] sub) {
        return hub.subscribe(
                d -> {
                    synchronized (lock) {
                        if (call.isCancelled()) {
                            sub[0].close();
                        } else if (!call.isReady()) {
                            // A watcher that cannot keep up is dropped rather than buffered
                            // without bound.
                            sub[0].close();
                            call.onError(
                                    Status.RESOURCE_EXHAUSTED
                                            .withDescription(
                                                    "watcher too slow: events are not being"
                                                            + " read")
                                            .asRuntimeException());
                        } else {
                            call.onNext(decision(d));
                        }
                    }
                },
                () -> {
                    synchronized (lock) {
                        if (!call.isCancelled()) {
                            call.onCompleted();
                        }
                    }
                });
    }

    private <T> void run(StreamObserver<T> out, Callable<T> work) {
        admission
                .submit(work)
                .whenComplete(
                        (value, failure) -> {
                            if (failure == null) {
                                out.onNext(value);
                                out.onCompleted();
                            } else {
                                out.onError(toStatus(failure));
                            }
                        });
    }

    static StatusRuntimeException toStatus(Throwable failure) {
        Throwable t = failure;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        if (!(t instanceof GovernanceException)) {
            return Status.INTERNAL.withDescription(String.valueOf(t)).asRuntimeException();
        }
        GovernanceException e = (GovernanceException) t;
        Status status;
        switch (e.kind()) {
            case INVALID_ARGUMENT:
                status = Status.INVALID_ARGUMENT;
                break;
            case UNAUTHENTICATED:
                status = Status.UNAUTHENTICATED;
                break;
            case NOT_FOUND:
                status = Status.NOT_FOUND;
                break;
            case FAILED_PRECONDITION:
                status = Status.FAILED_PRECONDITION;
                break;
            case RESOURCE_EXHAUSTED:
                status = Status.RESOURCE_EXHAUSTED;
                break;
            default:
                status = Status.UNAVAILABLE;
        }
        Metadata trailers = new Metadata();
        e.field().ifPresent(f -> trailers.put(FIELD, f));
        return status.withDescription(e.getMessage()).asRuntimeException(trailers);
    }

    static Session session(Model.Session s) {
        return Session.newBuilder()
                .setId(s.id())
                .setOperator(s.operator())
                .setStatus(s.status().name())
                .setOpenedAtMillis(s.openedAtMillis())
                .setClosedAtMillis(s.closedAtMillis())
                .build();
    }

    static Decision decision(Model.Decision d) {
        Decision.Builder b =
                Decision.newBuilder()
                        .setId(d.id())
                        .setTitle(d.title())
                        .setRiskLevel(d.riskLevel().name())
                        .putAllContext(d.context())
                        .setStatus(d.status().name())
                        .setCreatedAtMillis(d.createdAtMillis())
                        .setDecidedAtMillis(d.decidedAtMillis());
        for (Model.Action a : d.actions()) {
            b.addActions(
                    Action.newBuilder()
                            .setKind(a.kind().name())
                            .setSessionId(a.sessionId())
                            .setOperator(a.operator())
                            .setAtMillis(a.atMillis())
                            .setReason(a.reason())
                            .setTarget(a.target()));
        }
        return b.build();
    }
}
