package io.gonogo.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.gonogo.server.grpc.v1.Decision;
import io.gonogo.server.grpc.v1.GovernanceGrpc;
import io.gonogo.server.grpc.v1.WatchPendingDecisionsRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Idle and request timeouts, the bound on pipelined requests and the bound on watchers. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConnectionLimitsIT {

    private static final String GET_HEALTH = "GET /health HTTP/1.1\r\nHost: t\r\n\r\n";
    private static final String GET_STREAM = "GET /decisions/stream HTTP/1.1\r\nHost: t\r\n\r\n";

    private static GovernanceServer start(GovernanceServer.Builder builder) {
        GovernanceServer server = builder.httpPort(0).build();
        server.start();
        return server;
    }

    @Test
    void anIdleConnectionIsClosedAfterTheIdleTimeoutAndNotBefore() throws Exception {
        try (GovernanceServer server =
                        start(GovernanceServer.builder().idleTimeout(Duration.ofMillis(500)));
                RawHttpConnection c = new RawHttpConnection(server.httpPort())) {
            c.send(GET_HEALTH);
            assertThat(c.read().status()).isEqualTo(200);
            long start = System.nanoTime();
            assertThat(c.closedByPeer()).as("closed by the server").isTrue();
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(millis).isBetween(400L, 5_000L);
        }
    }

    @Test
    void aConnectionThatNeverSendsARequestIsClosedToo() throws Exception {
        try (GovernanceServer server =
                        start(GovernanceServer.builder().idleTimeout(Duration.ofMillis(300)));
                RawHttpConnection c = new RawHttpConnection(server.httpPort())) {
            assertThat(c.closedByPeer()).isTrue();
        }
    }

    @Test
    void aRequestHeadNotCompleteWithinTheRequestTimeoutIs408AndClosesTheConnection()
            throws Exception {
        try (GovernanceServer server =
                        start(GovernanceServer.builder().requestTimeout(Duration.ofMillis(500)));
                RawHttpConnection c = new RawHttpConnection(server.httpPort())) {
            long start = System.nanoTime();
            c.send("GET /health HTTP/1.1\r\nHost: t\r\n");
            RawHttpConnection.Response r = c.read();
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(r.status()).isEqualTo(408);
            assertThat(r.header("connection")).isEqualTo("close");
            assertThat(r.body())
                    .contains("\"error\":\"request_timeout\"")
                    .contains("not complete within 500 ms");
            assertThat(millis).isBetween(400L, 5_000L);
            assertThat(c.closedByPeer()).isTrue();
        }
    }

    @Test
    void aRequestTrickledByteByByteIsCutOffAtTheRequestTimeout() throws Exception {
        try (GovernanceServer server =
                        start(GovernanceServer.builder().requestTimeout(Duration.ofMillis(500)));
                RawHttpConnection c = new RawHttpConnection(server.httpPort())) {
            byte[] head =
                    ("GET /health HTTP/1.1\r\nHost: t\r\n" + "X-Slow: 1\r\n".repeat(100) + "\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1);
            CompletableFuture<Void> trickle =
                    CompletableFuture.runAsync(
                            () -> {
                                try {
                                    for (byte b : head) {
                                        c.send(new byte[] {b});
                                        Thread.sleep(20);
                                    }
                                } catch (IOException | InterruptedException e) {
                                    // the server closed the connection, as it should
                                }
                            });
            long start = System.nanoTime();
            RawHttpConnection.Response r = c.read();
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(r.status()).isEqualTo(408);
            assertThat(millis).as("well before the head is complete").isLessThan(5_000L);
            c.close();
            trickle.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aBodyNotCompleteWithinTheRequestTimeoutIs408NamingTheRequest() throws Exception {
        try (GovernanceServer server =
                        start(GovernanceServer.builder().requestTimeout(Duration.ofMillis(500)));
                RawHttpConnection c = new RawHttpConnection(server.httpPort())) {
            c.send("POST /decisions HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\n{\"title\"");
            RawHttpConnection.Response r = c.read();
            assertThat(r.status()).isEqualTo(408);
            assertThat(r.body()).contains("request body of POST /decisions");
        }
    }

    @Test
    void requestsPastThePipelinedBoundAre503AndTheRestAreAnsweredInOrder() throws Exception {
        try (GovernanceServer server =
                        start(GovernanceServer.builder().workerThreads(1).maxPipelinedRequests(4));
                RawHttpConnection c = new RawHttpConnection(server.httpPort())) {
            int requests = 200;
            c.send("GET /metrics/governance HTTP/1.1\r\nHost: t\r\n\r\n".repeat(requests));
            int ok = 0;
            int refused = 0;
            for (int i = 0; i < requests; i++) {
                RawHttpConnection.Response r = c.read();
                if (r.status() == 200) {
                    ok++;
                } else {
                    assertThat(r.status()).isEqualTo(503);
                    assertThat(r.body())
                            .contains("\"error\":\"overloaded\"")
                            .contains("too many pipelined requests");
                    refused++;
                }
            }
            assertThat(ok).isGreaterThanOrEqualTo(4);
            assertThat(refused).isPositive();
            c.send("GET /metrics/governance HTTP/1.1\r\nHost: t\r\n\r\n");
            assertThat(c.read().status()).as("the connection goes on").isEqualTo(200);
        }
    }

    @Test
    void anIdleEventStreamGetsHeartbeatsAndStaysOpen() throws Exception {
        try (GovernanceServer server =
                        start(GovernanceServer.builder().idleTimeout(Duration.ofMillis(300)));
                RawHttpConnection c = new RawHttpConnection(server.httpPort())) {
            c.send(GET_STREAM);
            assertThat(c.readHead().status()).isEqualTo(200);
            int heartbeats = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (heartbeats < 3 && System.nanoTime() < deadline) {
                String line = c.readLine();
                assertThat(line).as("stream still open").isNotNull();
                if (line.equals(": heartbeat")) {
                    heartbeats++;
                }
            }
            assertThat(heartbeats).isEqualTo(3);
        }
    }

    @Test
    void watchesPastTheBoundAreRefusedOnBothTransportsAndAClosedOneFreesItsPlace()
            throws Exception {
        try (GovernanceServer server =
                start(GovernanceServer.builder().grpcPort(0).maxWatchers(2))) {
            ManagedChannel channel =
                    ManagedChannelBuilder.forTarget(server.grpcAddress()).usePlaintext().build();
            List<RawHttpConnection> sse = new ArrayList<>();
            try {
                RawHttpConnection first = new RawHttpConnection(server.httpPort());
                sse.add(first);
                first.send(GET_STREAM);
                assertThat(first.readHead().status()).isEqualTo(200);

                List<ClientCallStreamObserver<?>> calls = new ArrayList<>();
                List<CompletableFuture<Status>> ends = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    CompletableFuture<Status> end = new CompletableFuture<>();
                    ends.add(end);
                    GovernanceGrpc.newStub(channel)
                            .watchPendingDecisions(
                                    WatchPendingDecisionsRequest.getDefaultInstance(),
                                    new ClientResponseObserver<
                                            WatchPendingDecisionsRequest, Decision>() {
                                        @Override
                                        public void beforeStart(
                                                ClientCallStreamObserver<
                                                                WatchPendingDecisionsRequest>
                                                        call) {
                                            calls.add(call);
                                        }

                                        @Override
                                        public void onNext(Decision d) {}

                                        @Override
                                        public void onError(Throwable t) {
                                            end.complete(Status.fromThrowable(t));
                                        }

                                        @Override
                                        public void onCompleted() {
                                            end.complete(Status.OK);
                                        }
                                    });
                }
                Status refused =
                        (Status)
                                CompletableFuture.anyOf(ends.get(0), ends.get(1))
                                        .get(10, TimeUnit.SECONDS);
                assertThat(refused.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                assertThat(refused.getDescription()).contains("too many watchers");
                int held = ends.get(0).isDone() ? 1 : 0;
                assertThat(ends.get(held)).as("the other watch holds its place").isNotDone();

                RawHttpConnection third = new RawHttpConnection(server.httpPort());
                sse.add(third);
                third.send(GET_STREAM);
                RawHttpConnection.Response r = third.read();
                assertThat(r.status()).isEqualTo(503);
                assertThat(r.body())
                        .contains("\"error\":\"overloaded\"")
                        .contains("too many watchers");

                calls.get(held).cancel("done", null);
                boolean accepted = false;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!accepted && System.nanoTime() < deadline) {
                    third.send(GET_STREAM);
                    RawHttpConnection.Response again = third.readHead();
                    if (again.status() == 200) {
                        accepted = true;
                    } else {
                        third.readBytes(Integer.parseInt(again.header("content-length")));
                        Thread.sleep(50);
                    }
                }
                assertThat(accepted).as("the cancelled watch freed its place").isTrue();
            } finally {
                for (RawHttpConnection c : sse) {
                    c.close();
                }
                channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            }
        }
    }
}
