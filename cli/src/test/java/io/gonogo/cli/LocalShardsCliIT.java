package io.gonogo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.gonogo.Coordinator;
import io.gonogo.core.Distribution;
import io.gonogo.core.EvidenceSet;
import io.gonogo.core.Measurement;
import io.gonogo.core.Scalar;
import io.gonogo.core.TestStatus;
import io.gonogo.core.json.Json;
import io.gonogo.server.GovernanceServer;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gonogo run --local-shards 2} against a loopback server: two shard processes started
 * together by a coordinator, merged exactly; and a shard whose partner never registers records its
 * scenario NOT EXECUTED, naming the missing shard.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LocalShardsCliIT {

    @TempDir Path dir;

    private HttpServer server;
    private String url;

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
        url = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private Path targets() throws Exception {
        return Files.writeString(
                dir.resolve("targets.yaml"),
                """
                release: {name: sharded, owner: qa}
                sut: embedded
                suites:
                  load:
                    scenarios:
                      - {id: a, operation: a, path: /a, duration: 2s, concurrency: 4, warmup: 20}
                targets:
                  - {id: a-success, metric: success_rate, where: {scenario: a}, pass: ">= 99%"}
                """);
    }

    @Test
    void fourLocalShardsAgainstTheGovernanceServerMergeIntoExactCountsAndPercentiles()
            throws Exception {
        Path out = dir.resolve("reports");
        CliTestSupport.Outcome run;
        try (GovernanceServer governance =
                GovernanceServer.builder().httpPort(0).grpcPort(0).build()) {
            governance.start();
            Path targets =
                    Files.writeString(
                            dir.resolve("governance.yaml"),
                            """
                            release: {name: sharded, owner: qa}
                            sut: {url: {base: "%s", grpc: "%s"}}
                            suites:
                              load:
                                scenarios:
                                  - {id: a, operation: health, rate: 800/s, duration: 2s,
                                     concurrency: 16, warmup: 400}
                                  - {id: g, transport: grpc, operation: health, requests: 2000,
                                     concurrency: 8, warmup: 200}
                            targets:
                              - {id: a-success, metric: success_rate, where: {scenario: a},
                                 pass: ">= 99%%"}
                              - {id: g-success, metric: success_rate, where: {scenario: g},
                                 pass: ">= 99%%"}
                            """
                                    .formatted(governance.httpBaseUri(), governance.grpcAddress()));
            run =
                    CliTestSupport.run(
                            "run",
                            "--targets",
                            targets.toString(),
                            "--local-shards",
                            "4",
                            "--out",
                            out.toString());
        }
        assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
        assertThat(out.resolve("shards").resolve("shard-3.log"))
                .as("each shard process's output is kept")
                .content()
                .contains("shard 3/4 of run local-");

        String document = Files.readString(out.resolve("go-no-go.md"));
        assertThat(document)
                .as("the document shows the shards, their clocks, their skew and their generators")
                .contains("## Load shards")
                .contains("gathered by 4 load generator shards of run `local-")
                .containsPattern("measured over the shortest of [0-9]+ round trips");
        for (String scenario : List.of("a", "g")) {
            assertThat(document)
                    .containsPattern(
                            "\\| `load/"
                                    + scenario
                                    + "` \\| [0-9.]+ s \\| [0-9.]+ s \\| [0-9.]+ ms \\| [0-9.]+"
                                    + " ms \\|")
                    .containsPattern(
                            "\\| `load/"
                                    + scenario
                                    + "` \\| 0/4 \\| [0-9,]+ \\| [0-9,]+/s \\| [+-][0-9.]+ ms"
                                    + " \\| [0-9.]+ µs \\| (healthy|BOUND: may describe gonogo)"
                                    + " \\|")
                    .containsPattern("\\| `load/" + scenario + "` \\| 3/4 \\| [0-9,]+ \\|");
            assertMergedExactly(out, scenario);
        }
        EvidenceSet whole = Json.readEvidence(out.resolve("evidence.json"));
        assertThat((long) scalar(whole, "requests", "g"))
                .as("the closed model's shares of 2,000 calls add up to the whole")
                .isEqualTo(2_000);
    }

    /**
     * The merged request count of {@code scenario} is the sum of the shards', and its merged p50
     * and p99 are those HdrHistogram's own log reader recomputes from the shards' interval logs.
     */
    private static void assertMergedExactly(Path out, String scenario) throws Exception {
        EvidenceSet whole = Json.readEvidence(out.resolve("evidence.json"));
        long requests = 0;
        Histogram fromLogs = new Histogram(3);
        for (int i = 0; i < 4; i++) {
            Path shardDir = out.resolve("shards").resolve("shard-" + i);
            assertThat(Files.readString(shardDir.resolve("shard.json")))
                    .as("each shard records its start against the coordinator's instant")
                    .contains("\"starts\"")
                    .contains("\"offsetMillis\"")
                    .contains("load/" + scenario);
            EvidenceSet e = Json.readEvidence(shardDir.resolve("evidence.json"));
            requests += (long) scalar(e, "requests", scenario);
            Path logs = shardDir.resolve("evidence").resolve(scenario);
            try (Stream<Path> files = Files.walk(logs)) {
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
        assertThat((long) scalar(whole, "requests", scenario)).isEqualTo(requests);
        Distribution latency = distribution(whole, "latency", scenario);
        assertThat(latency.count()).as(scenario).isEqualTo(fromLogs.getTotalCount());
        Histogram merged = latency.decode();
        assertThat(merged.getValueAtPercentile(50)).isEqualTo(fromLogs.getValueAtPercentile(50));
        assertThat(merged.getValueAtPercentile(99)).isEqualTo(fromLogs.getValueAtPercentile(99));
    }

    @Test
    void aMistakeInTheFileIsOneErrorBeforeAnyShardProcessStarts() throws Exception {
        Path targets =
                Files.writeString(
                        dir.resolve("bad.yaml"),
                        """
                        release: {name: sharded, owner: qa}
                        sut: embedded
                        suites:
                          load:
                            scenarios:
                              - {id: a, operation: health, rate: 2000, duration: 2s, concurrency: 4}
                        """);
        Path out = dir.resolve("reports");
        CliTestSupport.Outcome run =
                CliTestSupport.run(
                        "run",
                        "--targets",
                        targets.toString(),
                        "--sut-url",
                        url,
                        "--local-shards",
                        "2",
                        "--out",
                        out.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .contains("bad.yaml:6:")
                .contains("'rate' is '2000'")
                .doesNotContain("starting 2 shard processes");
        assertThat(out.resolve("shards")).doesNotExist();
    }

    @Test
    void aServiceEveryShardWouldStartForItselfIsRefused() throws Exception {
        CliTestSupport.Outcome run =
                CliTestSupport.run(
                        "run",
                        "--targets",
                        targets().toString(),
                        "--local-shards",
                        "2",
                        "--out",
                        dir.resolve("reports").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .contains("--local-shards 2")
                .contains("'sut: embedded'")
                .contains("--sut-url URL");
    }

    @Test
    void coordinatorOptionsOutsideTheirPlaceAreInvalidInput() throws Exception {
        String t = targets().toString();
        CliTestSupport.Outcome alone =
                CliTestSupport.run(
                        "run", "--targets", t, "--sut-url", url, "--coordinator", "http://x:1");
        assertThat(alone.exitCode()).isEqualTo(2);
        assertThat(alone.err()).contains("--coordinator http://x:1").contains("--shard I/N");

        CliTestSupport.Outcome both =
                CliTestSupport.run("run", "--targets", t, "--local-shards", "2", "--shard", "0/2");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("--local-shards 2").contains("without --shard");

        CliTestSupport.Outcome notUrl =
                CliTestSupport.run(
                        "run",
                        "--targets",
                        t,
                        "--sut-url",
                        url,
                        "--shard",
                        "0/2",
                        "--run-id",
                        "r-1",
                        "--coordinator",
                        "ftp://x:1");
        assertThat(notUrl.exitCode()).isEqualTo(2);
        assertThat(notUrl.err()).contains("expected the coordinator's URL, http://HOST:PORT");

        CliTestSupport.Outcome badTimeout =
                CliTestSupport.run("coordinate", "--shards", "2", "--barrier-timeout", "soon");
        assertThat(badTimeout.exitCode()).isEqualTo(2);
        assertThat(badTimeout.err()).contains("--barrier-timeout soon").contains("500ms");

        CliTestSupport.Outcome noShards = CliTestSupport.run("coordinate", "--shards", "0");
        assertThat(noShards.exitCode()).isEqualTo(2);
        assertThat(noShards.err()).contains("the shard count must be within 1..1024, got 0");
    }

    @Test
    void aShardWhosePartnerNeverRegistersRecordsItsScenarioNotExecuted() throws Exception {
        try (Coordinator c =
                Coordinator.builder(2).barrierTimeout(Duration.ofSeconds(1)).build().start()) {
            Path shard = dir.resolve("shard-0");
            CliTestSupport.Outcome run =
                    CliTestSupport.run(
                            "run",
                            "--targets",
                            targets().toString(),
                            "--sut-url",
                            url,
                            "--shard",
                            "0/2",
                            "--run-id",
                            "r-1",
                            "--coordinator",
                            c.uri().toString(),
                            "--barrier-timeout",
                            "1s",
                            "--out",
                            shard.toString());
            assertThat(run.exitCode()).as(run.err()).isZero();
            EvidenceSet e = Json.readEvidence(shard.resolve("evidence.json"));
            assertThat(e.scenarioOutcome("load", "a"))
                    .hasValueSatisfying(
                            o -> {
                                assertThat(o.status()).isEqualTo(TestStatus.NOT_EXECUTED);
                                assertThat(o.message())
                                        .contains("shard 1/2 never registered for load/a");
                            });
        }
    }

    private static double scalar(EvidenceSet e, String metric, String scenario) {
        return e.measurements().stream()
                .filter(m -> m.metric().equals(metric))
                .filter(m -> scenario.equals(m.labels().get("scenario")))
                .map(Measurement::value)
                .map(v -> ((Scalar) v).value())
                .findFirst()
                .orElseThrow();
    }

    private static Distribution distribution(EvidenceSet e, String metric, String scenario) {
        return e.measurements().stream()
                .filter(m -> m.metric().equals(metric))
                .filter(m -> scenario.equals(m.labels().get("scenario")))
                .map(m -> (Distribution) m.value())
                .findFirst()
                .orElseThrow();
    }
}
