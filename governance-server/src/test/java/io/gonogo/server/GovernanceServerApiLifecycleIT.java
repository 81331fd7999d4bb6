package io.gonogo.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gonogo.server.grpc.v1.Decision;
import io.gonogo.server.grpc.v1.GovernanceGrpc;
import io.gonogo.server.grpc.v1.WatchPendingDecisionsRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The builder's new settings and how open watches end when the server stops. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GovernanceServerApiLifecycleIT {

    @Test
    void builderRejectsBadSettingsNamingTheValue() {
        assertThatThrownBy(() -> GovernanceServer.builder().grpcPort(65536))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("65536");
        assertThatThrownBy(() -> GovernanceServer.builder().operatorToken("has space"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("operatorToken");
        assertThatThrownBy(() -> GovernanceServer.builder().operatorToken(""))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GovernanceServer.builder().maxInFlight(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxInFlight");
        assertThatThrownBy(() -> GovernanceServer.builder().workerThreads(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("workerThreads");
    }

    @Test
    void grpcIsOffUnlessAPortIsSetAndItsPortIsKnownOnlyAfterStart() {
        try (GovernanceServer plain = GovernanceServer.builder().build()) {
            plain.start();
            assertThat(plain.grpcEnabled()).isFalse();
            assertThatThrownBy(plain::grpcPort)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("not enabled");
        }
        try (GovernanceServer both = GovernanceServer.builder().grpcPort(0).build()) {
            assertThatThrownBy(both::grpcAddress)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("start()");
            both.start();
            assertThat(both.grpcPort()).isPositive();
            assertThat(both.grpcAddress()).isEqualTo("127.0.0.1:" + both.grpcPort());
            assertThat(both.toString()).contains("grpc=127.0.0.1:" + both.grpcPort());
        }
    }

    @Test
    void aGeneratedTokenIsLongAndDiffersBetweenServers() {
        String a = GovernanceServer.builder().build().operatorToken();
        String b = GovernanceServer.builder().build().operatorToken();
        assertThat(a).hasSizeGreaterThanOrEqualTo(32).isNotEqualTo(b);
        assertThat(GovernanceServer.builder().operatorToken("given").build().operatorToken())
                .isEqualTo("given");
    }

    @Test
    void stoppingEndsOpenWatchesOnBothTransportsPromptly() throws Exception {
        GovernanceServer server = GovernanceServer.builder().grpcPort(0).build();
        server.start();
        ManagedChannel channel =
                ManagedChannelBuilder.forTarget(server.grpcAddress()).usePlaintext().build();
        try {
            CompletableFuture<Throwable> grpcEnded = new CompletableFuture<>();
            GovernanceGrpc.newStub(channel)
                    .watchPendingDecisions(
                            WatchPendingDecisionsRequest.getDefaultInstance(),
                            new StreamObserver<Decision>() {
                                @Override
                                public void onNext(Decision value) {}

                                @Override
                                public void onError(Throwable t) {
                                    grpcEnded.complete(t);
                                }

                                @Override
                                public void onCompleted() {
                                    grpcEnded.complete(null);
                                }
                            });
            HttpClient client =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<InputStream> sse =
                    client.send(
                            HttpRequest.newBuilder(
                                            server.httpBaseUri().resolve("/decisions/stream"))
                                    .timeout(Duration.ofSeconds(30))
                                    .build(),
                            HttpResponse.BodyHandlers.ofInputStream());
            assertThat(sse.statusCode()).isEqualTo(200);
            Thread.sleep(200); // let the gRPC watch register

            long start = System.nanoTime();
            server.stop();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
                    .as("stop does not wait out the open watches")
                    .isLessThan(4_000);
            try (InputStream body = sse.body()) {
                assertThat(
                                CompletableFuture.supplyAsync(
                                                () -> {
                                                    try {
                                                        return body.readAllBytes().length;
                                                    } catch (Exception e) {
                                                        return -1;
                                                    }
                                                })
                                        .get(10, TimeUnit.SECONDS))
                        .as("the SSE stream ends")
                        .isNotNull();
            }
            grpcEnded.get(10, TimeUnit.SECONDS);
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            server.stop();
        }
    }
}
