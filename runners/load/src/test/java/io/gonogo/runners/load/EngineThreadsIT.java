package io.gonogo.runners.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EngineThreadsIT {

    @Test
    void a_closed_run_by_count_on_four_threads_sends_exactly_its_requests_over_its_connections()
            throws Exception {
        try (TestHttpServer server = TestHttpServer.ok()) {
            LoadResult r =
                    LoadRunner.builder()
                            .target(server.uri("/health"))
                            .concurrency(10)
                            .threads(4)
                            .requests(2_001)
                            .warmupRequests(203)
                            .build()
                            .run();

            assertThat(r.abortReason()).isEmpty();
            assertThat(r.attempted()).isEqualTo(2_001);
            assertThat(r.answered()).isEqualTo(2_001);
            assertThat(r.succeeded()).isEqualTo(2_001);
            assertThat(r.latencyMicros().getTotalCount()).isEqualTo(2_001);
            assertThat(server.requests())
                    .as("measured plus warm-up, split over the threads")
                    .isEqualTo(2_204);
            assertThat(server.connections())
                    .as("the threads share the connections, none opened twice")
                    .isEqualTo(10);
            assertThat(r.model()).isEqualTo(LoadModel.CLOSED);
            assertThat(r.measuredWindow()).isPositive();
        }
    }

    @Test
    void an_open_run_on_three_threads_keeps_the_one_schedule_and_its_rate() throws Exception {
        try (TestHttpServer server = TestHttpServer.ok()) {
            LoadResult r =
                    LoadRunner.builder()
                            .target(server.uri("/health"))
                            .concurrency(6)
                            .threads(3)
                            .rate(600)
                            .duration(Duration.ofMillis(1500))
                            .warmupRequests(30)
                            .build()
                            .run();

            assertThat(r.abortReason()).isEmpty();
            assertThat(r.model()).isEqualTo(LoadModel.OPEN);
            assertThat(r.attempted()).isEqualTo(900);
            assertThat(r.answered()).isEqualTo(900);
            assertThat(server.requests()).isEqualTo(930);
            assertThat(r.sendLagMicros().getTotalCount()).isEqualTo(900);
            assertThat(r.measuredWindow())
                    .as("three threads together keep one schedule of 1.5 s")
                    .isBetween(Duration.ofMillis(1400), Duration.ofSeconds(4));
            assertThat(r.throughputPerSecond()).isBetween(300.0, 650.0);
        }
    }

    @Test
    void progress_from_several_threads_is_summed_and_ends_near_the_final_count() throws Exception {
        List<LoadProgress> seen = new CopyOnWriteArrayList<>();
        try (TestHttpServer server = TestHttpServer.ok()) {
            LoadResult r =
                    LoadRunner.builder()
                            .target(server.uri("/health"))
                            .concurrency(4)
                            .threads(2)
                            .duration(Duration.ofMillis(2500))
                            .progressListener(seen::add)
                            .build()
                            .run();

            assertThat(seen).as("about one snapshot per second").hasSizeBetween(1, 4);
            LoadProgress last = seen.get(seen.size() - 1);
            assertThat(last.warmup()).isFalse();
            assertThat(last.completed()).isPositive().isLessThanOrEqualTo(r.attempted());
            assertThat(last.completed())
                    .as("the sum of both threads, not one of them")
                    .isGreaterThan(r.attempted() / 4);
            assertThat(last.currentRatePerSecond()).isPositive();
            for (int i = 1; i < seen.size(); i++) {
                assertThat(seen.get(i).completed())
                        .isGreaterThanOrEqualTo(seen.get(i - 1).completed());
                assertThat(seen.get(i).elapsed()).isGreaterThan(seen.get(i - 1).elapsed());
            }
        }
    }

    @Test
    void more_threads_than_connections_runs_one_thread_per_connection() throws Exception {
        try (TestHttpServer server = TestHttpServer.ok()) {
            LoadResult r =
                    LoadRunner.builder()
                            .target(server.uri("/health"))
                            .concurrency(2)
                            .threads(8)
                            .requests(100)
                            .build()
                            .run();

            assertThat(r.answered()).isEqualTo(100);
            assertThat(server.connections()).isEqualTo(2);
        }
    }

    @Test
    void an_unreachable_target_aborts_every_thread_and_says_so_once_per_thread() throws Exception {
        int port;
        try (java.net.ServerSocket s =
                new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        LoadResult r =
                LoadRunner.builder()
                        .target(java.net.URI.create("http://127.0.0.1:" + port + "/"))
                        .concurrency(4)
                        .threads(2)
                        .requests(1_000)
                        .build()
                        .run();

        assertThat(r.abortReason())
                .hasValueSatisfying(
                        a ->
                                assertThat(a)
                                        .startsWith("target unreachable")
                                        .contains("engine thread 1 of 2")
                                        .contains("engine thread 2 of 2"));
        assertThat(r.errorCount(ErrorKind.CONNECT)).isEqualTo(4);
    }
}
