package io.gonogo.runners.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gonogo.runners.spi.RunShard;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ShardedLoadIT {

    @Test
    void closed_shards_by_count_send_integer_shares_that_add_up_to_the_whole() throws Exception {
        try (TestHttpServer server = TestHttpServer.ok()) {
            long attempted = 0;
            List<Long> each = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                LoadResult r =
                        LoadRunner.builder()
                                .target(server.uri("/health"))
                                .concurrency(10)
                                .threads(2)
                                .requests(1_001)
                                .warmupRequests(101)
                                .shard(new RunShard(i, 3))
                                .build()
                                .run();
                assertThat(r.abortReason()).isEmpty();
                each.add(r.attempted());
                attempted += r.attempted();
            }
            assertThat(each).containsExactly(334L, 334L, 333L);
            assertThat(attempted).isEqualTo(1_001);
            assertThat(server.requests()).as("measured plus warm-up").isEqualTo(1_102);
            assertThat(server.connections()).as("4 + 3 + 3 connections").isEqualTo(10);
        }
    }

    @Test
    void open_shards_run_together_send_interleaved_slots_of_the_one_schedule() throws Exception {
        // rate 601/s for 1.5 s: 901 measured requests at schedule indices 30..930 after 30 warm-up;
        // shard i sends the indices congruent to i modulo 4, so shard 2 (30 % 4) has one more
        int n = 4;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try (TestHttpServer server = TestHttpServer.ok()) {
            List<Future<LoadResult>> runs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                LoadRunner runner =
                        LoadRunner.builder()
                                .target(server.uri("/health"))
                                .concurrency(8)
                                .threads(2)
                                .rate(601)
                                .duration(Duration.ofMillis(1500))
                                .warmupRequests(30)
                                .shard(new RunShard(i, n))
                                .build();
                runs.add(pool.submit(runner::run));
            }
            List<Long> each = new ArrayList<>();
            long sent = 0;
            for (Future<LoadResult> f : runs) {
                LoadResult r = f.get();
                assertThat(r.abortReason()).isEmpty();
                assertThat(r.model()).isEqualTo(LoadModel.OPEN);
                assertThat(r.sendLagMicros().getTotalCount()).isEqualTo(r.attempted());
                assertThat(r.measuredWindow())
                        .as("each shard spans the whole schedule, at a quarter of the rate")
                        .isBetween(Duration.ofMillis(1400), Duration.ofSeconds(4));
                each.add(r.attempted());
                sent += r.attempted();
            }
            assertThat(each).containsExactly(225L, 225L, 226L, 225L);
            assertThat(sent).isEqualTo(901);
            assertThat(server.requests()).isEqualTo(931);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void a_shard_whose_share_of_connections_would_be_empty_is_refused_naming_the_setting() {
        assertThatThrownBy(
                        () ->
                                LoadRunner.builder()
                                        .target(java.net.URI.create("http://127.0.0.1:1/"))
                                        .concurrency(2)
                                        .requests(100)
                                        .shard(new RunShard(3, 4))
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("concurrency 2 cannot be split into 4 shards");
    }
}
