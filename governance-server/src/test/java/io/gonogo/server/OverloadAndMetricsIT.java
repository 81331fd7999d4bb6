package io.gonogo.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.util.concurrent.ListenableFuture;
import io.gonogo.server.grpc.v1.Decision;
import io.gonogo.server.grpc.v1.GovernanceGrpc;
import io.gonogo.server.grpc.v1.HealthRequest;
import io.gonogo.server.grpc.v1.SubmitDecisionRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.MetadataUtils;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Overload answers and the Prometheus endpoint. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OverloadAndMetricsIT {

    static final String TOKEN = "t0k3n";
    static final String SUBMIT = "{\"title\":\"load\",\"riskLevel\":\"LOW\"}";

    @TempDir Path dataDir;

    private GovernanceServer server(int maxInFlight) {
        GovernanceServer server =
                GovernanceServer.builder()
                        .httpPort(0)
                        .grpcPort(0)
                        .dataDir(dataDir)
                        .operatorToken(TOKEN)
                        .workerThreads(1)
                        .maxInFlight(maxInFlight)
                        .build();
        server.start();
        return server;
    }

    private static String submitRequest() {
        return "POST /decisions HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer "
                + TOKEN
                + "\r\nContent-Type: application/json\r\nContent-Length: "
                + SUBMIT.length()
                + "\r\n\r\n"
                + SUBMIT;
    }

    private static ManagedChannel channel(GovernanceServer server) {
        return ManagedChannelBuilder.forTarget(server.grpcAddress()).usePlaintext().build();
    }

    private static GovernanceGrpc.GovernanceFutureStub operator(ManagedChannel channel) {
        Metadata md = new Metadata();
        md.put(
                Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
                "Bearer " + TOKEN);
        return GovernanceGrpc.newFutureStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md));
    }

    @Test
    void httpWorkPastTheBoundIsAnswered503QuicklyAndTheServerStillServesAfterwards()
            throws Exception {
        try (GovernanceServer server = server(2);
                RawHttpConnection c = new RawHttpConnection(server.httpPort())) {
            int requests = 60;
            long start = System.nanoTime();
            c.send(submitRequest().repeat(requests));
            int created = 0;
            int overloaded = 0;
            for (int i = 0; i < requests; i++) {
                RawHttpConnection.Response r = c.read();
                if (r.status() == 201) {
                    created++;
                } else {
                    assertThat(r.status()).isEqualTo(503);
                    assertThat(r.body()).contains("\"error\":\"overloaded\"");
                    overloaded++;
                }
            }
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            assertThat(overloaded).as("requests past the bound of 2 in flight").isPositive();
            assertThat(created).as("admitted requests").isPositive();
            assertThat(elapsedMillis)
                    .as("all %d answered without queueing", requests)
                    .isLessThan(10_000);

            c.send(submitRequest());
            assertThat(c.read().status()).as("serves again once the burst is over").isEqualTo(201);
        }
    }

    @Test
    void grpcWorkPastTheBoundIsResourceExhaustedAndTheServerStillServesAfterwards()
            throws Exception {
        try (GovernanceServer server = server(2)) {
            ManagedChannel channel = channel(server);
            try {
                GovernanceGrpc.GovernanceFutureStub stub = operator(channel);
                // Warm the connection so that the burst arrives at once.
                GovernanceGrpc.newBlockingStub(channel).health(HealthRequest.getDefaultInstance());
                List<ListenableFuture<Decision>> calls = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    calls.add(
                            stub.submitDecision(
                                    SubmitDecisionRequest.newBuilder()
                                            .setTitle("burst")
                                            .setRiskLevel("LOW")
                                            .build()));
                }
                int ok = 0;
                int exhausted = 0;
                for (ListenableFuture<Decision> call : calls) {
                    try {
                        call.get(20, TimeUnit.SECONDS);
                        ok++;
                    } catch (ExecutionException e) {
                        assertThat(Status.fromThrowable(e.getCause()).getCode())
                                .isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                        exhausted++;
                    }
                }
                assertThat(exhausted).isPositive();
                assertThat(ok).isPositive();
                assertThat(
                                stub.submitDecision(
                                                SubmitDecisionRequest.newBuilder()
                                                        .setTitle("after")
                                                        .setRiskLevel("LOW")
                                                        .build())
                                        .get(20, TimeUnit.SECONDS)
                                        .getStatus())
                        .isEqualTo("PENDING");
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void prometheusShowsLatencyHistogramsPerTransportAndTheJvmMetrics() throws Exception {
        try (GovernanceServer server = server(64)) {
            ManagedChannel channel = channel(server);
            try {
                operator(channel)
                        .submitDecision(
                                SubmitDecisionRequest.newBuilder()
                                        .setTitle("g")
                                        .setRiskLevel("LOW")
                                        .build())
                        .get(20, TimeUnit.SECONDS);
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
            HttpClient client =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<String> submitted =
                    client.send(
                            HttpRequest.newBuilder(server.httpBaseUri().resolve("/decisions"))
                                    .header("Authorization", "Bearer " + TOKEN)
                                    .POST(HttpRequest.BodyPublishers.ofString(SUBMIT))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(submitted.statusCode()).isEqualTo(201);
            System.gc();

            String text = "";
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                HttpResponse<String> r =
                        client.send(
                                HttpRequest.newBuilder(server.httpBaseUri().resolve("/prometheus"))
                                        .timeout(Duration.ofSeconds(10))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.headers().firstValue("content-type").orElse(""))
                        .startsWith("text/plain");
                text = r.body();
                if (text.contains("jvm_gc_pause_seconds")) {
                    break;
                }
                Thread.sleep(100);
            }
            List<String> buckets =
                    text.lines()
                            .filter(l -> l.startsWith("gonogo_server_requests_seconds_bucket{"))
                            .filter(l -> l.contains("operation=\"submit-decision\""))
                            .collect(Collectors.toList());
            assertThat(buckets).anyMatch(l -> l.contains("transport=\"http\""));
            assertThat(buckets).anyMatch(l -> l.contains("transport=\"grpc\""));
            assertThat(text)
                    .contains(
                            "gonogo_server_requests_seconds_count{",
                            "jvm_memory_used_bytes{",
                            "jvm_gc_live_data_size_bytes",
                            "jvm_gc_pause_seconds",
                            "jvm_threads_live_threads",
                            "process_files_open_files",
                            "gonogo_server_inflight");
        }
    }
}
