package io.gonogo.runners.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.gonogo.runners.load.TestHttpServer.After;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MixIT {

    /**
     * Counts requests per "METHOD path"; /b answers 503 to every 5th, /c 409, /d 404, /slow after
     * 300 ms.
     */
    private static TestHttpServer countingServer(Map<String, AtomicLong> seen) throws Exception {
        AtomicLong bs = new AtomicLong();
        return TestHttpServer.start(
                (n, req, out) -> {
                    seen.computeIfAbsent(req.method() + " " + req.target(), k -> new AtomicLong())
                            .incrementAndGet();
                    int status =
                            switch (req.target()) {
                                case "/b" -> {
                                    assertThat(new String(req.body(), StandardCharsets.UTF_8))
                                            .isEqualTo("{\"x\":1}");
                                    yield bs.incrementAndGet() % 5 == 0 ? 503 : 201;
                                }
                                case "/c" -> 409;
                                case "/d" -> 404;
                                case "/slow" -> {
                                    try {
                                        Thread.sleep(300);
                                    } catch (InterruptedException e) {
                                        Thread.currentThread().interrupt();
                                    }
                                    yield 200;
                                }
                                default -> 200;
                            };
                    out.write(TestHttpServer.response(status, "{}"));
                    return After.KEEP_OPEN;
                });
    }

    private static OperationResult op(LoadResult r, String name) {
        return r.operations().stream().filter(o -> o.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void a_weighted_mix_sends_each_operation_its_share_and_counts_it_apart() throws Exception {
        Map<String, AtomicLong> seen = new ConcurrentHashMap<>();
        try (TestHttpServer server = countingServer(seen)) {
            LoadResult r =
                    LoadRunner.builder()
                            .target(server.uri("/ignored"))
                            .concurrency(6)
                            .requests(1200)
                            .warmupRequests(120)
                            .header("X-Run", "mix")
                            .operation(LoadOperation.builder("a").path("/a").build())
                            .operation(
                                    LoadOperation.builder("b")
                                            .method("POST")
                                            .path("/b")
                                            .weight(3)
                                            .body(
                                                    "{\"x\":1}".getBytes(StandardCharsets.UTF_8),
                                                    "application/json")
                                            .build())
                            .operation(
                                    LoadOperation.builder("c")
                                            .path("/c")
                                            .successStatuses(200, 200)
                                            .successStatuses(409, 409)
                                            .build())
                            .operation(LoadOperation.builder("d").path("/d").build())
                            .build()
                            .run();

            assertThat(r.abortReason()).isEmpty();
            assertThat(seen.keySet())
                    .containsExactlyInAnyOrder("GET /a", "POST /b", "GET /c", "GET /d");
            // weights 1:3:1:1 over 1,320 requests, warm-up included: exactly 220, 660, 220, 220
            assertThat(seen.get("GET /a").get()).isEqualTo(220);
            assertThat(seen.get("POST /b").get()).isEqualTo(660);
            assertThat(seen.get("GET /c").get()).isEqualTo(220);
            assertThat(seen.get("GET /d").get()).isEqualTo(220);
            assertThat(server.lastRequest().headers()).containsEntry("x-run", "mix");

            assertThat(r.operations())
                    .extracting(OperationResult::name)
                    .containsExactly("a", "b", "c", "d");
            assertThat(r.operations().stream().mapToLong(OperationResult::attempted).sum())
                    .isEqualTo(1200);
            assertThat(
                            r.operations().stream()
                                    .mapToLong(o -> o.latencyMicros().getTotalCount())
                                    .sum())
                    .isEqualTo(r.latencyMicros().getTotalCount())
                    .isEqualTo(1200);
            assertThat(op(r, "a").attempted()).isEqualTo(200);
            assertThat(op(r, "a").successRatePercent()).isEqualTo(100.0);
            assertThat(op(r, "b").attempted()).isEqualTo(600);
            assertThat(op(r, "b").errorCount(ErrorKind.HTTP_5XX))
                    .as("every 5th /b")
                    .isBetween(118L, 122L);
            assertThat(op(r, "b").succeeded() + op(r, "b").errorCount(ErrorKind.HTTP_5XX))
                    .isEqualTo(600);
            assertThat(op(r, "c").successRatePercent())
                    .as("409 is expected for c")
                    .isEqualTo(100.0);
            assertThat(op(r, "d").errorCount(ErrorKind.HTTP_4XX)).isEqualTo(200);
            assertThat(op(r, "d").succeeded()).isZero();
            assertThat(r.errorCount(ErrorKind.HTTP_4XX))
                    .as("only d's 404s: c's 409s are successes")
                    .isEqualTo(200);
            assertThat(r.succeeded())
                    .isEqualTo(op(r, "a").succeeded() + op(r, "b").succeeded() + 200);
            assertThat(
                            r.operations().stream()
                                    .mapToDouble(OperationResult::throughputPerSecond)
                                    .sum())
                    .isCloseTo(
                            r.throughputPerSecond(), within(1e-6 * r.throughputPerSecond() + 1e-9));
        }
    }

    @Test
    void each_operation_has_its_own_timeout_and_its_timeouts_are_its_own() throws Exception {
        Map<String, AtomicLong> seen = new ConcurrentHashMap<>();
        try (TestHttpServer server = countingServer(seen)) {
            LoadResult r =
                    LoadRunner.builder()
                            .target(server.uri("/"))
                            .concurrency(4)
                            .requests(40)
                            .requestTimeout(Duration.ofSeconds(5))
                            .operation(LoadOperation.builder("fast").path("/a").build())
                            .operation(
                                    LoadOperation.builder("slow")
                                            .path("/slow")
                                            .timeout(Duration.ofMillis(100))
                                            .build())
                            .build()
                            .run();

            assertThat(op(r, "slow").errorCount(ErrorKind.TIMEOUT)).isEqualTo(20);
            assertThat(op(r, "fast").errorCount(ErrorKind.TIMEOUT)).isZero();
            assertThat(op(r, "fast").succeeded()).isEqualTo(20);
            assertThat(r.errorCount(ErrorKind.TIMEOUT)).isEqualTo(20);
        }
    }

    @Test
    void an_open_mix_on_two_threads_keeps_the_rate_and_the_shares() throws Exception {
        Map<String, AtomicLong> seen = new ConcurrentHashMap<>();
        try (TestHttpServer server = countingServer(seen)) {
            LoadResult r =
                    LoadRunner.builder()
                            .target(server.uri("/"))
                            .concurrency(4)
                            .threads(2)
                            .rate(400)
                            .duration(Duration.ofSeconds(1))
                            .operation(LoadOperation.builder("a").path("/a").weight(3).build())
                            .operation(LoadOperation.builder("c").path("/c").build())
                            .build()
                            .run();

            assertThat(r.attempted()).isEqualTo(400);
            assertThat(op(r, "a").attempted()).isEqualTo(300);
            assertThat(op(r, "c").attempted()).isEqualTo(100);
            assertThat(op(r, "c").errorCount(ErrorKind.HTTP_4XX))
                    .as("409 outside c's default 2xx")
                    .isEqualTo(100);
            assertThat(seen.get("GET /a").get()).isEqualTo(300);
        }
    }

    @Test
    void bad_operations_are_refused_with_a_clear_message() {
        assertThatThrownBy(() -> LoadOperation.builder("a b"))
                .hasMessageContaining("operation name");
        assertThatThrownBy(() -> LoadOperation.builder("a").path("a"))
                .hasMessageContaining("start with '/'");
        assertThatThrownBy(() -> LoadOperation.builder("a").weight(0))
                .hasMessageContaining("1..1000");
        assertThatThrownBy(() -> LoadOperation.builder("a").successStatuses(300, 200))
                .hasMessageContaining("100..599");
        assertThatThrownBy(
                        () ->
                                LoadRunner.builder()
                                        .operation(LoadOperation.builder("a").build())
                                        .operation(LoadOperation.builder("a").build()))
                .hasMessageContaining("twice");
    }
}
