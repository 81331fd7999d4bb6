package io.gonogo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.gonogo.core.Distribution;
import io.gonogo.core.EvidenceSet;
import io.gonogo.core.Measurement;
import io.gonogo.core.Scalar;
import io.gonogo.core.json.Json;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two shards of one run ({@code gonogo run --shard I/2}) against a loopback server, started
 * together, then {@code gonogo merge}: the merged request count is the sum of the shards', the
 * merged p50 and p99 are those HdrHistogram's own log reader computes from the shards' interval
 * logs, and a missing shard makes its scenario NOT EXECUTED and the release NO-GO.
 */
class ShardMergeCliIT {

    @TempDir Path dir;

    private HttpServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(
                "/",
                exchange -> {
                    exchange.getRequestBody().readAllBytes();
                    byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                    exchange.close();
                });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void twoShardsMergeIntoExactCountsAndPercentilesAndAMissingShardIsNamed() throws Exception {
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        Path targets =
                Files.writeString(
                        dir.resolve("targets.yaml"),
                        "sut: {url: '"
                                + url
                                + "'}\n"
                                + """
                                release: {name: sharded, owner: qa}
                                suites:
                                  load:
                                    scenarios:
                                      - {id: a, operation: a, path: /a, duration: 2s, concurrency: 4, warmup: 0}
                                targets:
                                  - {id: a-success, metric: success_rate, where: {scenario: a}, pass: ">= 99%"}
                                """);
        CompletableFuture<CliTestSupport.Outcome> s0 =
                CompletableFuture.supplyAsync(() -> shard(targets, url, 0));
        CompletableFuture<CliTestSupport.Outcome> s1 =
                CompletableFuture.supplyAsync(() -> shard(targets, url, 1));
        assertThat(s0.get().exitCode()).as(s0.get().err()).isZero();
        assertThat(s1.get().exitCode()).as(s1.get().err()).isZero();
        assertThat(s1.get().out()).contains("shard 1/2 of run r-1");

        Path merged = dir.resolve("merged");
        CliTestSupport.Outcome m =
                CliTestSupport.run(
                        "merge",
                        dir.resolve("shard-0").toString(),
                        dir.resolve("shard-1").toString(),
                        "--targets",
                        targets.toString(),
                        "--out",
                        merged.toString());
        assertThat(m.exitCode()).as(m.err() + m.out()).isZero();
        assertThat(Files.readString(merged.resolve("go-no-go.md")))
                .as("the document says what was merged")
                .contains("## Load shards")
                .contains("gathered by 2 load generator shards of run `r-1`, all reporting")
                .contains("| 0/2 | ")
                .contains("| 1/2 | ")
                .contains("Common measured window")
                .contains("no coordinator");

        EvidenceSet whole = Json.readEvidence(merged.resolve("evidence.json"));
        long requests = 0;
        Histogram fromLogs = new Histogram(3);
        for (int i = 0; i < 2; i++) {
            Path shardDir = dir.resolve("shard-" + i);
            EvidenceSet e = Json.readEvidence(shardDir.resolve("evidence.json"));
            requests += (long) scalar(e, "requests");
            try (Stream<Path> files = Files.walk(shardDir)) {
                for (Path hlog : files.filter(p -> p.toString().endsWith(".hlog")).toList()) {
                    try (InputStream in = Files.newInputStream(hlog)) {
                        HistogramLogReader reader = new HistogramLogReader(in);
                        EncodableHistogram h;
                        while ((h = reader.nextIntervalHistogram()) != null) {
                            fromLogs.add((Histogram) h);
                        }
                    }
                }
            }
        }
        assertThat(requests).isPositive();
        assertThat((long) scalar(whole, "requests")).isEqualTo(requests);
        Distribution latency = distribution(whole, "latency");
        assertThat(latency.count()).isEqualTo(fromLogs.getTotalCount());
        Histogram mergedLatency = latency.decode();
        assertThat(mergedLatency.getValueAtPercentile(50))
                .isEqualTo(fromLogs.getValueAtPercentile(50));
        assertThat(mergedLatency.getValueAtPercentile(99))
                .isEqualTo(fromLogs.getValueAtPercentile(99));

        // shard 1 left out: the scenario is not decided on half the load
        CliTestSupport.Outcome half =
                CliTestSupport.run(
                        "merge",
                        dir.resolve("shard-0").toString(),
                        "--targets",
                        targets.toString(),
                        "--out",
                        dir.resolve("half").toString());
        assertThat(half.exitCode()).as(half.err() + half.out()).isEqualTo(1);
        String decision = Files.readString(dir.resolve("half").resolve("decision.json"));
        assertThat(decision).contains("NOT_EXECUTED").contains("shard 1/2 is missing");
    }

    private CliTestSupport.Outcome shard(Path targets, String url, int i) {
        return CliTestSupport.run(
                "run",
                "--targets",
                targets.toString(),
                "--sut-url",
                url,
                "--shard",
                i + "/2",
                "--run-id",
                "r-1",
                "--out",
                dir.resolve("shard-" + i).toString());
    }

    private static double scalar(EvidenceSet e, String metric) {
        return e.measurements().stream()
                .filter(m -> m.metric().equals(metric))
                .map(Measurement::value)
                .map(v -> ((Scalar) v).value())
                .findFirst()
                .orElseThrow();
    }

    private static Distribution distribution(EvidenceSet e, String metric) {
        List<Distribution> ds =
                e.measurements().stream()
                        .filter(m -> m.metric().equals(metric))
                        .map(m -> (Distribution) m.value())
                        .toList();
        return ds.get(0);
    }
}
