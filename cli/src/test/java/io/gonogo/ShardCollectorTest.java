package io.gonogo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gonogo.core.ExecutionException;
import io.gonogo.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The coordinator's collecting side over loopback HTTP: which folders it takes and which it refuses
 * (another run, twice, out of range, an entry that leaves the folder, too large, not a zip, another
 * shard's folder), and a coordinator that does not collect answers 404.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ShardCollectorTest {

    private static final HttpClient CLIENT =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir Path dir;

    private ShardCollector collector(long maxBytes) throws IOException {
        return collector(maxBytes, Duration.ofMillis(300));
    }

    private ShardCollector collector(long maxBytes, Duration collectTimeout) throws IOException {
        Path targets =
                Files.writeString(
                        dir.resolve("targets.yaml"),
                        """
                        release: {name: sharded, owner: qa}
                        sut: {url: "http://127.0.0.1:1"}
                        suites:
                          load:
                            scenarios:
                              - {id: a, operation: a, path: /a, duration: 1s, concurrency: 2}
                        targets:
                          - {id: a-success, metric: success_rate, where: {scenario: a}, pass: ">= 99%"}
                        """);
        return ShardCollector.builder(
                        RunOptions.builder(targets).out(dir.resolve("out")).quiet().build(), 2)
                .collectTimeout(collectTimeout)
                .maxBytes(maxBytes)
                .build();
    }

    private static byte[] zip(Map<String, String> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private Map<String, String> folder(String runId, int shard) throws IOException {
        Path f = dir.resolve("manifest-" + shard + ".json");
        Json.write(
                new ShardManifest(
                        ShardManifest.SCHEMA_VERSION,
                        runId,
                        shard,
                        2,
                        Instant.parse("2026-01-01T00:00:00Z"),
                        Instant.parse("2026-01-01T00:00:01Z"),
                        0,
                        "not measured",
                        List.of("load/a"),
                        List.of(),
                        List.of(),
                        List.of()),
                f);
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put(ShardManifest.FILE, Files.readString(f));
        entries.put("evidence.json", "{}");
        entries.put("evidence/load/a/latency.hlog", "#[cut]\n");
        return entries;
    }

    private static HttpResponse<String> put(Coordinator c, String path, byte[] body)
            throws Exception {
        return CLIENT.send(
                HttpRequest.newBuilder(c.uri().resolve(path))
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return CLIENT.send(
                HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void takesEachShardsFolderOnceAndRefusesWhatIsNotThatShardsFolder() throws Exception {
        ShardCollector collector = collector(64 * 1024);
        try (Coordinator c =
                Coordinator.builder(2).runId("r-1").collector(collector).build().start()) {
            HttpResponse<String> asked = get(c.uri().resolve("/collect?runId=r-1&shard=1"));
            assertThat(asked.statusCode()).isEqualTo(200);
            assertThat(asked.body()).contains("\"collect\":true").contains("/shards/1?runId=r-1");

            HttpResponse<String> ok = put(c, "/shards/1?runId=r-1", zip(folder("r-1", 1)));
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
            assertThat(ok.body()).contains("\"received\":[1]").contains("\"waitingFor\":[0]");
            Path kept = dir.resolve("out").resolve("shards").resolve("shard-1");
            assertThat(kept.resolve("evidence/load/a/latency.hlog")).exists();

            assertThat(put(c, "/shards/1?runId=r-1", zip(folder("r-1", 1))))
                    .as("a shard reports once")
                    .satisfies(r -> assertThat(r.statusCode()).isEqualTo(409))
                    .satisfies(r -> assertThat(r.body()).contains("shard 1/2 already reported"));
            assertThat(get(c.uri().resolve("/collect?runId=r-1&shard=1")).statusCode())
                    .isEqualTo(409);
            assertThat(put(c, "/shards/0?runId=r-2", zip(folder("r-2", 0))))
                    .as("another run")
                    .satisfies(r -> assertThat(r.statusCode()).isEqualTo(409))
                    .satisfies(
                            r ->
                                    assertThat(r.body())
                                            .contains("reports for run r-2")
                                            .contains("collects run r-1"));
            assertThat(put(c, "/shards/2?runId=r-1", zip(folder("r-1", 0))))
                    .as("out of range")
                    .satisfies(r -> assertThat(r.statusCode()).isEqualTo(400))
                    .satisfies(r -> assertThat(r.body()).contains("expected 0..1"));

            Map<String, String> slip = folder("r-1", 0);
            slip.put("evidence/../../../escaped.txt", "x");
            assertThat(put(c, "/shards/0?runId=r-1", zip(slip)))
                    .as("an entry that would land outside the folder")
                    .satisfies(r -> assertThat(r.statusCode()).isEqualTo(400))
                    .satisfies(r -> assertThat(r.body()).contains("outside its folder"));
            assertThat(dir.resolve("out").resolve("escaped.txt")).doesNotExist();
            Map<String, String> absolute = folder("r-1", 0);
            absolute.put("/tmp/escaped.txt", "x");
            assertThat(put(c, "/shards/0?runId=r-1", zip(absolute)).statusCode()).isEqualTo(400);

            Map<String, String> big = folder("r-1", 0);
            big.put("evidence/big.hlog", "x".repeat(100 * 1024));
            assertThat(put(c, "/shards/0?runId=r-1", zip(big)))
                    .as("unpacks beyond the limit")
                    .satisfies(r -> assertThat(r.statusCode()).isEqualTo(413));
            assertThat(
                            put(
                                            c,
                                            "/shards/0?runId=r-1",
                                            "not a zip".getBytes(StandardCharsets.UTF_8))
                                    .statusCode())
                    .isEqualTo(400);
            assertThat(put(c, "/shards/0?runId=r-1", zip(folder("r-1", 1))))
                    .as("shard 1's folder sent as shard 0's")
                    .satisfies(r -> assertThat(r.statusCode()).isEqualTo(400))
                    .satisfies(r -> assertThat(r.body()).contains("is shard 1/2 of run r-1"));
            try (var leftovers = Files.list(dir.resolve("out").resolve("shards"))) {
                assertThat(leftovers.map(p -> p.getFileName().toString()))
                        .as("refused uploads leave nothing behind")
                        .containsExactly("shard-1");
            }

            // shard 0 never reports: after the collect timeout the collector merges what it has;
            // shard 1's folder here holds no real evidence, so there is nothing to decide on
            assertThatThrownBy(collector::await)
                    .isInstanceOf(io.gonogo.core.InvalidInputException.class)
                    .hasMessageContaining("none of the folders holds a readable shard");
            assertThat(put(c, "/shards/0?runId=r-1", zip(folder("r-1", 0))).statusCode())
                    .as("after the collector stopped waiting")
                    .isEqualTo(410);
        }
    }

    @Test
    void aCoordinatorWithoutACollectorAnswersThatItDoesNotCollect() throws Exception {
        try (Coordinator c = Coordinator.builder(2).build().start()) {
            assertThat(get(c.uri().resolve("/collect?runId=r-1&shard=0")).statusCode())
                    .isEqualTo(404);
        }
    }

    @Test
    void noShardReportingIsNoDecision() throws Exception {
        ShardCollector collector = collector(1024);
        try (Coordinator c = Coordinator.builder(2).collector(collector).build().start()) {
            assertThat(
                            put(
                                            c,
                                            "/shards/0?runId=r-1",
                                            "not a zip".getBytes(StandardCharsets.UTF_8))
                                    .statusCode())
                    .isEqualTo(400);
            assertThatThrownBy(collector::await)
                    .isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("none of the 2 shards of run r-1 reported a folder");
        }
    }

    @Test
    void aShardThatKeepsAskingHoldsTheCollectorAndSilenceEndsIt() throws Exception {
        // a collect timeout of 2 s: a shard asks every 500 ms
        ShardCollector collector = collector(1024, Duration.ofSeconds(2));
        try (Coordinator c =
                Coordinator.builder(2).runId("r-1").collector(collector).build().start()) {
            CoordinatorBarrier running =
                    new CoordinatorBarrier(
                            c.uri(),
                            "r-1",
                            new io.gonogo.runners.spi.RunShard(0, 2),
                            Duration.ofSeconds(5));
            long t0 = System.nanoTime();
            running.keepTelling();
            java.util.concurrent.CompletableFuture<Object> waited =
                    java.util.concurrent.CompletableFuture.supplyAsync(
                            () -> {
                                try {
                                    return collector.await();
                                } catch (Exception e) {
                                    return e;
                                }
                            });
            Thread.sleep(3_500);
            assertThat(waited)
                    .as("a shard that keeps asking is heard from: past the timeout, it still waits")
                    .isNotDone();
            running.close();
            Object ended = waited.get(5, TimeUnit.SECONDS);
            long tookMillis = (System.nanoTime() - t0) / 1_000_000;
            assertThat(ended)
                    .as("once the shard fell silent the collector stopped waiting")
                    .isInstanceOf(ExecutionException.class);
            assertThat(((Exception) ended).getMessage())
                    .contains("none of the 2 shards of run r-1 reported a folder");
            assertThat(tookMillis).isBetween(3_500L, 9_000L);
        }
    }
}
