package io.gonogo.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.gonogo.runners.load.grpc.CallLoadResult;
import io.gonogo.runners.load.grpc.GrpcLoadRunner;
import io.gonogo.runners.load.grpc.GrpcLoadRunner.Client;
import io.gonogo.runners.spi.TlsSettings;
import io.gonogo.server.GovernanceServer;
import io.gonogo.server.grpc.v1.CloseSessionRequest;
import io.gonogo.server.grpc.v1.CreateSessionRequest;
import io.gonogo.server.grpc.v1.GovernanceGrpc;
import io.gonogo.server.grpc.v1.SubmitDecisionRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.stub.MetadataUtils;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The load engine's own HTTP/2 gRPC client ({@link Client#GONOGO}) against grpc-java's ({@link
 * Client#GRPC_JAVA}) on two real servers: the same closed load (2 connections, 20 calls, no
 * warm-up) through each must give the same attempted, answered and succeeded calls and the same
 * error kinds with the same counts ({@link CallLoadResult#errorsByKind()}, {@code grpc_<STATUS>}
 * for an answered non-OK status).
 *
 * <ul>
 *   <li>The bundled governance server, in this JVM with gRPC on a loopback port it picks: every
 *       unary method of {@code gonogo.governance.v1.Governance} (listed from the service's
 *       descriptor, so that a method added later fails this test until it is covered) with a valid
 *       request, and calls that get UNAUTHENTICATED, INVALID_ARGUMENT, NOT_FOUND and
 *       FAILED_PRECONDITION.
 *   <li>grpc-java's interop test server, started as a JVM over TLS with its test certificate,
 *       called by descriptor set: EmptyCall, UnaryCall with a 1 MiB answer (larger than HTTP/2's
 *       initial windows, so the engine's flow control is part of it), and UnaryCall asking for each
 *       non-OK status 1..16, which must come back as {@code grpc_<NAME>}.
 * </ul>
 *
 * <p>Each comparison also checks the outcome the server is known to give, so that two clients that
 * agree on a wrong answer (nothing answered, say) do not pass. Disagreements are collected over all
 * methods before failing, so one run names every method where the clients differ.
 *
 * <p>Not marked {@link GovernanceRun.UsesGovernanceRun}: it needs no run of the governance example.
 * When the build runs both, it runs after the governance example's run has ended ({@link
 * GovernanceRun.Window#AFTER_THE_RUN}): the interop server's JVM it starts, and its own runs going
 * four at a time, took enough of two cores to move the example's chaos windows when it ran inside
 * the run. The class takes about 10-25 s.
 */
@GovernanceRun.During(GovernanceRun.Window.AFTER_THE_RUN)
class GrpcClientsAgreeIT {
    private static final Path INTEROP = Path.of("grpc-interop", "target");
    private static final Path OUT = Path.of("target", "grpc-clients-agree");

    private static final int CONCURRENCY = 2;
    private static final long CALLS = 20;
    private static final String TOKEN = "clients-agree-" + UUID.randomUUID();
    private static final String GOVERNANCE = "gonogo.governance.v1.Governance/";
    private static final String OK = "OK";

    /** Runs at once: both clients of a comparison, and the next comparison's. */
    private static final int PARALLEL_RUNS = 4;

    /**
     * The governance server's unary methods through both clients.
     *
     * <p>One server serves every run, and runs go side by side ({@link #compareAll}), so each
     * request is chosen for an outcome that depends on no other run, before or beside it: reads and
     * refused calls leave the state alone; CreateSession and SubmitDecision add a new row per call,
     * which changes no other call's status (ListDecisions pages and GetMetrics counts grow, but
     * stay OK). The calls that move a session or decision from one state to another (CloseSession,
     * Approve, Reject, Escalate) can succeed only once, so each client's run gets a session, and a
     * decision, of its own, created before the runs: in each run exactly one of the 20 calls
     * succeeds and the other 19 get FAILED_PRECONDITION (a transition locks its session row, so the
     * two calls in flight cannot both succeed; and no two runs lock the same row, so none waits on
     * another's lock).
     */
    @Test
    @Timeout(value = 40, unit = TimeUnit.SECONDS)
    void everyGovernanceOperationGivesTheSameCountsAndKindsThroughBothClients() throws Exception {
        try (GovernanceServer server =
                GovernanceServer.builder().grpcPort(0).operatorToken(TOKEN).build()) {
            server.start();
            ManagedChannel channel =
                    ManagedChannelBuilder.forTarget(server.grpcAddress()).usePlaintext().build();
            try {
                Seeds seeds = new Seeds(channel);
                String openSession = seeds.openSession();
                String closedSession = seeds.closedSession();
                String decision = seeds.pendingDecision();
                String unknown = UUID.randomUUID().toString();
                String bearer = "Bearer " + TOKEN;

                List<Case> cases =
                        List.of(
                                Case.of("Health", null, () -> "{}", CALLS, OK),
                                Case.of(
                                        "CreateSession",
                                        bearer,
                                        () -> "{\"operator\": \"alice\"}",
                                        CALLS,
                                        OK),
                                // no token, and a wrong one: refused before the service
                                Case.of(
                                        "CreateSession",
                                        null,
                                        () -> "{\"operator\": \"alice\"}",
                                        0,
                                        "UNAUTHENTICATED"),
                                Case.of(
                                        "CreateSession",
                                        "Bearer not-" + TOKEN,
                                        () -> "{\"operator\": \"alice\"}",
                                        0,
                                        "UNAUTHENTICATED"),
                                Case.of(
                                        "CreateSession",
                                        bearer,
                                        () -> "{\"operator\": \" \"}",
                                        0,
                                        "INVALID_ARGUMENT"),
                                // a fresh open session per client: closed by the first call
                                Case.of(
                                        "CloseSession",
                                        bearer,
                                        () -> "{\"sessionId\": \"" + seeds.openSession() + "\"}",
                                        1,
                                        "FAILED_PRECONDITION"),
                                Case.of(
                                        "CloseSession",
                                        bearer,
                                        () -> "{\"sessionId\": \"" + unknown + "\"}",
                                        0,
                                        "NOT_FOUND"),
                                Case.of(
                                        "GetSessionStats",
                                        null,
                                        () -> "{\"sessionId\": \"" + openSession + "\"}",
                                        CALLS,
                                        OK),
                                Case.of(
                                        "GetSessionStats",
                                        null,
                                        () -> "{\"sessionId\": \"" + unknown + "\"}",
                                        0,
                                        "NOT_FOUND"),
                                Case.of(
                                        "SubmitDecision",
                                        bearer,
                                        () ->
                                                "{\"title\": \"Deploy 1.5\", \"riskLevel\":"
                                                        + " \"MEDIUM\", \"context\": {\"service\":"
                                                        + " \"checkout\"}}",
                                        CALLS,
                                        OK),
                                Case.of(
                                        "SubmitDecision",
                                        bearer,
                                        () ->
                                                "{\"title\": \"Deploy 1.5\", \"riskLevel\":"
                                                        + " \"SEVERE\"}",
                                        0,
                                        "INVALID_ARGUMENT"),
                                Case.of("ListDecisions", null, () -> "{}", CALLS, OK),
                                Case.of(
                                        "ListDecisions",
                                        null,
                                        () -> "{\"status\": \"PENDING\", \"size\": 500}",
                                        CALLS,
                                        OK),
                                Case.of(
                                        "ListDecisions",
                                        null,
                                        () -> "{\"size\": 501}",
                                        0,
                                        "INVALID_ARGUMENT"),
                                Case.of(
                                        "GetDecision",
                                        null,
                                        () -> "{\"decisionId\": \"" + decision + "\"}",
                                        CALLS,
                                        OK),
                                Case.of(
                                        "GetDecision",
                                        null,
                                        () -> "{\"decisionId\": \"" + unknown + "\"}",
                                        0,
                                        "NOT_FOUND"),
                                // a fresh pending decision (and session) per client: decided by the
                                // first call
                                Case.of(
                                        "Approve",
                                        bearer,
                                        () ->
                                                action(
                                                        seeds.pendingDecision(),
                                                        seeds.openSession(),
                                                        "\"reason\": \"looks fine\""),
                                        1,
                                        "FAILED_PRECONDITION"),
                                Case.of(
                                        "Reject",
                                        bearer,
                                        () ->
                                                action(
                                                        seeds.pendingDecision(),
                                                        seeds.openSession(),
                                                        "\"reason\": \"too risky\""),
                                        1,
                                        "FAILED_PRECONDITION"),
                                Case.of(
                                        "Escalate",
                                        bearer,
                                        () ->
                                                action(
                                                        seeds.pendingDecision(),
                                                        seeds.openSession(),
                                                        "\"reason\": \"needs a second look\","
                                                                + " \"target\": \"security\""),
                                        1,
                                        "FAILED_PRECONDITION"),
                                // a closed session decides nothing, every time
                                Case.of(
                                        "Approve",
                                        bearer,
                                        () ->
                                                action(
                                                        decision,
                                                        closedSession,
                                                        "\"reason\": \"late\""),
                                        0,
                                        "FAILED_PRECONDITION"),
                                Case.of(
                                        "Reject",
                                        bearer,
                                        () -> action(decision, openSession, "\"reason\": \"\""),
                                        0,
                                        "INVALID_ARGUMENT"),
                                Case.of("GetMetrics", null, () -> "{}", CALLS, OK));

                // every unary method of the service is covered; the one streaming method is not a
                // unary call, and both clients refuse it alike (before any call)
                Set<String> unary = new TreeSet<>();
                Set<String> streaming = new TreeSet<>();
                for (MethodDescriptor<?, ?> m :
                        GovernanceGrpc.getServiceDescriptor().getMethods()) {
                    (m.getType() == MethodDescriptor.MethodType.UNARY ? unary : streaming)
                            .add(m.getBareMethodName());
                }
                assertThat(cases.stream().map(Case::method).collect(Collectors.toSet()))
                        .as("the governance service's unary methods")
                        .containsExactlyInAnyOrderElementsOf(unary);
                assertThat(streaming).containsExactly("WatchPendingDecisions");
                for (Client client : Client.values()) {
                    GrpcLoadRunner watch =
                            load(server.grpcAddress(), GOVERNANCE + "WatchPendingDecisions", "{}")
                                    .client(client)
                                    .build();
                    assertThat(catchThrowable(watch::check))
                            .as("a streaming method through %s", client)
                            .isInstanceOf(IllegalArgumentException.class);
                }

                List<Comparison> comparisons = new ArrayList<>();
                for (Case c : cases) {
                    GrpcLoadRunner.Builder b =
                            load(server.grpcAddress(), GOVERNANCE + c.method, "{}");
                    if (c.authorization != null) {
                        b.header("authorization", c.authorization);
                    }
                    comparisons.add(
                            new Comparison(
                                    c.method + " " + c.label(), b, c.body, c.succeeded, c.kind));
                }
                compareAll(comparisons);
            } finally {
                channel.shutdownNow();
            }
        }
    }

    /**
     * grpc-java's interop server through both clients, over TLS: EmptyCall, UnaryCall with a 1 MiB
     * answer and UnaryCall answering each non-OK status. The interop server keeps no state between
     * calls, so both clients' runs see the same server.
     */
    @Test
    @Timeout(value = 40, unit = TimeUnit.SECONDS)
    void theInteropServersCallsAndEveryStatusGiveTheSameCountsAndKindsThroughBothClients()
            throws Exception {
        Path protoset = INTEROP.resolve("protoset").resolve("interop.protoset");
        Path ca = INTEROP.resolve("server").resolve("certs").resolve("ca.pem");
        Path lib = INTEROP.resolve("server").resolve("lib");
        assertThat(protoset)
                .as("built by the examples/grpc-interop module: mvn verify from the root")
                .exists();
        assertThat(ca).exists();
        assertThat(lib).isDirectory();
        Files.createDirectories(OUT);
        int port = freePort();
        Path log = OUT.resolve("interop-server.log");
        // a JVM with the grpc-java it was released with, as the example's targets file starts it;
        // it listens on every address (the default), the clients call it over loopback only
        Process server =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-Xmx256m",
                                "-cp",
                                lib.toAbsolutePath() + File.separator + "*",
                                "io.grpc.testing.integration.TestServiceServer",
                                "--port=" + port,
                                "--use_tls=true")
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        try {
            awaitStarted(server, log, Duration.ofSeconds(30));
            // the test certificate names *.test.google.fr, not 127.0.0.1
            TlsSettings tls = TlsSettings.trusting(ca).withServerName("foo.test.google.fr");
            String target = "grpcs://127.0.0.1:" + port;
            String unaryCall = "grpc.testing.TestService/UnaryCall";

            List<Comparison> comparisons = new ArrayList<>();
            comparisons.add(
                    new Comparison(
                            "EmptyCall {}",
                            load(target, "grpc.testing.TestService/EmptyCall", "{}")
                                    .tls(tls)
                                    .descriptorSet(protoset),
                            () -> "{}",
                            CALLS,
                            OK));
            // SimpleRequest.response_size and payload.body, in the JSON mapping
            comparisons.add(
                    new Comparison(
                            "UnaryCall with a 1 MiB answer",
                            load(target, unaryCall, "{}").tls(tls).descriptorSet(protoset),
                            () -> "{\"responseSize\": 1048576, \"payload\": {\"body\": \"\"}}",
                            CALLS,
                            OK));
            for (int code = 1; code <= 16; code++) {
                String name = Status.fromCodeValue(code).getCode().name();
                int n = code;
                // SimpleRequest.response_status: the server answers with this status; the message
                // is one grpc-java's classification reads as nothing but the status itself
                comparisons.add(
                        new Comparison(
                                "UnaryCall answering " + code + " " + name,
                                load(target, unaryCall, "{}").tls(tls).descriptorSet(protoset),
                                () ->
                                        "{\"responseStatus\": {\"code\": "
                                                + n
                                                + ", \"message\": \"status "
                                                + n
                                                + " asked for by the test\"}}",
                                0,
                                name));
            }
            compareAll(comparisons);
            assertThat(server.isAlive()).as("the interop server outlived the load").isTrue();
        } finally {
            stop(server);
        }
    }

    /** The load both clients run: closed, 2 calls in flight over 2 connections, 20, no warm-up. */
    private static GrpcLoadRunner.Builder load(String target, String method, String body) {
        return GrpcLoadRunner.builder()
                .target(target)
                .method(method)
                .body(body)
                .concurrency(CONCURRENCY)
                .requests(CALLS)
                .warmupRequests(0)
                .requestTimeout(Duration.ofSeconds(5))
                .maxDuration(Duration.ofSeconds(20));
    }

    /**
     * One comparison: the load, a body made for each client's run (called once per client, before
     * any run), and the outcome the server gives: {@code succeeded} calls OK, every other call
     * answered with status {@code kind}.
     */
    private record Comparison(
            String what,
            GrpcLoadRunner.Builder load,
            Supplier<String> body,
            long succeeded,
            String kind) {}

    /**
     * Runs each comparison's load through each client and checks that both give the same figures,
     * and the expected ones. The runs go {@value #PARALLEL_RUNS} at a time (each comparison's
     * requests were chosen so that no run's outcome depends on another's); every disagreement is
     * collected before failing.
     */
    private static void compareAll(List<Comparison> comparisons) throws Exception {
        // the runners are built, and their bodies made (seeding state), one after another
        List<Map<Client, GrpcLoadRunner>> runners = new ArrayList<>();
        for (Comparison c : comparisons) {
            Map<Client, GrpcLoadRunner> byClient = new EnumMap<>(Client.class);
            for (Client client : Client.values()) {
                byClient.put(client, c.load.client(client).body(c.body.get()).build());
            }
            runners.add(byClient);
        }
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_RUNS);
        List<Map<Client, Future<Figures>>> runs = new ArrayList<>();
        try {
            runners.forEach(
                    byClient -> {
                        Map<Client, Future<Figures>> futures = new EnumMap<>(Client.class);
                        byClient.forEach(
                                (client, runner) ->
                                        futures.put(
                                                client,
                                                pool.submit(
                                                        () -> {
                                                            long start = System.nanoTime();
                                                            CallLoadResult r = runner.run();
                                                            return Figures.of(
                                                                    r,
                                                                    Duration.ofNanos(
                                                                            System.nanoTime()
                                                                                    - start));
                                                        })));
                        runs.add(futures);
                    });
            SoftAssertions softly = new SoftAssertions();
            for (int i = 0; i < comparisons.size(); i++) {
                Comparison c = comparisons.get(i);
                Map<Client, Figures> by = new EnumMap<>(Client.class);
                for (Client client : Client.values()) {
                    softly.assertThat(runners.get(i).get(client).client())
                            .as("%s: the client that runs", c.what)
                            .isEqualTo(client);
                    try {
                        Figures f = runs.get(i).get(client).get(30, TimeUnit.SECONDS);
                        by.put(client, f);
                        System.out.printf("%-58s %-9s %s%n", c.what, client.label(), f);
                    } catch (ExecutionException e) {
                        softly.fail(
                                c.what + " through " + client.label() + " failed", e.getCause());
                    }
                }
                if (by.size() < 2) {
                    continue;
                }
                Figures gonogo = by.get(Client.GONOGO);
                Figures grpcJava = by.get(Client.GRPC_JAVA);
                softly.assertThat(gonogo.counts())
                        .as(
                                "%s: the load engine's client (%s) against grpc-java's (%s)",
                                c.what, gonogo, grpcJava)
                        .isEqualTo(grpcJava.counts());
                Map<String, Long> expected = new TreeMap<>();
                if (c.succeeded < CALLS) {
                    expected.put("grpc_" + c.kind, CALLS - c.succeeded);
                }
                for (Figures f : by.values()) {
                    softly.assertThat(f.counts())
                            .as("%s: %s", c.what, f)
                            .isEqualTo(new Counts(CALLS, CALLS, c.succeeded, expected, ""));
                }
            }
            softly.assertAll();
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /** The figures two clients must agree on. */
    private record Counts(
            long attempted,
            long answered,
            long succeeded,
            Map<String, Long> errors,
            String abortReason) {}

    /** A run's figures as compared and printed. */
    private record Figures(Counts counts, Duration took) {
        static Figures of(CallLoadResult r, Duration took) {
            Map<String, Long> nonZero = new TreeMap<>();
            r.errorsByKind()
                    .forEach(
                            (k, v) -> {
                                if (v != 0) {
                                    nonZero.put(k, v);
                                }
                            });
            return new Figures(
                    new Counts(
                            r.figures().attempted(),
                            r.figures().answered(),
                            r.figures().succeeded(),
                            nonZero,
                            r.figures().abortReason().orElse("")),
                    took);
        }

        @Override
        public String toString() {
            return "attempted "
                    + counts.attempted
                    + ", answered "
                    + counts.answered
                    + ", succeeded "
                    + counts.succeeded
                    + ", errors "
                    + counts.errors
                    + (counts.abortReason.isEmpty() ? "" : ", aborted: " + counts.abortReason)
                    + " in "
                    + took.toMillis()
                    + " ms";
        }
    }

    /**
     * One governance request: its method, authorization (or none), a body made for each client's
     * run, and the outcome the server gives: {@code succeeded} calls OK, the others {@code kind}.
     */
    private record Case(
            String method,
            String authorization,
            Supplier<String> body,
            long succeeded,
            String kind) {
        static Case of(
                String method,
                String authorization,
                Supplier<String> body,
                long succeeded,
                String kind) {
            return new Case(method, authorization, body, succeeded, kind);
        }

        String label() {
            String auth =
                    authorization == null
                            ? "without a token"
                            : authorization.equals("Bearer " + TOKEN)
                                    ? "with the token"
                                    : "with a wrong token";
            return auth
                    + (succeeded == CALLS
                            ? ", OK"
                            : succeeded == 0 ? ", " + kind : ", " + succeeded + " OK then " + kind);
        }
    }

    private static String action(String decisionId, String sessionId, String rest) {
        return "{\"decisionId\": \""
                + decisionId
                + "\", \"sessionId\": \""
                + sessionId
                + "\", "
                + rest
                + "}";
    }

    /** The governance state the requests refer to, created through grpc-java's stub. */
    private static final class Seeds {
        private final GovernanceGrpc.GovernanceBlockingStub operator;

        Seeds(ManagedChannel channel) {
            Metadata md = new Metadata();
            md.put(
                    Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
                    "Bearer " + TOKEN);
            this.operator =
                    GovernanceGrpc.newBlockingStub(channel)
                            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md));
        }

        private GovernanceGrpc.GovernanceBlockingStub stub() {
            return operator.withDeadlineAfter(10, TimeUnit.SECONDS);
        }

        String openSession() {
            return stub().createSession(
                            CreateSessionRequest.newBuilder().setOperator("bob").build())
                    .getId();
        }

        String closedSession() {
            String id = openSession();
            stub().closeSession(CloseSessionRequest.newBuilder().setSessionId(id).build());
            return id;
        }

        String pendingDecision() {
            return stub().submitDecision(
                            SubmitDecisionRequest.newBuilder()
                                    .setTitle("Roll out 1.5")
                                    .setRiskLevel("HIGH")
                                    .build())
                    .getId();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Waits for the interop server's "Server started on port" line. */
    private static void awaitStarted(Process server, Path log, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() - deadline < 0) {
            String out = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
            if (out.contains("Server started on port")) {
                return;
            }
            if (!server.isAlive()) {
                throw new AssertionError(
                        "the interop server exited with " + server.exitValue() + ":\n" + out);
            }
            Thread.sleep(100);
        }
        throw new AssertionError(
                "the interop server did not start within "
                        + timeout
                        + ":\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
    }

    /** SIGTERM (its shutdown hook stops the server), then SIGKILL if it lingers. */
    private static void stop(Process server) throws InterruptedException {
        server.destroy();
        if (!server.waitFor(10, TimeUnit.SECONDS)) {
            server.destroyForcibly();
            server.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
