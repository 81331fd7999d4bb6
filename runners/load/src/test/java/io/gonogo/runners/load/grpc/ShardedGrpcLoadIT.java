package io.gonogo.runners.load.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gonogo.runners.load.LoadModel;
import io.gonogo.runners.load.LoadResult;
import io.gonogo.runners.spi.RunShard;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** gRPC load split across shards on gonogo's client, against a real grpc-java server. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ShardedGrpcLoadIT {

    static TestGrpcServer server;

    @TempDir Path dir;

    @BeforeAll
    static void start() {
        server = TestGrpcServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static GrpcLoadRunner.Builder echo() {
        return GrpcLoadRunner.builder()
                .target(server.target())
                .method(TestGrpcServer.ECHO)
                .body("{\"text\":\"hi\"}");
    }

    @Test
    void closed_model_shares_of_connections_and_calls_add_up_to_the_whole() throws Exception {
        int n = 3;
        long total = 0;
        for (int i = 0; i < n; i++) {
            GrpcLoadRunner runner =
                    echo().concurrency(8)
                            .requests(1_000)
                            .warmupRequests(30)
                            .shard(new RunShard(i, n))
                            .intervalLog(dir.resolve("closed-" + i + ".hlog"), "echo")
                            .build();
            LoadResult r = runner.run().figures();
            assertThat(r.abortReason()).isEmpty();
            assertThat(r.model()).isEqualTo(LoadModel.CLOSED);
            // 1,000 calls in three shares: 334, 333, 333
            assertThat(r.attempted()).isEqualTo(i == 0 ? 334 : 333);
            assertThat(logged(dir.resolve("closed-" + i + ".hlog")).getTotalCount())
                    .as("the shard's interval log holds every measured call")
                    .isEqualTo(r.latencyMicros().getTotalCount());
            total += r.attempted();
        }
        assertThat(total).isEqualTo(1_000);
    }

    @Test
    void open_model_shards_anchored_at_one_instant_send_the_one_schedule_between_them()
            throws Exception {
        int n = 2;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<GrpcLoadRunner> runners = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                GrpcLoadRunner runner =
                        echo().concurrency(8)
                                .rate(400)
                                .duration(Duration.ofMillis(1500))
                                .warmupRequests(40)
                                .shard(new RunShard(i, n))
                                .intervalLog(dir.resolve("open-" + i + ".hlog"), "echo")
                                .build();
                runner.check(); // resolves the method and warms the JIT, as a shard does
                runners.add(runner);
            }
            // the instant the coordinator would give; shard 1 is 250 ms late for it, as a shard
            // slow to get going after the barrier is
            Instant startAt = Instant.now().plusMillis(200);
            List<Future<LoadResult>> runs = new ArrayList<>();
            runs.add(pool.submit(() -> runners.get(0).runFrom(startAt).figures()));
            Thread.sleep(Duration.between(Instant.now(), startAt.plusMillis(250)).toMillis());
            runs.add(pool.submit(() -> runners.get(1).runFrom(startAt).figures()));
            long sent = 0;
            for (int i = 0; i < n; i++) {
                LoadResult r = runs.get(i).get();
                assertThat(r.abortReason()).isEmpty();
                assertThat(r.model()).isEqualTo(LoadModel.OPEN);
                assertThat(r.attempted())
                        .as("each shard sends every other arrival of 400/s over 1.5 s")
                        .isEqualTo(300);
                sent += r.attempted();
                // the warm-up's 40 arrivals take 0.1 s, so the first measured calls fall in the
                // grid's first interval, which starts at the instant itself, for the late shard
                // too (unanchored, its grid would start 250 ms later)
                assertThat(firstStart(dir.resolve("open-" + i + ".hlog")))
                        .as("shard %d's interval log counts from the one start instant", i)
                        .isCloseTo(startAt.toEpochMilli() / 1000.0, Offset.offset(0.05));
            }
            assertThat(sent).isEqualTo(600);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void a_share_that_would_be_empty_or_a_client_that_cannot_split_is_refused() {
        assertThatThrownBy(
                        () -> echo().concurrency(2).requests(100).shard(new RunShard(2, 3)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("concurrency 2 cannot be split into 3 shards");
        assertThatThrownBy(
                        () ->
                                echo().concurrency(4)
                                        .requests(100)
                                        .client(GrpcLoadRunner.Client.GRPC_JAVA)
                                        .shard(new RunShard(0, 2))
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("splits its load on gonogo's client only");
    }

    private static Histogram logged(Path hlog) throws Exception {
        Histogram all = new Histogram(3);
        try (InputStream in = Files.newInputStream(hlog)) {
            HistogramLogReader reader = new HistogramLogReader(in);
            EncodableHistogram h;
            while ((h = reader.nextIntervalHistogram()) != null) {
                all.add((Histogram) h);
            }
        }
        return all;
    }

    /** The start of the log's first interval, in seconds since the epoch. */
    private static double firstStart(Path hlog) throws Exception {
        try (InputStream in = Files.newInputStream(hlog)) {
            EncodableHistogram h = new HistogramLogReader(in).nextIntervalHistogram();
            assertThat(h).as("an interval in " + hlog).isNotNull();
            return h.getStartTimeStamp() / 1000.0;
        }
    }
}
