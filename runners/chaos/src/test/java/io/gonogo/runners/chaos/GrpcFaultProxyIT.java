package io.gonogo.runners.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.util.concurrent.ListenableFuture;
import io.gonogo.runners.load.ErrorKind;
import io.gonogo.runners.load.LoadRunner;
import io.gonogo.runners.load.grpc.CallLoadResult;
import io.gonogo.runners.load.grpc.GrpcLoadRunner;
import io.gonogo.server.GovernanceServer;
import io.gonogo.server.grpc.v1.CreateSessionRequest;
import io.gonogo.server.grpc.v1.GovernanceGrpc;
import io.gonogo.server.grpc.v1.HealthRequest;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proxy in HTTP/2 mode between real grpc-java clients and the governance server's real gRPC API
 * on loopback: the grpc-error fault ends the chosen share of calls with UNAVAILABLE while every
 * connection stays usable, and the chunk faults act on gRPC traffic as on HTTP/1.1.
 */
class GrpcFaultProxyIT {
    private static final String TOKEN = "grpc-chaos-test";
    private static GovernanceServer server;
    private FaultProxy proxy;
    private ManagedChannel channel;
    private final FaultInjectors faults = FaultInjectors.standard();

    @BeforeAll
    static void startServer() {
        server =
                GovernanceServer.builder()
                        .host("127.0.0.1")
                        .httpPort(0)
                        .grpcPort(0)
                        .operatorToken(TOKEN)
                        .build();
        server.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void startProxy() throws InterruptedException {
        proxy =
                FaultProxy.builder()
                        .upstream(new InetSocketAddress("127.0.0.1", server.grpcPort()))
                        .protocol(FaultProxy.Protocol.HTTP2)
                        .seed(7)
                        .build();
        proxy.start();
        channel =
                NettyChannelBuilder.forAddress("127.0.0.1", proxy.port())
                        .usePlaintext()
                        .disableRetry()
                        .intercept(MetadataUtils.newAttachHeadersInterceptor(auth()))
                        .build();
    }

    private static Metadata auth() {
        Metadata md = new Metadata();
        md.put(
                Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
                "Bearer " + TOKEN);
        return md;
    }

    @AfterEach
    void stopProxy() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        proxy.close();
    }

    /**
     * Outcomes of {@code n} calls, alternating Health (no body to speak of) and CreateSession, at
     * most 16 in flight.
     */
    private Map<String, Integer> calls(int n) throws InterruptedException {
        GovernanceGrpc.GovernanceFutureStub stub = GovernanceGrpc.newFutureStub(channel);
        Map<String, Integer> outcomes = new TreeMap<>();
        List<ListenableFuture<?>> window = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            GovernanceGrpc.GovernanceFutureStub s = stub.withDeadlineAfter(5, TimeUnit.SECONDS);
            window.add(
                    i % 2 == 0
                            ? s.health(HealthRequest.getDefaultInstance())
                            : s.createSession(
                                    CreateSessionRequest.newBuilder()
                                            .setOperator("chaos-test-" + i)
                                            .build()));
            if (window.size() == 16 || i == n - 1) {
                for (ListenableFuture<?> f : window) {
                    String outcome;
                    try {
                        f.get();
                        outcome = "OK";
                    } catch (ExecutionException e) {
                        Status st = Status.fromThrowable(e.getCause());
                        outcome =
                                st.getCode()
                                        + (st.getDescription() != null
                                                        && st.getDescription()
                                                                .contains("gonogo chaos proxy")
                                                ? " (injected)"
                                                : "");
                    }
                    outcomes.merge(outcome, 1, Integer::sum);
                }
                window.clear();
            }
        }
        return outcomes;
    }

    @Test
    void thirtyPercentUnavailableFailsAboutThatShareAndTheConnectionStaysUsable() throws Exception {
        assertThat(calls(200)).containsExactly(Map.entry("OK", 200));
        Fault unavailable = proxy.add(faults.create("grpc-error", Map.of("share", "30%")));
        int n = 4000;
        Map<String, Integer> during = calls(n);
        proxy.remove(unavailable);
        Map<String, Integer> after = calls(1000);
        int failed = during.getOrDefault("UNAVAILABLE (injected)", 0);
        // stated tolerance: 30% +- 4 points (binomial sd over 4,000 calls is 0.72 points)
        assertThat(failed / (double) n).isBetween(0.26, 0.34);
        assertThat(during).containsOnlyKeys("OK", "UNAVAILABLE (injected)");
        assertThat(during.get("OK") + failed).isEqualTo(n);
        assertThat(proxy.stats().answered()).isEqualTo(failed);
        // no fault: every call succeeds, on the very connection that carried the injected answers
        assertThat(after).containsExactly(Map.entry("OK", 1000));
        assertThat(proxy.stats().accepted()).isEqualTo(1);
        assertThat(channel.getState(false)).isEqualTo(ConnectivityState.READY);
        assertThat(proxy.stats().resets()).isZero();
    }

    @Test
    void everyCallFailsAtAHundredPercentAndTheStatusCanBeChosen() throws Exception {
        proxy.add(
                faults.create(
                        "grpc-error", Map.of("share", "100%", "status", "RESOURCE_EXHAUSTED")));
        assertThat(calls(300)).containsExactly(Map.entry("RESOURCE_EXHAUSTED (injected)", 300));
        proxy.clear();
        assertThat(calls(100)).containsExactly(Map.entry("OK", 100));
        assertThat(proxy.stats().accepted()).isEqualTo(1);
    }

    @Test
    void theGrpcLoadEngineCountsInjectedUnavailableAsAnsweredErrorsOnEveryConnection(
            @TempDir Path dir) throws Exception {
        // resolve once, directly at the service: reflection calls through the proxy could be failed
        // too
        Path descriptors = dir.resolve("governance.desc");
        GrpcLoadRunner.builder()
                .target("127.0.0.1:" + server.grpcPort())
                .method("gonogo.governance.v1.Governance/CreateSession")
                .build()
                .writeDescriptorSet(descriptors);
        assertThat(Files.size(descriptors)).isPositive();
        proxy.add(faults.create("grpc-error", Map.of("share", "30%")));
        long acceptedBefore = proxy.stats().accepted();
        int n = 4000;
        CallLoadResult r =
                GrpcLoadRunner.builder()
                        .target("127.0.0.1:" + proxy.port())
                        .method("gonogo.governance.v1.Governance/CreateSession")
                        .body("{\"operator\":\"chaos\"}")
                        .header("authorization", "Bearer " + TOKEN)
                        .descriptorSet(descriptors)
                        .concurrency(8)
                        .connections(2)
                        .requests(n)
                        .requestTimeout(Duration.ofSeconds(5))
                        .build()
                        .run();
        long unavailable = r.errorCount("grpc_UNAVAILABLE");
        assertThat(r.figures().attempted()).isEqualTo(n);
        assertThat(unavailable / (double) n).isBetween(0.26, 0.34);
        assertThat(r.figures().succeeded() + unavailable).isEqualTo(n);
        assertThat(r.errorCount(ErrorKind.RESET.label()) + r.errorCount(ErrorKind.TIMEOUT.label()))
                .isZero();
        // two connections carried all 4,000 calls: none was torn down and opened again
        assertThat(proxy.stats().accepted() - acceptedBefore).isEqualTo(2);
    }

    @Test
    void latencyAndResetActOnGrpcTrafficAsOnHttp() throws Exception {
        GovernanceGrpc.GovernanceBlockingStub stub = GovernanceGrpc.newBlockingStub(channel);
        stub.health(HealthRequest.getDefaultInstance());
        Fault latency = proxy.add(faults.create("latency", Map.of("latency", "100ms")));
        long t0 = System.nanoTime();
        stub.withDeadlineAfter(5, TimeUnit.SECONDS).health(HealthRequest.getDefaultInstance());
        assertThat((System.nanoTime() - t0) / 1e6).isGreaterThanOrEqualTo(99.0);
        proxy.remove(latency);
        proxy.add(faults.create("reset", Map.of()));
        assertThatThrownBy(
                        () ->
                                stub.withDeadlineAfter(5, TimeUnit.SECONDS)
                                        .health(HealthRequest.getDefaultInstance()))
                .satisfies(
                        e ->
                                assertThat(Status.fromThrowable(e).getCode())
                                        .isEqualTo(Status.Code.UNAVAILABLE));
        assertThat(proxy.stats().resets()).isPositive();
        proxy.clear();
        // the channel connects again through the proxy and calls succeed
        assertThat(
                        stub.withDeadlineAfter(5, TimeUnit.SECONDS)
                                .withWaitForReady()
                                .health(HealthRequest.getDefaultInstance())
                                .getStatus())
                .isNotEmpty();
    }

    @Test
    void httpOneTrafficPassesUnframedThroughAnHttp2ModeProxy() throws Exception {
        try (FaultProxy http =
                FaultProxy.builder()
                        .upstream(new InetSocketAddress("127.0.0.1", server.httpPort()))
                        .protocol(FaultProxy.Protocol.HTTP2)
                        .build()) {
            int port = http.start();
            http.add(faults.create("grpc-error", Map.of("share", "100%")));
            var r =
                    LoadRunner.builder()
                            .target(URI.create("http://127.0.0.1:" + port + "/health"))
                            .requests(200)
                            .concurrency(2)
                            .requestTimeout(Duration.ofSeconds(5))
                            .build()
                            .run();
            assertThat(r.succeeded()).isEqualTo(200);
            assertThat(http.stats().answered()).isZero();
        }
    }

    @Test
    void aBadGrpcStatusIsAClearError() {
        assertThatThrownBy(
                        () -> faults.create("grpc-error", Map.of("share", "30%", "status", "OK")))
                .hasMessage(
                        "grpc-error fault: 'status' is 'OK'; expected a gRPC status other than OK,"
                                + " by name or code, such as UNAVAILABLE or 14");
        assertThatThrownBy(() -> faults.create("grpc-error", Map.of()))
                .hasMessage("grpc-error fault: missing 'share', such as share: 30%");
        assertThat(
                        faults.create("grpc-error", Map.of("share", "30%", "status", "13"))
                                .description())
                .isEqualTo("gRPC INTERNAL for 30% of calls");
    }
}
